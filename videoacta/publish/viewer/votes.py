"""The vote results of an item: counts, per group, per member; for a secret ballot only totals.

What a round shows is what the published view discloses (`videoacta.core.published`): a secret
round carries no member's option there, whatever the tally carried.
"""

from videoacta.core.published import Disclosure, PublishedRound
from videoacta.core.session import Majority
from videoacta.core.tally import Counts, Option, RoundResult
from videoacta.core.terms import Language, MajorityKind
from videoacta.core.video_index import IndexedVote
from videoacta.labels.conditions import spelled
from videoacta.publish.viewer.context import Page, collation, number, offset
from videoacta.publish.viewer.html import Html, el


def rounds_block(page: Page, item: int) -> Html:
    """Every round of an item's vote, or the note that it took no vote."""
    rounds = page.rounds(item)
    if not rounds:
        return el("p", page.labels("no_vote"), class_="no-vote")
    marks = {(v.item, v.round): v for v in page.index.votes}
    blocks = [round_block(page, r, marks.get((r.count.item, r.count.number))) for r in rounds]
    return el("div", blocks, class_="rounds")


def round_block(page: Page, shown: PublishedRound, mark: IndexedVote | None) -> Html:
    """One round: what was voted how, its result, and as much detail as may be published."""
    labels, result = page.labels, shown.count
    heading = _round_heading(page, result, mark if page.public(result.item) else None)
    secret = shown.disclosure is Disclosure.BALLOT
    parts = [heading, counts_list(page, result.counts, secret=secret)]
    if result.casting_vote is not None:
        option = labels.text(f"option_{result.casting_vote.value}")
        parts.append(el("p", labels("casting_vote", option=option)))
    if shown.disclosure is Disclosure.BALLOT:
        parts.append(_participants(page, shown))
    elif shown.disclosure is Disclosure.TOTALS:
        parts.append(el("p", labels("in_camera_votes"), class_="note"))
    else:
        parts.append(_groups(page, shown))
        if shown.disclosure is Disclosure.MEMBERS:
            parts.append(_members(page, shown))
    return el("section", parts, class_="round", data_round=result.number)


def _round_heading(page: Page, result: RoundResult, mark: IndexedVote | None) -> Html:
    labels = page.labels
    notes: list[Html | str] = [labels("round", n=result.number), " · "]
    notes += [labels(f"vote_{result.vote_type.value}"), " · ", _majority(page, result)]
    if result.reason.value == "repeat":
        notes += [" · ", labels("round_repeat")]
    elif result.reason.value == "reopened":
        notes += [" · ", labels("round_reopened", reason=result.reopen_reason or "")]
    if result.superseded:
        notes += [" · ", labels("superseded")]
    status = el("strong", labels(f"result_{result.result.value}"), class_="result")
    heading = [el("h4", notes), el("p", status, class_=f"outcome {result.result.value}")]
    if mark is not None and mark.in_recording and page.index.recording is not None:
        label = labels("go_to_vote", t=offset(mark.offset))
        heading.append(el("button", label, type="button", class_="seek", data_seek=mark.offset))
    return el("div", heading, class_="round-head")


def _majority(page: Page, result: RoundResult) -> Html:
    majority = Majority.parse(result.requirement.majority)
    if majority.kind is MajorityKind.CUSTOM:  # in words, in every language
        words = {lang.value: _capital(spelled(lang, str(majority))) for lang in Language}
        return page.labels("majority_custom", f=words)
    if majority.kind is MajorityKind.FRACTION:
        return page.labels("majority_fraction", f=str(majority))
    return page.labels(f"majority_{majority.kind.value}")


ALWAYS_SHOWN = (Option.YES, Option.NO, Option.ABSTAIN)


def _options(counts: Counts) -> list[Option]:
    """Every option, but "not voting" only in a round where a member took it."""
    return [o for o in Option if o is not Option.NOT_VOTING or counts.not_voting]


def counts_list(page: Page, counts: Counts, *, brief: bool = False, secret: bool = False) -> Html:
    """The totals of a round, one entry per option (in brief, none of absent or recused); a
    secret ballot's abstentions are its blank ballots, as the acta says."""
    options = [o for o in _options(counts) if not brief or o in ALWAYS_SHOWN or counts.get(o)]
    entries = [
        el(
            "div",
            el("dt", page.labels(_option_key(option, secret=secret))),
            el("dd", number(counts.get(option))),
            class_=f"count {option.value}",
        )
        for option in options
    ]
    return el("dl", entries, class_="counts")


def _groups(page: Page, shown: PublishedRound) -> Html:
    labels = page.labels
    head = [el("th", labels("group"), scope="col"), el("th", labels("position"), scope="col")]
    options = _options(shown.count.counts)
    head += [el("th", labels(f"option_{o.value}"), scope="col") for o in options]
    rows = []
    for group in shown.stands:
        position = "position_divided" if group.position == "divided" else f"option_{group.position}"
        cells = [el("th", page.group_name(group.group), scope="row"), el("td", labels(position))]
        cells += [el("td", number(group.counts.get(o)), class_="num") for o in options]
        rows.append(el("tr", cells))
    table = el("table", el("thead", el("tr", head)), el("tbody", rows), class_="groups")
    return el("div", el("h5", labels("per_group")), el("div", table, class_="scroll"))


def _members(page: Page, shown: PublishedRound) -> Html:
    """Members as they are called in a nominal vote: alphabetically, the chair last."""
    labels = page.labels
    chair = page.session.chair
    votes = sorted(shown.votes, key=lambda v: (v.member == chair, collation(page.names[v.member])))
    rows = [
        el(
            "tr",
            el("th", page.names[v.member], scope="row"),
            el("td", page.group_name(v.group)),
            el("td", labels(f"option_{v.option.value}")),
            data_member=v.member,
            data_option=v.option.value,
        )
        for v in votes
    ]
    head = el("tr", *(el("th", labels(k), scope="col") for k in ("member", "group", "option")))
    table = el("table", el("thead", head), el("tbody", rows), class_="members")
    return el("details", el("summary", labels("per_member")), el("div", table, class_="scroll"))


def _participants(page: Page, shown: PublishedRound) -> Html:
    """A secret ballot: who took part, never how."""
    names = sorted((page.names[m] for m in shown.took_part), key=collation)
    listed = el("ul", [el("li", name) for name in names], class_="participants")
    took_part = el("summary", page.labels("took_part", n=len(names)))
    return el(
        "div",
        el("p", page.labels("secret_note"), class_="note"),
        el("details", took_part, listed),
        class_="secret",
    )


def _option_key(option: Option, *, secret: bool) -> str:
    return "option_blank" if secret and option is Option.ABSTAIN else f"option_{option.value}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
