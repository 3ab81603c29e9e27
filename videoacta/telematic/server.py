"""Serve a live session: the secretary's editor, the members' pages and the board, one process.

Loopback only by default: one socket on 127.0.0.1 serves all three. With `host`, the members'
pages and the board get their own socket on that address — HTTPS with a certificate, or plain
HTTP only when asked for explicitly — while the editor stays on 127.0.0.1: the secretary's page
is never reachable from the network. Both sockets are bound before anything is announced.
"""

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn
from starlette.types import ASGIApp

from videoacta.editor.app import create_app
from videoacta.editor.guard import LOOPBACK_NAMES, hosts_for, new_token
from videoacta.editor.server import HOST, bind, open_page
from videoacta.errors import InputError, OutputError
from videoacta.telematic import admin_routes
from videoacta.telematic.gate import Gate
from videoacta.telematic.hub import Hub
from videoacta.telematic.member_app import board_app, member_app
from videoacta.telematic.sitting import Sitting

WILDCARDS = frozenset({"0.0.0.0", ""})


@dataclass(frozen=True)
class Network:
    """Where members' devices reach the server (None: this computer only)."""

    host: str | None = None
    port: int = 0
    certfile: Path | None = None
    keyfile: Path | None = None
    insecure_http: bool = False
    public_url: str | None = None

    def check(self) -> None:
        """Refuse what would serve members unsafely or not at all, in one line."""
        if self.host is None:
            if self.certfile or self.keyfile or self.public_url:
                raise InputError("--host", "--certfile, --keyfile and --public-url need --host")
            return
        if (self.certfile is None) != (self.keyfile is None):
            raise InputError("--certfile", "HTTPS needs both --certfile and --keyfile")
        if self.certfile is None and not self.insecure_http and not _loopback(self.host):
            raise InputError(
                "--host",
                f"{self.host} is reachable from the network: serve HTTPS (--certfile, --keyfile)"
                " or say --insecure-http",
            )
        if self.host in WILDCARDS and self.public_url is None:
            raise InputError("--public-url", f"--host {self.host} needs the address devices use")
        if self.public_url is not None:
            _check_url(self.public_url, "https" if self.certfile else "http")
        if self.certfile is not None and self.keyfile is not None:
            _check_certificate(self.certfile, self.keyfile)

    @property
    def scheme(self) -> str:
        return "https" if self.certfile else "http"


def serve_live(
    folder: Path,
    *,
    out: Path,
    port: int = 0,
    network: Network = Network(),
    open_browser: bool = True,
    announce: Callable[[str], None],
) -> None:
    """Serve `folder` live, with members' voting, until interrupted (Ctrl+C)."""
    network.check()
    hub = Hub()
    sitting = Sitting(folder, out=out, notify=hub.changed)
    admin_sock = bind(port)
    admin_port = admin_sock.getsockname()[1]
    member_sock = None if network.host is None else _bind(network, admin_sock)
    scheme = network.scheme if member_sock is not None else "http"
    member_port = admin_port if member_sock is None else member_sock.getsockname()[1]
    base = _base(network, member_port)
    token = new_token()
    admin_hosts = hosts_for(admin_port)
    admin = create_app(
        sitting, token=token, hosts=admin_hosts, more=admin_routes.routes(sitting, hub, base)
    )
    members = member_app(sitting, hub)
    board = board_app(sitting, hub)
    hosts = _member_hosts(network, member_port) if member_sock is not None else admin_hosts

    def gate(with_admin: ASGIApp | None, names: frozenset[str], way: str) -> Gate:
        return Gate(sitting=sitting, hub=hub, member=members, board=board, admin=with_admin,
                    hosts=names, scheme=way)  # fmt: skip

    url = f"http://{HOST}:{admin_port}/{token}/"
    servers = [(_server(gate(admin, admin_hosts, "http"), None), admin_sock)]
    if member_sock is not None:
        servers.append((_server(gate(None, hosts, scheme), network), member_sock))
    announce(f"videoacta editor: {url}")
    announce(f"members' links start with {base}/m/ (issue them: videoacta links, or the editor)")
    announce(f"public board: {base}/board/")
    announce("Press Ctrl+C to stop.")
    if open_browser:
        open_page(url)
    asyncio.run(_run(servers))


def _server(app: ASGIApp, network: Network | None) -> uvicorn.Server:
    tls = {} if network is None or network.certfile is None else {
        "ssl_certfile": str(network.certfile), "ssl_keyfile": str(network.keyfile),
    }  # fmt: skip
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        **tls,  # type: ignore[arg-type]
    )
    return uvicorn.Server(config)


async def _run(servers: list[tuple[uvicorn.Server, socket.socket]]) -> None:
    """Run the servers until one stops (Ctrl+C stops them all)."""
    tasks = [asyncio.create_task(server.serve(sockets=[sock])) for server, sock in servers]
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for server, _ in servers:
        server.should_exit = True
    await asyncio.gather(*tasks, return_exceptions=True)


def _bind(network: Network, admin_sock: socket.socket) -> socket.socket:
    assert network.host is not None
    try:
        return bind(network.port, network.host)
    except OutputError:
        admin_sock.close()
        raise


def _base(network: Network, port: int) -> str:
    if network.public_url is not None:
        return network.public_url.rstrip("/")
    host = HOST if network.host is None else network.host
    return f"{network.scheme if network.host else 'http'}://{host}:{port}"


def _member_hosts(network: Network, port: int) -> frozenset[str]:
    names = set(hosts_for(port, LOOPBACK_NAMES))
    if network.host not in WILDCARDS and network.host is not None:
        names.add(f"{network.host}:{port}")
    if network.public_url is not None:
        parts = urlsplit(network.public_url)
        default = 443 if parts.scheme == "https" else 80
        names.add(parts.netloc)
        if parts.port is None:
            names.add(f"{parts.hostname}:{default}")
    return frozenset(names)


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_url(url: str, scheme: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != scheme or not parts.hostname or parts.query or parts.fragment:
        raise InputError("--public-url", f"'{url[:80]}' is not a {scheme}:// address of a host")
    if parts.path not in ("", "/"):
        raise InputError("--public-url", "the members' address is a host (and port), no path")


def _check_certificate(certfile: Path, keyfile: Path) -> None:
    for path in (certfile, keyfile):
        if not path.is_file():
            raise InputError(str(path), "not found")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile, keyfile)
    except (ssl.SSLError, OSError) as error:
        raise InputError(str(certfile), f"cannot be used with {keyfile}: {error}") from None
