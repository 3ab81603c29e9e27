"""`.videoacta/access.json` on disk: one record per live link (member, token hash, issued,
session), read strictly and written atomically, private to the folder's owner.

    {"format": "videoacta-access/1",
     "links": [{"member": "m1", "sha256": "<64 hex>", "issued": "2026-10-29T18:40:00+01:00",
                "session": "2026-10-29-ple-ordinari"}]}
"""

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, ValidationError

from videoacta.core.terms import Frozen, Identifier
from videoacta.editor.log_file import sync_folder
from videoacta.errors import InputError, OutputError, shown
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import describe
from videoacta.outputs import json_text, write_bytes_atomic

ACCESS = Path(".videoacta") / "access.json"
SOURCE = ACCESS.as_posix()
FORMAT = "videoacta-access/1"
LIMIT = 4 * bounded.MIB  # 1,000 members' records take 200 KB
PRIVATE = 0o700  # the folder: nobody else need list it
SECRET = 0o600  # the file: hashes only, but nobody else need read them
Signature = tuple[int, int, int] | None
Digest = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Link(Frozen):
    """One member's live link: the SHA-256 (hex) of its token, never the token."""

    member: Identifier
    sha256: Digest
    issued: AwareDatetime
    session: Identifier

    @property
    def issued_text(self) -> str:
        return self.issued.isoformat()


class AccessFile(Frozen):
    format: Literal["videoacta-access/1"]
    links: list[Link] = Field(max_length=bounded.ARRAY_MAX)


def signature(path: Path) -> Signature:
    """What tells that a file changed on disk (a rename into place changes the inode); None if
    there is no file."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def read(path: Path, session_id: str) -> dict[str, Link]:
    """The links in `path` by member; none if there is no file. InputError, naming the field,
    if the file is not an access file or holds another session's links."""
    if path.is_symlink():
        raise InputError(SOURCE, "is a symbolic link; remove it")
    try:
        text = bounded.read_text(path, SOURCE, limit=LIMIT)
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise InputError(SOURCE, "not valid JSON; remove the file to issue new links") from None
    try:
        parsed = AccessFile.model_validate(data)
    except ValidationError as error:
        raise InputError(SOURCE, describe(error.errors()[0], data)) from None
    return _by_member(parsed.links, session_id)


def _by_member(links: list[Link], session_id: str) -> dict[str, Link]:
    found: dict[str, Link] = {}
    for index, link in enumerate(links):
        if link.session != session_id:
            raise InputError(
                SOURCE,
                f"links[{index}].session: '{shown(link.session)}' is not this session "
                f"('{session_id}'); remove the file to issue new links",
            )
        if link.member in found:
            raise InputError(SOURCE, f"links[{index}].member: '{link.member}' appears twice")
        found[link.member] = link
    return found


def write(path: Path, links: list[Link]) -> None:
    """Replace the file whole (fsynced, then its folder), readable by its owner only."""
    data = {"format": FORMAT, "links": [link.model_dump(mode="json") for link in links]}
    write_bytes_atomic(path, json_text(data).encode("utf-8"), mode=SECRET)
    sync_folder(path.parent)


def make_private(folder: Path) -> None:
    """Make `.videoacta/` if missing (owner only); refuse a link, which would put the records
    where the folder does not say."""
    if folder.is_symlink():
        raise InputError(ACCESS.parent.as_posix(), "is a symbolic link; remove it")
    try:
        folder.mkdir(PRIVATE, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{folder}: cannot be written ({error.strerror})") from None
