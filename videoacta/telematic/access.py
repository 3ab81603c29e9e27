"""The members' personal links of one session folder, kept only as hashes.

`SESSION_DIR/.videoacta/access.json` holds, for each member with a live link, the SHA-256 of
their token, when it was issued and the session it is for; the token itself exists in clear
only in what `issue` returns (and in the list exported from it). Re-issuing a member's link
replaces the hash, so the old link stops working; `holder` re-reads the file when it changed on
disk, so a revocation by `videoacta links --revoke` reaches a running server at its next request.

    store = AccessStore.open(folder, session)
    tokens = store.issue(None, now=now)      # every member: id -> token, shown once
    store.holder(tokens["m1"])               # "m1"
"""

import datetime as dt
import fcntl
import hashlib
import logging
import os
import re
import secrets
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from videoacta.core.session import Session
from videoacta.errors import InputError, OutputError, VideoactaError, shown
from videoacta.inputs.session_folder import SESSION_FILE, load_session
from videoacta.telematic import access_file
from videoacta.telematic.access_file import ACCESS, SECRET, Link, Signature, signature

TOKEN_BYTES = 32  # 256 bits (the issue asks for at least 128)
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,128}")  # what token_urlsafe makes, and a bound
LOCK = ACCESS.with_name("access.lock")
log = logging.getLogger(__name__)


def digest(token: str) -> str:
    """The SHA-256 (hex) of a token: all the store keeps of it."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class AccessStore:
    """The live links of one session folder; safe to call from several threads."""

    def __init__(
        self, folder: Path, session: Session, links: dict[str, Link], seen: Signature
    ) -> None:
        self.folder = folder
        self._session = session
        self._links = links
        self._seen = seen  # the signature of access.json when `links` was read
        self._by_digest: dict[str, Link] = {}
        self._indexed: dict[str, Link] | None = None  # the `_links` that `_by_digest` indexes
        self._session_seen = signature(folder / SESSION_FILE)
        self._problem: InputError | None = None  # why the file on disk was not read
        self._lock = threading.Lock()

    @classmethod
    def open(cls, folder: Path, session: Session) -> "AccessStore":
        """The store of `folder`, for `session`: no file is no links; InputError if the file is
        corrupt or holds another session's links."""
        seen = signature(folder / ACCESS)  # before the read: a change meanwhile is read again
        return cls(folder, session, access_file.read(folder / ACCESS, session.id), seen)

    def issue(self, members: Sequence[str] | None, *, now: dt.datetime) -> dict[str, str]:
        """A new token for each of `members` (None: every member of the session), replacing any
        link they had; member id -> token. Nothing is issued if one id is unknown."""
        if now.utcoffset() is None:
            raise ValueError("issue: `now` must carry its time zone")
        with self._lock, self._writing():
            chosen = self._known(members)
            tokens = {member: secrets.token_urlsafe(TOKEN_BYTES) for member in chosen}
            links = self._links.copy()
            for member, token in tokens.items():
                links[member] = Link(
                    member=member, sha256=digest(token), issued=now, session=self._session.id
                )
            self._save(links)
        return tokens

    def revoke(self, member: str) -> bool:
        """End `member`'s link at once; False if they had none (InputError if no such member)."""
        with self._lock, self._writing():
            if member not in self._links:
                self._known([member])
                return False
            self._save({key: link for key, link in self._links.items() if key != member})
        return True

    def holder(self, token: str) -> str | None:
        """The member whose live link `token` is, or None: a token of no link, of a revoked
        link, of another session, or of a member no longer in session.toml holds nothing."""
        if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
            return None
        wanted = digest(token)
        with self._lock:
            self._refresh(strict=False)
            if self._indexed is not self._links:
                self._by_digest = {link.sha256: link for link in self._links.values()}
                self._indexed = self._links
            # Found by its hash, not by comparing every link (577 compares a request cost a
            # fifth of the server's time): a lookup's time depends only on the hash of the
            # token tried, which says nothing of any live token's (finding one is a preimage).
            found = self._by_digest.get(wanted)
            session = self._session
        if found is None or found.session != session.id or session.member(found.member) is None:
            return None
        return found.member

    def listing(self) -> list[dict[str, str]]:
        """Who holds a live link, in the session's order: member, name, issued (ISO)."""
        with self._lock:
            self._refresh(strict=True)
            links, session = self._links, self._session
        return [
            {"member": member.id, "name": member.name, "issued": links[member.id].issued_text}
            for member in session.members
            if member.id in links and links[member.id].session == session.id
        ]

    def _known(self, members: Sequence[str] | None) -> list[str]:
        ids = [member.id for member in self._session.members]
        if members is None:
            return ids
        for member in members:
            if member not in ids:
                raise InputError(SESSION_FILE, f"members: no member '{shown(member)}'")
        return list(dict.fromkeys(members))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the folder's lock file (another process, the CLI or the server, may write too)
        and read the file again under it, so that no change made meanwhile is lost."""
        private = self.folder / ACCESS.parent
        access_file.make_private(private)
        path = self.folder / LOCK
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, SECRET)
        except OSError as error:
            raise OutputError(f"{path}: cannot be written ({error.strerror})") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            self._refresh(strict=True)
            yield
        finally:
            os.close(descriptor)  # which releases the lock

    def _save(self, links: dict[str, Link]) -> None:
        path = self.folder / ACCESS
        access_file.write(path, list(links.values()))
        self._links, self._seen = links, signature(path)

    def _refresh(self, *, strict: bool) -> None:
        """Take session.toml and access.json as they are on disk now, if they changed."""
        self._follow_session()
        path = self.folder / ACCESS
        now = signature(path)
        if now != self._seen:
            self._seen, self._problem = now, None
            try:
                self._links = access_file.read(path, self._session.id)
            except InputError as error:
                log.error("%s; no member's link works until it is fixed", error)
                self._links, self._problem = {}, error  # a file nobody can read grants nothing
        if strict and self._problem is not None:
            raise self._problem

    def _follow_session(self) -> None:
        """A member removed from session.toml holds nothing; an invalid hand edit is ignored
        (as the editor does) until the file is valid again."""
        now: Signature = signature(self.folder / SESSION_FILE)
        if now == self._session_seen or now is None:
            return
        self._session_seen = now  # read once per change, valid or not
        try:
            self._session = load_session(self.folder)
        except VideoactaError as error:
            log.warning("%s; the links follow the session.toml read before", error)
