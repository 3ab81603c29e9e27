"""The earlier versions of votes.jsonl that undo restores, kept until the package is built.

They live in `SESSION_DIR/.videoacta/versions/`: `history.jsonl` has one line per change of the
log (an append, a rewrite, an undo), each with the size and SHA-256 of the log before and after
it; a rewrite keeps the log it replaced as `<change>.jsonl`, an append needs no copy (the log
before it is the current log's first `before` bytes). A change is recorded before the log is
written and an undo after it, so a kill between the two leaves a last change whose `before` is
the log on disk: `reconcile` then counts it as undone. The hidden folder is no input: the batch
inbox, `load_log` and the package's manifest read only the files they name.
"""

import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from videoacta.editor import log_file
from videoacta.editor.log_file import Digest
from videoacta.errors import InputError, OutputError

VERSIONS = Path(".videoacta") / "versions"
HISTORY = "history.jsonl"
CHANGES = ("append", "rewrite")
PRIVATE = 0o700  # earlier logs are the editor's own: nobody else need list or read them


@dataclass(frozen=True)
class Change:
    """One line of history.jsonl. `op` is append, rewrite, undo or reset (undo starts afresh)."""

    seq: int
    op: str
    after: Digest
    before: Digest | None = None
    undoes: int | None = None

    def line(self) -> bytes:
        data = {"seq": self.seq, "op": self.op, "after": [self.after.size, self.after.sha256]}
        if self.before is not None:
            data["before"] = [self.before.size, self.before.sha256]
        if self.undoes is not None:
            data["undoes"] = self.undoes
        return json.dumps(data).encode() + b"\n"


class Versions:
    """The versions folder of one session folder."""

    def __init__(self, folder: Path) -> None:
        self.root = folder / VERSIONS

    def history(self) -> list[Change]:
        """Every change recorded, oldest first; a line cut short by a kill is dropped."""
        try:
            data = (self.root / HISTORY).read_bytes()
        except FileNotFoundError:
            return []
        return list(_parse(data.split(b"\n")[:-1]))

    def stack(self) -> list[Change]:
        """The changes that undo can still take back, the last one last."""
        stack: list[Change] = []
        for change in self.history():
            if change.op in CHANGES:
                stack.append(change)
            elif change.op == "reset":
                stack.clear()
            elif stack and stack[-1].seq == change.undoes:
                stack.pop()
        return stack

    def last_seq(self) -> int:
        changes = self.history()
        return changes[-1].seq if changes else 0

    def record(self, change: Change) -> None:
        """Append one change to the history (appended, not fsynced: `reconcile` covers its loss)."""
        path = self.root / HISTORY
        for _ in range(2):  # a prune (from the build's thread) may remove the folder meanwhile
            try:
                self.root.mkdir(PRIVATE, parents=True, exist_ok=True)
                with path.open("ab") as handle:
                    if handle.tell() and not _ends_with_newline(path):
                        handle.write(b"\n")  # after a line a kill cut short
                    handle.write(change.line())
                return
            except FileNotFoundError:
                continue
            except OSError as error:
                raise _unwritable(path, error) from None

    def keep(self, seq: int, data: bytes) -> None:
        """Keep the log a rewrite replaces."""
        try:
            self.root.mkdir(PRIVATE, parents=True, exist_ok=True)
        except OSError as error:
            raise _unwritable(self.root, error) from None
        log_file.replace(self.root / f"{seq:08d}.jsonl", data)

    def kept(self, seq: int) -> bytes:
        try:
            return (self.root / f"{seq:08d}.jsonl").read_bytes()
        except FileNotFoundError:
            raise InputError(str(VERSIONS), f"the version before change {seq} is gone") from None

    def reconcile(self, data: bytes, seq: int) -> tuple[int, tuple[str, ...]]:
        """Make the history agree with the log on disk after a restart; the last seq, notices."""
        for place in (self.root.parent, self.root):
            if place.is_symlink():  # the earlier logs would be written out of the folder
                raise InputError(str(VERSIONS), f"{place.name} is a symbolic link; remove it")
        changes = self.history()
        if not changes:
            return seq, ()
        last, current = changes[-1], Digest.of(data)
        seq = max(seq, last.seq) + 1
        if last.after == current:
            return seq - 1, ()
        if last.op in CHANGES and last.before == current:
            self.record(Change(seq, "undo", current, undoes=last.seq))  # it never landed
            return seq, ()
        if len(data) > last.after.size and Digest.of(data[: last.after.size]) == last.after:
            self.record(Change(seq, "append", current, before=last.after))
            return seq, ()
        self.record(Change(seq, "reset", current))
        notice = "votes.jsonl was changed outside the editor: undo starts from this version"
        return seq, (notice,)


def _unwritable(path: Path, error: OSError) -> OutputError:
    return OutputError(f"{path}: cannot be written ({error.strerror})")


def _parse(lines: list[bytes]) -> Iterator[Change]:
    for line in lines:
        try:
            data = json.loads(line)
            yield Change(
                seq=data["seq"],
                op=data["op"],
                after=Digest(*data["after"]),
                before=Digest(*data["before"]) if "before" in data else None,
                undoes=data.get("undoes"),
            )
        except (ValueError, KeyError, TypeError):
            continue  # a line a kill cut short, joined to the next one


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, 2)
        return handle.read(1) == b"\n"


def prune_versions(folder: Path) -> None:
    """Drop the earlier versions (after a successful build): the folder is renamed, then removed,
    so a journal writing its next change meanwhile starts a new history."""
    root = folder / VERSIONS
    if not root.exists():
        return
    doomed = Path(tempfile.mkdtemp(prefix=".pruned-", dir=root.parent))
    root.rename(doomed / root.name)
    shutil.rmtree(doomed, ignore_errors=True)
