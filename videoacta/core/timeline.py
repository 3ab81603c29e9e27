"""Map wall-clock times of the vote log to offsets in the joined recording (pure)."""

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from videoacta.core.terms import Frozen
from videoacta.errors import TimelineError


class Snap(StrEnum):
    """Where a wall-clock time fell, and so how its offset was found."""

    INSIDE = "inside"
    PAUSE = "pause"
    BEFORE = "before"
    AFTER = "after"


class Placement(StrEnum):
    RECORDED = "recorded"
    PARTIAL = "partial"
    NOT_RECORDED = "not_recorded"


class PartWindow(Frozen):
    """One recording part on the vote log's clock, and where it starts in the joined file."""

    start: dt.datetime
    duration: float
    offset: float

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.duration)


class Located(Frozen):
    offset: float
    snap: Snap


class Span(Frozen):
    start: float
    end: float
    placement: Placement
    notes: tuple[str, ...] = ()


class Timeline(Frozen):
    parts: tuple[PartWindow, ...]

    @property
    def duration(self) -> float:
        last = self.parts[-1]
        return last.offset + last.duration

    @property
    def start(self) -> dt.datetime:
        return self.parts[0].start

    @property
    def end(self) -> dt.datetime:
        return self.parts[-1].end

    def locate(self, time: dt.datetime) -> Located:
        """The offset of a wall-clock time; times between parts snap to the next part."""
        if time < self.start:
            return Located(offset=0.0, snap=Snap.BEFORE)
        for part in self.parts:
            if time < part.start:
                return Located(offset=part.offset, snap=Snap.PAUSE)
            if time <= part.end:
                seconds = (time - part.start).total_seconds()
                return Located(offset=part.offset + seconds, snap=Snap.INSIDE)
        return Located(offset=self.duration, snap=Snap.AFTER)

    def part_at(self, offset: float) -> tuple[int, float]:
        """Which part (0-based) holds an offset of the joined recording, and where in it."""
        for index, part in enumerate(self.parts):
            if offset < part.offset + part.duration:
                return index, max(offset - part.offset, 0.0)
        last = len(self.parts) - 1
        return last, self.parts[last].duration

    def span(self, start: dt.datetime, end: dt.datetime | None, what: str) -> Span:
        """The [start, end) of something in the recording, clamped, with notes on any snap."""
        first = self.locate(start)
        last = (
            self.locate(end) if end is not None else Located(offset=self.duration, snap=Snap.AFTER)
        )
        notes = []
        if end is None:
            notes.append(f"{what} was never closed: it runs to the end of the recording")
        if first.snap is Snap.PAUSE:
            notes.append(f"{what} starts in a pause between recording parts")
        if last.offset <= first.offset:
            placement = Placement.NOT_RECORDED
            notes.append(f"{what} is not in the recording")
        elif first.snap is Snap.INSIDE and last.snap is Snap.INSIDE:
            placement = Placement.RECORDED
        else:
            placement = Placement.PARTIAL
            notes.append(f"{what} is only partly in the recording")
        return Span(start=first.offset, end=last.offset, placement=placement, notes=tuple(notes))


def build_timeline(
    starts: Sequence[dt.datetime], durations: Sequence[float], clock_offset: float
) -> Timeline:
    """Lay the parts end to end; `clock_offset` is camera time minus vote-log time.
    TimelineError if there is no part, or one starts before the one before it ends."""
    shift = dt.timedelta(seconds=clock_offset)
    parts: list[PartWindow] = []
    offset = 0.0
    for index, (start, duration) in enumerate(zip(starts, durations, strict=True)):
        window = PartWindow(start=start - shift, duration=duration, offset=offset)
        if parts and window.start < parts[-1].end:
            raise TimelineError(
                f"recording part {index + 1} starts at {start.isoformat()}, "
                f"before part {index} ends"
            )
        parts.append(window)
        offset += duration
    if not parts:
        raise TimelineError("the recording has no parts")
    return Timeline(parts=tuple(parts))
