"""Speech the engine left without text: where the voice-activity detector heard speech for at
least MIN_SPEECH seconds that no returned segment covers (a language the model cannot write,
crosstalk, a mumble). Such stretches are flagged, never dropped silently."""

from collections.abc import Sequence

MIN_SPEECH = 1.0  # seconds of uncovered speech worth a flag
MARGIN = 0.5  # seconds either side of a segment: its times are approximate

Interval = tuple[float, float]


def unheard(
    speech: Sequence[Interval], heard: Sequence[Interval], *, minimum: float = MIN_SPEECH
) -> list[Interval]:
    """The stretches of `speech` (voice activity) that no interval of `heard` (the segments,
    widened by MARGIN) covers and that last at least `minimum` seconds, in order."""
    covered = _merged([(max(0.0, start - MARGIN), end + MARGIN) for start, end in heard])
    found: list[Interval] = []
    for start, end in sorted(speech):
        at = start
        for cover_start, cover_end in covered:
            if cover_end <= at or cover_start >= end:
                continue
            if cover_start > at:
                found.append((at, cover_start))
            at = max(at, cover_end)
        if at < end:
            found.append((at, end))
    return [(start, end) for start, end in found if end - start >= minimum]


def _merged(intervals: Sequence[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
