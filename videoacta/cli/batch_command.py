"""`videoacta batch`: a run spec's inbox, packaged on a local pool or a Dask cluster."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from videoacta.cli.common import (
    FILE,
    print_json,
    user_errors,
)
from videoacta.errors import ExitCode

# pyHanko, Typst and dask take seconds to import: the commands that need them import them.
if TYPE_CHECKING:
    from videoacta.batch import history
    from videoacta.batch import runner as batcher


@click.command()
@click.argument("spec", type=FILE)
@click.option(
    "--workers", type=click.IntRange(min=1), help="Local worker processes (default: the spec's)."
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Run the jobs on the Dask cluster of this scheduler (default: the spec's, else local).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def batch(spec: Path, workers: int | None, scheduler: str | None, as_json: bool) -> None:
    """Package every ready session of an inbox, as a run spec says; skip those already done.

    SPEC is a TOML run spec: the inbox (a folder per session), the output folder, the signer
    (secrets from environment variables or files only), workers and retries. Each version of a
    session's inputs is built once, into OUTPUT/SESSION/HASH12, under a lock; what happened is
    appended to OUTPUT/batch.jsonl. Exits 20 if a session failed after its retries.

    \b
    Example:
      videoacta batch pipelines/sample.toml --workers 2
    """
    from videoacta.batch import history
    from videoacta.batch import runner as batcher

    with user_errors():
        summary = batcher.run_spec(
            spec, workers=workers, scheduler=scheduler,
            on_entry=history.ignore if as_json else _batch_line,
        )  # fmt: skip
    if as_json:
        print_json({**summary.model_dump(mode="json"), "ok": summary.ok})
    else:
        click.echo(_batch_summary(summary))
    if not summary.ok:
        sys.exit(int(ExitCode.SESSIONS_FAILED))


def _batch_line(entry: "history.LogEntry") -> None:
    from videoacta.batch import history

    detail = {
        history.Action.BUILT: f"{entry.package}  ({entry.duration:.1f} s)",
        history.Action.SKIPPED: f"({entry.reason})",
        history.Action.RETRIED: f"attempt {entry.attempt}: {entry.error}",
        history.Action.FAILED: f"{entry.error}",
    }[entry.action]
    click.echo(f"{entry.action:<8} {entry.session}  {detail}", err=True)


def _batch_summary(summary: "batcher.Summary") -> str:
    from videoacta.batch import history

    lines = [
        f"Built {summary.built}, skipped {summary.skipped}, failed {summary.failed} "
        f"({summary.retried} retries) in {summary.duration:.1f} s; "
        f"log: {summary.output / history.LOG_FILE}"
    ]
    lines += [f"Not ready: {waiting.session} ({waiting.reason})" for waiting in summary.waiting]
    failed = [entry for entry in summary.sessions if entry.action is history.Action.FAILED]
    lines += [f"Failed: {entry.session}: {entry.error}" for entry in failed]
    return "\n".join(lines)
