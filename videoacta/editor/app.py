"""The editor's web application: routes that parse a request, call the workspace, answer JSON.

GET reads (the page, its assets, the recording parts, the state); POST changes, and only as
JSON from the page's own origin (see `guard`). A refused change answers 422 with the rule's
one-line message and has written nothing; a page that read an older log gets 409.
"""

import json
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from videoacta.editor.guard import Guard
from videoacta.editor.transcript_page import TranscriptChange, TranscriptPage
from videoacta.editor.workspace import ActRequest, EditRequest, SyncRequest, Workspace
from videoacta.errors import VideoactaError
from videoacta.media import parts

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 256 * 1024  # a session.toml change or a batch of casts is a few KiB
Endpoint = Callable[[Request], Awaitable[Response]]


class RequestRefused(VideoactaError):
    """A request refused before it reaches the workspace, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def create_app(
    workspace: Workspace,
    *,
    token: str,
    hosts: frozenset[str],
    scheme: str = "http",
    more: Sequence[BaseRoute] = (),
) -> Guard:
    """The editor's ASGI application for one open folder, behind its guard; `more` routes
    (telematic voting's, for the secretary) go behind the same guard."""
    reads = Reads(workspace)
    transcript = TranscriptPage(
        workspace.folder, workspace.lock, lambda: workspace.session_file.session
    )
    routes: list[BaseRoute] = [
        *more,
        Route("/", reads.page),
        Route("/api/state", reads.state),
        Route("/api/mark/{index:int}", reads.mark),
        Route("/media/{part:int}", reads.media),
        Route("/api/action", change(workspace.act, ActRequest), methods=["POST"]),
        Route("/api/edit", change(workspace.edit, EditRequest), methods=["POST"]),
        Route("/api/undo", change(lambda p: workspace.undo(_version(p)), None), methods=["POST"]),
        Route("/api/setup", change(workspace.setup, None), methods=["POST"]),
        Route("/api/sync", change(workspace.sync, SyncRequest), methods=["POST"]),
        Route("/api/build", change(lambda p: workspace.build(), None), methods=["POST"]),
        Route("/api/transcript", read(transcript.view)),
        Route("/api/transcript", change(transcript.change, TranscriptChange), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Guard(Starlette(routes=routes), token=token, hosts=hosts, scheme=scheme)


class Reads:
    """The GET endpoints: the page, the state, one mark, a recording part."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    async def page(self, request: Request) -> Response:
        return HTMLResponse((STATIC / "editor.html").read_text(encoding="utf-8"))

    async def state(self, request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(self.workspace.state))

    async def mark(self, request: Request) -> Response:
        index = request.path_params["index"]
        try:
            return JSONResponse(await run_in_threadpool(self.workspace.mark, index))
        except VideoactaError as error:
            return JSONResponse({"error": str(error)}, 404)

    async def media(self, request: Request) -> Response:
        part = request.path_params["part"]
        clock = self.workspace.clock
        if clock is None or not 0 <= part < len(clock.paths):
            return JSONResponse({"error": f"there is no recording part {part + 1}"}, 404)
        file = clock.session.recording.parts[part].file
        try:
            # Checked again: the file may have been replaced (by a link out of the folder)
            # since the recording was loaded.
            (path,) = parts.check_files(self.workspace.folder, [file])
        except VideoactaError as error:
            return JSONResponse({"error": str(error)}, 404)
        return FileResponse(path.resolve(), media_type="video/mp4")


def read(handler: Callable[[], dict[str, Any]]) -> Endpoint:
    """A GET endpoint answering `handler`'s JSON, called off the event loop."""

    async def endpoint(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(handler))

    return endpoint


def change(handler: Callable[[Any], dict[str, Any]], model: type[BaseModel] | None) -> Endpoint:
    """A POST endpoint: the JSON body parsed (by `model` if given), `handler` called off the
    event loop, its state answered; a refusal answered with its status and one-line message."""

    async def endpoint(request: Request) -> Response:
        try:
            payload = await read_json(request)
            argument = payload if model is None else parse(model, payload)
            return JSONResponse(await _in_thread(handler, argument))
        except RequestRefused as refused:
            return JSONResponse({"error": str(refused)}, refused.status)
        except VideoactaError as error:
            status = 409 if "has changed since" in str(error) else 422
            return JSONResponse({"error": str(error)}, status)

    return endpoint


async def read_json(request: Request) -> Any:
    body = b""
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise RequestRefused(413, f"the request is larger than {MAX_BODY // 1024} KiB")
    except ClientDisconnect:  # nobody is left to answer: no traceback either
        raise RequestRefused(400, "the request was cut short") from None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise RequestRefused(400, "the request is not valid JSON") from None


def parse(model: type[BaseModel], payload: Any) -> BaseModel:
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "request"
        raise RequestRefused(422, f"request {where}: {first['msg']}") from None


def _version(payload: Any) -> int:
    version = payload.get("version") if isinstance(payload, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        raise RequestRefused(422, "request version: a whole number is needed")
    return version


async def _in_thread(handler: Callable[[Any], dict[str, Any]], argument: Any) -> dict[str, Any]:
    """Run a workspace call off the event loop: it writes and fsyncs files."""
    return await run_in_threadpool(handler, argument)
