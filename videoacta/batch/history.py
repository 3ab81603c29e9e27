"""batch.jsonl: what happened to each session of each batch run, one JSON object a line.

Every attempt that ends writes a line: `built`, `skipped` (with the reason), `retried` (with the
error; another attempt follows) or `failed` (with the error, after the last attempt). The last
line of a run is its summary (`"action": "summary"`). Several runs may append to the same file:
each line is written with one `write` under an exclusive lock of the file.
"""

import datetime as dt
import fcntl
import json
import os
import uuid
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from videoacta.batch.session_job import JobResult
from videoacta.core.terms import Frozen
from videoacta.errors import OutputError

LOG_FILE = "batch.jsonl"


class Action(StrEnum):
    BUILT = "built"
    SKIPPED = "skipped"
    RETRIED = "retried"
    FAILED = "failed"


class LogEntry(Frozen):
    """One line of batch.jsonl: how one attempt at one session ended."""

    time: dt.datetime
    run: str
    session: str
    action: Action
    attempt: int
    input_hash: str | None = None
    duration: float = 0.0
    package: Path | None = None
    signed: bool = False
    error: str | None = None
    reason: str | None = None


class RunEnd(Frozen):
    """The last line a run writes to batch.jsonl: its counts."""

    time: dt.datetime
    run: str
    action: Literal["summary"] = "summary"
    built: int
    skipped: int
    failed: int
    retried: int
    waiting: int
    duration: float


OnEntry = Callable[[LogEntry], None]


def ignore(entry: LogEntry) -> None:
    """The default `on_entry` callback: nothing."""


class Journal:
    """Appends to batch.jsonl (several runs may share it: each line is one locked append)."""

    def __init__(self, path: Path, *, on_entry: OnEntry) -> None:
        self.path, self.on_entry = path, on_entry
        self.run = uuid.uuid4().hex[:12]
        self.retried = 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"{path.parent}: cannot be made ({error.strerror})") from None

    def write(
        self, result: JobResult, action: Action, attempt: int, reason: str | None = None
    ) -> LogEntry:
        entry = LogEntry(
            time=dt.datetime.now(dt.UTC), run=self.run, session=result.session, action=action,
            attempt=attempt, input_hash=result.input_hash, duration=result.duration,
            package=result.package, signed=result.signed, error=result.error, reason=reason,
        )  # fmt: skip
        self.retried += action is Action.RETRIED
        self._append(entry.model_dump(mode="json"))
        self.on_entry(entry)
        return entry

    def close(self, **counts: Any) -> None:
        """The run's last line: its counts (the fields of RunEnd)."""
        end = RunEnd(time=dt.datetime.now(dt.UTC), run=self.run, **counts)
        self._append(end.model_dump(mode="json"))

    def _append(self, data: dict[str, Any]) -> None:
        line = (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
                os.write(descriptor, line)
            finally:
                os.close(descriptor)
        except OSError as error:
            raise OutputError(f"{self.path}: cannot be written ({error.strerror})") from None
