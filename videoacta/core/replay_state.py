"""What a replay of the vote log holds at each moment: what is open, what is recorded so far.

The rules that change it live in `order_rules` (the session, recesses, attendance, speeches,
items) and `vote_rules` (votes); `replay` drives them, one handler per event type.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from videoacta.core import events as ev
from videoacta.core.attendance import Attendance
from videoacta.core.proceedings import (
    Incident,
    IncidentKind,
    Intervention,
    ItemRecord,
    ItemStatus,
    Proceedings,
    Recused,
    Round,
    RoundReason,
)
from videoacta.core.rules import QuorumCheckedAt
from videoacta.core.session import Session
from videoacta.core.session_day import SessionDay
from videoacta.errors import RuleBroken


@dataclass
class OpenRound:
    item: int
    number: int
    reason: RoundReason
    reopen_reason: str | None
    opened: dt.datetime
    line: int
    secret: bool
    quorum_requested: bool = False
    casts: list[dict[str, Any]] = field(default_factory=list)
    cast_by: dict[str, ev.Choice | None] = field(default_factory=dict)
    holders: dict[str, str] = field(default_factory=dict)  # whose vote -> who cast it


@dataclass
class OpenItem:
    number: int
    opened: dt.datetime
    rounds: list[Round] = field(default_factory=list)
    recusals: dict[str, Recused] = field(default_factory=dict)
    reopen_reason: str | None = None


class ReplayState:
    """The session being replayed and everything the events so far have opened or recorded."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.items = {i.number: i for i in session.items}
        self.attendance = Attendance(session)
        self.state = self.attendance.state
        self.opened: dt.datetime | None = None
        self.closed: dt.datetime | None = None
        self.at_opening: tuple[str, ...] = ()
        self.last_time: dt.datetime | None = None
        self.day = SessionDay(session)
        self.item: OpenItem | None = None
        self.round: OpenRound | None = None
        self.records: dict[int, ItemRecord] = {}
        self.speeches: dict[str, tuple[dt.datetime, int | None]] = {}
        self.interventions: list[Intervention] = []
        self.incidents: list[Incident] = []
        self.recess: tuple[dt.datetime, str | None] | None = None
        self.quorum_held = True
        self.quorum_requested = False
        self.chair = session.chair  # who presides now: chair_changed moves it

    # -- checks ------------------------------------------------------------------

    def member(self, member_id: str) -> str:
        return self.attendance.member(member_id)

    def known_item(self, number: int) -> int:
        if number not in self.items:
            raise RuleBroken(f"item {number} is not on the agenda in session.toml")
        return number

    def current_item(self, number: int) -> OpenItem:
        self.known_item(number)
        if self.item is None or self.item.number != number:
            raise RuleBroken(f"item {number} is not open")
        return self.item

    def presiding(self) -> str | None:
        """Who chairs the open item: not a chair who recused from it (LBRL 76)."""
        if self.item is not None and self.chair in self.item.recusals:
            return None
        return self.chair

    def item_number(self) -> int | None:
        return None if self.item is None else self.item.number

    # -- what the events leave behind --------------------------------------------

    def check_quorum(self, time: dt.datetime) -> None:
        rule = self.session.rules.quorum
        if self.opened is None or (
            not rule.none and rule.checked is not QuorumCheckedAt.EVERY_VOTE
        ):
            return
        held = self.attendance.present_count() >= self.session.quorum_required
        if held != self.quorum_held:
            kind = IncidentKind.QUORUM_RESTORED if held else IncidentKind.QUORUM_LOST
            self.incidents.append(Incident(kind=kind, time=time, item=self.item_number()))
        self.quorum_held = held

    def incident(self, kind: IncidentKind, time: dt.datetime, **details: Any) -> None:
        if self.opened is not None:
            self.incidents.append(
                Incident(kind=kind, time=time, item=self.item_number(), **details)
            )

    def end_speech(self, speaker: str, end: dt.datetime) -> None:
        start, item = self.speeches.pop(speaker)
        self.interventions.append(Intervention(speaker=speaker, item=item, start=start, end=end))

    def close_item(
        self, item: OpenItem, status: ItemStatus, time: dt.datetime, reason: str | None
    ) -> None:
        self.records[item.number] = ItemRecord(
            number=item.number,
            status=status,
            opened=item.opened,
            closed=time,
            reason=reason,
            rounds=tuple(item.rounds),
            recusals=tuple(item.recusals.values()),
        )
        self.item = None

    def finish(self) -> Proceedings:
        if self.opened is None or self.closed is None:
            raise RuleBroken("the vote log ends before the session was closed")
        presence = self.attendance.end_all(self.closed)
        attended = self.attendance.attended
        return Proceedings(
            opened=self.opened,
            closed=self.closed,
            present_at_opening=self.at_opening,
            attended=tuple(m for m in self.attendance.members if m in attended),
            presence=presence,
            items=tuple(self._record(item.number) for item in self.session.items),
            interventions=tuple(self.interventions),
            incidents=tuple(self.incidents),
        )

    def _record(self, number: int) -> ItemRecord:
        return self.records.get(number) or ItemRecord(number=number, status=ItemStatus.NOT_DEALT)
