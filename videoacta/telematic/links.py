"""The members' links exported to send or print: `links.csv`, `links.html` (one block per member
with a QR code) and one `<member-id>.png` QR code each. They hold the tokens in clear: the folder
is made owner-only and every file is written atomically, readable by its owner only.

    tokens = AccessStore.open(folder, session).issue(None, now=now)
    export(Path("links"), "https://ple.example.cat", tokens, session)
    # links/links.csv, links/links.html, links/m1.png, ...  (each link: BASE/m/TOKEN/)
"""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import segno

from videoacta.core.session import Member, Session
from videoacta.editor.clock import wall_clock_now
from videoacta.editor.log_file import sync_folder
from videoacta.errors import InputError, OutputError, shown
from videoacta.inputs.session_folder import SESSION_FILE, load_session
from videoacta.outputs import check_apart, write_bytes_atomic
from videoacta.telematic import links_page
from videoacta.telematic.access import TOKEN_SHAPE, AccessStore

URL_MAX = 1000  # a QR code holds some 2,900 bytes; a server's address needs far fewer
PRIVATE = 0o700
SECRET = 0o600
QR_SCALE = 8  # pixels a module: about 3 cm wide at 300 dpi for a short address
CSV_HEADER = ("member", "name", "group", "link")
FORMULA = tuple("=+-@\t\r")  # a spreadsheet would run a cell starting so as a formula


@dataclass(frozen=True)
class MemberLink:
    """One member's line of the list: who, their link, the file of their QR code."""

    member: Member
    group: str
    link: str
    qr: Path


def check_url(base_url: str) -> str:
    """`base_url` if it is an http(s) address without query, fragment or user; InputError else."""
    if len(base_url) > URL_MAX or not base_url.isascii() or not base_url.isprintable():
        raise InputError("url", f"'{shown(base_url)}' is not an address of printable ASCII "
                         f"characters up to {URL_MAX} (a domain in punycode)")  # fmt: skip
    try:
        parts = urlsplit(base_url)
        _ = parts.port  # raises ValueError for a port out of range
    except ValueError as error:
        raise InputError("url", f"'{shown(base_url)}' is not an address: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("url", f"'{shown(base_url)}' is not an http:// or https:// address")
    if "?" in base_url or "#" in base_url or "@" in parts.netloc or " " in base_url:
        raise InputError("url", f"'{shown(base_url)}' has a query, a fragment, a user or a space")
    return base_url


def link_of(base_url: str, token: str) -> str:
    """A member's link: the server's address, then `/m/TOKEN/`."""
    return f"{base_url.rstrip('/')}/m/{token}/"


def issue_links(
    folder: Path, *, base_url: str, out: Path, members: Sequence[str] | None
) -> list[MemberLink]:
    """Issue new links to `members` of the session in `folder` (None: every member), each
    replacing the member's last one, and export them to `out`; the lines exported.

    The address, the members and `out` are checked first: a refusal revokes no link. `out`
    may not be in the session folder, which is archived and shared with the package's build.
    """
    session = load_session(folder)
    check_url(base_url)
    check_apart(out, folder)
    store = AccessStore.open(folder, session)
    for member in members or ():
        if session.member(member) is None:
            raise InputError(SESSION_FILE, f"members: no member '{shown(member)}'")
    prepare(out)
    tokens = store.issue(members, now=wall_clock_now(session))
    export(out, base_url, tokens, session)
    return member_links(out, base_url, tokens, session)


def export(out: Path, base_url: str, tokens: Mapping[str, str], session: Session) -> list[Path]:
    """Write the list of `tokens` (member id -> token) into `out`; the files written."""
    check_url(base_url)
    links = member_links(out, base_url, tokens, session)
    prepare(out)
    written = [_write(link.qr, qr_png(link.link)) for link in links]
    written.append(_write(out / "links.csv", links_csv(links)))
    written.append(_write(out / "links.html", links_page.render(_rows(links), session, qr_png)))
    sync_folder(out)
    return written


def member_links(
    out: Path, base_url: str, tokens: Mapping[str, str], session: Session
) -> list[MemberLink]:
    """The lines of the list, in the session's order of members."""
    for member_id, token in tokens.items():
        if session.member(member_id) is None:
            raise InputError("tokens", f"member '{shown(member_id)}' is not in session.toml")
        if not TOKEN_SHAPE.fullmatch(token):
            raise InputError("tokens", f"member '{member_id}': the token is not one issued")
    return [
        MemberLink(
            member=member,
            group=_group_name(session, member),
            link=link_of(base_url, tokens[member.id]),
            qr=out / f"{member.id}.png",
        )
        for member in session.members
        if member.id in tokens
    ]


def prepare(out: Path) -> None:
    """Make `out` (owner only) if missing; OutputError if it cannot be a folder written to."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    try:
        out.mkdir(PRIVATE, parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{out}: cannot be written ({error.strerror})") from None


def qr_png(link: str) -> bytes:
    """The QR code of `link` as PNG (segno: the smallest version, error correction raised as
    far as that version allows)."""
    buffer = io.BytesIO()
    segno.make(link, micro=False).save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()


def links_csv(links: list[MemberLink]) -> bytes:
    """The list as CSV (UTF-8, a header row), for a mail merge."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_HEADER)
    for line in links:
        writer.writerow(
            [_cell(line.member.id), _cell(line.member.name), _cell(line.group), line.link]
        )
    return text.getvalue().encode("utf-8")


def _rows(links: list[MemberLink]) -> list[links_page.Row]:
    return [(line.member.name, line.group, line.link) for line in links]


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA) else text


def _group_name(session: Session, member: Member) -> str:
    group = session.group(member.group)
    return group.name if group is not None else member.group


def _write(path: Path, data: bytes) -> Path:
    return write_bytes_atomic(path, data, mode=SECRET)
