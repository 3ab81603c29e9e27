"""The earlier versions of transcript.json that the Transcript view's Undo restores.

As the vote log's (`versions`), in `SESSION_DIR/.videoacta/transcript-versions/` (owner-only):
`history.jsonl` has one line per change made in the editor (its number and the SHA-256 of the
file before and after it) or per undo (the change it took back); each change keeps the file it
replaced as `<change>.json`. Undo restores the last change not yet undone, and only if the file
is still what that change wrote: a file edited by hand since is not overwritten.
"""

import hashlib
import json
from pathlib import Path

from videoacta.errors import InputError, OutputError
from videoacta.inputs.transcript_file import TRANSCRIPT_FILE
from videoacta.outputs import write_bytes_atomic

FOLDER = Path(".videoacta") / "transcript-versions"
HISTORY = "history.jsonl"
PRIVATE = 0o700
MAX_SEQ = 99_999_999  # a change's number: its version's name has 8 digits


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _seq(entry: dict[str, object]) -> int | None:
    """The number of a change recorded in the history; None if the line has none."""
    seq = entry.get("seq")
    if isinstance(seq, int) and not isinstance(seq, bool) and 0 < seq <= MAX_SEQ:
        return seq
    return None


class TranscriptVersions:
    """The versions folder of one session folder."""

    def __init__(self, folder: Path) -> None:
        self.root = folder / FOLDER

    def stack(self) -> list[dict[str, object]]:
        """The changes Undo can still take back, the last one last."""
        stack: list[dict[str, object]] = []
        for entry in self._history():
            if "undoes" in entry:
                if stack and stack[-1]["seq"] == entry["undoes"]:
                    stack.pop()
            elif _seq(entry) is not None and all(
                isinstance(entry.get(key), str) for key in ("before", "after")
            ):
                stack.append(entry)
        return stack

    def keep(self, before: bytes, after: bytes) -> None:
        """Record a change of the file from `before` to `after` (before the file is written)."""
        # A line whose number is not one (a hand edit, a disk error) is skipped, as stack() does.
        seq = max((_seq(e) or 0 for e in self._history()), default=0) + 1
        if seq > MAX_SEQ:
            raise InputError(str(FOLDER / HISTORY), f"more than {MAX_SEQ:,} changes; remove it")
        self._mkdir()
        write_bytes_atomic(self.root / f"{seq:08d}.json", before, mode=0o600)
        self._record({"seq": seq, "before": digest(before), "after": digest(after)})

    def undo(self, current: bytes) -> tuple[int, bytes]:
        """The last change not yet undone and the file before it; InputError if there is none,
        or if the file is not what that change left (edited by hand since)."""
        stack = self.stack()
        if not stack:
            raise InputError(TRANSCRIPT_FILE, "there is no change to undo")
        last = stack[-1]
        if last["after"] != digest(current):
            raise InputError(TRANSCRIPT_FILE, "was changed outside the editor; nothing to undo")
        seq = int(str(last["seq"]))
        try:
            data = (self.root / f"{seq:08d}.json").read_bytes()
        except OSError:
            raise InputError(str(FOLDER), f"the version before change {seq} is gone") from None
        if digest(data) != last["before"]:
            raise InputError(str(FOLDER), f"the version before change {seq} is damaged")
        return seq, data

    def undone(self, seq: int) -> None:
        """Record that change `seq` was taken back (after the file was written)."""
        self._record({"undoes": seq})

    def _history(self) -> list[dict[str, object]]:
        try:
            lines = (self.root / HISTORY).read_bytes().split(b"\n")
        except OSError:
            return []
        entries = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line a kill cut short
            if isinstance(entry, dict):
                entries.append(entry)
        return entries

    def _mkdir(self) -> None:
        if self.root.parent.is_symlink() or self.root.is_symlink():
            raise InputError(str(FOLDER), "is a symbolic link; remove it")
        try:
            self.root.mkdir(PRIVATE, parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"{self.root}: cannot be written ({error.strerror})") from None

    def _record(self, entry: dict[str, object]) -> None:
        self._mkdir()
        try:
            with (self.root / HISTORY).open("ab") as handle:
                handle.write(b"\n" + json.dumps(entry).encode() + b"\n")
        except OSError as error:
            raise OutputError(
                f"{self.root / HISTORY}: cannot be written ({error.strerror})"
            ) from None
