"""One session folder open in the editor: its session file, its vote log, its clock, its build.

Every request of the page becomes one call here, under one lock (one secretary, one folder):
the session file and the journal are changed only through their own checks, so a refused
request leaves both files as they were. The web layer (`app`) only parses and answers.
"""

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from videoacta.core.events import EVENT_ADAPTER, EventTime
from videoacta.core.session import Session
from videoacta.editor import actions, csv_import, live_view
from videoacta.editor.build_job import BuildJob
from videoacta.editor.clock import Position, RecordingClock, wall_clock_now
from videoacta.editor.journal import Journal, prune_versions
from videoacta.editor.session_file import SessionFile
from videoacta.errors import InputError, VideoactaError
from videoacta.inputs.session_folder import SESSION_FILE, describe
from videoacta.media import parts

MAX_VERSION = 2**53
TIME: TypeAdapter[Any] = TypeAdapter(EventTime)


class At(BaseModel):
    """A frame of the recording, as the page's player reports it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    part: int = Field(ge=0, le=999)
    seconds: float = Field(ge=0, le=7 * 24 * 3600, allow_inf_nan=False)


class ActRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    action: dict[str, Any]
    at: At | None = None
    version: int = Field(ge=0, le=MAX_VERSION)


class EditRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    op: str = Field(pattern="^(move|replace|delete)$")
    index: int = Field(ge=0, le=10_000_000)
    version: int = Field(ge=0, le=MAX_VERSION)
    at: At | None = None
    event: dict[str, Any] | None = None


class SyncRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    at: At
    time: str = Field(max_length=40)
    target: str = Field(pattern="^(offset|part)$")


class Workspace:
    """The editor's state for one folder; every method is one request of the page."""

    def __init__(self, folder: Path, *, live: bool, out: Path) -> None:
        self.folder = folder
        self.live = live
        self.lock = threading.Lock()
        self.session_file = SessionFile.open(folder)
        self.journal = Journal.open(folder, self.session_file.session)
        self.clock: RecordingClock | None = None
        self.clock_problem: str | None = None
        self.session_problem: str | None = None
        self.build_job = BuildJob(folder, out)
        self._load_clock()

    # -- reading -------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        with self.lock:
            self._follow_session_file()
            return self._state()

    def _state(self) -> dict[str, Any]:
        return {
            "mode": "recording" if self.clock is not None else "live",
            "live": self.live,
            "session": self.session_file.json_view(),
            "log": live_view.snapshot(self.journal),
            "recording": None if self.clock is None else self.clock.describe(),
            "recording_problem": self.clock_problem,
            "session_problem": self.session_problem,
            "build": self.build_job.status(),
            "csv": csv_import.csv_path(self.folder) is not None,
            "session_version": self._session_version(),
        }

    def mark(self, index: int) -> dict[str, Any]:
        """One mark of the log as its event's JSON, for the page to correct it."""
        with self.lock:
            entries = self.journal.entries
            if not 0 <= index < len(entries):
                raise InputError("votes.jsonl", f"there is no mark {index + 1}")
            event: dict[str, Any] = entries[index].event.model_dump(mode="json", exclude_none=True)
            return {"index": index, "version": self.journal.version, "event": event}

    # -- changing --------------------------------------------------------------------------

    def act(self, request: ActRequest) -> dict[str, Any]:
        """One action of the page, stamped with the frame's time or now, checked and logged."""
        with self.lock:
            self.journal.check_version(request.version)
            time = self._time(request.at)
            self.journal.add(self._prepare(actions.to_events(request.action, time, self.journal)))
            self._changed()
            return self._state()

    def edit(self, request: EditRequest) -> dict[str, Any]:
        """Move, correct or delete an earlier mark."""
        with self.lock:
            version = request.version
            if request.op == "delete":
                self.journal.delete(request.index, version=version)
            elif request.op == "move":
                self.journal.move(request.index, self._time(request.at), version=version)
            else:
                self.journal.replace(request.index, _event(request.event), version=version)
            self._changed()
            return self._state()

    def undo(self, version: int) -> dict[str, Any]:
        with self.lock:
            self.journal.check_version(version)
            if not self.journal.undo():
                raise InputError("votes.jsonl", "there is nothing to undo")
            self._changed()
            return self._state()

    def setup(self, change: dict[str, Any]) -> dict[str, Any]:
        """A change of session.toml, refused if the file or the log would become invalid."""
        with self.lock:
            return self._setup(change)

    def _setup(self, change: dict[str, Any]) -> dict[str, Any]:
        self._follow_session_file()
        change = {**change}
        version = change.pop("version", None)
        if version is not None and version != self._session_version():
            # Changes name entries by their place: a retried or stale one would hit another.
            raise InputError(SESSION_FILE, "has changed since this page last read it; reload")
        text, session = self.session_file.preview(change)
        self.journal.check_session(session)
        files = [part.file for part in session.recording.parts]
        if session.recording.parts != self.session_file.session.recording.parts:
            parts.check_files(self.folder, files)  # inside the folder, regular files
        retyped = _vote_types(session) != _vote_types(self.session_file.session)
        self.session_file.save(text)
        if retyped:
            # An item made a secret ballot: the log holds no choice on it (checked above), but
            # the versions kept for undo may hold those cast before; a secret ballot keeps none.
            prune_versions(self.folder)
        self.journal.reload_session(session)
        self._load_clock()
        self._changed()
        return self._state()

    def sync(self, request: SyncRequest) -> dict[str, Any]:
        """Make the frame at `at` show `time`: by the clock offset or by its part's start."""
        time = _parse_time(request.time)
        position = Position(part=request.at.part, seconds=request.at.seconds)
        with self.lock:  # the clock read here is the one the change is made against
            if self.clock is None:
                raise InputError("request", "there is no recording to synchronise")
            if request.target == "offset":
                offset = self.clock.sync_offset(position, time)
                change = {"op": "set", "path": ["recording", "clock_offset"], "value": offset}
            else:
                start = self.clock.sync_part_start(position, time)
                change = {
                    "op": "update",
                    "list": "recording.parts",
                    "index": position.part,
                    "values": {"start": start.isoformat()},
                }
            return self._setup(change)

    def build(self) -> dict[str, Any]:
        with self.lock:
            self.build_job.start(still_current=self._unchanged_since(self.journal.version))
            return self._state()

    def _unchanged_since(self, version: int) -> Callable[[], bool]:
        """Whether the log is still at `version`: the kept versions are dropped after a build
        only if no mark was made while it ran (the package does not hold those)."""

        def unchanged() -> bool:
            with self.lock:
                return self.journal.version == version

        return unchanged

    def _session_version(self) -> str:
        return hashlib.sha256(self.session_file.text.encode()).hexdigest()[:16]

    # -- what telematic voting adds (telematic.sitting): no-ops for the secretary alone ----

    def _prepare(self, events: list[Any]) -> list[Any]:
        """The events of an action, completed before they are logged (under the lock)."""
        return events

    def _changed(self) -> None:
        """Called under the lock after every change of the log or of session.toml."""

    # -- helpers ---------------------------------------------------------------------------

    def _time(self, at: At | None) -> Any:
        if self.clock is None:
            if self.clock_problem is not None:
                # The secretary marks the recording: now is not the time of any of its frames.
                raise InputError("request", f"the recording cannot be played: {self.clock_problem}")
            return wall_clock_now(self.session_file.session)
        if at is None:
            raise InputError("request", "a mark on the recording needs the player's position")
        return self.clock.time_at(Position(part=at.part, seconds=at.seconds))

    def _follow_session_file(self) -> None:
        """Take session.toml as another program left it (a hand edit while the editor runs),
        if it is valid with the log; else go on with the file read, and say why."""
        if not self.session_file.changed_on_disk():
            self.session_problem = None
            return
        try:
            edited = SessionFile.open(self.folder)
            self.journal.reload_session(edited.session)
        except VideoactaError as error:
            self.session_problem = (
                f"{error}; the editor goes on with the session.toml it read, "
                "and changes none until the file is valid again"
            )
            return
        self.session_file, self.session_problem = edited, None
        self._load_clock()
        self._changed()

    def _load_clock(self) -> None:
        """Build the clock of the recording now in session.toml, then put it in place: a media
        request (which takes no lock) meanwhile finds the old clock, never none."""
        session = self.session_file.session
        clock, problem = None, None
        if not self.live and session.recording.parts:
            try:
                clock = RecordingClock(self.folder, session)
            except VideoactaError as error:
                problem = str(error)
        self.clock, self.clock_problem = clock, problem


def _vote_types(session: Session) -> list[tuple[int, Any]]:
    return [(item.number, item.vote_type) for item in session.items]


def _event(data: dict[str, Any] | None) -> Any:
    """The event a correction gives, read by the vote log's own rules; one line if malformed."""
    try:
        return EVENT_ADAPTER.validate_python(data or {})
    except ValidationError as error:
        raise InputError("request", f"event: {describe(error.errors()[0], data)}") from None


def _parse_time(text: str) -> Any:
    """A time the secretary typed, read by the vote log's own rules."""
    try:
        return TIME.validate_python(text)
    except ValidationError as error:
        message = error.errors()[0]["msg"].removeprefix("Value error, ")
        raise InputError("request", f"time: {message}") from None
