"""Serve the editor on 127.0.0.1 with uvicorn: a free port, a new token, the browser opened.

The socket is bound here, before uvicorn starts, so the address printed is the one listening
(port 0 asks the system for a free port). Only loopback addresses are served: the editor is for
the secretary's own computer (members' devices come with telematic voting, over HTTPS).
"""

import logging
import socket
import webbrowser
from collections.abc import Callable
from pathlib import Path

import uvicorn

from videoacta.editor.app import create_app
from videoacta.editor.guard import hosts_for, new_token
from videoacta.editor.workspace import Workspace
from videoacta.errors import OutputError

HOST = "127.0.0.1"


def bind(port: int, host: str = HOST) -> socket.socket:
    """A listening socket on host:port (IPv4); OutputError if it cannot be had."""
    # IPPROTO_TCP named, not left 0: asyncio sets TCP_NODELAY only on connections accepted from
    # a socket that says it is TCP. Without it a small answer written after its headers waits
    # for the browser's delayed ACK (Nagle): 40 ms on every request.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        why = error.strerror or str(error)
        raise OutputError(f"cannot listen on {host}:{port}: {why}") from None
    sock.listen(128)
    return sock


def serve(
    folder: Path,
    *,
    live: bool,
    out: Path,
    port: int = 0,
    open_browser: bool = True,
    announce: Callable[[str], None],
) -> None:
    """Open `folder` in the editor and serve it until interrupted (Ctrl+C); `announce` is
    given the page's address (with its token) once the port is listening."""
    workspace = Workspace(folder, live=live, out=out)
    sock = bind(port)
    port = sock.getsockname()[1]
    token = new_token()
    app = create_app(workspace, token=token, hosts=hosts_for(port))
    url = f"http://{HOST}:{port}/{token}/"
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    announce(url)
    if open_browser:
        open_page(url)
    logging.getLogger(__name__).info("serving %s", folder)
    server.run(sockets=[sock])


def open_page(url: str) -> None:
    """Open the secretary's browser on the editor's address (the one program started here)."""
    webbrowser.open(url)
