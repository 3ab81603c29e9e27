"""The rules of order, replayed: the session, recesses, attendance, speeches, items.

Each handler takes the replay's state, one event of its type and the event's line; it raises
RuleBroken when the event breaks a rule. The votes' handlers are in `vote_rules`.
"""

import datetime as dt

from videoacta.core import events as ev
from videoacta.core.attendance import PRESENT
from videoacta.core.proceedings import IncidentKind, ItemRecord, ItemStatus, Recused
from videoacta.core.replay_state import OpenItem, ReplayState
from videoacta.errors import RuleBroken

# -- session -----------------------------------------------------------------------


def session_opened(replay: ReplayState, event: ev.SessionOpened, line: int) -> None:
    if replay.opened is not None:
        raise RuleBroken("the session was already opened")
    replay.opened = event.time
    replay.at_opening = replay.attendance.in_room()
    replay.check_quorum(event.time)


def session_closed(replay: ReplayState, event: ev.SessionClosed, line: int) -> None:
    if replay.item is not None:
        raise RuleBroken(f"the session was closed while item {replay.item.number} was open")
    if replay.recess is not None:
        raise RuleBroken("the session was closed during a recess")
    for speaker in list(replay.speeches):
        replay.end_speech(speaker, event.time)
    replay.closed = event.time


def recess_started(replay: ReplayState, event: ev.RecessStarted, line: int) -> None:
    if replay.recess is not None:
        raise RuleBroken("a recess started during a recess")
    if replay.round is not None:
        raise RuleBroken(f"a recess started while the vote on item {replay.round.item} was open")
    replay.recess = (event.time, event.reason)


def incident_noted(replay: ReplayState, event: ev.IncidentNoted, line: int) -> None:
    replay.incident(IncidentKind.NOTED, event.time, detail=event.text)


def recess_ended(replay: ReplayState, event: ev.RecessEnded, line: int) -> None:
    if replay.recess is None:
        raise RuleBroken("recess_ended without a recess_started")
    start, reason = replay.recess
    replay.incident(IncidentKind.RECESS, start, end=event.time, detail=reason)
    replay.recess = None


# -- attendance --------------------------------------------------------------------


def member_joined(replay: ReplayState, event: ev.MemberJoined, line: int) -> None:
    replay.attendance.join(event)
    replay.incident(IncidentKind.MEMBER_JOINED, event.time, member=event.member)
    replay.check_quorum(event.time)


def member_left(replay: ReplayState, event: ev.MemberLeft, line: int) -> None:
    replay.attendance.leave(event)
    replay.incident(IncidentKind.MEMBER_LEFT, event.time, member=event.member, detail=event.reason)
    replay.check_quorum(event.time)


def connection_lost(replay: ReplayState, event: ev.ConnectionLost, line: int) -> None:
    replay.attendance.lose_connection(event)
    replay.incident(IncidentKind.CONNECTION_LOST, event.time, member=event.member)
    replay.check_quorum(event.time)


def connection_restored(replay: ReplayState, event: ev.ConnectionRestored, line: int) -> None:
    replay.attendance.restore_connection(event)
    replay.incident(IncidentKind.CONNECTION_RESTORED, event.time, member=event.member)
    replay.check_quorum(event.time)


def member_stepped_out(replay: ReplayState, event: ev.MemberSteppedOut, line: int) -> None:
    replay.attendance.step_out(event)
    replay.incident(IncidentKind.STEPPED_OUT, event.time, member=event.member)


def member_returned(replay: ReplayState, event: ev.MemberReturned, line: int) -> None:
    replay.attendance.come_back(event)
    replay.incident(IncidentKind.RETURNED, event.time, member=event.member)


# -- speeches ----------------------------------------------------------------------


def speech_started(replay: ReplayState, event: ev.SpeechStarted, line: int) -> None:
    speaker = event.speaker
    if speaker not in replay.state:
        raise RuleBroken(f"speaker '{speaker}' is not in session.toml")
    if speaker in replay.speeches:
        raise RuleBroken(f"speaker '{speaker}' started a speech while still speaking")
    if replay.state[speaker] not in PRESENT:
        raise RuleBroken(f"speaker '{speaker}' is not present")
    replay.speeches[speaker] = (event.time, replay.item_number())


def speech_ended(replay: ReplayState, event: ev.SpeechEnded, line: int) -> None:
    if event.speaker not in replay.speeches:
        raise RuleBroken(f"speech_ended for '{event.speaker}' without a speech_started")
    replay.end_speech(event.speaker, event.time)


# -- items -------------------------------------------------------------------------


def item_opened(replay: ReplayState, event: ev.ItemOpened, line: int) -> None:
    number = replay.known_item(event.item)
    if replay.item is not None:
        raise RuleBroken(f"item {number} opened while item {replay.item.number} is still open")
    if number in replay.records:
        raise RuleBroken(f"item {number} was already dealt with")
    if replay.recess is not None:
        raise RuleBroken(f"item {number} opened during a recess")
    replay.item = OpenItem(number=number, opened=event.time)


def item_closed(replay: ReplayState, event: ev.ItemClosed, line: int) -> None:
    item = replay.current_item(event.item)
    if replay.round is not None:
        raise RuleBroken(f"item {item.number} closed while its vote is open")
    for speaker in [s for s, (_, n) in replay.speeches.items() if n == item.number]:
        replay.end_speech(speaker, event.time)
    replay.close_item(item, ItemStatus.DEALT, event.time, None)


def item_withdrawn(replay: ReplayState, event: ev.ItemWithdrawn, line: int) -> None:
    _set_aside(replay, event.item, ItemStatus.WITHDRAWN, event.time, event.reason)


def item_tabled(replay: ReplayState, event: ev.ItemTabled, line: int) -> None:
    _set_aside(replay, event.item, ItemStatus.TABLED, event.time, event.reason)


def _set_aside(
    replay: ReplayState, number: int, status: ItemStatus, time: dt.datetime, reason: str | None
) -> None:
    replay.known_item(number)
    if number in replay.records:
        raise RuleBroken(f"item {number} was already dealt with")
    if replay.item is not None and replay.item.number != number:
        raise RuleBroken(f"item {number} set aside while item {replay.item.number} is open")
    if replay.round is not None:
        raise RuleBroken(f"item {number} set aside while its vote is open")
    if replay.item is None:
        replay.records[number] = ItemRecord(
            number=number, status=status, opened=time, closed=time, reason=reason
        )
        return
    replay.close_item(replay.item, status, time, reason)


def recusal(replay: ReplayState, event: ev.Recusal, line: int) -> None:
    member = replay.member(event.member)
    item = replay.current_item(event.item)
    if replay.round is not None and member in replay.round.cast_by:
        raise RuleBroken(f"member '{member}' recused after casting a vote on item {item.number}")
    recused = Recused(member=member, reason=event.reason, time=event.time)
    item.recusals[member] = recused
    replay.incident(IncidentKind.RECUSAL, event.time, member=member, detail=event.reason)


def chair_changed(replay: ReplayState, event: ev.ChairChanged, line: int) -> None:
    member = replay.member(event.member)
    if replay.round is not None:
        raise RuleBroken(f"the chair changed while the vote on item {replay.round.item} is open")
    if replay.state[member] not in PRESENT:
        raise RuleBroken(f"member '{member}' took the chair but is not present")
    if replay.item is not None and member in replay.item.recusals:
        raise RuleBroken(
            f"member '{member}' took the chair of item {replay.item.number}, from which they "
            "recused (LBRL 76)"
        )
    if member == replay.chair:
        raise RuleBroken(f"member '{member}' took the chair, which they already hold")
    replay.chair = member
    replay.incident(IncidentKind.CHAIR_CHANGED, event.time, member=member, detail=event.reason)
