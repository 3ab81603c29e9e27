"""The members' door: which routes a request may reach, and on whose behalf.

Every request must name this server in `Host` (DNS rebinding). `/m/TOKEN/...` reaches a
member's routes only while TOKEN is that member's live link (looked up by its hash, so a
revocation counts from the next request), and a vote only as JSON from this server's own origin.
`/board/` only reads. Everything else goes to the secretary's editor, which has its own token
and guard — or, on the members' network address, nowhere. Each member's requests are rationed
(votes, reads, open event streams): 429 with Retry-After beyond.
"""

import time
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from videoacta.editor.guard import HEADERS, SAFE_METHODS, refuse
from videoacta.telematic.hub import BOARD, Hub
from videoacta.telematic.member_app import MEMBER, TOKEN
from videoacta.telematic.sitting import Sitting

MEMBER_PREFIX = "/m/"
BOARD_PREFIX = "/board"
MAX_STREAMS = 4  # event streams one member may hold open (a phone, a laptop, reconnections)
MAX_BOARD_STREAMS = 100  # the board's, all together: it has no token to ration it by


@dataclass
class Bucket:
    """A token bucket: `rate` requests a second, bursts of `burst`."""

    rate: float
    burst: float
    level: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def take(self) -> float:
        """0 if a request may go now, else the seconds to wait."""
        now = time.monotonic()
        if self.level < 0:
            self.level = self.burst
        self.level = min(self.burst, self.level + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.level >= 1:
            self.level -= 1
            return 0.0
        return (1 - self.level) / self.rate


LIMITS = {"vote": (2.0, 10.0), "read": (10.0, 60.0)}
PING_WAIT = 10.0
Refusal = tuple[int, str, str]  # status, code (the members' pages read it), message


class Gate:
    """ASGI: route to a member's app, the board or the editor, refusing what may not pass."""

    def __init__(
        self,
        *,
        sitting: Sitting,
        hub: Hub,
        member: ASGIApp,
        board: ASGIApp,
        admin: ASGIApp | None,
        hosts: frozenset[str],
        scheme: str,
    ) -> None:
        self.sitting, self.hub = sitting, hub
        self.member, self.board, self.admin = member, board, admin
        self.hosts = hosts
        self.origins = frozenset(f"{scheme}://{host}" for host in hosts)
        self.buckets: dict[tuple[str, str], Bucket] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path.startswith(MEMBER_PREFIX):
            await self._member(scope, receive, send)
        elif path == BOARD_PREFIX or path.startswith(BOARD_PREFIX + "/"):
            refusal = self._host(scope) or self._read_only(scope) or self._board_full(scope)
            if refusal:
                await _refuse(send, *refusal)
                return
            await self.board({**scope, "root_path": BOARD_PREFIX}, receive, _secured(send))
        elif self.admin is not None:
            await self.admin(scope, receive, send)
        else:
            message = "there is nothing here: a member's link starts with /m/"
            await refuse(send, 404, message, code="not_found")

    async def _member(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = scope["path"][len(MEMBER_PREFIX) :].split("/", 1)[0]
        refusal = self._host(scope)
        member = None if refusal else self.sitting.access.holder(token)
        if refusal is None and member is None:
            refusal = (403, "link_invalid", "this link is not valid: revoked, or never issued")
        if refusal is None and scope["method"] not in SAFE_METHODS:
            refusal = self._change(scope)
        if refusal is not None:
            await _refuse(send, *refusal)
            return
        assert member is not None
        wait = self._ration(scope, member)
        if wait:
            retry = str(max(1, round(wait))).encode()
            message = f"too many requests: wait {wait:.1f} s"
            await refuse(send, 429, message, [(b"retry-after", retry)], code="rate_limited")
            return
        inner = {**scope, "root_path": f"{MEMBER_PREFIX}{token}", MEMBER: member, TOKEN: token}
        await self.member(inner, receive, _secured(send))

    def _host(self, scope: Scope) -> Refusal | None:
        names = [key for key, _ in scope["headers"]]
        if names.count(b"host") != 1 or names.count(b"origin") > 1:
            return 400, "bad_host", "the request names its Host or Origin more than once, or none"
        host = _header(scope, b"host")
        if host not in self.hosts:
            return 400, "bad_host", "the Host header does not name this server"
        origin = _header(scope, b"origin")
        if origin is not None and origin not in self.origins:
            return 403, "bad_origin", f"requests from {origin[:80]} are not allowed"
        return None

    def _read_only(self, scope: Scope) -> Refusal | None:
        if scope["method"] not in SAFE_METHODS:
            return 405, "read_only", "the board only reads"
        return None

    def _board_full(self, scope: Scope) -> Refusal | None:
        if scope["path"].endswith("/api/events") and self.hub.count(BOARD) >= MAX_BOARD_STREAMS:
            return 429, "rate_limited", f"the board already has {MAX_BOARD_STREAMS} open pages"
        return None

    def _change(self, scope: Scope) -> Refusal | None:
        if _header(scope, b"origin") is None:
            return 403, "bad_origin", "a vote must come from the member's page (no Origin header)"
        media = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if media != "application/json":
            return 415, "bad_request", "a vote must be sent as application/json"
        return None

    def _ration(self, scope: Scope, member: str) -> float:
        """0 if the member's request may go now, else the seconds to wait."""
        if (
            scope["path"].endswith("/api/events")
            and self.hub.online().get(member, 0) >= MAX_STREAMS
        ):
            return PING_WAIT  # a page closed meanwhile frees its place
        kind = "read" if scope["method"] in SAFE_METHODS else "vote"
        return self.buckets.setdefault((member, kind), Bucket(*LIMITS[kind])).take()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    await refuse(send, status, message, code=code)


def _secured(send: Send) -> Send:
    async def secured(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": list(message.get("headers", [])) + HEADERS}
        await send(message)

    return secured
