"""The marks list of the page: each event of the log as one short readable line.

A cast in a secret ballot has no choice in the log, so its line says only that the member took
part; a closed secret ballot shows its totals, which are public.
"""

from typing import Any

from videoacta.core import events as ev
from videoacta.core.session import Session

SAY = {
    "session_opened": "Session opened",
    "session_closed": "Session closed",
    "item_opened": "Item {item} opened",
    "item_closed": "Item {item} closed",
    "item_withdrawn": "Item {item} withdrawn",
    "item_tabled": "Item {item} left on the table",
    "member_joined": "{member} arrives",
    "member_left": "{member} leaves",
    "connection_lost": "{member}: connection lost",
    "connection_restored": "{member}: connection restored",
    "member_stepped_out": "{member} steps out of the room",
    "member_returned": "{member} returns to the room",
    "recess_started": "Recess",
    "recess_ended": "Recess ends",
    "incident_noted": "Incident: {text}",
    "recusal": "{member} recuses from item {item}",
    "speech_started": "{speaker} speaks",
    "speech_ended": "{speaker} ends",
    "vote_opened": "Vote on item {item} opened",
    "vote_cast": "{member} votes {choice} on item {item}",
    "vote_closed": "Vote on item {item} closed",
    "vote_reopened": "Vote on item {item} reopened",
    "casting_vote": "Casting vote on item {item}: {choice}",
    "quorum_requested": "Quorum check requested",
    "chair_changed": "{member} takes the chair",
}


FIELDS = ("item", "member", "speaker", "choice", "text")


class Marks:
    """Summaries of a session's events, with the names of its members and officials."""

    def __init__(self, session: Session) -> None:
        self.names = {m.id: m.name for m in session.members}
        self.names.update((o.id, o.name) for o in session.officials)

    def entry(self, index: int, entry: ev.Entry) -> dict[str, Any]:
        """One mark for the page: its index (what an edit names), line, time, type, summary."""
        event = entry.event
        return {
            "index": index,
            "line": entry.line,
            "time": event.time.isoformat(),
            "type": event.type,
            "summary": self.summary(event),
        }

    def summary(self, event: ev.Event) -> str:
        has = type(event).model_fields
        fields = {name: getattr(event, name) for name in FIELDS if name in has}
        for name in ("member", "speaker"):
            fields[name] = self._name(fields.get(name))
        text = SAY[event.type]
        if isinstance(event, ev.VoteCast) and event.choice is None:
            text = "{member} takes part in the ballot on item {item}"
        elif isinstance(event, ev.MemberJoined) and event.attendance is ev.Attendance.REMOTE:
            text += " (remote)"
        elif isinstance(event, ev.VoteClosed) and event.ballots is not None:
            b = event.ballots
            text += f": {b.yes} yes, {b.no} no, {b.abstain} blank"
        reason = getattr(event, "reason", None) if "reason" in has else None
        line = text.format(**{k: str(v) for k, v in fields.items() if v is not None})
        return f"{line}: {reason}" if reason else line

    def _name(self, member: str | None) -> str | None:
        return None if member is None else self.names.get(member, member)


class MarkCache:
    """The marks of a journal's entries, kept between snapshots: after an append only the new
    entries are summarised (an entry is the same object until a rewrite replaces it)."""

    def __init__(self) -> None:
        self.session: Session | None = None
        self.entries: list[ev.Entry] = []
        self.marks: list[dict[str, Any]] = []

    def marks_of(self, session: Session, entries: tuple[ev.Entry, ...]) -> list[dict[str, Any]]:
        if session is not self.session:
            self.session, self.entries, self.marks = session, [], []
        same, most = 0, min(len(self.entries), len(entries))
        while same < most and self.entries[same] is entries[same]:
            same += 1
        marks = Marks(session)
        fresh = [marks.entry(index, entries[index]) for index in range(same, len(entries))]
        self.entries, self.marks = list(entries), self.marks[:same] + fresh
        return list(self.marks)
