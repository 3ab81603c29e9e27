"""Who is in the session and in the room, moment by moment, as the vote log is replayed."""

import datetime as dt
from enum import Enum, auto

from videoacta.core import events as ev
from videoacta.core.proceedings import Presence
from videoacta.core.session import Session
from videoacta.core.terms import Mode
from videoacta.errors import RuleBroken


class State(Enum):
    AWAY = auto()
    IN_ROOM = auto()
    OUT_OF_ROOM = auto()
    DISCONNECTED = auto()


PRESENT = (State.IN_ROOM, State.OUT_OF_ROOM)


class Attendance:
    """Each member's state; officials (secretary, comptroller) are in the room from the start."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.members = [m.id for m in session.members]
        self.official_ids = {o.id for o in session.officials}
        self.state = dict.fromkeys(self.members, State.AWAY)
        self.state.update(dict.fromkeys(self.official_ids, State.IN_ROOM))
        self.joined: dict[str, ev.MemberJoined] = {}
        self.presence: list[Presence] = []
        self.attended: dict[str, None] = {}

    def member(self, member_id: str) -> str:
        """The id of a member of the body, or RuleBroken naming what it is instead."""
        if member_id in self.official_ids:
            raise RuleBroken(f"'{member_id}' is an official, not a member")
        if member_id not in self.state:
            if any(m.id == member_id for m in self.session.out_of_office):
                raise RuleBroken(f"member '{member_id}' is not in office on {self.session.date}")
            raise RuleBroken(f"member '{member_id}' is not in session.toml")
        return member_id

    def present(self) -> tuple[str, ...]:
        """Members in the session (in the room or stepped out), in session.toml order."""
        return tuple(m for m in self.members if self.state[m] in PRESENT)

    def in_room(self) -> tuple[str, ...]:
        return tuple(m for m in self.members if self.state[m] is State.IN_ROOM)

    def present_count(self) -> int:
        return sum(1 for m in self.members if self.state[m] in PRESENT)

    def join(self, event: ev.MemberJoined) -> None:
        member = self.member(event.member)
        if member in self.session.excused:
            raise RuleBroken(f"member '{member}' joined but is listed as excused in session.toml")
        if self.state[member] is not State.AWAY:
            raise RuleBroken(f"member '{member}' joined but is already present")
        self._check_remote(event)
        self.state[member] = State.IN_ROOM
        self.joined[member] = event
        self.attended[member] = None

    def _check_remote(self, event: ev.MemberJoined) -> None:
        if event.attendance is not ev.Attendance.REMOTE:
            if self.session.mode is Mode.REMOTE:
                raise RuleBroken(f"member '{event.member}' joined in person in a remote session")
            return
        if self.session.mode is Mode.IN_PERSON:
            raise RuleBroken(f"member '{event.member}' joined remotely in an in-person session")
        if not event.identity:
            raise RuleBroken(f"remote member '{event.member}' has no proof of identity (LBRL 46.3)")
        if event.in_spain is not True:
            raise RuleBroken(f"remote member '{event.member}' is not declared in Spain (LBRL 46.3)")

    def leave(self, event: ev.MemberLeft) -> None:
        member = self.member(event.member)
        if self.state[member] is State.AWAY:
            raise RuleBroken(f"member '{member}' left but is not present")
        self._end_presence(member, event.time)
        self.state[member] = State.AWAY

    def _end_presence(self, member: str, end: dt.datetime) -> None:
        joined = self.joined.pop(member)
        self.presence.append(
            Presence(
                member=member,
                attendance=joined.attendance,
                start=joined.time,
                end=end,
                identity=joined.identity,
            )
        )

    def end_all(self, end: dt.datetime) -> tuple[Presence, ...]:
        """Close every stay still open at `end`, and return them all in time order."""
        for member in list(self.joined):
            self._end_presence(member, end)
        return tuple(sorted(self.presence, key=lambda p: (p.start, p.member)))

    def lose_connection(self, event: ev.ConnectionLost) -> None:
        member = self.member(event.member)
        joined = self.joined.get(member)
        if joined is None or joined.attendance is not ev.Attendance.REMOTE:
            raise RuleBroken(f"member '{member}' lost a connection but is not attending remotely")
        if self.state[member] is State.DISCONNECTED:
            raise RuleBroken(f"member '{member}' lost a connection already lost")
        self.state[member] = State.DISCONNECTED

    def restore_connection(self, event: ev.ConnectionRestored) -> None:
        member = self.member(event.member)
        if self.state[member] is not State.DISCONNECTED:
            raise RuleBroken(f"member '{member}' restored a connection that was not lost")
        self.state[member] = State.IN_ROOM

    def step_out(self, event: ev.MemberSteppedOut) -> None:
        member = self.member(event.member)
        if self.state[member] is not State.IN_ROOM:
            raise RuleBroken(f"member '{member}' stepped out but is not in the room")
        self.state[member] = State.OUT_OF_ROOM

    def come_back(self, event: ev.MemberReturned) -> None:
        member = self.member(event.member)
        if self.state[member] is not State.OUT_OF_ROOM:
            raise RuleBroken(f"member '{member}' returned but had not stepped out")
        self.state[member] = State.IN_ROOM
