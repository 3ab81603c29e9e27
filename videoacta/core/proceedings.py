"""What happened in a session, as replayed from its vote log: items, rounds, attendance."""

import datetime as dt
from enum import StrEnum

from videoacta.core.events import Attendance, Ballots, Choice
from videoacta.core.terms import Frozen


class ItemStatus(StrEnum):
    DEALT = "dealt"
    WITHDRAWN = "withdrawn"
    TABLED = "tabled"
    NOT_DEALT = "not_dealt"


class RoundReason(StrEnum):
    INITIAL = "initial"
    REPEAT = "repeat"
    REOPENED = "reopened"


class IncidentKind(StrEnum):
    MEMBER_JOINED = "member_joined"
    MEMBER_LEFT = "member_left"
    CONNECTION_LOST = "connection_lost"
    CONNECTION_RESTORED = "connection_restored"
    STEPPED_OUT = "stepped_out"
    RETURNED = "returned"
    RECESS = "recess"
    RECUSAL = "recusal"
    QUORUM_LOST = "quorum_lost"
    QUORUM_RESTORED = "quorum_restored"
    VOTE_CHANGED = "vote_changed"
    VOTE_REOPENED = "vote_reopened"
    NOTED = "noted"
    CHAIR_CHANGED = "chair_changed"


class Cast(Frozen):
    """One cast in a round's trail; a later cast by the same member replaces it."""

    member: str  # whose vote it is
    choice: Choice | None
    time: dt.datetime
    line: int
    by: str | None = None  # the holder who cast it on the member's behalf (a delegated vote)


class Round(Frozen):
    """One vote on an item, from its opening to its closing."""

    item: int
    number: int
    reason: RoundReason
    reopen_reason: str | None = None
    opened: dt.datetime
    closed: dt.datetime
    open_line: int
    close_line: int
    casts: tuple[Cast, ...]
    present: tuple[str, ...]
    out_of_room: tuple[str, ...]
    recused: tuple[str, ...]
    chair_present: bool
    secretary_present: bool
    ballots: Ballots | None = None
    casting_vote: Choice | None = None
    casting_line: int | None = None
    quorum_requested: bool = False  # a quorum_requested event came before the vote opened
    chair: str | None = None  # who presides at the vote: None if the chair recused from the item
    casting_member: str | None = None  # who gave the casting_vote

    def final_choices(self) -> dict[str, Choice | None]:
        """Each member's last cast: the one that counts."""
        return {cast.member: cast.choice for cast in self.casts}

    def proxies(self) -> dict[str, str]:
        """Each delegated vote that counts: the member, and who cast it for them."""
        last = {cast.member: cast.by for cast in self.casts}
        return {member: by for member, by in last.items() if by is not None}

    def changes(self) -> tuple[Cast, ...]:
        """Casts that replaced an earlier cast by the same member."""
        seen: set[str] = set()
        changed = []
        for cast in self.casts:
            if cast.member in seen:
                changed.append(cast)
            seen.add(cast.member)
        return tuple(changed)


class Intervention(Frozen):
    speaker: str
    item: int | None
    start: dt.datetime
    end: dt.datetime


class Incident(Frozen):
    kind: IncidentKind
    time: dt.datetime
    end: dt.datetime | None = None
    item: int | None = None
    member: str | None = None
    detail: str | None = None


class Recused(Frozen):
    member: str
    reason: str
    time: dt.datetime


class ItemRecord(Frozen):
    number: int
    status: ItemStatus
    opened: dt.datetime | None = None
    closed: dt.datetime | None = None
    reason: str | None = None
    rounds: tuple[Round, ...] = ()
    recusals: tuple[Recused, ...] = ()


class Presence(Frozen):
    """A member's stay in the session, from joining to leaving (or the end)."""

    member: str
    attendance: Attendance
    start: dt.datetime
    end: dt.datetime
    identity: str | None = None


class Proceedings(Frozen):
    opened: dt.datetime
    closed: dt.datetime
    present_at_opening: tuple[str, ...]
    attended: tuple[str, ...]
    presence: tuple[Presence, ...]
    items: tuple[ItemRecord, ...]
    interventions: tuple[Intervention, ...]
    incidents: tuple[Incident, ...]

    def item(self, number: int) -> ItemRecord:
        return next(i for i in self.items if i.number == number)
