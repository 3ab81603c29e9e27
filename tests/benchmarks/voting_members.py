"""The simulated devices of bench_voting.py: members and boards, each an aiohttp client holding
its event stream open, and the secretary's editor driven over HTTP."""

import asyncio
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

NO_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_read=None, sock_connect=60)
READ_BUFFER = 2**20  # a board's result names every member: one `data:` line of ~60 kB at 1000


def origin(url: str) -> str:
    return "/".join(url.split("/", 3)[:3])


@dataclass
class Device:
    """A member's phone (or the board): a client with its event stream, and what it saw."""

    key: str
    link: str
    http: aiohttp.ClientSession
    views: int = 0
    last: dict[str, Any] | None = None
    awaited: tuple[str, int, int] | None = None  # ("open" | "closed", item, round)
    seen_at: float | None = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    task: "asyncio.Task[None] | None" = None

    @classmethod
    def start(cls, key: str, link: str) -> "Device":
        http = aiohttp.ClientSession(timeout=NO_TIMEOUT, read_bufsize=READ_BUFFER)
        device = cls(key, link, http)
        device.task = asyncio.create_task(device.follow())
        return device

    async def follow(self) -> None:
        """Read the event stream until it ends: `event: state` lines with their `data:`."""
        async with self.http.get(self.link + "api/events") as response:
            assert response.status == 200, f"{self.key}: events answered {response.status}"
            kind = None
            async for raw in response.content:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    kind = line[len("event: ") :]
                elif line.startswith("data: ") and kind == "state":
                    self.seen(json.loads(line[len("data: ") :]))
                elif not line:
                    kind = None

    def seen(self, view: dict[str, Any]) -> None:
        self.views += 1
        self.last = view
        self.ready.set()
        if self.seen_at is None and self.awaited is not None and shows(view, *self.awaited):
            self.seen_at = time.perf_counter()

    def await_view(self, what: str, item: int, round: int) -> None:
        """Note the time this device first shows the vote `what` ("open" or "closed")."""
        self.awaited, self.seen_at = (what, item, round), None
        if self.last is not None and shows(self.last, *self.awaited):
            self.seen_at = time.perf_counter()

    async def vote(self, item: int, round: int, choice: str) -> tuple[float, int, Any]:
        """POST one vote with a fresh client id: seconds to the answer, status, answer."""
        body = {"id": secrets.token_urlsafe(16), "item": item, "round": round, "choice": choice}
        headers = {"Origin": origin(self.link)}
        start = time.perf_counter()
        async with self.http.post(self.link + "api/vote", json=body, headers=headers) as answer:
            data = await answer.json()
        return time.perf_counter() - start, answer.status, data

    async def static(self) -> tuple[float, int, Any]:
        """GET the page's stylesheet: the baseline round trip under the same streams."""
        start = time.perf_counter()
        async with self.http.get(self.link + "static/member.css") as answer:
            data = await answer.read()
        return time.perf_counter() - start, answer.status, len(data)

    async def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        await self.http.close()


def shows(view: dict[str, Any], what: str, item: int, round: int) -> bool:
    """Whether `view` (a member's or the board's) shows the vote open, or its result."""
    if what == "open":
        vote = view.get("vote")
        return vote is not None and (vote["item"], vote["round"]) == (item, round)
    result = view.get("result")
    closed = view.get("vote") is None and result is not None
    return closed and (result["item"], result["round"]) == (item, round)


class Secretary:
    """The secretary's editor page: actions and links, over HTTP on loopback."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = aiohttp.ClientSession(timeout=NO_TIMEOUT, read_bufsize=READ_BUFFER)

    async def post(self, path: str, body: Any) -> Any:
        headers = {"Origin": origin(self.url)}
        async with self.http.post(self.url + path, json=body, headers=headers) as answer:
            data = await answer.json()
            assert answer.status == 200, f"{path}: {answer.status} {data}"
            return data

    async def act(self, **action: Any) -> Any:
        """One action against the log as it is now (members' votes change its version)."""
        async with self.http.get(self.url + "api/pulse") as answer:
            version = (await answer.json())["version"]
        return await self.post("api/action", {"action": action, "version": version})

    async def issue(self, member: str) -> str:
        return str((await self.post("api/links", {"op": "issue", "member": member}))["link"])

    async def close(self) -> None:
        await self.http.close()
