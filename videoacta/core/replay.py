"""Replay a vote log against its session, checking every rule of order as it goes."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from videoacta.core import events as ev
from videoacta.core.attendance import PRESENT, Attendance
from videoacta.core.attendance import Fault as _Fault
from videoacta.core.proceedings import (
    Incident,
    IncidentKind,
    Intervention,
    ItemRecord,
    ItemStatus,
    Proceedings,
    Recused,
)
from videoacta.core.session import Session
from videoacta.core.session_day import SessionDay
from videoacta.core.voting import OpenItem, OpenRound, VoteRules
from videoacta.errors import InputError


def replay(session: Session, log: ev.EventLog) -> Proceedings:
    """Fold the log into Proceedings, or raise InputError naming the first bad line."""
    if not log.entries:
        raise InputError(log.source, "the vote log is empty")
    player = _Replay(session)
    for entry in log.entries:
        try:
            player.play(entry)
        except _Fault as fault:
            raise InputError(log.source, str(fault), line=entry.line) from None
    last = log.entries[-1]
    try:
        return player.finish()
    except _Fault as fault:
        raise InputError(log.source, str(fault), line=last.line) from None


class _Replay(VoteRules):
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
        self.handlers: dict[str, Callable[[Any, int], None]] = {
            name.removeprefix("_on_"): getattr(self, name)
            for name in dir(self)
            if name.startswith("_on_")
        }

    # -- driving -----------------------------------------------------------------

    def play(self, entry: ev.Entry) -> None:
        event = entry.event
        if self.last_time is not None and event.time < self.last_time:
            raise _Fault(f"time {event.time.isoformat()} is earlier than the line before it")
        self.last_time = event.time
        self.day.check(event, entry.line)
        if self.closed is not None:
            raise _Fault(f"{event.type} after the session was closed")
        if self.opened is None and event.type not in {"session_opened", "member_joined"}:
            raise _Fault(f"{event.type} before the session was opened")
        self.handlers[event.type](event, entry.line)

    def finish(self) -> Proceedings:
        if self.opened is None or self.closed is None:
            raise _Fault("the vote log ends before the session was closed")
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

    # -- checks ------------------------------------------------------------------

    def _member(self, member_id: str) -> str:
        return self.attendance.member(member_id)

    def _known_item(self, number: int) -> int:
        if number not in self.items:
            raise _Fault(f"item {number} is not on the agenda in session.toml")
        return number

    def _current_item(self, number: int) -> OpenItem:
        self._known_item(number)
        if self.item is None or self.item.number != number:
            raise _Fault(f"item {number} is not open")
        return self.item

    def _check_quorum(self, time: dt.datetime) -> None:
        if self.opened is None:
            return
        held = self.attendance.present_count() >= self.session.quorum_required
        if held != self.quorum_held:
            kind = IncidentKind.QUORUM_RESTORED if held else IncidentKind.QUORUM_LOST
            self.incidents.append(Incident(kind=kind, time=time, item=self._item_number()))
        self.quorum_held = held

    def _item_number(self) -> int | None:
        return None if self.item is None else self.item.number

    def _incident(self, kind: IncidentKind, time: dt.datetime, **details: Any) -> None:
        if self.opened is not None:
            self.incidents.append(
                Incident(kind=kind, time=time, item=self._item_number(), **details)
            )

    # -- session -----------------------------------------------------------------

    def _on_session_opened(self, event: ev.SessionOpened, line: int) -> None:
        if self.opened is not None:
            raise _Fault("the session was already opened")
        self.opened = event.time
        self.at_opening = self.attendance.in_room()
        self._check_quorum(event.time)

    def _on_session_closed(self, event: ev.SessionClosed, line: int) -> None:
        if self.item is not None:
            raise _Fault(f"the session was closed while item {self.item.number} was open")
        if self.recess is not None:
            raise _Fault("the session was closed during a recess")
        for speaker in list(self.speeches):
            self._end_speech(speaker, event.time)
        self.closed = event.time

    def _on_recess_started(self, event: ev.RecessStarted, line: int) -> None:
        if self.recess is not None:
            raise _Fault("a recess started during a recess")
        if self.round is not None:
            raise _Fault(f"a recess started while the vote on item {self.round.item} was open")
        self.recess = (event.time, event.reason)

    def _on_recess_ended(self, event: ev.RecessEnded, line: int) -> None:
        if self.recess is None:
            raise _Fault("recess_ended without a recess_started")
        start, reason = self.recess
        self._incident(IncidentKind.RECESS, start, end=event.time, detail=reason)
        self.recess = None

    # -- attendance --------------------------------------------------------------

    def _on_member_joined(self, event: ev.MemberJoined, line: int) -> None:
        self.attendance.join(event)
        self._incident(IncidentKind.MEMBER_JOINED, event.time, member=event.member)
        self._check_quorum(event.time)

    def _on_member_left(self, event: ev.MemberLeft, line: int) -> None:
        self.attendance.leave(event)
        self._incident(
            IncidentKind.MEMBER_LEFT, event.time, member=event.member, detail=event.reason
        )
        self._check_quorum(event.time)

    def _on_connection_lost(self, event: ev.ConnectionLost, line: int) -> None:
        self.attendance.lose_connection(event)
        self._incident(IncidentKind.CONNECTION_LOST, event.time, member=event.member)
        self._check_quorum(event.time)

    def _on_connection_restored(self, event: ev.ConnectionRestored, line: int) -> None:
        self.attendance.restore_connection(event)
        self._incident(IncidentKind.CONNECTION_RESTORED, event.time, member=event.member)
        self._check_quorum(event.time)

    def _on_member_stepped_out(self, event: ev.MemberSteppedOut, line: int) -> None:
        self.attendance.step_out(event)
        self._incident(IncidentKind.STEPPED_OUT, event.time, member=event.member)

    def _on_member_returned(self, event: ev.MemberReturned, line: int) -> None:
        self.attendance.come_back(event)
        self._incident(IncidentKind.RETURNED, event.time, member=event.member)

    # -- speeches ----------------------------------------------------------------

    def _on_speech_started(self, event: ev.SpeechStarted, line: int) -> None:
        speaker = event.speaker
        if speaker not in self.state:
            raise _Fault(f"speaker '{speaker}' is not in session.toml")
        if speaker in self.speeches:
            raise _Fault(f"speaker '{speaker}' started a speech while still speaking")
        if self.state[speaker] not in PRESENT:
            raise _Fault(f"speaker '{speaker}' is not present")
        self.speeches[speaker] = (event.time, self._item_number())

    def _on_speech_ended(self, event: ev.SpeechEnded, line: int) -> None:
        if event.speaker not in self.speeches:
            raise _Fault(f"speech_ended for '{event.speaker}' without a speech_started")
        self._end_speech(event.speaker, event.time)

    def _end_speech(self, speaker: str, end: dt.datetime) -> None:
        start, item = self.speeches.pop(speaker)
        self.interventions.append(Intervention(speaker=speaker, item=item, start=start, end=end))

    # -- items -------------------------------------------------------------------

    def _on_item_opened(self, event: ev.ItemOpened, line: int) -> None:
        number = self._known_item(event.item)
        if self.item is not None:
            raise _Fault(f"item {number} opened while item {self.item.number} is still open")
        if number in self.records:
            raise _Fault(f"item {number} was already dealt with")
        if self.recess is not None:
            raise _Fault(f"item {number} opened during a recess")
        self.item = OpenItem(number=number, opened=event.time)

    def _on_item_closed(self, event: ev.ItemClosed, line: int) -> None:
        item = self._current_item(event.item)
        if self.round is not None:
            raise _Fault(f"item {item.number} closed while its vote is open")
        for speaker in [s for s, (_, n) in self.speeches.items() if n == item.number]:
            self._end_speech(speaker, event.time)
        self._close_item(item, ItemStatus.DEALT, event.time, None)

    def _close_item(
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

    def _on_item_withdrawn(self, event: ev.ItemWithdrawn, line: int) -> None:
        self._set_aside(event.item, ItemStatus.WITHDRAWN, event.time, event.reason)

    def _on_item_tabled(self, event: ev.ItemTabled, line: int) -> None:
        self._set_aside(event.item, ItemStatus.TABLED, event.time, event.reason)

    def _set_aside(
        self, number: int, status: ItemStatus, time: dt.datetime, reason: str | None
    ) -> None:
        self._known_item(number)
        if number in self.records:
            raise _Fault(f"item {number} was already dealt with")
        if self.item is not None and self.item.number != number:
            raise _Fault(f"item {number} set aside while item {self.item.number} is open")
        if self.round is not None:
            raise _Fault(f"item {number} set aside while its vote is open")
        if self.item is None:
            self.records[number] = ItemRecord(
                number=number, status=status, opened=time, closed=time, reason=reason
            )
            return
        self._close_item(self.item, status, time, reason)

    def _on_recusal(self, event: ev.Recusal, line: int) -> None:
        member = self._member(event.member)
        item = self._current_item(event.item)
        if self.round is not None and member in self.round.cast_by:
            raise _Fault(f"member '{member}' recused after casting a vote on item {item.number}")
        recused = Recused(member=member, reason=event.reason, time=event.time)
        item.recusals[member] = recused
        self._incident(IncidentKind.RECUSAL, event.time, member=member, detail=event.reason)
