"""`videoacta transcribe`: the session's speech into SESSION_DIR/transcript.json; and the
`--transcribe --model` options `build` shares with it."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from videoacta import pipeline
from videoacta.cli.common import SESSION_DIR, ProgressBars, print_json, user_errors
from videoacta.core.transcript import SpanKind, Transcript
from videoacta.inputs.transcript_file import transcript_path
from videoacta.transcribe.files import transcribe_folder
from videoacta.transcribe.stage import MAX_THREADS, TranscribeOptions

F = TypeVar("F", bound=Callable[..., Any])
MODEL_DIR = click.Path(
    file_okay=True, readable=False, path_type=Path
)  # checked by the model's own errors
THREADS = click.IntRange(1, MAX_THREADS)


def model_option(required: bool) -> Callable[[F], F]:
    return click.option(
        "--model", "model", type=MODEL_DIR, required=required,
        help="The folder of a CTranslate2 Whisper model (never downloaded).",
    )  # fmt: skip


@click.command()
@click.argument("session_dir", type=SESSION_DIR)
@model_option(required=True)
@click.option("--language", help="The language spoken, e.g. en (default: [transcript] language).")
@click.option("--detect-language", is_flag=True, help="Detect the language of each intervention.")
@click.option("--threads", type=THREADS, help="CPU cores to use (default: all).")
@click.option("--force", is_flag=True, help="Replace even a reviewed transcript.json.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON.")
def transcribe(
    session_dir: Path, model: Path, language: str | None, detect_language: bool,
    threads: int | None, force: bool, quiet: bool, as_json: bool,
) -> None:  # fmt: skip
    """Transcribe the session's speech into SESSION_DIR/transcript.json (automatic, not reviewed).

    Places the session on its recording as `index` does (writing no video), then runs speech
    recognition (faster-whisper, offline, on the CPU) on each intervention, with its speaker as
    the vote log says; between interventions the chair presides. Items debated in camera are
    never transcribed. Speech the engine left without text is flagged. A reviewed transcript is
    replaced only with --force. Needs `pip install 'videoacta[transcribe]'`.

    \b
    Example:
      videoacta transcribe samples/2026-10-29-ple-ordinari --model models/whisper-small
    """
    with user_errors(), ProgressBars(enabled=not quiet and not as_json) as bars:
        options = _options(model, language, detect_language or None, threads)
        result = transcribe_folder(
            session_dir, options, lambda: pipeline.run_tally(session_dir), force=force,
            progress=bars,
        )  # fmt: skip
    summary = _summary(result, transcript_path(session_dir))
    if as_json:
        print_json(summary)
        return
    click.echo(_speed(summary["real_time_factor"]), err=True)
    click.echo(
        f"Wrote {summary['transcript']}: segments {summary['segments']}, interventions "
        f"{summary['interventions']}, flagged {summary['flags']}, items in camera withheld "
        f"{summary['withheld']} (automatic, not reviewed)"
    )


def _options(
    model: Path, language: str | None, detect: bool | None, threads: int | None
) -> TranscribeOptions:
    from pydantic import ValidationError

    from videoacta.errors import TextRefused

    try:
        return TranscribeOptions(
            model=model, language=language, detect_language=detect, threads=threads
        )
    except ValidationError:
        raise TextRefused(f"--language: {language!r} is not a language code such as en") from None


def options_of(
    transcribe: bool, model: Path | None, threads: int | None
) -> TranscribeOptions | None:
    """`build`'s --transcribe --model as the stage's options (None: no transcription)."""
    if not transcribe:
        if model is not None:
            raise click.UsageError("--model needs --transcribe")
        return None
    if model is None:
        raise click.UsageError("--transcribe needs --model DIR")
    return TranscribeOptions(model=model, threads=threads)


def _summary(transcript: Transcript, path: Path) -> dict[str, Any]:
    spans = transcript.spans
    return {
        "transcript": str(path),
        "language": transcript.language,
        "interventions": sum(1 for s in spans if s.kind is SpanKind.INTERVENTION),
        "spans": len(spans),
        "segments": len(transcript.segments()),
        "flags": sum(len(s.flags) for s in spans),
        "withheld": len(transcript.withheld),
        "real_time_factor": transcript.generator.real_time_factor,
        "status": transcript.review.status,
    }


def _speed(factor: object) -> str:
    """The real-time factor in words: seconds of work per second of sound."""
    if not isinstance(factor, float) or factor <= 0:
        return "Real-time factor: not measured (no sound to hear)"
    return f"Real-time factor: {factor:.3f} ({1 / factor:.1f} times faster than real time)"
