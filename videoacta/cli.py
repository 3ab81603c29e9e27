"""The command-line interface: it parses, calls one library function, and prints."""

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from videoacta import __version__, exports, ffmpeg, pipeline, report, schemas
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
    """Print the JSON Schema of an input file: `session` (session.toml) or `event` (votes.jsonl).

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


def main() -> None:
    """The console script's entry point."""
    cli(prog_name="videoacta")
