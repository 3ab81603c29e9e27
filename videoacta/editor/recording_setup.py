"""The recording of a session being set up: the files of `recording/` to pick parts from, and
when each part started, found as `videoacta index` finds it (`core.evidence` over ffprobe's
`media.probe`): the time in session.toml, the container's creation time, the file's name."""

import datetime as dt
import os
import zoneinfo
from pathlib import Path

from videoacta.core import evidence
from videoacta.core.evidence import StartEvidence, StartSource
from videoacta.core.session import RecordingPart, Session
from videoacta.core.terms import Frozen
from videoacta.errors import InputError, VideoactaError
from videoacta.media import parts, probe

RECORDING_FOLDER = "recording"
MAX_FILES = 1000  # files listed to pick from; a recording has a few parts


class DetectedStart(Frozen):
    """One part's start as the index stage would take it (on the camera's clock), with every
    time found for it, strongest first; `problem` says why none could be read."""

    file: str
    start: dt.datetime | None = None
    source: StartSource | None = None
    evidence: tuple[StartEvidence, ...] = ()
    duration: float | None = None
    problem: str | None = None


def recording_files(folder: Path) -> list[str]:
    """The regular files in `folder/recording/` (not hidden), as part names relative to the
    folder, sorted; at most MAX_FILES."""
    try:
        with os.scandir(folder / RECORDING_FOLDER) as found:
            names = [
                entry.name for entry in found if entry.is_file() and not entry.name.startswith(".")
            ]
    except OSError:
        return []
    return [f"{RECORDING_FOLDER}/{name}" for name in sorted(names)[:MAX_FILES]]


def detect_starts(folder: Path, session: Session) -> list[DetectedStart]:
    """Each recording part's start, in the order of session.toml; a part that cannot be read
    (missing, not a video, breaking the rules of part names) carries its one-line problem."""
    tz = zoneinfo.ZoneInfo(session.timezone)
    return [_detect(folder, n, part, tz) for n, part in enumerate(session.recording.parts)]


def _detect(folder: Path, n: int, part: RecordingPart, tz: dt.tzinfo) -> DetectedStart:
    try:
        path = parts.check_files(folder, [part.file])[0]
        info = probe.probe(path)
    except InputError as error:
        # Checked alone, the part is the list's first: name it by its own place.
        reason = error.reason.replace("recording.parts[0]", f"recording.parts[{n}]", 1)
        return DetectedStart(file=part.file, problem=f"{error.source}: {reason}")
    except VideoactaError as error:
        return DetectedStart(file=part.file, problem=str(error))
    found = evidence.start_evidence(file=part.file, declared=part.start, info=info, tz=tz)
    best = found[0] if found else None
    return DetectedStart(
        file=part.file,
        start=best.time if best else None,
        source=best.source if best else None,
        evidence=found,
        duration=info.duration,
        problem=None if best else "no start time: give one",
    )
