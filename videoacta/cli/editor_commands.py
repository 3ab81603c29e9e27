"""`videoacta new`: make a session folder for the secretary's editor."""

from pathlib import Path

import click

from videoacta.cli.common import SESSION_DIR, user_errors

NEW_DIR = click.Path(file_okay=False, path_type=Path)


@click.command()
@click.argument("session_dir", type=NEW_DIR)
@click.option(
    "--from",
    "previous",
    type=SESSION_DIR,
    default=None,
    help="A previous session folder to copy the body, groups, members, rules and officials from.",
)
def new(session_dir: Path, previous: Path | None) -> None:
    """Make the session folder SESSION_DIR: a session.toml and an empty recording/ folder.

    With --from, session.toml copies the body, groups, members, rules, secretary, comptroller,
    chair, place, mode, time zone and language of the previous session (with their comments);
    without it, a commented template. The folder's name is the session's id; the date is the
    one in the name, else today. The agenda is one placeholder item: edit it, the members and
    the date in the editor (`videoacta mark`) or in session.toml. SESSION_DIR must not exist
    or be empty.

    \b
    Examples:
      videoacta new 2026-11-26-ple --from samples/2026-10-29-ple-ordinari
    """
    from videoacta.editor import new_session

    with user_errors():
        written = new_session.create(session_dir, previous=previous)
    click.echo(f"Made {written}")
    click.echo(f"Copy the recording into {session_dir / 'recording'}, then run:")
    click.echo(f"  videoacta mark {session_dir}")
