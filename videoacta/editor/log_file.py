"""votes.jsonl as the editor keeps it: read with the torn-line rule, appended line by line and
fsynced, or replaced whole atomically.

A SIGKILL can cut an append short: the file then ends with a line without its newline. Such a
line that is not a whole JSON object is the torn end of an append that never returned, and is
discarded on reading, with a warning; one that is whole lost only its newline and is kept.
"""

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from videoacta.core import events as ev
from videoacta.errors import InputError, OutputError
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import JSONL_FILE, read_jsonl
from videoacta.outputs import write_bytes_atomic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Digest:
    """What a version of the file is: its size and SHA-256."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> "Digest":
        return cls(len(data), hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class Contents:
    """The file as read: its bytes, its events, the text of each line, and what was repaired."""

    data: bytes
    log: ev.EventLog
    texts: tuple[str, ...]
    notices: tuple[str, ...]

    @property
    def lines(self) -> int:
        """Physical lines in the file (a blank line counts): the next line's number is one more."""
        return self.data.count(b"\n")


def event_line(event: ev.Event) -> str:
    """The one line an event is written as: time and type first, defaults left out, as the
    sample's log and the CSV reader write them."""
    data = event.model_dump(mode="json", exclude_defaults=True)
    return json.dumps(data, ensure_ascii=False)


def read(path: Path) -> Contents:
    """Read votes.jsonl (absent: an empty log), repairing the end an interrupted append left."""
    if not path.exists() and not path.is_symlink():
        return Contents(b"", ev.EventLog(source=JSONL_FILE, entries=()), (), ())
    data = _bytes(path)
    data, notices = _repair_end(path, data)
    parsed = read_jsonl(path)
    physical = data.removeprefix(bounded.BOM).split(b"\n")
    texts = tuple(physical[entry.line - 1].decode("utf-8").strip() for entry in parsed.entries)
    return Contents(data, parsed, texts, notices)


def _bytes(path: Path) -> bytes:
    if path.is_symlink():
        # Appends would go through the link, out of the folder, and a rewrite would replace it.
        raise InputError(JSONL_FILE, "is a symbolic link; put the file itself in the folder")
    if path.is_dir() or (path.exists() and not path.is_file()):
        raise InputError(JSONL_FILE, "is not a regular file")
    with path.open("rb") as handle:
        data = handle.read(bounded.LOG_BYTES + 1)
    if len(data) > bounded.LOG_BYTES:
        raise InputError(JSONL_FILE, f"is larger than {bounded.LOG_BYTES // bounded.MIB} MiB")
    return data


def _repair_end(path: Path, data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """A last line without its newline: kept (newline added) if it is a whole JSON object,
    else discarded as the torn end of an append."""
    if not data or data.endswith(b"\n"):
        return data, ()
    cut = data.rfind(b"\n") + 1
    tail = data[cut:]
    if _whole(tail):
        append(path, b"\n")
        return data + b"\n", ()
    line = data.count(b"\n") + 1
    notice = f"{JSONL_FILE} line {line}: discarded, the torn end of a write that was interrupted"
    log.warning("%s: %r", notice, tail[:80])
    _truncate(path, cut)
    return data[:cut], (notice,)


def _whole(tail: bytes) -> bool:
    try:
        return isinstance(json.loads(tail), dict)
    except (ValueError, RecursionError):
        return not tail.strip()


def _truncate(path: Path, size: int) -> None:
    with path.open("r+b") as handle:
        handle.truncate(size)
        handle.flush()
        os.fsync(handle.fileno())


def append(path: Path, data: bytes) -> None:
    """Append `data` and fsync it before returning (and the folder, if the file is new)."""
    new = not path.exists()
    try:
        with path.open("ab") as handle:
            end = handle.tell()
            try:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            except OSError:
                handle.truncate(end)  # a disk that filled up mid-line: no torn line is left
                raise
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror})") from None
    if new:
        sync_folder(path.parent)


def replace(path: Path, data: bytes) -> None:
    """Replace the file whole: a reader, or a restart after a kill, sees the old or the new."""
    write_bytes_atomic(path, data)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so that a rename or a new file in it survives a power cut."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise OutputError(f"{folder}: cannot be flushed ({error.strerror})") from None
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
