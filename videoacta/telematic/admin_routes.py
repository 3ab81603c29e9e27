"""What the secretary's editor adds for a telematic session, behind the editor's own guard.

`api/pulse` is what the editor's page polls while members vote (the log's version, who follows
the session from a device, how many electronic ballots the open secret vote holds): cheap, so
the page fetches the whole state only when something changed. `api/links` issues a member's
personal link (shown once, with its QR code) or revokes it, at once: the member's open pages are
woken, find the link dead and say so.
"""

import datetime as dt
from typing import Any, Literal

import segno
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from videoacta.editor.app import change
from videoacta.errors import InputError
from videoacta.telematic.hub import Hub
from videoacta.telematic.sitting import Sitting


class LinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    op: Literal["issue", "revoke"]
    member: str = Field(min_length=1, max_length=64)


def routes(sitting: Sitting, hub: Hub, base: str) -> list[BaseRoute]:
    """The secretary's telematic routes; `base` is the address members' devices use."""

    async def pulse(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(_pulse, sitting, hub))

    def links(request: LinkRequest) -> dict[str, Any]:
        if sitting.session_file.session.member(request.member) is None:
            raise InputError("request", f"member '{request.member}' is not in session.toml")
        if request.op == "revoke":
            revoked = sitting.access.revoke(request.member)
            hub.changed(request.member)
            return {"member": request.member, "revoked": revoked, "links": sitting.access.listing()}
        now = dt.datetime.now(dt.UTC)
        token = sitting.access.issue([request.member], now=now)[request.member]
        hub.changed(request.member)  # a page on the old link finds it dead
        link = f"{base}/m/{token}/"
        qr = segno.make(link, error="m").png_data_uri(scale=5, border=2)
        return {"member": request.member, "link": link, "qr": qr, "links": sitting.access.listing()}

    return [
        Route("/api/pulse", pulse),
        Route("/api/links", change(links, LinkRequest), methods=["POST"]),
    ]


def _pulse(sitting: Sitting, hub: Hub) -> dict[str, Any]:
    with sitting.lock:
        box = sitting.box.counted(sitting.journal)
        return {
            "version": sitting.journal.version,
            "online": hub.online(),
            "ballots": 0 if box is None else len(box.voters),
        }
