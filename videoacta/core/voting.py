"""The rules of a vote, replayed: rounds, casts, ballots, the casting vote."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from videoacta.core import events as ev
from videoacta.core.attendance import PRESENT, Attendance, State
from videoacta.core.attendance import Fault as _Fault
from videoacta.core.proceedings import Cast, IncidentKind, ItemRecord, Recused, Round, RoundReason
from videoacta.core.session import Item, Session
from videoacta.core.terms import VoteType

# Casts are validated as a batch when their vote closes: one call, not one per cast.
CASTS: TypeAdapter[tuple[Cast, ...]] = TypeAdapter(tuple[Cast, ...])


@dataclass
class OpenRound:
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
class OpenItem:
    number: int
    opened: dt.datetime
    rounds: list[Round] = field(default_factory=list)
    recusals: dict[str, Recused] = field(default_factory=dict)
    reopen_reason: str | None = None


class VoteRules:
    """The vote handlers of the replay; the replay supplies the state they read and write."""

    session: Session
    items: dict[int, Item]
    attendance: Attendance
    state: dict[str, State]
    item: "OpenItem | None"
    round: "OpenRound | None"
    records: dict[int, ItemRecord]
    recess: tuple[dt.datetime, str | None] | None

    def _incident(self, kind: IncidentKind, time: dt.datetime, **details: Any) -> None:
        raise NotImplementedError

    def _known_item(self, number: int) -> int:
        raise NotImplementedError

    def _current_item(self, number: int) -> "OpenItem":
        raise NotImplementedError

    def _member(self, member_id: str) -> str:
        raise NotImplementedError

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
        self.round = OpenRound(
            item=number,
            number=len(item.rounds) + 1,
            reason=reason,
            reopen_reason=item.reopen_reason if reason is RoundReason.REOPENED else None,
            opened=time,
            line=line,
            secret=spec.vote_type is VoteType.SECRET,
        )
        item.reopen_reason = None

    def _open_vote(self, number: int) -> OpenRound:
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
        if state not in PRESENT:
            raise _Fault(f"member '{member}' cast a vote but is not present")
        if state is State.OUT_OF_ROOM:
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

    def _check_ballots(self, event: ev.VoteClosed, vote: OpenRound) -> None:
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

    def _snapshot(self, vote: OpenRound, event: ev.VoteClosed, line: int) -> Round:
        present = tuple(m for m in self.attendance.members if self.state[m] in PRESENT)
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
            out_of_room=tuple(m for m in present if self.state[m] is State.OUT_OF_ROOM),
            recused=tuple(self.item.recusals),
            chair_present=self.state[self.session.chair] in PRESENT,
            secretary_present=self.state[self.session.secretary.id] is State.IN_ROOM,
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
