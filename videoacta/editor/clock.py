"""The editor's two clocks: the recording's (a video position is a time) and the wall clock.

The recording clock lays the parts end to end exactly as the index stage does (the same probes,
start evidence and `core.timeline`), so a mark placed on a frame here lands on that frame in
the package. A sync mark corrects the clock when the recording's own times are wrong: it moves
either the clock offset or one part's start so that the current frame shows the time given.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from videoacta.core import evidence
from videoacta.core.session import Session
from videoacta.core.timeline import PartWindow, Timeline, build_timeline
from videoacta.errors import InputError, MediaError, TimelineError
from videoacta.media import parts, probe

MAX_SHIFT = 7 * 24 * 3600.0  # a sync that moves the clock by more than a week is a typo


@dataclass(frozen=True)
class Position:
    """A place in the recording: a part (0-based) and the seconds into it."""

    part: int
    seconds: float


class RecordingClock:
    """The parts of a session's recording as one timeline on the vote log's clock."""

    def __init__(self, folder: Path, session: Session) -> None:
        self.session = session
        self.paths = parts.resolve_parts(folder, session.recording.parts)
        self.infos = [probe.probe(path) for path in self.paths]
        self.starts = evidence.part_starts(session, self.infos)
        try:
            self.timeline: Timeline = build_timeline(
                [start.camera_start for start in self.starts],
                [info.duration for info in self.infos],
                session.recording.clock_offset,
            )
        except TimelineError as error:
            raise MediaError(f"session.toml [recording]: {error}") from None

    def time_at(self, position: Position) -> dt.datetime:
        """The vote log's time of a frame; InputError if the position is not in the recording."""
        window = self._window(position.part)
        if not 0 <= position.seconds <= window.duration + 0.5:
            raise InputError(
                "request",
                f"position {position.seconds:.3f} s is outside part {position.part + 1} "
                f"({window.duration:.3f} s long)",
            )
        # To the millisecond: a frame lasts 20-40 ms, and a log line needs no more.
        stamp = window.start + dt.timedelta(milliseconds=round(position.seconds * 1000))
        return stamp.astimezone(zoneinfo.ZoneInfo(self.session.timezone))

    def position_of(self, time: dt.datetime) -> Position:
        """Where a time of the vote log is in the recording (clamped to it)."""
        offset = self.timeline.locate(time).offset
        part, seconds = self.timeline.part_at(offset)
        return Position(part=part, seconds=seconds)

    def sync_offset(self, position: Position, time: dt.datetime) -> float:
        """The clock offset that makes the frame at `position` show `time`."""
        camera = self.starts[position.part].camera_start + dt.timedelta(seconds=position.seconds)
        return _checked((camera - time).total_seconds() + 0.0)

    def sync_part_start(self, position: Position, time: dt.datetime) -> dt.datetime:
        """The camera start of the part at `position` that makes its frame show `time`."""
        self._window(position.part)
        offset = dt.timedelta(seconds=self.session.recording.clock_offset)
        start = time + offset - dt.timedelta(seconds=position.seconds)
        _checked((start - self.starts[position.part].camera_start).total_seconds())
        return start

    def describe(self) -> dict[str, Any]:
        """The parts as the page needs them to play one timeline."""
        return {
            "duration": self.timeline.duration,
            "parts": [
                {
                    "file": start.file,
                    "duration": window.duration,
                    "offset": window.offset,
                    "start": window.start.isoformat(),
                    "camera_start": start.camera_start.isoformat(),
                    "source": str(start.source),
                    "warnings": list(evidence.start_warnings(start)),
                }
                for start, window in zip(self.starts, self.timeline.parts, strict=True)
            ],
        }

    def _window(self, part: int) -> PartWindow:
        if not 0 <= part < len(self.timeline.parts):
            raise InputError("request", f"there is no recording part {part + 1}")
        return self.timeline.parts[part]


def wall_clock_now(session: Session) -> dt.datetime:
    """Now, in the session's time zone, to the millisecond: two marks of the same kind in one
    second (a vote changed and changed back) stay two lines, not a repeated one."""
    now = dt.datetime.now(zoneinfo.ZoneInfo(session.timezone))
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _checked(shift: float) -> float:
    if abs(shift) > MAX_SHIFT:
        raise InputError("request", f"a sync that moves the clock by {shift:.0f} s is refused")
    return shift
