"""Replay a vote log against its session, checking every rule of order as it goes.

One state machine: `ReplayState` holds what the events so far have opened and recorded, and
`HANDLERS` maps each event type to the one function that applies it (`order_rules` for the
session, attendance, speeches and items; `vote_rules` for votes). mypy checks that each
handler takes the event type it is listed under; a test checks that every type has one.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from videoacta.core import events as ev
from videoacta.core import order_rules as order
from videoacta.core import vote_rules as vote
from videoacta.core.proceedings import Proceedings
from videoacta.core.replay_state import ReplayState
from videoacta.core.session import Session
from videoacta.errors import InputError, RuleBroken

E = TypeVar("E", bound=ev.EventBase)
Handler = Callable[[ReplayState, Any, int], None]
# Events that may come before session_opened: members arrive before the chair opens.
BEFORE_OPENING = frozenset({"session_opened", "member_joined"})


def _on(
    kind: type[E], handle: Callable[[ReplayState, E, int], None]
) -> tuple[type[ev.EventBase], Handler]:
    """One entry of the table: mypy refuses a handler that does not take `kind`."""
    return kind, handle


_ENTRIES: list[tuple[type[ev.EventBase], Handler]] = [
    _on(ev.SessionOpened, order.session_opened),
    _on(ev.SessionClosed, order.session_closed),
    _on(ev.RecessStarted, order.recess_started),
    _on(ev.RecessEnded, order.recess_ended),
    _on(ev.IncidentNoted, order.incident_noted),
    _on(ev.MemberJoined, order.member_joined),
    _on(ev.MemberLeft, order.member_left),
    _on(ev.ConnectionLost, order.connection_lost),
    _on(ev.ConnectionRestored, order.connection_restored),
    _on(ev.MemberSteppedOut, order.member_stepped_out),
    _on(ev.MemberReturned, order.member_returned),
    _on(ev.SpeechStarted, order.speech_started),
    _on(ev.SpeechEnded, order.speech_ended),
    _on(ev.ItemOpened, order.item_opened),
    _on(ev.ItemClosed, order.item_closed),
    _on(ev.ItemWithdrawn, order.item_withdrawn),
    _on(ev.ItemTabled, order.item_tabled),
    _on(ev.Recusal, order.recusal),
    _on(ev.ChairChanged, order.chair_changed),
    _on(ev.VoteOpened, vote.vote_opened),
    _on(ev.VoteReopened, vote.vote_reopened),
    _on(ev.VoteCast, vote.vote_cast),
    _on(ev.VoteClosed, vote.vote_closed),
    _on(ev.CastingVote, vote.casting_vote),
    _on(ev.QuorumRequested, vote.quorum_requested),
]
HANDLERS: Mapping[type[ev.EventBase], Handler] = dict(_ENTRIES)


def replay(session: Session, log: ev.EventLog) -> Proceedings:
    """Fold the log into Proceedings, or raise InputError naming the first bad line."""
    if not log.entries:
        raise InputError(log.source, "the vote log is empty")
    state = ReplayState(session)
    for entry in log.entries:
        try:
            play(state, entry)
        except RuleBroken as broken:
            raise InputError(log.source, str(broken), line=entry.line) from None
    try:
        return state.finish()
    except RuleBroken as broken:
        raise InputError(log.source, str(broken), line=log.entries[-1].line) from None


def play(state: ReplayState, entry: ev.Entry) -> None:
    """Apply one event to `state`: the rules every event obeys, then its type's handler."""
    event = entry.event
    if state.last_time is not None and event.time < state.last_time:
        raise RuleBroken(f"time {event.time.isoformat()} is earlier than the line before it")
    state.last_time = event.time
    state.day.check(event, entry.line)
    if state.closed is not None:
        raise RuleBroken(f"{event.type} after the session was closed")
    if state.opened is None and event.type not in BEFORE_OPENING:
        raise RuleBroken(f"{event.type} before the session was opened")
    HANDLERS[type(event)](state, event, entry.line)
