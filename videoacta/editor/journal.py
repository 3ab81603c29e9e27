"""The vote log as the editor's state: votes.jsonl read and replayed, changed only by checked
actions and edits, each of which can be undone, also after a restart.

Every change goes through the replay rules of `videoacta tally` and its count of ties before a
byte is written, and a refused one raises the same one-line message and writes nothing. Events
at or after the log's last time are appended and fsynced (the fast path); earlier ones, edits of
earlier marks and undo rewrite the whole log atomically. The caller holds one lock around every
call (the editor's workspace does); `version` counts changes, for the page to echo.
"""

import bisect
import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from videoacta.core import events as ev
from videoacta.core.replay_state import ReplayState
from videoacta.core.session import Session
from videoacta.editor import csv_import, log_file, provisional
from videoacta.editor.log_file import Contents, Digest, event_line
from videoacta.editor.versions import VERSIONS, Change, Versions, prune_versions
from videoacta.errors import InputError, OutputError
from videoacta.inputs.session_folder import JSONL_FILE

__all__ = ["Journal", "LogChanged", "prune_versions"]

TIME: TypeAdapter[Any] = TypeAdapter(ev.EventTime)
# The events after which the tally's rules on ties are checked (a cast cannot break them).
COUNTED = frozenset(
    {"vote_opened", "vote_closed", "vote_reopened", "casting_vote"}
    | {"item_closed", "item_withdrawn", "item_tabled"}
)


class LogChanged(InputError):
    """The page acted on a version of the log that is no longer the current one."""


class Journal:
    """votes.jsonl of one session folder, its replayed state and its earlier versions."""

    state: ReplayState
    _entries: list[ev.Entry]
    _texts: list[str]
    _seen: dict[str, int]
    _lines: int
    _size: int
    _hash: "hashlib._Hash"

    def __init__(self, folder: Path, session: Session, contents: Contents, seq: int) -> None:
        self.folder = folder
        self.path = folder / JSONL_FILE
        self.session = session
        self.versions = Versions(folder)
        self.version = seq
        self.notices: tuple[str, ...] = contents.notices
        # Sees the state a rewrite or an undo would leave, before any write; raises to refuse.
        self.check_rewrite: Callable[[ReplayState], None] = lambda state: None
        self._adopt(contents.log.entries, contents.texts, contents.data)

    @classmethod
    def open(cls, folder: Path, session: Session) -> "Journal":
        """Read and replay the log (absent: empty); InputError naming the first bad line."""
        csv_import.check_one_log(folder)
        contents = log_file.read(folder / JSONL_FILE)
        seq, notices = Versions(folder).reconcile(contents.data, 0)
        journal = cls(folder, session, contents, seq)
        journal.notices += notices
        return journal

    @property
    def entries(self) -> tuple[ev.Entry, ...]:
        """The log's events in order, each with its line; an edit names one by its index here."""
        return tuple(self._entries)

    @property
    def next_line(self) -> int:
        """The line the next appended event will have."""
        return self._lines + 1

    @property
    def digest(self) -> Digest:
        return Digest(self._size, self._hash.hexdigest())

    # -- adding ------------------------------------------------------------------------------

    def add(self, events: Sequence[ev.Event], *, version: int | None = None) -> None:
        """Log `events`, all or none: appended if not earlier than the last event, else inserted
        after the events at or before their time (the whole log checked and rewritten)."""
        self.check_version(version)
        if not events:
            return
        if self._entries and events[0].time < self._entries[-1].event.time:
            at = bisect.bisect_right([e.event.time for e in self._entries], events[0].time)
            self._rewrite(at, at, events)
        else:
            self._append(events)

    def _append(self, events: Sequence[ev.Event]) -> None:
        first = self._lines + 1
        texts = [event_line(event) for event in events]
        self._check_new(texts, first)
        entries = [ev.Entry.model_construct(line=first + n, event=e) for n, e in enumerate(events)]
        data = "".join(text + "\n" for text in texts).encode()
        self._play_or_restore(entries, counted=any(e.type in COUNTED for e in events))
        grown = self._hash.copy()
        grown.update(data)
        after = Digest(self._size + len(data), grown.hexdigest())
        try:
            change = Change(self.version + 1, "append", after, before=self.digest)
            self._write(change, lambda: log_file.append(self.path, data))
        except BaseException:
            self.state = provisional.replayed(self.session, self._entries)
            raise
        self._entries += entries
        self._texts += texts
        self._seen.update((text, entry.line) for text, entry in zip(texts, entries, strict=True))
        self._lines, self._size, self._hash = self._lines + len(texts), after.size, grown
        self.version += 1

    def _play_or_restore(self, entries: list[ev.Entry], *, counted: bool) -> None:
        """Play `entries` on the live state; on a refusal rebuild it as it was, and raise."""
        before = set(self.state.records)
        try:
            for entry in entries:
                provisional.play(self.state, entry)
            if counted:
                numbers = provisional.touched(self.state, before)
                provisional.check(self.state, numbers, entries[-1].line + 1)
        except InputError:
            self.state = provisional.replayed(self.session, self._entries)
            raise

    def _check_new(self, texts: list[str], first: int) -> None:
        batch: dict[str, int] = {}
        for number, text in enumerate(texts, start=first):
            earlier = self._seen.get(text) or batch.get(text)
            if earlier is not None:
                raise InputError(JSONL_FILE, f"duplicate of line {earlier}", line=number)
            batch[text] = number

    # -- editing earlier marks ---------------------------------------------------------------

    def move(self, index: int, time: dt.datetime, *, version: int) -> None:
        """Give the event at `index` another time (it moves among the others if it must)."""
        self.check_version(version)
        moved = self._at(index).event.model_copy(update={"time": TIME.validate_python(time)})
        self._rewrite(index, index + 1, [moved])

    def replace(self, index: int, event: ev.Event, *, version: int) -> None:
        """Correct the event at `index` (another choice, member, reason, time...)."""
        self.check_version(version)
        self._at(index)
        self._rewrite(index, index + 1, [event])

    def delete(self, index: int, *, version: int) -> None:
        self.check_version(version)
        self._at(index)
        self._rewrite(index, index + 1, [])

    def _at(self, index: int) -> ev.Entry:
        if not 0 <= index < len(self._entries):
            raise InputError(JSONL_FILE, f"there is no mark {index} (of {len(self._entries)})")
        return self._entries[index]

    def _rewrite(self, start: int, end: int, events: Sequence[ev.Event]) -> None:
        """Put `events` in place of entries [start:end], each where its time belongs, check the
        whole log and write it atomically."""
        kept = [(text, entry.event) for text, entry in zip(self._texts, self._entries, strict=True)]
        rest = kept[:start] + kept[end:]
        at = start
        for event in events:
            at = _place([e for _, e in rest], event, at)
            rest.insert(at, (event_line(event), event))
            at += 1
        texts = [text for text, _ in rest]
        entries = [ev.Entry.model_construct(line=n, event=e) for n, (_, e) in enumerate(rest, 1)]
        _check_unique(texts)
        state = provisional.replayed(self.session, entries)
        self.check_rewrite(state)
        data = "".join(text + "\n" for text in texts).encode()
        current = self.path.read_bytes() if self.path.exists() else b""
        if data == current:
            return
        seq = self.version + 1
        self.versions.keep(seq, current)
        change = Change(seq, "rewrite", Digest.of(data), before=Digest.of(current))
        self._write(change, lambda: log_file.replace(self.path, data))
        self._adopt(entries, texts, data, state)
        self.version = seq

    def _write(self, change: Change, write: Callable[[], None]) -> None:
        """Record `change`, then `write` the log. A write that fails (a full disk, a folder
        made read-only) is recorded as undone: undo must not take the log for one changed
        outside the editor, and the next change reuses the number."""
        csv_import.move_aside(self.folder)
        self.versions.record(change)
        try:
            write()
        except OutputError:
            assert change.before is not None
            undone = Change(change.seq + 1, "undo", change.before, undoes=change.seq)
            with contextlib.suppress(OutputError):
                self.versions.record(undone)
            raise

    # -- undo --------------------------------------------------------------------------------

    def undo(self) -> bool:
        """Take back the last change not yet undone (False if there is none)."""
        stack = self.versions.stack()
        if not stack:
            return False
        change = stack[-1]
        if change.after != self.digest:
            raise InputError(JSONL_FILE, "was changed outside the editor; open it again")
        entries, texts, data = self._earlier(change)
        state = provisional.replayed(self.session, entries)
        self.check_rewrite(state)
        log_file.replace(self.path, data)
        self.versions.record(Change(self.version + 1, "undo", Digest.of(data), undoes=change.seq))
        self._adopt(entries, texts, data, state)
        self.version += 1
        return True

    def _earlier(self, change: Change) -> tuple[list[ev.Entry], list[str], bytes]:
        """The log as it was before `change`, checked against its record."""
        assert change.before is not None
        if change.op == "append":
            data = self.path.read_bytes()[: change.before.size]
            lines = data.count(b"\n")
            kept = [
                (e, t) for e, t in zip(self._entries, self._texts, strict=True) if e.line <= lines
            ]
            entries, texts = [e for e, _ in kept], [t for _, t in kept]
        else:
            data = self.versions.kept(change.seq)
            contents = log_file.read(self.versions.root / f"{change.seq:08d}.jsonl")
            entries, texts = list(contents.log.entries), list(contents.texts)
        if Digest.of(data) != change.before:
            raise InputError(str(VERSIONS), f"the version before change {change.seq} is damaged")
        return entries, texts, data

    # -- the session -------------------------------------------------------------------------

    def check_session(self, session: Session) -> None:
        """Raise, naming the line, if the log is not valid against `session`; change nothing."""
        provisional.replayed(session, self._entries)

    def reload_session(self, session: Session) -> None:
        """Replay the log against an edited session.toml; refused (nothing changed) if invalid."""
        state = provisional.replayed(session, self._entries)
        self.session, self.state = session, state

    # -- helpers -----------------------------------------------------------------------------

    def check_version(self, version: int | None) -> None:
        """Refuse (LogChanged) a change the page asked for on an older version of the log."""
        if version is not None and version != self.version:
            raise LogChanged(
                JSONL_FILE,
                f"the log has changed since this page last read it (version {version}, "
                f"now {self.version}); reload",
            )

    def _adopt(
        self,
        entries: Sequence[ev.Entry],
        texts: Sequence[str],
        data: bytes,
        state: ReplayState | None = None,
    ) -> None:
        self.state = state or provisional.replayed(self.session, entries)
        self._entries, self._texts = list(entries), list(texts)
        self._seen = {text: entry.line for text, entry in zip(texts, entries, strict=True)}
        self._lines, self._size = data.count(b"\n"), len(data)
        self._hash = hashlib.sha256(data)


def _place(events: list[ev.Event], event: ev.Event, at: int) -> int:
    """Where `event` goes: at `at` if the times stay in order there, else after every event at
    or before its time."""
    fits_before = at == 0 or events[at - 1].time <= event.time
    fits_after = at >= len(events) or event.time <= events[at].time
    if fits_before and fits_after:
        return min(at, len(events))
    return bisect.bisect_right([e.time for e in events], event.time)


def _check_unique(texts: list[str]) -> None:
    seen: dict[str, int] = {}
    for number, text in enumerate(texts, start=1):
        if text in seen:
            raise InputError(JSONL_FILE, f"duplicate of line {seen[text]}", line=number)
        seen[text] = number
