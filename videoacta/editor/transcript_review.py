"""The secretary's review of `transcript.json`: checked against the session, its status, and
marked reviewed. Shared by the editor's Transcript view and `videoacta transcript check`.

The check needs the session placed on its recording: it is placed as `videoacta index` places
it (the same probes, the same timeline), without writing or hashing video.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from videoacta.core import text
from videoacta.core.session import Session
from videoacta.core.transcript import SpanKind, Transcript
from videoacta.core.transcript_check import Presiding, check_transcript
from videoacta.core.video_index import Index
from videoacta.errors import InputError, TextRefused
from videoacta.inputs.transcript_file import TRANSCRIPT_FILE, read_transcript, write_transcript
from videoacta.media.index_stage import Placed
from videoacta.media.placed_index import placed_index
from videoacta.pipeline import run_tally

REVIEWER_MAX = 200  # characters: Review.reviewed_by's limit


@dataclass(frozen=True)
class Checked:
    """A transcript, the session it belongs to, and its problems (none: it may be used)."""

    transcript: Transcript
    session: Session
    problems: tuple[str, ...]


def folder_index(folder: Path) -> tuple[Session, Index]:
    """The session of `folder` and its index, as `videoacta index` makes it (no video written)."""
    session, index, _ = folder_placed(folder)
    return session, index


def folder_placed(folder: Path) -> tuple[Session, Index, Presiding]:
    """`folder_index`, and who the log says presides when (between interventions)."""
    run = run_tally(folder)
    placed = Placed(folder, run)
    presiding = Presiding.of(run.session, run.proceedings, placed.timeline)
    return run.session, placed_index(placed), presiding


def load(folder: Path) -> Transcript:
    """The folder's transcript; InputError if it has none or it is malformed."""
    transcript = read_transcript(folder)
    if transcript is None:
        raise InputError(TRANSCRIPT_FILE, "not found; make it with `videoacta transcribe`")
    return transcript


def check_folder(folder: Path) -> Checked:
    """Read transcript.json and check it against the session and its recording."""
    transcript = load(folder)
    session, index, presiding = folder_placed(folder)
    return Checked(transcript, session, check_transcript(transcript, session, index, presiding))


def mark_reviewed(folder: Path, checked: Checked, by: str, at: dt.datetime) -> Transcript:
    """Write transcript.json reviewed by `by` at `at`; refused if it has a problem."""
    if checked.problems:
        raise InputError(TRANSCRIPT_FILE, f"cannot be marked reviewed: {checked.problems[0]}")
    try:  # one line of characters the acta prints (the annex prints it), as segment text
        name = text.check_line("reviewer", by, REVIEWER_MAX)
    except TextRefused as error:
        reason = str(error).removeprefix("reviewer: ")
        raise InputError(
            "--reviewed-by",
            f"a name of 1 to {REVIEWER_MAX} printable characters is needed: {reason}",
        ) from None
    reviewed = checked.transcript.marked_reviewed(by=name, at=at)
    write_transcript(folder, reviewed)
    return reviewed


def status_text(transcript: Transcript) -> str:
    """ "automatic, not reviewed", "reviewed by X on D" or "edited after the review by X"."""
    review = transcript.review
    if review.status != "reviewed":
        return "automatic, not reviewed"
    if not transcript.reviewed:
        return f"edited after the review by {review.reviewed_by}: review it again"
    when = "" if review.reviewed_at is None else f" on {_when(review.reviewed_at)}"
    return f"reviewed by {review.reviewed_by}{when}"


def status_key(transcript: Transcript) -> str:
    """The status as a word the page styles: automatic, reviewed or edited (after a review)."""
    if transcript.reviewed:
        return "reviewed"
    return "edited" if transcript.review.status == "reviewed" else "automatic"


def summary(transcript: Transcript) -> str:
    """`transcript.json: 12 interventions, 340 segments, automatic, not reviewed`."""
    interventions = sum(1 for span in transcript.spans if span.kind is SpanKind.INTERVENTION)
    segments = sum(len(span.segments) for span in transcript.spans)
    return (
        f"{TRANSCRIPT_FILE}: {interventions} interventions, {segments} segments, "
        f"{status_text(transcript)}"
    )


def _when(at: dt.datetime) -> str:
    return at.isoformat(sep=" ", timespec="minutes")
