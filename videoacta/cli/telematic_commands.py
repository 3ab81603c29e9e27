"""`videoacta links`: the members' personal links of a telematic session — issue and export
them (a list, a printable page, QR codes), revoke them, list who holds one."""

from pathlib import Path

import click

from videoacta.cli.common import SESSION_DIR, user_errors

OUT_DIR = click.Path(file_okay=False, path_type=Path)


@click.command()
@click.argument("session_dir", type=SESSION_DIR)
@click.option(
    "--url", default=None, help="The members' server address, e.g. https://ple.example.cat."
)
@click.option("--out", type=OUT_DIR, default=None, help="The folder to export the links to.")
@click.option(
    "--member",
    "members",
    multiple=True,
    help="Issue to this member id only (repeatable) [default: every member].",
)
@click.option("--print", "show", is_flag=True, help="Print each link, token included.")
@click.option("--revoke", multiple=True, help="End this member's link at once (repeatable).")
@click.option("--list", "listing", is_flag=True, help="List who holds a live link, since when.")
def links(
    session_dir: Path,
    url: str | None,
    out: Path | None,
    members: tuple[str, ...],
    show: bool,
    revoke: tuple[str, ...],
    listing: bool,
) -> None:
    """Issue, revoke or list the members' personal voting links of SESSION_DIR.

    With --url and --out, issue a new link to every member (or each --member) and export them
    to OUT: links.csv, links.html (printable, with QR codes) and a QR code <member>.png each.
    A new link replaces the member's previous one. Only a hash of each link is kept in
    SESSION_DIR/.videoacta/access.json: the exported files are the only copy, so keep them
    private; the token is printed only with --print.

    \b
    Examples:
      videoacta links 2026-11-26-ple --url https://ple.example.cat --out links
      videoacta links 2026-11-26-ple --revoke m3
    """
    modes = [bool(url or out or members or show), bool(revoke), listing]
    if sum(modes) != 1:
        raise click.UsageError("give --url and --out (to issue), or --revoke, or --list")
    if modes[0] and (url is None or out is None):
        raise click.UsageError("issuing links needs both --url and --out")
    with user_errors():
        if revoke:
            _revoke(session_dir, revoke)
        elif listing:
            _list(session_dir)
        elif url is not None and out is not None:
            _issue(session_dir, url, out, members, show=show)


def _issue(folder: Path, url: str, out: Path, members: tuple[str, ...], *, show: bool) -> None:
    from videoacta.telematic.links import issue_links

    issued = issue_links(folder, base_url=url, out=out, members=list(members) or None)
    for line in issued:
        click.echo(
            "\t".join([line.member.id, line.member.name, str(line.qr)] + ([line.link] * show))
        )
    click.echo(f"{len(issued)} links issued; the list: {out / 'links.csv'}, {out / 'links.html'}")


def _revoke(folder: Path, members: tuple[str, ...]) -> None:
    from videoacta.inputs.session_folder import load_session
    from videoacta.telematic.access import AccessStore

    store = AccessStore.open(folder, load_session(folder))
    for member in members:
        done = store.revoke(member)
        click.echo(f"{member}\t{'revoked' if done else 'had no live link'}")


def _list(folder: Path) -> None:
    from videoacta.inputs.session_folder import load_session
    from videoacta.telematic.access import AccessStore

    held = AccessStore.open(folder, load_session(folder)).listing()
    for line in held:
        click.echo(f"{line['member']}\t{line['name']}\tissued {line['issued']}")
    click.echo(f"{len(held)} live links")
