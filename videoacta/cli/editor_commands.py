"""`videoacta new` and `videoacta mark`: make a session folder, and open it in the secretary's
editor (a local web page)."""

from pathlib import Path
from typing import Any

import click

from videoacta.cli.common import SESSION_DIR, user_errors
from videoacta.errors import InputError

NEW_DIR = click.Path(file_okay=False, path_type=Path)
FILE = click.Path(dir_okay=False, path_type=Path)


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
    the date in the editor (`videoacta mark`) or in session.toml. SESSION_DIR must not exist,
    be empty, or hold only the recording/ folder copied in first.

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


@click.command()
@click.argument("session_dir", type=SESSION_DIR)
@click.option(
    "--live",
    is_flag=True,
    help="Mark in the room: every action is stamped with the wall clock, no recording needed.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1 to serve the editor on (0: a free one).",
)
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the editor's Build button writes the package [default: SESSION_DIR/../out].",
)
@click.option(
    "--host",
    default=None,
    help="With --live: also serve the members' pages and the board on this address (their own "
    "port, --members-port), for members' devices on the network. The editor stays on 127.0.0.1.",
)
@click.option(
    "--members-port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="The port of --host (0: a free one).",
)
@click.option("--certfile", type=FILE, default=None, help="HTTPS certificate (PEM) for --host.")
@click.option("--keyfile", type=FILE, default=None, help="HTTPS private key (PEM) for --host.")
@click.option(
    "--insecure-http",
    is_flag=True,
    help="Serve --host over plain HTTP (refused otherwise: votes and links would travel in clear).",
)
@click.option(
    "--public-url",
    default=None,
    help="The address members' devices use, e.g. https://plenari.example.cat:8443 (their links "
    "and the Host they send name it). Needed with --host 0.0.0.0.",
)
def mark(
    session_dir: Path,
    live: bool,
    port: int,
    no_browser: bool,
    out: Path | None,
    host: str | None,
    members_port: int,
    certfile: Path | None,
    keyfile: Path | None,
    insecure_http: bool,
    public_url: str | None,
) -> None:
    """Open the secretary's editor on SESSION_DIR, served on 127.0.0.1 until Ctrl+C.

    Mark the agenda, attendance, interventions and every vote on the recording (each mark takes
    the time of the frame shown) or, with --live, in the room (each mark takes the time it is
    made). Every accepted mark is written to SESSION_DIR/votes.jsonl at once, after the same
    checks as `videoacta tally`; the setup tab edits session.toml, keeping its comments.
    The address printed carries a token: only a browser given it can use the editor.

    \b
    With --live, members also vote from their own devices (telematic voting, LBRL 46.3) through
    the personal links `videoacta links` issues; the board page shows the room's screen.

    \b
    For members on the network (HTTPS):
      videoacta mark 2026-11-26-ple --live --host 0.0.0.0 --members-port 8443 \\
          --certfile cert.pem --keyfile key.pem --public-url https://plenari.example.cat:8443

    \b
    Examples:
      videoacta mark samples/2026-10-29-ple-ordinari
      videoacta mark 2026-11-26-ple --live --port 8765 --no-browser
    """
    output = out if out is not None else session_dir.resolve().parent / "out"
    if live:
        _serve_live(session_dir, output, port, not no_browser, _network(
            host, members_port, certfile, keyfile, insecure_http, public_url))  # fmt: skip
        return
    if host is not None or certfile or keyfile or insecure_http or public_url:
        with user_errors():
            raise InputError("--host", "members vote only in a live session: add --live")
    from videoacta.editor import server

    with user_errors():
        server.serve(
            session_dir,
            live=live,
            out=output,
            port=port,
            open_browser=not no_browser,
            announce=lambda url: click.echo(f"videoacta editor: {url}\nPress Ctrl+C to stop."),
        )


def _network(
    host: str | None,
    port: int,
    certfile: Path | None,
    keyfile: Path | None,
    insecure_http: bool,
    public_url: str | None,
) -> Any:
    from videoacta.telematic.server import Network

    return Network(host, port, certfile, keyfile, insecure_http, public_url)


def _serve_live(folder: Path, out: Path, port: int, browser: bool, network: Any) -> None:
    from videoacta.telematic.server import serve_live

    with user_errors():
        serve_live(
            folder, out=out, port=port, network=network, open_browser=browser,
            announce=click.echo,
        )  # fmt: skip
