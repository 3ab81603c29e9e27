"""The spans to transcribe, from the session placed on its recording (as the index places it).

Every intervention the public view keeps is its own span, with its speaker; the time between
interventions while the session is open is the chair's (`presiding`, whoever presides at that
moment after each `chair_changed`); before the opening and after the closing nobody is known
(`unattributed`). Items debated in camera are `withheld`: no span covers them (a speech running
into one is cut at its start, and goes on after its end), and their sound is never sent to the
engine. Speeches that overlap (the log lets two members hold the floor) are cut as
`heard_pieces` cuts them: each moment is the latest-begun speech's, so no sound is heard twice.
Gaps shorter than MIN_GAP seconds get no span.
"""

import itertools
from collections.abc import Sequence

from videoacta.core.proceedings import IncidentKind
from videoacta.core.terms import Frozen
from videoacta.core.transcript import Span, SpanKind, Withheld, heard_pieces
from videoacta.core.transcript_check import Presiding, withheld_items
from videoacta.core.video_index import IndexedItem, place_interventions
from videoacta.media.index_stage import Placed

MIN_GAP = 0.5  # seconds


class Plan(Frozen):
    """The spans to transcribe (no segments yet), and the items withheld."""

    duration: float
    spans: tuple[Span, ...]
    withheld: tuple[Withheld, ...]


def plan_spans(placed: Placed) -> Plan:
    """The spans of `placed`'s recording, in order, not overlapping, none in camera."""
    duration = placed.timeline.duration
    withheld = withheld_items(placed.items)
    interventions = [
        s for s in place_interventions(placed.view, placed.timeline) if s.end > s.start
    ]
    pieces = heard_pieces(
        [(s.start, s.end) for s in interventions], [(w.start, w.end) for w in withheld]
    )
    speeches = [
        Span(
            kind=SpanKind.INTERVENTION,
            speaker=interventions[n].speaker,
            name=interventions[n].name,
            group=interventions[n].group,
            item=interventions[n].item,
            start=start,
            end=end,
        )
        for n, start, end in pieces
    ]
    taken = sorted([(s.start, s.end) for s in speeches] + [(w.start, w.end) for w in withheld])
    cuts = _cuts(placed)
    between = [
        _between(placed, start, end)
        for free_start, free_end in _free(taken, duration)
        for start, end in _split(free_start, free_end, cuts)
        if end - start >= MIN_GAP
    ]
    spans = sorted([*speeches, *between], key=lambda span: (span.start, span.end))
    return Plan(duration=duration, spans=tuple(spans), withheld=withheld)


def _free(taken: Sequence[tuple[float, float]], duration: float) -> list[tuple[float, float]]:
    """[0, duration] less the `taken` intervals (sorted by start)."""
    free, at = [], 0.0
    for start, end in taken:
        if start > at:
            free.append((at, min(start, duration)))
        at = max(at, end)
    if at < duration:
        free.append((at, duration))
    return free


def _split(start: float, end: float, cuts: Sequence[float]) -> list[tuple[float, float]]:
    inner = [cut for cut in cuts if start < cut < end]
    bounds = [start, *inner, end]
    return list(itertools.pairwise(bounds))


def _cuts(placed: Placed) -> list[float]:
    """Where a span between interventions must end: the opening, the closing, each change of
    chair, each item's start and end."""
    timeline, proceedings = placed.timeline, placed.run.proceedings
    times = [proceedings.opened, proceedings.closed]
    times += [i.time for i in proceedings.incidents if i.kind is IncidentKind.CHAIR_CHANGED]
    cuts = [timeline.locate(time).offset for time in times]
    cuts += [edge for _, start, end in _public_items(placed.items) for edge in (start, end)]
    return sorted(set(cuts))


def _public_items(items: Sequence[IndexedItem]) -> list[tuple[int, float, float]]:
    return [
        (item.number, item.start, item.end)
        for item in items
        if not item.in_camera and item.start is not None and item.end is not None
    ]


def _between(placed: Placed, start: float, end: float) -> Span:
    """The span between interventions: the chair's while the session is open, else nobody's
    (as the check expects it: `Presiding`)."""
    run = placed.run
    middle = (start + end) / 2
    chair = Presiding.of(run.session, run.proceedings, placed.timeline).at(middle)
    if chair is None:
        return Span(kind=SpanKind.UNATTRIBUTED, speaker=None, start=start, end=end)
    item = next((n for n, s, e in _public_items(placed.items) if s <= middle < e), None)
    person = next((p for p in placed.view.people if p.id == chair), None)
    return Span(
        kind=SpanKind.PRESIDING,
        speaker=chair,
        name=person.name if person else None,
        group=person.group if person else None,
        item=item,
        start=start,
        end=end,
    )
