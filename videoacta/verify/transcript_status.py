"""What `verify` says of a package's transcript: reviewed by whom and when, automatic, or edited
after its review; and whether its captions are what the transcript makes.

transcript.json and the captions are files of the manifest: changed after signing, they are
TAMPERED like any other. The review is something else: its digest (`review.content_digest`)
says what the reviewer vouched for, so a transcript edited after the review and before the
build is reported as "edited after review" (it is signed as it is: not tampered). The captions
are made again from transcript.json and index.json and compared: a difference is a note, not
the verdict (the signatures cover both files as they are), telling a reader the captions do not
say what the transcript does.
"""

from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from videoacta.core.captions import caption_files
from videoacta.core.terms import Frozen
from videoacta.core.transcript import Transcript
from videoacta.core.video_index import INDEX_FILE, Index
from videoacta.errors import VideoactaError
from videoacta.inputs.transcript_file import TRANSCRIPT_FILE, load_transcript
from videoacta.package import Manifest

INDEX_LIMIT = 64 * 1024 * 1024
CAPTIONS_LIMIT = 256 * 1024 * 1024


class TranscriptStatus(Frozen):
    """The package's transcript: its review, and notes on it (never the verdict)."""

    status: Literal["reviewed", "automatic", "edited after review", "unreadable"]
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    notes: tuple[str, ...] = ()

    def line(self) -> str:
        who = f"by {self.reviewed_by} on {self.reviewed_at}"
        if self.status == "reviewed":
            return f"transcript: reviewed {who}"
        if self.status == "edited after review":
            return f"transcript: edited after review (reviewed {who}): automatic, not reviewed"
        if self.status == "unreadable":
            return "transcript: cannot be read"
        return "transcript: automatic, not reviewed"


def transcript_status(folder: Path, manifest: Manifest | None) -> TranscriptStatus | None:
    """The status of `folder`'s transcript.json when the manifest lists it; else None."""
    if manifest is None or TRANSCRIPT_FILE not in {entry.path for entry in manifest.files}:
        return None
    try:
        transcript = load_transcript(folder / TRANSCRIPT_FILE)
    except VideoactaError as error:
        return TranscriptStatus(status="unreadable", notes=(str(error),))
    if transcript is None:
        return TranscriptStatus(status="unreadable", notes=(f"{TRANSCRIPT_FILE}: missing",))
    listed = {entry.path for entry in manifest.files}
    review = transcript.review
    at = None if review.reviewed_at is None else review.reviewed_at.isoformat(timespec="minutes")
    status: Literal["reviewed", "automatic", "edited after review"] = "automatic"
    if transcript.reviewed:  # as every other output says it
        status = "reviewed"
    elif review.status == "reviewed":
        status = "edited after review"
    return TranscriptStatus(
        status=status, reviewed_by=review.reviewed_by, reviewed_at=at,
        notes=_captions_notes(folder, transcript, listed),
    )  # fmt: skip


def _captions_notes(folder: Path, transcript: Transcript, listed: set[str]) -> tuple[str, ...]:
    """Each captions file the manifest lists that is not what the transcript makes."""
    try:
        data = _read(folder / INDEX_FILE, INDEX_LIMIT)
        index = Index.model_validate_json(data)
    except (OSError, ValidationError, ValueError):
        return (f"the captions were not checked: {INDEX_FILE} cannot be read",)
    expected = caption_files(transcript, index)
    notes = []
    for name in sorted(expected.keys() - listed):
        notes.append(f"{name}: missing: the package holds no captions of the transcript")
    for name in sorted(expected.keys() & listed):
        try:
            same = _read(folder / name, CAPTIONS_LIMIT) == expected[name].encode("utf-8")
        except OSError:
            continue  # reported with the package's files (missing, or withheld)
        if not same:
            notes.append(f"{name}: not the captions transcript.json makes")
    return tuple(notes)


def _read(path: Path, limit: int) -> bytes:
    if path.is_symlink() or not path.is_file():  # never open a named pipe: it would block
        raise OSError(f"{path.name} is not a regular file")
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{path.name} is too large")
    return data
