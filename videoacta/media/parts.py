"""The recording parts: which files they are, and that the joined recording holds exactly them.

A part's name in session.toml only finds a file. It must be a relative path to a regular file
inside the session folder (after resolving symbolic links), free of control characters, and no
file may be listed twice, under whatever spelling or link. The name is taken as written (never
in NFC: `e` + U+0301 and `é` are two names), and refused if a file beside it (or a folder on its
way) has the same name in another Unicode normalisation form. ffmpeg never sees the names: the
remux reads the parts through links under generated names (see `video.remux`), and the joined
recording is then checked to hold, per stream, as many packets and as long a duration as the
parts together.
"""

import os
import stat
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from videoacta.core.session import RecordingPart
from videoacta.errors import InputError, MediaError
from videoacta.media import probe

SESSION_FILE = "session.toml"


def _refused(n: int, file: str, reason: str) -> InputError:
    return InputError(SESSION_FILE, f"recording.parts[{n}].file: {file!r} {reason}")


def resolve_parts(folder: Path, parts: Sequence[RecordingPart]) -> list[Path]:
    """`folder / file` of each part, once every part is checked against the input contract.

    A rule broken is an InputError naming the field (`recording.parts[1].file`); a part that
    does not exist is a MediaError (a recording still being copied).
    """
    if not parts:
        raise MediaError("session.toml: [recording] lists no parts")
    return check_files(folder, [part.file for part in parts])


def check_files(folder: Path, files: Sequence[str]) -> list[Path]:
    """`folder / file` of each name, once every name is checked as `resolve_parts` does.

    Nothing is opened, only looked at with stat: the batch checks the names this way before it
    reads a byte of the parts to hash them.
    """
    root = folder.resolve()
    seen: dict[tuple[int, int], int] = {}
    for n, file in enumerate(files):
        found = _checked_file(folder, root, n, file)
        _refuse_twin(folder, n, file)
        key = (found.st_dev, found.st_ino)
        if key in seen:
            raise _refused(n, file, f"is the same file as recording.parts[{seen[key]}].file")
        seen[key] = n
    return [folder / file for file in files]


def _checked_file(folder: Path, root: Path, n: int, file: str) -> os.stat_result:
    """The stat of a part's file after resolving links; refused unless the contract holds."""
    if bad := next((c for c in file if unicodedata.category(c) == "Cc"), None):
        raise _refused(n, file, f"holds a control character (U+{ord(bad):04X})")
    if PurePosixPath(file).is_absolute():
        raise _refused(n, file, "must be relative to the session folder")
    try:
        resolved = (folder / file).resolve(strict=True)
    except FileNotFoundError:
        raise MediaError(f"{file}: recording part not found in {folder}") from None
    except (OSError, RuntimeError) as error:
        reason = getattr(error, "strerror", None) or "a loop of symbolic links"
        raise _refused(n, file, f"cannot be resolved: {reason}") from None
    if resolved == root or not resolved.is_relative_to(root):
        raise _refused(n, file, "is outside the session folder (after resolving links)")
    found = resolved.stat()
    if not stat.S_ISREG(found.st_mode):
        raise _refused(n, file, "is not a regular file")
    return found


def _refuse_twin(folder: Path, n: int, file: str) -> None:
    """Refuse a path with a step that has a twin beside it, the same name in NFC (`e` + U+0301
    and `é`): two files on Linux, which no reader of the acta can tell apart."""
    here = folder
    for step in PurePosixPath(file).parts:
        if step not in (".", "..") and (other := _other_spelling(here, step)):
            raise _refused(
                n, file, f"is spelled {step!a}, and {other!a} beside it differs only in "
                "Unicode normalisation: rename one of the two",
            )  # fmt: skip
        here = here / step


def _other_spelling(folder: Path, name: str) -> str | None:
    """A name in `folder` equal to `name` in NFC that is not the same file (on macOS, both
    spellings find one file: no twin)."""
    wanted = unicodedata.normalize("NFC", name)
    try:
        mine = (folder / name).lstat()
        others = [n for n in os.listdir(folder) if n != name]
    except OSError:
        return None
    for other in others:
        if unicodedata.normalize("NFC", other) == wanted:
            found = (folder / other).lstat()
            if (found.st_dev, found.st_ino) != (mine.st_dev, mine.st_ino):
                return other
    return None


def part_totals(parts: Sequence[Path]) -> list[probe.StreamTotal]:
    """Stream by stream, the packets and duration of all the parts together."""
    return _summed([probe.stream_totals(part) for part in parts])


def check_joined(expected: Sequence[probe.StreamTotal], duration: float, joined: Path) -> None:
    """Raise MediaError unless `joined` has, stream by stream, the packets of the parts and
    their `duration` (the sum of the parts' durations, where the concat demuxer places them).

    Streams are the video and audio streams, paired in order. A duration may differ by one frame
    of the stream, and by one frame of the stream with the longest frames: an audio encoder's
    priming delay shifts every stream by up to one audio frame.
    """
    found = probe.stream_totals(joined)
    if [s.kind for s in found] != [s.kind for s in expected]:
        raise MediaError(
            f"{joined.name}: the joined recording is not the parts joined: its streams are "
            f"{_kinds(found)}, the parts' {_kinds(expected)}"
        )
    longest = max((_frame(stream) for stream in found), default=0.0)
    for n, (got, want) in enumerate(zip(found, expected, strict=True)):
        if got.packets != want.packets or abs(got.duration - duration) > longest + _frame(got):
            raise MediaError(
                f"{joined.name}: the joined recording is not the parts joined: its {got.kind} "
                f"stream {n} has {got.packets} packets and {got.duration:.3f} s, "
                f"the parts {want.packets} packets and {duration:.3f} s"
            )


def _frame(stream: probe.StreamTotal) -> float:
    """The mean duration of a packet of the stream: one frame."""
    return stream.duration / stream.packets if stream.packets else 0.0


def _summed(totals: Sequence[tuple[probe.StreamTotal, ...]]) -> list[probe.StreamTotal]:
    """Stream by stream of the first part, the packets and durations of every part added up."""
    return [
        probe.StreamTotal(
            kind=first.kind,
            packets=sum(part[n].packets for part in totals if n < len(part)),
            duration=sum(part[n].duration for part in totals if n < len(part)),
        )
        for n, first in enumerate(totals[0])
    ]


def _kinds(streams: Sequence[probe.StreamTotal]) -> str:
    return ", ".join(s.kind for s in streams) or "none"
