"""The command-line interface: it parses, calls one library function, and prints."""

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from videoacta import __version__, exports, ffmpeg, pipeline, report, schemas, video
from videoacta.errors import ExitCode, VideoactaError

SESSION_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a VideoactaError into `Error: …` on stderr and its documented exit code."""
    try:
        yield
    except VideoactaError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(int(error.exit_code))


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="videoacta")
@click.option("-v", "--verbose", count=True, help="Log more (repeat for debug).")
def cli(verbose: int) -> None:
    """Turn a recorded plenary session and its vote log into signed, verifiable video minutes.

    \b
    Example:
      videoacta tally samples/2026-10-29-ple-ordinari
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("session_dir", type=SESSION_DIR)
@click.option("--json", "as_json", is_flag=True, help="Print Popolo vote events as JSON.")
def tally(session_dir: Path, as_json: bool) -> None:
    """Check a session folder and print the result of every vote.

    Reads SESSION_DIR/session.toml and SESSION_DIR/votes.jsonl (or votes.csv), checks every
    line against the rules of the session, and counts each vote round: quorum, required
    majority, ties and the casting vote, per group and per member (never for a secret vote).

    \b
    Example:
      videoacta tally samples/2026-10-29-ple-ordinari --json > tally.json
    """
    with user_errors():
        run = pipeline.run_tally(session_dir)
    if as_json:
        _print_json(exports.tally_document(run.session, run.tally))
    else:
        click.echo(report.tally_table(run))


@cli.command()
@click.argument("name", type=click.Choice(sorted(schemas.SCHEMAS)), default="session")
def schema(name: str) -> None:
    """Print a JSON Schema: `session` (session.toml), `event` (votes.jsonl) or `index` (index.json).

    \b
    Example:
      videoacta schema session > session.schema.json
    """
    _print_json(schemas.SCHEMAS[name]())


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the tools found as JSON.")
def doctor(as_json: bool) -> None:
    """Check that ffmpeg and ffprobe are found; print their versions and paths.

    Each tool is looked for in VIDEOACTA_FFMPEG / VIDEOACTA_FFPROBE, then in the static builds
    of the videoacta[ffmpeg] extra, then on PATH. Exits with code 4 if one is missing.

    \b
    Example:
      VIDEOACTA_FFMPEG=/usr/bin/ffmpeg videoacta doctor
    """
    statuses = ffmpeg.doctor()
    if as_json:
        _print_json([status.model_dump(mode="json") for status in statuses])
    else:
        for status in statuses:
            click.echo(_tool_line(status))
    if not all(status.found for status in statuses):
        sys.exit(int(ExitCode.MEDIA))


def _tool_line(status: ffmpeg.ToolStatus) -> str:
    if not status.found:
        return f"{status.tool:<8} missing   {status.problem}"
    return f"{status.tool:<8} {status.version:<16} {status.path}  (from {status.source})"


class ProgressBars:
    """Draws one progress bar per step of a long stage, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.step: str | None = None
        self.bar: Any = None

    def __call__(self, step: str, done: float, total: float) -> None:
        if not self.enabled:
            return
        if step != self.step:
            self.close()
            self.step = step
            self.bar = click.progressbar(length=1000, label=f"{step:<20}", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(round(1000 * min(done / total, 1.0) if total else 1000) - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command()
@click.argument("session_dir", type=SESSION_DIR)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The index folder to write (made atomically).",
)
@click.option("--mkv", is_flag=True, help="Write recording.mkv instead of recording.mp4.")
@click.option("--clips", is_flag=True, help="Also cut clips/NN.mp4, one per item (stream copy).")
@click.option(
    "--exact-clips", is_flag=True, help="Cut clips frame-exact by re-encoding (implies --clips)."
)
@click.option("--force", is_flag=True, help="Replace an existing index folder.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.option("--json", "as_json", is_flag=True, help="Print the index as JSON.")
def index(
    session_dir: Path,
    out: Path,
    mkv: bool,
    clips: bool,
    exact_clips: bool,
    force: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Place every agenda item in the recording and write the video outputs.

    Probes the recording parts of SESSION_DIR, finds when each started, joins them by stream
    copy (never re-encoding) with a chapter per agenda item, takes a poster per item and hashes
    every part and output. Writes index.json, chapters.vtt, recording.mp4 and posters/ into OUT.

    \b
    Example:
      videoacta index samples/2026-10-29-ple-ordinari --out out/index
    """
    mode = video.ClipMode.EXACT if exact_clips else video.ClipMode.KEYFRAME if clips else None
    container = video.Container.MKV if mkv else video.Container.MP4
    bars = ProgressBars(enabled=not quiet and not as_json)
    with user_errors():
        try:
            result = pipeline.run_index(
                session_dir, out, container=container, clips=mode, force=force, progress=bars
            )
        finally:
            bars.close()
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    recorded = sum(1 for item in result.items if item.start is not None)
    click.echo(
        f"Indexed {recorded} of {len(result.items)} items in {result.duration:.1f} s of "
        f"recording ({len(result.parts)} parts) into {out}"
    )


def main() -> None:
    """The console script's entry point."""
    cli(prog_name="videoacta")
