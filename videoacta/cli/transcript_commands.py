"""`videoacta transcript check`: a transcript edited by hand, checked (and marked reviewed)."""

from pathlib import Path

import click

from videoacta.cli.common import SESSION_DIR, print_json, user_errors
from videoacta.editor import transcript_review
from videoacta.editor.clock import wall_clock_now
from videoacta.errors import ExitCode


@click.group()
def transcript() -> None:
    """Work on SESSION_DIR/transcript.json, the transcript of the debate.

    \b
    Example:
      videoacta transcript check samples/2026-10-29-ple-ordinari --reviewed-by "Anna Puig"
    """


@transcript.command()
@click.argument("session_dir", type=SESSION_DIR)
@click.option(
    "--reviewed-by",
    "reviewed_by",
    metavar="NAME",
    help="If it has no problem, mark it reviewed by NAME (the secretary), now.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check(session_dir: Path, reviewed_by: str | None, as_json: bool) -> None:
    """Check SESSION_DIR/transcript.json against the session and its recording.

    Reads the transcript (edited by hand or in `videoacta mark`), places the session on its
    recording as `videoacta index` does (without writing video) and checks every span and
    segment: times in order and inside their span and the recording, speakers who are members,
    nothing transcribed in an item debated in camera, the interventions the vote log's. Prints
    each problem (exit 3), or the transcript's size and review status. With --reviewed-by and
    no problem, marks it reviewed (written atomically); any later edit undoes the review.

    \b
    Example:
      videoacta transcript check samples/2026-10-29-ple-ordinari --reviewed-by "Anna Puig"
    """
    with user_errors():
        checked = transcript_review.check_folder(session_dir)
        result = checked.transcript
        if reviewed_by is not None and not checked.problems:
            at = wall_clock_now(checked.session)
            result = transcript_review.mark_reviewed(session_dir, checked, reviewed_by, at)
    if as_json:
        print_json(
            {
                "problems": list(checked.problems),
                "status": transcript_review.status_key(result),
                "status_text": transcript_review.status_text(result),
                "summary": transcript_review.summary(result),
            }
        )
    else:
        for problem in checked.problems:
            click.echo(f"transcript.json: {problem}")
        if not checked.problems:
            click.echo(transcript_review.summary(result))
    if checked.problems:
        raise SystemExit(int(ExitCode.INPUT))
