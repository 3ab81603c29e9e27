"""The body of the acta: one section per agenda item, and what happened between items.

Incidents and interventions that belong to no item (the opening words, a recess, a member who
leaves between two items) are set where they happened in time: inside the item whose span holds
them, else in a short block between the items around them.
"""

import datetime as dt
from dataclasses import dataclass

from videoacta.core.proceedings import Incident, Intervention, ItemRecord, ItemStatus
from videoacta.document import votes
from videoacta.document.context import Context
from videoacta.document.layout import ACCENT, MUTED, Cell, Column, Layout, Table
from videoacta.labels import formatting as fmt
from videoacta.labels import wording


@dataclass(frozen=True)
class Happening:
    """An incident or an intervention, placed in time."""

    time: dt.datetime
    incident: Incident | None = None
    speech: Intervention | None = None


class Placed:
    """Every happening, filed under the item it happened in or the item it followed."""

    def __init__(self, ctx: Context) -> None:
        self.spans = [
            (r.number, r.opened, r.closed)
            for r in ctx.proceedings.items
            if r.opened is not None and r.closed is not None
        ]
        self.inside: dict[int, list[Happening]] = {}
        self.after: dict[int | None, list[Happening]] = {}
        for incident in ctx.view.public_incidents:
            self._file(Happening(incident.time, incident=incident), incident.item)
        for speech in ctx.view.interventions:
            self._file(Happening(speech.start, speech=speech), speech.item)

    def _file(self, happening: Happening, item: int | None) -> None:
        if item is None:
            item = next(
                (n for n, opened, closed in self.spans if opened <= happening.time <= closed), None
            )
        if item is not None:
            self.inside.setdefault(item, []).append(happening)
            return
        before = [n for n, _, closed in self.spans if closed <= happening.time]
        self.after.setdefault(before[-1] if before else None, []).append(happening)


def items(ctx: Context, layout: Layout) -> None:
    """Every item in agenda order, with the blocks of what happened between them."""
    placed = Placed(ctx)
    numbers = [number for number, _, _ in placed.spans]
    _between(ctx, layout, placed.after.get(None, []), None, numbers[0] if numbers else None)
    for record in ctx.proceedings.items:
        item(ctx, layout, record, placed.inside.get(record.number, []))
        if record.number in placed.after:
            following = next((n for n in numbers if n > record.number), None)
            _between(ctx, layout, placed.after[record.number], record.number, following)


def _between(
    ctx: Context, layout: Layout, happenings: list[Happening], before: int | None, after: int | None
) -> None:
    if not happenings:
        return
    labels = ctx.labels
    if before is None:
        title = labels.opening
    elif after is None:
        title = labels.closing
    else:
        title = labels.between.format(a=before, b=after)
    layout.heading(title, 3, keep=18)
    _happenings(ctx, layout, happenings)


def item(ctx: Context, layout: Layout, record: ItemRecord, happenings: list[Happening]) -> None:
    """One item: title, kind, place in the recording, interventions, votes, incidents."""
    spec = ctx.session.item(record.number)
    assert spec is not None
    labels = ctx.labels
    layout.space(4)
    layout.keep(45)
    ctx.item_links[record.number] = layout.anchor(record.number)
    layout.heading(f"{record.number}. {spec.title}", 2, keep=0)
    kind_line = _kind_line(ctx, record.number)
    if kind_line:
        layout.paragraph(kind_line, size=8.5, color=MUTED, after=1)
    _where(ctx, layout, record)
    _status(ctx, layout, record)
    public = ctx.public(record.number)
    if not public:
        layout.paragraph(labels.in_camera_note, style="I")
    speeches = [h for h in happenings if h.speech is not None]
    if speeches and public:
        layout.heading(labels.interventions, 3, keep=20)
        _interventions(ctx, layout, [h.speech for h in speeches if h.speech])
    votes.votes(ctx, layout, record)
    incidents = [h for h in happenings if h.incident is not None]
    if incidents or record.recusals:
        layout.heading(labels.incidents_heading, 3, keep=14)
        for recusal in record.recusals:
            law = wording.citation(wording.CONFLICT_OF_INTEREST, recusal.reason)
            name = ctx.name(recusal.member)
            text = labels.recusal.format(name=name, reason=recusal.reason, law=law)
            layout.paragraph(f"{ctx.clock(recusal.time)} — {text}", after=0.8)
        _happenings(ctx, layout, incidents)


def _kind_line(ctx: Context, number: int) -> str:
    spec = ctx.session.item(number)
    assert spec is not None
    kind = ctx.labels.item_kind[spec.kind]
    parts = [] if kind.casefold() == spec.title.casefold() else [kind]
    if spec.vote_type is not None and ctx.proceedings.item(number).status is ItemStatus.DEALT:
        kind = ctx.labels.vote_kind[spec.vote_type]
        parts.append(kind if not parts else kind[:1].lower() + kind[1:])
    return " · ".join(parts)


def _where(ctx: Context, layout: Layout, record: ItemRecord) -> None:
    indexed = ctx.indexed(record.number)
    if record.opened is None or record.closed is None or indexed is None:
        return
    labels = ctx.labels
    if indexed.start is None or indexed.end is None:
        video = Cell(labels.placement[indexed.placement], color=MUTED)
    else:
        text = fmt.span(fmt.offset(indexed.start), fmt.offset(indexed.end))
        link = ctx.video_link(indexed.start) if ctx.playable(record.number) else None
        video = Cell(text, link=link, color=ACCENT if link else None)
    clock = fmt.span(ctx.clock(record.opened), ctx.clock(record.closed))
    layout.facts([(labels.recording, video), (labels.clock, clock)], label_width=0.16)


def _status(ctx: Context, layout: Layout, record: ItemRecord) -> None:
    labels = ctx.labels
    text = {
        ItemStatus.WITHDRAWN: labels.withdrawn,
        ItemStatus.TABLED: labels.tabled,
        ItemStatus.NOT_DEALT: labels.not_dealt,
    }.get(record.status)
    if text is not None:
        reason = f" {labels.reason}: {record.reason}" if record.reason else ""
        layout.paragraph(f"{text}{reason}", style="B")
        return
    spec = ctx.session.item(record.number)
    if spec is not None and spec.vote_type is None:
        layout.paragraph(labels.control_item, color=MUTED)


def _interventions(ctx: Context, layout: Layout, speeches: list[Intervention]) -> None:
    labels = ctx.labels
    columns = (
        Column(labels.in_recording, 0.15),
        Column(labels.speaker, 0.36),
        Column(labels.group_or_office, 0.27),
        Column(labels.clock, 0.12),
        Column(labels.duration, 0.10, "R"),
    )
    offsets = {(s.speaker, s.wall_start): s.start for s in ctx.index.interventions}
    rows = []
    for speech in speeches:
        start = offsets.get((speech.speaker, speech.start))
        if start is None:
            video = Cell(labels.not_in_recording, color=MUTED)
        else:
            video = Cell(fmt.offset(start), link=ctx.video_link(start), color=ACCENT)
        length = fmt.duration((speech.end - speech.start).total_seconds())
        group = ctx.group_or_office(speech.speaker)
        rows.append((video, ctx.name(speech.speaker), group, ctx.clock(speech.start), length))
    layout.table(Table(columns, rows))


def _happenings(ctx: Context, layout: Layout, happenings: list[Happening]) -> None:
    for happening in sorted(happenings, key=lambda h: h.time):
        layout.paragraph(f"{ctx.clock(happening.time)} — {_describe(ctx, happening)}", after=0.8)
    layout.space(1.5)


def _describe(ctx: Context, happening: Happening) -> str:
    labels = ctx.labels
    if happening.speech is not None:
        speech = happening.speech
        length = fmt.duration((speech.end - speech.start).total_seconds())
        return f"{labels.speech.format(name=ctx.name(speech.speaker))} ({length})"
    incident = happening.incident
    assert incident is not None
    end = ctx.clock(incident.end) if incident.end else ""
    law = wording.citation(wording.CONFLICT_OF_INTEREST, incident.detail)
    name = ctx.name(incident.member or "")
    text = labels.incident[incident.kind].format(name=name, end=end, law=law)
    return f"{text}: {incident.detail}" if incident.detail else text
