"""The front of the acta: the heading block, attendance and quorum, and the agenda index."""

from videoacta.core.proceedings import ItemStatus, Presence
from videoacta.core.published import Person
from videoacta.core.session import Official
from videoacta.core.tally import QuorumCheck
from videoacta.core.timeline import Placement
from videoacta.document import votes
from videoacta.document.context import Context
from videoacta.document.layout import ACCENT, MUTED, Cell, Column, Layout, Table
from videoacta.labels import formatting as fmt
from videoacta.labels.conditions import quorum_share


def title(ctx: Context) -> str:
    """`Acta de la sessió ordinària núm. 10/2026`: the document's title."""
    kind = ctx.labels.session_kind[ctx.session.kind]
    return ctx.labels.title.format(kind=kind, number=ctx.session.number)


def heading_block(ctx: Context, layout: Layout) -> None:
    """Body, title and date, then the facts of the session."""
    labels, session = ctx.labels, ctx.session
    layout.title(session.body.name, title(ctx), fmt.date(session.date, ctx.formats))
    kind = labels.session_kind[session.kind]
    span = labels.time_span.format(
        start=ctx.clock(ctx.proceedings.opened), end=ctx.clock(ctx.proceedings.closed)
    )
    layout.facts(
        [
            (labels.body, session.body.name),
            (
                labels.session,
                _capital(labels.session_value.format(kind=kind, number=session.number)),
            ),
            (labels.call_label, _capital(labels.call[session.call])),
            (labels.mode_label, _capital(labels.mode[session.mode])),
            (labels.place, session.place),
            (labels.date, fmt.date(session.date, ctx.formats)),
            (labels.time, span),
        ]
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def attendance(ctx: Context, layout: Layout) -> None:
    """Who presided, attended, excused themselves or was absent; the officials; the quorum."""
    labels, session = ctx.labels, ctx.session
    layout.heading(labels.attendance, 1)
    chair = next((m for m in ctx.view.roster if m.id == session.chair), None)
    rows = [(labels.chair, _chair(ctx, chair))]
    rows.append((labels.secretary, _official(session.secretary)))
    if session.comptroller is not None:
        rows.append((labels.comptroller, _official(session.comptroller)))
    layout.facts(rows)
    attended = set(ctx.proceedings.attended)
    present = [m for m in ctx.view.roster if m.id in attended]
    layout.heading(f"{labels.members_present} ({len(present)})", 3)
    columns = (
        Column(labels.member, 0.29),
        Column(labels.group, 0.28),
        Column(labels.attendance, 0.13),
        Column(labels.notes, 0.30),
    )
    layout.table(Table(columns, [_present_row(ctx, m) for m in present]))
    roster = ctx.view.roster
    excused = [m for m in roster if m.id in session.excused and m.id not in attended]
    absent = [m for m in roster if m.id not in attended and m not in excused]
    layout.facts(
        [
            (labels.excused, "; ".join(_member(m) for m in excused) or labels.none),
            (labels.absent, "; ".join(_member(m) for m in absent) or labels.none),
        ],
        label_width=0.30,
    )
    quorum(ctx, layout)


def _member(member: Person) -> str:
    return f"{member.name} ({member.group_name})"


def _chair(ctx: Context, chair: Person | None) -> str:
    """`Núria Soler i Bosch, Alcaldessa (Veïns…)`: the office only as the session gives it."""
    if chair is None:
        return ctx.session.chair
    title = f", {ctx.session.chair_title}" if ctx.session.chair_title else ""
    return f"{chair.name}{title} ({chair.group_name})"


def _official(official: Official) -> str:
    return f"{official.name}, {official.title}" if official.title else official.name


def _present_row(ctx: Context, member: Person) -> tuple[str, str, str, str]:
    stays = [p for p in ctx.proceedings.presence if p.member == member.id]
    modes = dict.fromkeys(ctx.labels.attendance_mode[s.attendance] for s in stays)
    group = member.group_name or ""
    return (member.name, group, ", ".join(modes), _stay_notes(ctx, stays))


def _stay_notes(ctx: Context, stays: list[Presence]) -> str:
    labels, opened, closed = ctx.labels, ctx.proceedings.opened, ctx.proceedings.closed
    notes = []
    for number, stay in enumerate(stays):
        if number > 0:
            notes.append(labels.rejoined.format(time=ctx.clock(stay.start)))
        elif stay.start > opened:
            notes.append(labels.arrived.format(time=ctx.clock(stay.start)))
        if stay.end < closed:
            notes.append(labels.left.format(time=ctx.clock(stay.end)))
    identities = dict.fromkeys(s.identity for s in stays if s.identity)
    notes += [labels.identity.format(identity=identity) for identity in identities]
    return "; ".join(notes)


def quorum(ctx: Context, layout: Layout) -> None:
    """The quorum required, at the opening, and the lowest at any vote (and at which item)."""
    labels, session, tally = ctx.labels, ctx.session, ctx.tally
    layout.heading(labels.quorum, 3, keep=20)
    rule = session.rules.quorum
    lines = (
        []
        if rule.none
        else [
            labels.quorum_required.format(
                required=session.quorum_required,
                share=quorum_share(labels.language, rule, session.quorum_of),
                minimum=rule.minimum,
            )
        ]
    )
    lines.append(
        labels.quorum_opening.format(
            present=tally.quorum_at_opening.present, verdict=_verdict(ctx, tally.quorum_at_opening)
        )
    )
    if tally.rounds:
        lowest = min(tally.rounds, key=lambda r: r.quorum.present)
        lines.append(
            labels.quorum_lowest.format(
                present=lowest.quorum.present,
                item=lowest.item,
                verdict=_verdict(ctx, lowest.quorum),
            )
        )
    layout.paragraph("\n".join(lines))


def _verdict(ctx: Context, check: QuorumCheck) -> str:
    if not check.checked:
        return ctx.labels.not_checked
    return ctx.labels.held if check.held else ctx.labels.not_held


def agenda(ctx: Context, layout: Layout) -> None:
    """The agenda index: each item, where it is in the recording (a link), its result, its page."""
    labels = ctx.labels
    layout.heading(labels.agenda, 1)
    recording = ctx.index.recording.file if ctx.index.recording else "—"
    layout.paragraph(labels.agenda_intro.format(file=recording), size=8.5, color=MUTED)
    columns = (
        Column(labels.number, 0.07, "R"),
        Column(labels.item, 0.52),
        Column(labels.in_recording, 0.17),
        Column(labels.result, 0.16),
        Column(labels.page, 0.08, "R"),
    )
    rows = [_agenda_row(ctx, spec.number) for spec in ctx.session.items]
    layout.table(Table(columns, rows))


def _agenda_row(ctx: Context, number: int) -> tuple[Cell | str, ...]:
    spec = ctx.session.item(number)
    assert spec is not None
    link = ctx.item_links.get(number)
    return (
        f"{number}.",
        Cell(spec.title, link=link),
        _span_cell(ctx, number),
        _result_text(ctx, number),
        Cell(fmt.EN_DASH, link=link, page_of=number if link else None),
    )


def _span_cell(ctx: Context, number: int) -> Cell:
    indexed = ctx.indexed(number)
    if indexed is None or indexed.start is None or indexed.end is None:
        placement = indexed.placement if indexed else Placement.NOT_RECORDED
        return Cell(ctx.labels.placement[placement], color=MUTED)
    text = fmt.span(fmt.offset(indexed.start), fmt.offset(indexed.end))
    link = ctx.video_link(indexed.start) if ctx.playable(number) else None
    return Cell(text, link=link, color=ACCENT if link else None)


def _result_text(ctx: Context, number: int) -> str:
    item = ctx.published(number)
    record = ctx.proceedings.item(number)
    if record.status is not ItemStatus.DEALT:
        return ctx.labels.status[record.status]
    if item is None or item.result is None:
        return ctx.labels.no_vote
    return votes.result_text(ctx, number, item.result, named=False)  # the title names them
