"""Replay a vote log against its session, checking every rule of order as it goes."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, auto
from typing import Any

from pydantic import TypeAdapter

from videoacta import events as ev
from videoacta.errors import InputError
from videoacta.models import Mode, Session, VoteType
from videoacta.proceedings import (
    Cast,
    Incident,
    IncidentKind,
    Intervention,
    ItemRecord,
    ItemStatus,
    Presence,
    Proceedings,
    Recused,
    Round,
    RoundReason,
)

# Casts are validated as a batch when their vote closes: one call, not one per cast.
CASTS: TypeAdapter[tuple[Cast, ...]] = TypeAdapter(tuple[Cast, ...])


class _State(Enum):
    AWAY = auto()
    IN_ROOM = auto()
    OUT_OF_ROOM = auto()
    DISCONNECTED = auto()


@dataclass
class _OpenRound:
    item: int
    number: int
    reason: RoundReason
    reopen_reason: str | None
    opened: dt.datetime
    line: int
    secret: bool
    casts: list[dict[str, Any]] = field(default_factory=list)
    cast_by: dict[str, ev.Choice | None] = field(default_factory=dict)


@dataclass
class _OpenItem:
    number: int
    opened: dt.datetime
    rounds: list[Round] = field(default_factory=list)
    recusals: dict[str, Recused] = field(default_factory=dict)
    reopen_reason: str | None = None


class _Fault(Exception):
    """A rule broken by the event being replayed; the replay adds file and line."""


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


class _Replay:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.members = {m.id: m for m in session.members}
        self.items = {i.number: i for i in session.items}
        self.official_ids = {o.id for o in session.officials}
        self.state = dict.fromkeys(self.members, _State.AWAY)
        self.state.update(dict.fromkeys(self.official_ids, _State.IN_ROOM))
        self.joined: dict[str, ev.MemberJoined] = {}
        self.presence: list[Presence] = []
        self.attended: dict[str, None] = {}
        self.opened: dt.datetime | None = None
        self.closed: dt.datetime | None = None
        self.at_opening: tuple[str, ...] = ()
        self.last_time: dt.datetime | None = None
        self.item: _OpenItem | None = None
        self.round: _OpenRound | None = None
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
        if self.closed is not None:
            raise _Fault(f"{event.type} after the session was closed")
        if self.opened is None and event.type not in {"session_opened", "member_joined"}:
            raise _Fault(f"{event.type} before the session was opened")
        self.handlers[event.type](event, entry.line)

    def finish(self) -> Proceedings:
        if self.opened is None or self.closed is None:
            raise _Fault("the vote log ends before the session was closed")
        for member, joined in list(self.joined.items()):
            self._end_presence(member, joined, self.closed)
        return Proceedings(
            opened=self.opened,
            closed=self.closed,
            present_at_opening=self.at_opening,
            attended=tuple(m for m in self.members if m in self.attended),
            presence=tuple(sorted(self.presence, key=lambda p: (p.start, p.member))),
            items=tuple(self._record(item.number) for item in self.session.items),
            interventions=tuple(self.interventions),
            incidents=tuple(self.incidents),
        )

    def _record(self, number: int) -> ItemRecord:
        return self.records.get(number) or ItemRecord(number=number, status=ItemStatus.NOT_DEALT)

    # -- checks ------------------------------------------------------------------

    def _member(self, member_id: str) -> str:
        if member_id in self.official_ids:
            raise _Fault(f"'{member_id}' is an official, not a member")
        if member_id not in self.members:
            raise _Fault(f"member '{member_id}' is not in session.toml")
        return member_id

    def _known_item(self, number: int) -> int:
        if number not in self.items:
            raise _Fault(f"item {number} is not on the agenda in session.toml")
        return number

    def _current_item(self, number: int) -> _OpenItem:
        self._known_item(number)
        if self.item is None or self.item.number != number:
            raise _Fault(f"item {number} is not open")
        return self.item

    def _present_count(self) -> int:
        away = (_State.AWAY, _State.DISCONNECTED)
        return sum(1 for m in self.members if self.state[m] not in away)

    def _check_quorum(self, time: dt.datetime) -> None:
        if self.opened is None:
            return
        held = self._present_count() >= self.session.quorum_required
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
        self.at_opening = tuple(m for m in self.members if self.state[m] is _State.IN_ROOM)
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
        member = self._member(event.member)
        if member in self.session.excused:
            raise _Fault(f"member '{member}' joined but is listed as excused in session.toml")
        if self.state[member] is not _State.AWAY:
            raise _Fault(f"member '{member}' joined but is already present")
        self._check_remote(event)
        self.state[member] = _State.IN_ROOM
        self.joined[member] = event
        self.attended[member] = None
        self._incident(IncidentKind.MEMBER_JOINED, event.time, member=member)
        self._check_quorum(event.time)

    def _check_remote(self, event: ev.MemberJoined) -> None:
        if event.attendance is not ev.Attendance.REMOTE:
            if self.session.mode is Mode.REMOTE:
                raise _Fault(f"member '{event.member}' joined in person in a remote session")
            return
        if self.session.mode is Mode.IN_PERSON:
            raise _Fault(f"member '{event.member}' joined remotely in an in-person session")
        if not event.identity:
            raise _Fault(f"remote member '{event.member}' has no proof of identity (LBRL 46.3)")
        if event.in_spain is not True:
            raise _Fault(f"remote member '{event.member}' is not declared in Spain (LBRL 46.3)")

    def _on_member_left(self, event: ev.MemberLeft, line: int) -> None:
        member = self._member(event.member)
        if self.state[member] is _State.AWAY:
            raise _Fault(f"member '{member}' left but is not present")
        self._end_presence(member, self.joined.pop(member), event.time)
        self.state[member] = _State.AWAY
        self._incident(IncidentKind.MEMBER_LEFT, event.time, member=member, detail=event.reason)
        self._check_quorum(event.time)

    def _end_presence(self, member: str, joined: ev.MemberJoined, end: dt.datetime) -> None:
        self.presence.append(
            Presence(
                member=member,
                attendance=joined.attendance,
                start=joined.time,
                end=end,
                identity=joined.identity,
            )
        )

    def _on_connection_lost(self, event: ev.ConnectionLost, line: int) -> None:
        member = self._member(event.member)
        joined = self.joined.get(member)
        if joined is None or joined.attendance is not ev.Attendance.REMOTE:
            raise _Fault(f"member '{member}' lost a connection but is not attending remotely")
        if self.state[member] is _State.DISCONNECTED:
            raise _Fault(f"member '{member}' lost a connection already lost")
        self.state[member] = _State.DISCONNECTED
        self._incident(IncidentKind.CONNECTION_LOST, event.time, member=member)
        self._check_quorum(event.time)

    def _on_connection_restored(self, event: ev.ConnectionRestored, line: int) -> None:
        member = self._member(event.member)
        if self.state[member] is not _State.DISCONNECTED:
            raise _Fault(f"member '{member}' restored a connection that was not lost")
        self.state[member] = _State.IN_ROOM
        self._incident(IncidentKind.CONNECTION_RESTORED, event.time, member=member)
        self._check_quorum(event.time)

    def _on_member_stepped_out(self, event: ev.MemberSteppedOut, line: int) -> None:
        member = self._member(event.member)
        if self.state[member] is not _State.IN_ROOM:
            raise _Fault(f"member '{member}' stepped out but is not in the room")
        self.state[member] = _State.OUT_OF_ROOM
        self._incident(IncidentKind.STEPPED_OUT, event.time, member=member)

    def _on_member_returned(self, event: ev.MemberReturned, line: int) -> None:
        member = self._member(event.member)
        if self.state[member] is not _State.OUT_OF_ROOM:
            raise _Fault(f"member '{member}' returned but had not stepped out")
        self.state[member] = _State.IN_ROOM
        self._incident(IncidentKind.RETURNED, event.time, member=member)

    # -- speeches ----------------------------------------------------------------

    def _on_speech_started(self, event: ev.SpeechStarted, line: int) -> None:
        speaker = event.speaker
        if speaker not in self.members and speaker not in self.official_ids:
            raise _Fault(f"speaker '{speaker}' is not in session.toml")
        if speaker in self.speeches:
            raise _Fault(f"speaker '{speaker}' started a speech while still speaking")
        if self.state[speaker] in (_State.AWAY, _State.DISCONNECTED):
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
        self.item = _OpenItem(number=number, opened=event.time)

    def _on_item_closed(self, event: ev.ItemClosed, line: int) -> None:
        item = self._current_item(event.item)
        if self.round is not None:
            raise _Fault(f"item {item.number} closed while its vote is open")
        for speaker in [s for s, (_, n) in self.speeches.items() if n == item.number]:
            self._end_speech(speaker, event.time)
        self._close_item(item, ItemStatus.DEALT, event.time, None)

    def _close_item(
        self, item: _OpenItem, status: ItemStatus, time: dt.datetime, reason: str | None
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

    # -- votes -------------------------------------------------------------------

    def _on_vote_opened(self, event: ev.VoteOpened, line: int) -> None:
        reason = RoundReason.REPEAT
        if self.item is not None and self.item.reopen_reason is not None:
            reason = RoundReason.REOPENED
        self._open_round(event.item, event.time, line, reason)

    def _on_vote_reopened(self, event: ev.VoteReopened, line: int) -> None:
        item = self._current_item(event.item)
        if not item.rounds:
            raise _Fault(f"vote_reopened on item {item.number}, which has not been voted")
        if self.round is not None:
            raise _Fault(f"vote_reopened on item {item.number} while its vote is open")
        item.reopen_reason = event.reason
        self._incident(IncidentKind.VOTE_REOPENED, event.time, detail=event.reason)

    def _open_round(self, number: int, time: dt.datetime, line: int, reason: RoundReason) -> None:
        if self._known_item(number) in self.records:
            raise _Fault(f"item {number} is voted after it was closed")
        item = self._current_item(number)
        spec = self.items.get(number)
        if spec is None or spec.vote_type is None:
            raise _Fault(f"item {number} is a {spec and spec.kind.value} and takes no vote")
        if self.round is not None:
            raise _Fault(f"a vote on item {number} opened while one is already open")
        if self.recess is not None:
            raise _Fault(f"a vote on item {number} opened during a recess")
        if not item.rounds:
            reason = RoundReason.INITIAL
        self.round = _OpenRound(
            item=number,
            number=len(item.rounds) + 1,
            reason=reason,
            reopen_reason=item.reopen_reason if reason is RoundReason.REOPENED else None,
            opened=time,
            line=line,
            secret=spec.vote_type is VoteType.SECRET,
        )
        item.reopen_reason = None

    def _open_vote(self, number: int) -> _OpenRound:
        self._known_item(number)
        if self.round is None:
            raise _Fault(f"no vote is open on item {number}")
        if self.round.item != number:
            raise _Fault(f"the open vote is on item {self.round.item}, not item {number}")
        return self.round

    def _on_vote_cast(self, event: ev.VoteCast, line: int) -> None:
        member = self._member(event.member)
        vote = self._open_vote(event.item)
        self._check_caster(member, event.item)
        secret = vote.secret
        if secret and event.choice is not None:
            raise _Fault(f"a cast in the secret vote on item {event.item} carries a choice")
        if not secret and event.choice is None:
            raise _Fault(f"a cast by '{member}' on item {event.item} has no choice")
        if secret and member in vote.cast_by:
            raise _Fault(f"member '{member}' cast a second ballot in a secret vote")
        if member in vote.cast_by:
            self._incident(IncidentKind.VOTE_CHANGED, event.time, member=member)
        vote.casts.append(
            {"member": member, "choice": event.choice, "time": event.time, "line": line}
        )
        vote.cast_by[member] = event.choice

    def _check_caster(self, member: str, number: int) -> None:
        state = self.state[member]
        if state in (_State.AWAY, _State.DISCONNECTED):
            raise _Fault(f"member '{member}' cast a vote but is not present")
        if state is _State.OUT_OF_ROOM:
            raise _Fault(f"member '{member}' cast a vote but is outside the room")
        if self.item is not None and member in self.item.recusals:
            raise _Fault(f"member '{member}' cast a vote on item {number}, from which they recused")

    def _vote_type(self, number: int) -> VoteType | None:
        spec = self.items.get(number)
        return None if spec is None else spec.vote_type

    def _on_vote_closed(self, event: ev.VoteClosed, line: int) -> None:
        vote = self._open_vote(event.item)
        self._check_ballots(event, vote)
        assert self.item is not None
        self.item.rounds.append(self._snapshot(vote, event, line))
        self.round = None

    def _check_ballots(self, event: ev.VoteClosed, vote: _OpenRound) -> None:
        secret = self._vote_type(event.item) is VoteType.SECRET
        if not secret:
            if event.ballots is not None:
                raise _Fault(f"ballot totals given for item {event.item}, which is not secret")
            return
        if event.ballots is None:
            raise _Fault(f"the secret vote on item {event.item} closed without ballot totals")
        if event.ballots.total != len(vote.cast_by):
            raise _Fault(
                f"the secret vote on item {event.item} counted {event.ballots.total} ballots "
                f"but {len(vote.cast_by)} members cast one"
            )

    def _snapshot(self, vote: _OpenRound, event: ev.VoteClosed, line: int) -> Round:
        present = tuple(
            m for m in self.members if self.state[m] in (_State.IN_ROOM, _State.OUT_OF_ROOM)
        )
        assert self.item is not None
        return Round(
            item=vote.item,
            number=vote.number,
            reason=vote.reason,
            reopen_reason=vote.reopen_reason,
            opened=vote.opened,
            closed=event.time,
            open_line=vote.line,
            close_line=line,
            casts=CASTS.validate_python(vote.casts),
            present=present,
            out_of_room=tuple(m for m in present if self.state[m] is _State.OUT_OF_ROOM),
            recused=tuple(self.item.recusals),
            chair_present=self.state[self.session.chair] in (_State.IN_ROOM, _State.OUT_OF_ROOM),
            secretary_present=self.state[self.session.secretary.id] is _State.IN_ROOM,
            ballots=event.ballots,
        )

    def _on_casting_vote(self, event: ev.CastingVote, line: int) -> None:
        item = self._current_item(event.item)
        if self.round is not None:
            raise _Fault(f"casting_vote on item {item.number} while its vote is open")
        if not item.rounds or item.rounds[-1].reason is RoundReason.INITIAL:
            raise _Fault(f"casting_vote on item {item.number} without a repeated vote")
        last = item.rounds[-1]
        if last.casting_vote is not None:
            raise _Fault(f"a second casting_vote on item {item.number}")
        item.rounds[-1] = last.model_copy(
            update={"casting_vote": event.choice, "casting_line": line}
        )
