"""When a vote log may run: it opens on the session's date and lasts a bounded time.

The log's first line and `session_opened` fall on the date of `session.toml` in its time zone;
no line is more than `rules.max_duration_hours` after the first one. So a session that opens at
22:00 may run past midnight into the next morning, but a log of another day is refused.
"""

import datetime as dt
import zoneinfo

from videoacta.core import events as ev
from videoacta.core.session import Session
from videoacta.errors import RuleBroken


class SessionDay:
    """Checks each event's time, in the log's order, against the session's date and duration."""

    def __init__(self, session: Session) -> None:
        self.date = session.date
        self.zone = zoneinfo.ZoneInfo(session.timezone)
        self.longest = dt.timedelta(hours=session.rules.max_duration_hours)
        self.first: tuple[dt.datetime, int] | None = None

    def check(self, event: ev.Event, line: int) -> None:
        """Raise RuleBroken if the event is off the session's date or too long after the first."""
        if self.first is None or event.type == "session_opened":
            self._on_the_date(event)
        if self.first is None:
            self.first = (event.time, line)
            return
        first, first_line = self.first
        if event.time - first > self.longest:
            hours = self.longest // dt.timedelta(hours=1)
            raise RuleBroken(
                f"time {event.time.isoformat()} is more than {hours} h after line {first_line} "
                f"({first.isoformat()}); a session lasts at most rules.max_duration_hours"
            )

    def _on_the_date(self, event: ev.Event) -> None:
        local = event.time.astimezone(self.zone)
        if local.date() != self.date:
            raise RuleBroken(
                f"{event.type} at {event.time.isoformat()} is on {local.date().isoformat()} in "
                f"{self.zone.key}, not on the session's date {self.date.isoformat()}"
            )
