"""The commands that read a session folder and change nothing: tally, schema, doctor."""

import sys
from pathlib import Path

import click

from videoacta import pipeline
from videoacta.cli import report
from videoacta.cli.common import (
    SESSION_DIR,
    print_json,
    user_errors,
)
from videoacta.core import schemas
from videoacta.errors import ExitCode
from videoacta.media import ffmpeg
from videoacta.publish import popolo


@click.command()
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
        print_json(popolo.tally_document(run))
    else:
        click.echo(report.tally_table(run))


@click.command()
@click.argument("name", type=click.Choice(sorted(schemas.SCHEMAS)), default="session")
def schema(name: str) -> None:
    """Print a JSON Schema: `session` (session.toml), `event` (votes.jsonl) or `index` (index.json).

    \b
    Example:
      videoacta schema session > session.schema.json
    """
    print_json(schemas.SCHEMAS[name]())


@click.command()
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
        print_json([status.model_dump(mode="json") for status in statuses])
    else:
        for status in statuses:
            click.echo(_tool_line(status))
    if not all(status.found for status in statuses):
        sys.exit(int(ExitCode.MEDIA))


def _tool_line(status: ffmpeg.ToolStatus) -> str:
    if not status.found:
        return f"{status.tool:<8} missing   {status.problem}"
    return f"{status.tool:<8} {status.version:<16} {status.path}  (from {status.source})"
