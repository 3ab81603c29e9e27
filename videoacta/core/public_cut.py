"""The public rendition's timeline (ROF 88.1), pure: the spans of the recording that the items
debated in camera take, what is kept of it, and where a moment of it falls in the cut copy.

The spans are the items' [start, end) as index.json places them; the media layer widens them to
keyframes (media/public_rendition.py) and gives back the segments actually kept.
"""

from collections.abc import Iterable, Sequence

from videoacta.core.chapters import Chapter, lay_out
from videoacta.core.timeline import Placement
from videoacta.core.video_index import Index, IndexedItem

Span = tuple[float, float]


def in_camera_spans(items: Iterable[IndexedItem], duration: float) -> tuple[Span, ...]:
    """The spans of the items debated in camera, within [0, duration], sorted and merged."""
    spans = sorted(
        (max(0.0, item.start), min(duration, item.end))
        for item in items
        if item.in_camera and item.start is not None and item.end is not None
        and item.placement is not Placement.NOT_RECORDED
    )  # fmt: skip
    return merged(span for span in spans if span[1] > span[0])


def merged(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted spans, those that overlap or touch joined into one."""
    result: list[Span] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return tuple(result)


def complement(spans: Sequence[Span], duration: float) -> tuple[Span, ...]:
    """What [0, duration] holds outside `spans` (sorted, merged), as non-empty spans."""
    result, at = [], 0.0
    for start, end in spans:
        if start > at:
            result.append((at, start))
        at = max(at, end)
    if duration > at:
        result.append((at, duration))
    return tuple(result)


def overlaps(span: Span, spans: Iterable[Span]) -> bool:
    """Whether [start, end) shares a moment with any of `spans`; a zero-length span counts
    when its moment lies inside one (a packet there would carry it)."""
    start, end = span
    if end <= start:
        return any(s_start <= start < s_end for s_start, s_end in spans)
    return any(start < s_end and end > s_start for s_start, s_end in spans)


def to_cut(seconds: float, kept: Sequence[Span]) -> float:
    """Where a moment of the recording falls in the cut copy: a removed moment falls where the
    next kept segment begins (or at the end)."""
    offset = 0.0
    for start, end in kept:
        if seconds < end:
            return offset + max(0.0, seconds - start)
        offset += end - start
    return offset


def public_chapters(items: Iterable[IndexedItem], kept: Sequence[Span]) -> tuple[Chapter, ...]:
    """The chapters of the cut copy: one per public recorded item, mapped onto its timeline.

    An item debated in camera gets none (its title stays in the acta and the agenda); nor does
    an item all of whose span was cut.
    """
    spans = []
    for item in items:
        if item.in_camera or item.start is None or item.end is None:
            continue
        if item.placement is Placement.NOT_RECORDED:
            continue
        start, end = to_cut(item.start, kept), to_cut(item.end, kept)
        if end > start:
            spans.append((item.number, f"{item.number}. {item.title}", start, end))
    return lay_out(spans, sum(end - start for start, end in kept))


def public_index(index: Index) -> Index:
    """The index as the public rendition's page reads it: the rendition as the recording, its
    chapters, and every public item, intervention and vote at its place on the cut timeline.
    An item debated in camera keeps no place (its votes neither): nothing may play it."""
    public = index.public
    if public is None or index.recording is None:
        return index
    kept = public.kept
    hidden = {item.number for item in index.items if item.in_camera}
    items = tuple(
        item.model_copy(update={"start": None, "end": None, "poster": None, "clip": None})
        if item.in_camera or item.start is None or item.end is None
        else item.model_copy(update={"start": to_cut(item.start, kept),
                                     "end": to_cut(item.end, kept), "clip": None})
        for item in index.items
    )  # fmt: skip
    speeches = tuple(
        s.model_copy(update={"start": to_cut(s.start, kept), "end": to_cut(s.end, kept)})
        for s in index.interventions
        if s.item not in hidden
    )
    votes = tuple(
        vote.model_copy(update={"offset": to_cut(vote.offset, kept)})
        if vote.item not in hidden
        else vote.model_copy(update={"in_recording": False})
        for vote in index.votes
    )
    recording = index.recording.model_copy(
        update={"file": public.file, "size": public.size, "sha256": public.sha256,
                "duration": public.duration, "container": "mp4"}
    )  # fmt: skip
    return index.model_copy(
        update={"recording": recording, "chapters": public.chapters, "items": items,
                "interventions": speeches, "votes": votes, "duration": public.duration}
    )  # fmt: skip
