"""What protects the editor's local server: the token, the Host and Origin checks, safe methods.

A page on any web site the secretary visits can send requests to 127.0.0.1, and a name it
controls can be made to resolve there (DNS rebinding). So every request must carry the random
token as the first segment of its path, name this server in `Host`, and, when it changes
something, come from this server's own origin (`Origin`) as JSON (which a cross-site form cannot
send without a preflight). GET and HEAD never change state; the routes allow POST only where they
do. Each refusal is a JSON `{"error": ...}` with the status documented in the README.
"""

import hmac
import json
import secrets
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost")  # the server listens on IPv4 only
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    # The token is in the page's address: no Referer may carry it away.
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


def new_token() -> str:
    """A random token of 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hosts_for(port: int, names: Iterable[str] = LOOPBACK_NAMES) -> frozenset[str]:
    """The `Host` values this server answers to: its loopback names with its port."""
    return frozenset(f"{name}:{port}" for name in names)


class Guard:
    """ASGI middleware: refuse what does not come from the secretary's own page on this server."""

    def __init__(self, app: ASGIApp, *, token: str, hosts: frozenset[str], scheme: str = "http"):
        self.app = app
        self.prefix = f"/{token}"
        self.hosts = hosts
        self.origins = frozenset(f"{scheme}://{host}" for host in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is not None:
            await refuse(send, *refusal)
            return
        # Starlette routes on the path after root_path: the token is this server's root.
        scope = {**scope, "root_path": self.prefix}

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                message = {**message, "headers": headers + HEADERS}
            await send(message)

        await self.app(scope, receive, secured)

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """The status and message of a refused request, or None if it may go on."""
        headers = {
            key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]
        }
        names = [key for key, _ in scope["headers"]]
        if names.count(b"host") > 1 or names.count(b"origin") > 1:
            # A browser sends each once; with two, a check of one would pass the other.
            return 400, "the request names its Host or Origin more than once"
        if headers.get("host") not in self.hosts:
            return 400, "the Host header does not name this server"
        if not self._has_token(scope["path"]):
            return 403, "the address lacks this session's token"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return 403, f"requests from {origin[:80]} are not allowed"
        if scope["method"] not in SAFE_METHODS:
            if origin is None:
                return 403, "a change must come from the editor's page (no Origin header)"
            media = headers.get("content-type", "").split(";")[0].strip().lower()
            if media != "application/json":
                return 415, "a change must be sent as application/json"
        return None

    def _has_token(self, path: str) -> bool:
        head = path[: len(self.prefix)]
        rest = path[len(self.prefix) :]
        return hmac.compare_digest(head.encode(), self.prefix.encode()) and rest[:1] in ("", "/")


async def refuse(
    send: Send,
    status: int,
    message: str,
    more: Iterable[tuple[bytes, bytes]] = (),
    *,
    code: str | None = None,
) -> None:
    """Answer `{"error": message}` (with `"code"` if given: the members' pages read it)."""
    body = json.dumps({"error": message} | ({} if code is None else {"code": code})).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *HEADERS,
                *more,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
