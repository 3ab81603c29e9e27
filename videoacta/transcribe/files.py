"""`SESSION_DIR/transcript.json`: whether a transcript may be replaced, and writing one.

An automatic transcript is replaced by a new run; a reviewed one (or a file that is not a
transcript, perhaps a review in progress) only with `force`. The file is written atomically.
"""

from collections.abc import Callable
from pathlib import Path

from videoacta.core.tally import TallyRun
from videoacta.core.transcript import Transcript
from videoacta.errors import InputError, OutputError
from videoacta.inputs.transcript_file import load_transcript, transcript_path, write_transcript
from videoacta.media.index_stage import Placed
from videoacta.progress import Progress, Step, quiet, report
from videoacta.transcribe import model as models
from videoacta.transcribe.stage import TranscribeOptions, transcribe


def check_replaceable(folder: Path, *, force: bool) -> None:
    """OutputError unless the session's transcript.json is absent, automatic, or `force`."""
    path = transcript_path(folder)
    if force or not (path.exists() or path.is_symlink()):
        return
    try:
        found = load_transcript(path, str(path))
    except InputError:
        raise OutputError(
            f"{path}: not a transcript videoacta can read (a review in progress?); "
            "--force replaces it"
        ) from None
    if found is not None and found.review.status == "reviewed":
        raise OutputError(
            f"{path}: reviewed by {found.review.reviewed_by or 'the secretary'}; "
            "--force replaces it with an automatic transcript"
        )


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
