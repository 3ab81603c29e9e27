"""The editor's Transcript view: transcript.json as the page shows it, and the page's changes.

A change is hostile input (`TranscriptChange`: every field typed and bounded, no other field):
correct the text of a segment, change its speaker (a member, or nobody), delete it, or mark the
whole transcript reviewed by the session's secretary. It names the version of the file the page
read (a digest of its bytes): a file changed since, by another window or by hand, is refused
(409). Each change is checked with `check_transcript` before it is written, atomically; one
that adds a problem is refused with it and writes nothing. An edited segment is `edited`, with
no confidence; any edit after a review makes the transcript automatic again (its digest).
Undo takes back the last change made here (`transcript_versions`), the review's too.
"""

import hashlib
import re
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from videoacta.core.session import Session
from videoacta.core.terms import Identifier
from videoacta.core.transcript import MAX_SEGMENT_TEXT, Segment, Span, Transcript
from videoacta.core.transcript_check import Presiding, check_transcript
from videoacta.core.video_index import Index
from videoacta.editor import transcript_review
from videoacta.editor.clock import wall_clock_now
from videoacta.editor.transcript_versions import TranscriptVersions, digest
from videoacta.errors import InputError, VideoactaError, shown
from videoacta.inputs.transcript_file import (
    TRANSCRIPT_FILE,
    parse_transcript,
    read_bytes,
    transcript_bytes,
    transcript_path,
)
from videoacta.outputs import write_bytes_atomic

_POSITION = re.compile(r"\[\d+\]")
CHANGED = "has changed since this page last read it; reload"
FIELDS = {  # what each change takes besides its op and version
    "text": {"segment", "text"},
    "speaker": {"segment", "speaker"},
    "delete": {"segment"},
    "review": set(),
    "undo": set(),
}


class TranscriptChange(BaseModel):
    """One change the page asks for; `version` is the one it read (see `version_of`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    op: Literal["text", "speaker", "delete", "review", "undo"]
    version: StrictStr = Field(pattern=r"^[0-9a-f]{16}$")
    segment: Identifier | None = None
    text: StrictStr | None = Field(default=None, min_length=1, max_length=MAX_SEGMENT_TEXT)
    speaker: Identifier | None = None


def version_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


class TranscriptPage:
    """The Transcript view of one session folder; `lock` is the workspace's (one writer)."""

    def __init__(self, folder: Path, lock: threading.Lock, session: Callable[[], Session]):
        self.folder = folder
        self.lock = lock
        self.session = session
        self.versions = TranscriptVersions(folder)
        self._index: tuple[tuple[tuple[int, ...], ...], tuple[Index, Presiding]] | None = None

    def view(self) -> dict[str, Any]:
        """What the page draws: the spans and segments, the status, the members, the problems."""
        with self.lock:
            return self._view()

    def change(self, request: TranscriptChange) -> dict[str, Any]:
        given = request.model_fields_set - {"op", "version"}
        for field in sorted(FIELDS[request.op] - given):
            raise InputError("request", f"{field}: missing for {request.op}")
        for field in sorted(given - FIELDS[request.op]):
            raise InputError("request", f"{field}: not used by {request.op}")
        with self.lock:
            data = self._read()
            if data is None:
                raise InputError(TRANSCRIPT_FILE, "not found; make it with `videoacta transcribe`")
            if version_of(data) != request.version:
                raise InputError(TRANSCRIPT_FILE, CHANGED)
            before = parse_transcript(data)
            if request.op == "undo":
                seq, earlier = self.versions.undo(data)
                self._check(before, parse_transcript(earlier))
                write_bytes_atomic(transcript_path(self.folder), earlier)
                self.versions.undone(seq)
                return self._view()
            after = self._apply(before, request, self.session())
            if after != before:
                self._check(before, after)
                written = transcript_bytes(after)
                self.versions.keep(data, written)
                write_bytes_atomic(transcript_path(self.folder), written)
            return self._view()

    def _check(self, before: Transcript, after: Transcript) -> None:
        """Refuse `after` if it has a problem `before` had not."""
        session, (index, presiding) = self.session(), self._placed()
        # Compared without their positions: deleting a segment renumbers the problems after it.
        old = Counter(_unplaced(p) for p in check_transcript(before, session, index, presiding))
        for problem in check_transcript(after, session, index, presiding):
            if old[_unplaced(problem)] > 0:
                old[_unplaced(problem)] -= 1
            else:
                raise InputError(TRANSCRIPT_FILE, f"{problem} (the change is not saved)")

    # -- the changes ---------------------------------------------------------------------

    def _apply(self, transcript: Transcript, request: TranscriptChange, session: Session) -> Any:
        if request.op == "review":
            problems = check_transcript(transcript, session, *self._placed())
            if problems:
                raise InputError(TRANSCRIPT_FILE, f"cannot be marked reviewed: {problems[0]}")
            name = session.secretary.name
            if len(name) > transcript_review.REVIEWER_MAX:  # a session name may be longer
                limit = transcript_review.REVIEWER_MAX
                raise InputError("session.toml", f"secretary.name: longer than {limit} characters")
            return transcript.marked_reviewed(by=name, at=wall_clock_now(session))
        n, m = _find(transcript, request.segment)
        span = transcript.spans[n]
        segments = list(span.segments)
        if request.op == "delete":
            del segments[m]
        elif request.op == "text":
            if request.text is None:
                raise InputError("request", "text: missing (the segment's corrected text)")
            segments[m] = _edited(segments[m], text=request.text.strip())
        else:
            if "speaker" not in request.model_fields_set:
                raise InputError("request", "speaker: missing (a member's id, or null: nobody)")
            segments[m] = _edited(segments[m], speaker=request.speaker)
        spans = list(transcript.spans)
        spans[n] = span.model_copy(update={"segments": tuple(segments)})
        return transcript.model_copy(update={"spans": tuple(spans)})

    # -- reading -------------------------------------------------------------------------

    def _read(self) -> bytes | None:
        try:
            return read_bytes(transcript_path(self.folder))
        except FileNotFoundError:
            return None

    def _placed(self) -> tuple[Index, Presiding]:
        """The session's index and who presides when, placed again only when session.toml or
        the log changed."""
        key = tuple(_stamp(self.folder / name) for name in ("session.toml", "votes.jsonl"))
        if self._index is None or self._index[0] != key:
            _, index, presiding = transcript_review.folder_placed(self.folder)
            self._index = (key, (index, presiding))
        return self._index[1]

    def _view(self) -> dict[str, Any]:
        session = self.session()
        view: dict[str, Any] = {"exists": True, "members": _members(session)}
        try:
            data = self._read()
            if data is None:
                return {"exists": False}
            view["version"] = version_of(data)
            transcript = parse_transcript(data)
        except VideoactaError as error:
            return view | {"error": str(error)}
        try:
            problems = list(check_transcript(transcript, session, *self._placed()))
        except VideoactaError as error:
            problems = [f"cannot be checked against the session: {error}"]
        return view | {
            "status": transcript_review.status_key(transcript),
            "status_text": transcript_review.status_text(transcript),
            "problems": problems,
            "undo": any(c["after"] == digest(data) for c in self.versions.stack()[-1:]),
            "spans": [_span(span) for span in transcript.spans],
            "withheld": [w.model_dump(mode="json") for w in transcript.withheld],
        }


def _unplaced(problem: str) -> str:
    """A problem without the positions it names (`spans[2].segments[3]` as `spans[].segments[]`)."""
    return _POSITION.sub("[]", problem)


def _find(transcript: Transcript, segment: str | None) -> tuple[int, int]:
    if segment is None:
        raise InputError("request", "segment: missing (the id of the segment to change)")
    for n, span in enumerate(transcript.spans):
        for m, candidate in enumerate(span.segments):
            if candidate.id == segment:
                return n, m
    raise InputError("request", f"segment: there is no segment '{shown(segment)}'")


def _edited(segment: Segment, **changes: Any) -> Segment:
    """The segment changed by the reviewer, validated again: edited, its confidence gone (the
    same segment if nothing changes)."""
    if all(getattr(segment, key) == value for key, value in changes.items()):
        return segment
    fields = segment.model_dump() | changes | {"edited": True, "confidence": None}
    return Segment.model_validate(fields)


def _span(span: Span) -> dict[str, Any]:
    return span.model_dump(mode="json")


def _members(session: Session) -> list[dict[str, str]]:
    """Who may be given a segment: the members, then the secretary and the comptroller."""
    groups = {group.id: group.name for group in session.groups}
    members = [
        {"id": m.id, "name": m.name, "group": groups.get(m.group, m.group)} for m in session.members
    ]
    return members + [{"id": o.id, "name": o.name, "group": ""} for o in session.officials]


def _stamp(path: Path) -> tuple[int, ...]:
    """When and how the file was last written: an edit or a replace changes it."""
    try:
        info = path.stat()
    except OSError:
        return ()
    return (info.st_ino, info.st_size, info.st_mtime_ns)
