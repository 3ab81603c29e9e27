"""The votes of an item: each round with its type, majority, quorum, counts, groups, members
(as much as the published view discloses: never for a secret ballot, nor for an item in camera),
changes, casting vote and result."""

import unicodedata

from videoacta.core.proceedings import ItemRecord
from videoacta.core.published import Disclosure, PublishedRound, ShownVote
from videoacta.core.tally import CHOSEN, Counts, Option, Result, RoundResult
from videoacta.core.terms import ItemKind, VoteType
from videoacta.document.context import Context
from videoacta.document.layout import ACCENT, MUTED, TOTAL_FILL, WIDTH, Cell, Column, Layout, Table
from videoacta.labels import formatting as fmt
from videoacta.labels import wording

COUNTED = (Option.YES, Option.NO, Option.ABSTAIN, Option.ABSENT, Option.RECUSED)


def _counted(counts: Counts) -> tuple[Option, ...]:
    """The options of a round's table: "not voting" only where a member took it."""
    return COUNTED + ((Option.NOT_VOTING,) if counts.not_voting else ())


NUMBER = 16.0  # mm: the narrowest column of counts


def votes(ctx: Context, layout: Layout, record: ItemRecord) -> None:
    """Every round of the item's vote, in order."""
    item = ctx.published(record.number)
    if item is None:
        return
    for index, shown in enumerate(item.rounds):
        following = item.rounds[index + 1].count if index + 1 < len(item.rounds) else None
        _round(ctx, layout, shown, following, len(item.rounds))


def _round(
    ctx: Context,
    layout: Layout,
    shown: PublishedRound,
    following: RoundResult | None,
    rounds: int,
) -> None:
    labels, result = ctx.labels, shown.count
    # Why a round was repeated or reopened closes the round before it (`_outcome`).
    title = labels.vote if rounds == 1 else labels.vote_round.format(n=result.number)
    layout.facts(_facts(ctx, result), label_width=0.16, title=title, after=14)
    _counts(ctx, layout, shown)
    if shown.disclosure is Disclosure.BALLOT:
        _secret(ctx, layout, shown)
    elif shown.disclosure.choices:
        _groups(ctx, layout, shown)
        if shown.disclosure is Disclosure.MEMBERS:
            _members(ctx, layout, shown)
    if shown.vote_changes:
        _changes(ctx, layout, shown)
    if result.casting_vote is not None:
        choice = labels.choices[CHOSEN[result.casting_vote]]
        layout.paragraph(labels.casting_vote.format(choice=choice))
    _outcome(ctx, layout, result, following)


def _facts(ctx: Context, result: RoundResult) -> list[tuple[str, str | Cell]]:
    labels = ctx.labels
    quorum = result.quorum
    verdict = labels.held if quorum.held else labels.not_held
    verdict = verdict if quorum.checked else labels.not_checked
    rows: list[tuple[str, str | Cell]] = [
        (labels.vote_type_label, labels.vote_type[result.vote_type]),
        (
            labels.majority,
            wording.majority(
                labels,
                result.requirement,
                weighted=result.weighted is not None,
                final=not result.superseded,
            ),
        ),
        (
            labels.quorum,
            labels.quorum_vote.format(
                present=quorum.present, required=quorum.required, verdict=verdict
            ),
        ),
        (
            labels.clock,
            labels.vote_time.format(
                opened=ctx.clock(result.opened), closed=ctx.clock(result.closed)
            ),
        ),
    ]
    located = next(
        (v for v in ctx.index.votes if v.item == result.item and v.round == result.number), None
    )
    if located is not None and located.in_recording:
        link = ctx.video_link(located.offset) if ctx.playable(result.item) else None
        rows.append((labels.recording, Cell(fmt.offset(located.offset), link=link, color=ACCENT)))
    return rows


def _option_title(ctx: Context, option: Option, secret: bool) -> str:
    if secret and option is Option.ABSTAIN:
        return ctx.labels.blank
    return ctx.labels.options[option]


def _counts(ctx: Context, layout: Layout, shown: PublishedRound) -> None:
    result, secret = shown.count, shown.disclosure is Disclosure.BALLOT
    counted = _counted(result.counts)
    titles = [_option_title(ctx, o, secret) for o in counted] + [ctx.labels.total]
    widths = [max(layout.fit(title), NUMBER) for title in titles]
    label = max(layout.fit(ctx.labels.heads, ""), layout.fit(ctx.labels.weighted, ""))
    total = label + sum(widths)
    columns = [Column("", label / total)]
    columns += [Column(t, w / total, "R") for t, w in zip(titles, widths, strict=True)]
    rows = [_count_row(ctx, ctx.labels.heads, result.counts, counted)]
    if result.weighted is not None:
        rows.append(_count_row(ctx, ctx.labels.weighted, result.weighted, counted))
    layout.table(Table(columns, rows, width=total, fills=[TOTAL_FILL] * len(rows)))


def _count_row(
    ctx: Context, title: str, counts: Counts, counted: tuple[Option, ...]
) -> list[Cell | str]:
    cells: list[Cell | str] = [Cell(title, color=MUTED)]
    cells += [Cell(ctx.count(counts.get(o)), style="B") for o in counted]
    cells.append(ctx.count(counts.total))
    return cells


def _groups(ctx: Context, layout: Layout, shown_round: PublishedRound) -> None:
    labels = ctx.labels
    recused = shown_round.count.counts.recused
    shown = [o for o in _counted(shown_round.count.counts) if o is not Option.RECUSED or recused]
    widths = [max(layout.fit(labels.options[o]), NUMBER) for o in shown]
    position = max(
        layout.fit(labels.position), *(layout.fit(p, "") for p in labels.positions.values())
    )
    rest = WIDTH - sum(widths) - position
    columns = [Column(labels.group, rest / WIDTH)]
    columns += [
        Column(labels.options[o], w / WIDTH, "R") for o, w in zip(shown, widths, strict=True)
    ]
    columns.append(Column(labels.position, position / WIDTH))
    rows = []
    for group in shown_round.stands:
        counts = [ctx.count(group.counts.get(o)) for o in shown]
        stand = labels.positions.get(group.position, group.position)
        rows.append([ctx.group_name(group.group), *counts, stand])
    layout.heading(labels.by_group, 4, keep=12 + 6 * min(len(rows), 4))
    layout.table(Table(columns, rows))


def _members(ctx: Context, layout: Layout, shown: PublishedRound) -> None:
    labels, nominal = ctx.labels, shown.count.vote_type is VoteType.NOMINAL
    ordered = list(shown.votes)
    if nominal:
        ordered = _called_order(ctx, ordered)
    columns = (Column(labels.member, 0.42), Column(labels.group, 0.38), Column(labels.choice, 0.20))
    rows = [(ctx.name(v.member), ctx.group_name(v.group), _choice(ctx, v)) for v in ordered]
    layout.heading(labels.each_member, 4, keep=30)
    if nominal:
        layout.paragraph(labels.nominal_note, size=8.5, color=MUTED, after=1)
    layout.table(Table(columns, rows))


def _choice(ctx: Context, vote: ShownVote) -> str:
    """The member's choice; a delegated vote says who cast it."""
    choice = ctx.labels.choices[vote.option]
    if vote.by is None:
        return choice
    return ctx.labels.by_proxy.format(choice=choice, name=ctx.name(vote.by))


def _called_order(ctx: Context, votes: list[ShownVote]) -> list[ShownVote]:
    """Alphabetical by name, the chair last (ROF 101)."""

    def key(vote: ShownVote) -> tuple[bool, str]:
        plain = unicodedata.normalize("NFKD", ctx.name(vote.member))
        letters = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
        return (vote.member == ctx.session.chair, letters)

    return sorted(votes, key=key)


def _secret(ctx: Context, layout: Layout, shown: PublishedRound) -> None:
    labels = ctx.labels
    names = ", ".join(ctx.name(member) for member in shown.took_part)
    layout.paragraph(labels.secret_note, style="I", size=8.5)
    layout.paragraph(labels.took_part.format(n=len(shown.took_part), names=names))


def _changes(ctx: Context, layout: Layout, shown: PublishedRound) -> None:
    labels = ctx.labels
    layout.heading(labels.changes_heading, 4, keep=12)
    for change in shown.vote_changes:
        text = labels.change.format(
            name=ctx.name(change.member),
            before=labels.choices[CHOSEN[change.before]],
            after=labels.choices[CHOSEN[change.choice]],
            time=ctx.clock(change.time),
        )
        layout.paragraph(text, after=0.8)


def _outcome(
    ctx: Context, layout: Layout, result: RoundResult, following: RoundResult | None
) -> None:
    """The round's result; a round repeated or reopened says so, with no result of its own."""
    if result.superseded and following is not None:
        layout.banner(wording.superseded(ctx.labels, following))
        return
    heading = ctx.labels.result  # the word: `Resultat`
    layout.banner(f"{heading}: {result_text(ctx, result.item, result.result)}")


def result_text(ctx: Context, number: int, result: Result, *, named: bool = True) -> str:
    """`Aprovat`, or for an election `Candidatura escollida: NAME` (the name if `named`)."""
    spec = ctx.session.item(number)
    election = spec is not None and spec.kind is ItemKind.ELECTION
    candidate = spec.candidate if spec is not None and spec.candidate and named else ""
    return wording.result(ctx.labels, result, election=election, candidate=candidate)
