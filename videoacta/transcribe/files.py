"""`SESSION_DIR/transcript.json`: whether a transcript may be replaced, and writing one.

An automatic transcript is replaced by a new run; a reviewed one (or a file that is not a
transcript, perhaps a review in progress) only with `force`. The file is written atomically.
"""

from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from videoacta.core.tally import TallyRun
from videoacta.core.transcript import Transcript
from videoacta.errors import InputError, OutputError
from videoacta.inputs import bounded
from videoacta.media.index_stage import Placed
from videoacta.outputs import json_text, write_text_atomic
from videoacta.progress import Progress, Step, quiet, report
from videoacta.transcribe import model as models
from videoacta.transcribe.stage import TranscribeOptions, transcribe

TRANSCRIPT_FILE = "transcript.json"
MAX_BYTES = 256 << 20  # far beyond a 12-hour session's transcript


def transcript_path(folder: Path) -> Path:
    return folder / TRANSCRIPT_FILE


def check_replaceable(folder: Path, *, force: bool) -> None:
    """OutputError unless the session's transcript.json is absent, automatic, or `force`."""
    path = transcript_path(folder)
    if force or not path.exists():
        return
    try:
        found = Transcript.model_validate_json(bounded.read_text(path, str(path), limit=MAX_BYTES))
    except (InputError, ValidationError, OSError):
        raise OutputError(
            f"{path}: not a transcript videoacta can read (a review in progress?); "
            "--force replaces it"
        ) from None
    if found.review.status == "reviewed":
        raise OutputError(
            f"{path}: reviewed by {found.review.reviewed_by or 'the secretary'}; "
            "--force replaces it with an automatic transcript"
        )


def write_transcript(folder: Path, transcript: Transcript) -> Path:
    """Write `folder/transcript.json` atomically."""
    text = json_text(transcript.model_dump(mode="json"))
    return write_text_atomic(transcript_path(folder), text)


def transcribe_folder(
    folder: Path,
    options: TranscribeOptions,
    count: Callable[[], TallyRun],
    *,
    force: bool = False,
    progress: Progress = quiet,
) -> Transcript:
    """`videoacta transcribe`: check the model, then the transcript it would replace, count the
    session (`count`), place it on its recording as `index` does (writing nothing), transcribe
    it into `folder/transcript.json`, written atomically."""
    model = models.check_model(options.model)
    check_replaceable(folder, force=force)
    report(progress, Step.CHECKING, 0, 1)
    placed = Placed(folder, count())
    report(progress, Step.CHECKING, 1, 1)
    transcript = transcribe(placed, options, model=model, progress=progress)
    write_transcript(folder, transcript)
    return transcript


def check_transcribable(folder: Path, options: TranscribeOptions) -> None:
    """For `build --transcribe`: the model is usable, and the session folder has no
    transcript.json (build would use it)."""
    models.check_model(options.model)
    path = transcript_path(folder)
    if path.exists():
        raise InputError(
            str(path), "build uses this transcript: remove it to transcribe again, or drop "
            "--transcribe"
        )  # fmt: skip
