"""When each recording part started, as evidence with its source (pure).

Every start time here is on the camera's clock. The session's `clock_offset` (camera time minus
vote-log time) turns it into a time on the vote log's clock.
"""

import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence
from enum import StrEnum
from pathlib import PurePath

from videoacta.core.media_info import MediaInfo
from videoacta.core.session import RecordingPart, Session
from videoacta.core.terms import Frozen
from videoacta.errors import MediaError

# 20261029_190000, 20261029-190000, 20261029190000, 2026-10-29T19-00-00, 2026-10-29 19.00.00
FILE_NAME_TIME = re.compile(
    r"(?<!\d)(?P<year>(19|20)\d\d)-?(?P<month>\d\d)-?(?P<day>\d\d)[T _-]?"
    r"(?P<hour>\d\d)[-.:h]?(?P<minute>\d\d)[-.:m]?(?P<second>\d\d)(?!\d)"
)


_FIELDS = ("year", "month", "day", "hour", "minute", "second")
DISAGREEMENT = 120.0  # seconds between two sources that are worth a warning


class StartSource(StrEnum):
    """Where a part's start time came from, strongest first."""

    SESSION = "session"
    QUICKTIME_CREATIONDATE = "quicktime_creationdate"
    CREATION_TIME = "creation_time"
    FILE_NAME = "file_name"


class StartEvidence(Frozen):
    source: StartSource
    time: dt.datetime


class PartStart(Frozen):
    """One part's start: the evidence used, on the camera's and on the vote log's clock."""

    file: str
    source: StartSource
    camera_start: dt.datetime
    start: dt.datetime
    clock_offset: float
    unused: tuple[StartEvidence, ...] = ()


def file_name_time(name: str, tz: dt.tzinfo) -> dt.datetime | None:
    """A date and time written in a file name, in `tz`; None if there is none or it is invalid."""
    match = FILE_NAME_TIME.search(PurePath(name).name)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match[key]) for key in _FIELDS)
    try:
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def aware(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """`moment` itself if it has an offset, else the same wall-clock time in `tz`."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def start_evidence(
    *, file: str, declared: dt.datetime | None, info: MediaInfo, tz: dt.tzinfo
) -> tuple[StartEvidence, ...]:
    """Every start time there is for a part, strongest source first."""
    found = [
        (StartSource.SESSION, aware(declared, tz) if declared else None),
        (StartSource.QUICKTIME_CREATIONDATE, info.quicktime_creationdate),
        (StartSource.CREATION_TIME, info.creation_time),
        (StartSource.FILE_NAME, file_name_time(file, tz)),
    ]
    return tuple(StartEvidence(source=source, time=time) for source, time in found if time)


def choose_start(file: str, evidence: Sequence[StartEvidence], *, clock_offset: float) -> PartStart:
    """The strongest evidence as the part's start; MediaError if there is none."""
    if not evidence:
        raise MediaError(
            f"{file}: no start time: it has no creation time and none in its name; "
            "give one as `start` of this part in session.toml [recording]"
        )
    best = evidence[0]
    return PartStart(
        file=file,
        source=best.source,
        camera_start=best.time,
        start=best.time - dt.timedelta(seconds=clock_offset),
        clock_offset=clock_offset,
        unused=tuple(evidence[1:]),
    )


def part_start(
    part: RecordingPart, info: MediaInfo, *, tz: dt.tzinfo, clock_offset: float
) -> PartStart:
    """The start of one part, from the session file, its metadata or its name."""
    evidence = start_evidence(file=part.file, declared=part.start, info=info, tz=tz)
    return choose_start(part.file, evidence, clock_offset=clock_offset)


def part_starts(session: Session, infos: Sequence[MediaInfo]) -> tuple[PartStart, ...]:
    """The start of every part of the session's recording, given each part's probe, in order."""
    tz = zoneinfo.ZoneInfo(session.timezone)
    offset = session.recording.clock_offset
    parts = session.recording.parts
    return tuple(
        part_start(part, info, tz=tz, clock_offset=offset)
        for part, info in zip(parts, infos, strict=True)
    )


def start_warnings(start: PartStart, *, tolerance: float = DISAGREEMENT) -> tuple[str, ...]:
    """A warning for each unused source that puts the start more than `tolerance` s away.

    A camera that stores local time as UTC, or writes the time it stopped, shows up here.
    """
    return tuple(
        f"{start.file}: {start.source} says it starts at {start.camera_start.isoformat()}, "
        f"{other.source} says {other.time.isoformat()} ({_apart(other.time - start.camera_start)}"
        " apart)"
        for other in start.unused
        if abs((other.time - start.camera_start).total_seconds()) > tolerance
    )


def _apart(delta: dt.timedelta) -> str:
    """`1 h 2 min 5 s`."""
    seconds = round(abs(delta.total_seconds()))
    units = ((seconds // 3600, "h"), (seconds % 3600 // 60, "min"), (seconds % 60, "s"))
    return " ".join(f"{n} {unit}" for n, unit in units if n) or "0 s"
