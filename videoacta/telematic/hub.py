"""Who is waiting for news: each open page's event stream, woken when its view may have changed.

Changes happen in worker threads (a vote, an action of the secretary: they write and fsync); the
streams live on the server's event loop. `changed` is called from any thread and wakes, on the
loop, the streams a change concerns: a member's own vote wakes that member's pages and the board
(how many have voted); anything else wakes every page. A page reads the latest `Snapshot` when
woken, so a burst of changes costs one view, not one per change.
"""

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

BOARD = ""  # the board's key among the members' ids (an id is never empty)


class Hub:
    """The event streams open now, by member (the board under BOARD)."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.waiting: dict[str, set[asyncio.Event]] = {}
        self.lock = threading.Lock()  # `waiting` is read from worker threads too (`online`)

    def changed(self, member: str | None = None) -> None:
        """Wake the streams a change concerns (all when `member` is None); any thread."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the server stops
            loop.call_soon_threadsafe(self._wake, member)

    def online(self) -> dict[str, int]:
        """How many streams each member has open now (the board not included)."""
        with self.lock:
            return {key: len(events) for key, events in self.waiting.items() if key and events}

    def count(self, key: str) -> int:
        """How many streams `key` (a member, or the board) has open now."""
        with self.lock:
            return len(self.waiting.get(key, ()))

    @asynccontextmanager
    async def listening(self, key: str) -> AsyncIterator[asyncio.Event]:
        """An event set whenever the view of `key` may have changed, while the stream lasts."""
        self.loop = asyncio.get_running_loop()
        event = asyncio.Event()
        with self.lock:
            self.waiting.setdefault(key, set()).add(event)
        try:
            yield event
        finally:
            with self.lock:
                self.waiting[key].discard(event)

    def _wake(self, member: str | None) -> None:
        with self.lock:
            keys = list(self.waiting) if member is None else [member, BOARD]
            events = [event for key in keys for event in self.waiting.get(key, ())]
        for event in events:
            event.set()


async def wait(event: asyncio.Event, seconds: float) -> bool:
    """Wait for `event` (then clear it) for at most `seconds`; whether it was set."""
    try:
        await asyncio.wait_for(event.wait(), seconds)
    except TimeoutError:
        return False
    event.clear()
    return True
