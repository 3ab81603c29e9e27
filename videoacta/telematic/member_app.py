"""The members' pages and the public board: routes that read a view or take a vote.

A member's routes sit under their personal link, `/m/TOKEN/`; the gate (`gate`) has already
found whose link it is and put the member's id in the request's scope. The board, `/board/`,
only reads. Live updates are server-sent events: the view on connecting, then again whenever it
changed, a comment every PING seconds, and `revoked` (then the end) when the link stops working.
"""

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from videoacta.editor.app import RequestRefused, parse, read_json
from videoacta.errors import VideoactaError
from videoacta.telematic.hub import BOARD, Hub, wait
from videoacta.telematic.sitting import Sitting, VoteRefused, VoteRequest

STATIC = Path(__file__).resolve().parent / "static"
PING = 10.0  # seconds between keep-alive comments (and checks that a link still works)
MEMBER = "videoacta.member"  # the scope key the gate sets: the member whose link it is
TOKEN = "videoacta.token"
STREAM_HEADERS = {"cache-control": "no-store", "x-accel-buffering": "no"}


def member_app(sitting: Sitting, hub: Hub) -> Starlette:
    """A member's page, its state, its event stream and its vote."""

    async def page(request: Request) -> Response:
        return HTMLResponse((STATIC / "member.html").read_text(encoding="utf-8"))

    async def state(request: Request) -> Response:
        return JSONResponse(sitting.member_view(request.scope[MEMBER]))

    async def events(request: Request) -> Response:
        member, token = request.scope[MEMBER], request.scope[TOKEN]
        return stream(
            hub, member, lambda: sitting.member_view(member),
            lambda: sitting.access.holder(token) == member,
        )  # fmt: skip

    async def vote(request: Request) -> Response:
        member = request.scope[MEMBER]
        try:
            choice = parse(VoteRequest, await read_json(request))
            assert isinstance(choice, VoteRequest)
            return JSONResponse(await run_in_threadpool(sitting.vote, member, choice))
        except RequestRefused as refused:
            return JSONResponse({"error": str(refused), "code": "bad_request"}, refused.status)
        except VoteRefused as refused:
            return JSONResponse({"error": str(refused), "code": refused.code}, refused.status)
        except VideoactaError as error:  # a rule of the log: nothing was recorded
            return JSONResponse({"error": f"not recorded: {error}", "code": "refused"}, 422)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/api/state", state),
            Route("/api/events", events),
            Route("/api/vote", vote, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC)),
        ],
        exception_handlers={HTTPException: _refused},
    )


def board_app(sitting: Sitting, hub: Hub) -> Starlette:
    """The public board: read only."""

    async def page(request: Request) -> Response:
        return HTMLResponse((STATIC / "board.html").read_text(encoding="utf-8"))

    async def state(request: Request) -> Response:
        return JSONResponse(sitting.board_view())

    async def events(request: Request) -> Response:
        return stream(hub, BOARD, sitting.board_view, lambda: True)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/api/state", state),
            Route("/api/events", events),
            Mount("/static", StaticFiles(directory=STATIC)),
        ],
        exception_handlers={HTTPException: _refused},
    )


async def _refused(request: Request, error: Exception) -> Response:
    """No such page, or not with that method: one line of JSON, as every refusal."""
    assert isinstance(error, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "bad_request")
    message = f"{request.method} {request.url.path[-80:]}: {error.detail}".lower()
    return JSONResponse({"error": message, "code": code}, error.status_code, error.headers)


def stream(
    hub: Hub, key: str, view: Callable[[], dict[str, Any]], valid: Callable[[], bool]
) -> StreamingResponse:
    """Server-sent events: `view()` now and after each change that concerns `key`."""

    async def body() -> AsyncIterator[str]:
        async with hub.listening(key) as woken:
            last = None
            while True:
                if not valid():
                    yield "event: revoked\ndata: {}\n\n"
                    return
                text = json.dumps(view(), separators=(",", ":"))
                if text != last:
                    yield f"event: state\ndata: {text}\n\n"
                    last = text
                if not await wait(woken, PING):
                    yield ": ping\n\n"

    return StreamingResponse(body(), media_type="text/event-stream", headers=STREAM_HEADERS)
