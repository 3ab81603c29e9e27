"""A log in progress replayed and counted by the tally's own code: no `finish()` (the session
may still be open), the open vote counted as if it closed now, and the tally's rules on ties
checked as soon as an item's rounds allow.

A replay alone accepts a casting vote after a repeated vote that was not tied, or a vote opened
again after a decided one; `videoacta tally` refuses them when it counts. The editor counts each
item an action touches, so it refuses them at once. An item still open is counted as unsettled:
it may end on a tie, since a repeated vote or the chair's casting vote may still follow.
"""

from collections.abc import Iterable, Sequence

from videoacta.core import events as ev
from videoacta.core.proceedings import Round
from videoacta.core.replay import play as play_event
from videoacta.core.replay_state import ReplayState
from videoacta.core.results import RoundResult
from videoacta.core.session import Session
from videoacta.core.tally import count_item
from videoacta.core.vote_rules import round_so_far
from videoacta.errors import InputError, RuleBroken

SOURCE = "votes.jsonl"


def open_round(state: ReplayState, line: int) -> Round | None:
    """The open vote as a round that closes at the log's last time, on `line`; None if none."""
    if state.round is None or state.last_time is None:
        return None
    return round_so_far(state, state.last_time, line)


def item_results(state: ReplayState, number: int, line: int) -> tuple[RoundResult, ...]:
    """An item's rounds counted as `tally` counts them, the open vote included (closing on
    `line`); InputError naming the line where a rule on ties is broken."""
    spec = state.items[number]
    record = state.records.get(number)
    if record is not None:
        return count_item(state.session, spec, record.rounds, SOURCE)
    if state.item is None or state.item.number != number:
        return ()
    rounds = tuple(state.item.rounds)
    current = open_round(state, line)
    if current is not None:
        rounds += (current,)
    return count_item(state.session, spec, rounds, SOURCE, settled=False)


def check(state: ReplayState, numbers: Iterable[int], line: int) -> None:
    """Count the items `numbers` (those an action touched), raising as `tally` would."""
    for number in sorted(set(numbers)):
        item_results(state, number, line)


def touched(state: ReplayState, before: Iterable[int]) -> set[int]:
    """The items to count after some events: those they closed or set aside, and the open one."""
    numbers = set(state.records) - set(before)
    if state.item is not None:
        numbers.add(state.item.number)
    return numbers


def play(state: ReplayState, entry: ev.Entry) -> None:
    """Play one entry as the replay of `tally` does; its rule, broken, as an InputError."""
    try:
        play_event(state, entry)
    except RuleBroken as broken:
        raise InputError(SOURCE, str(broken), line=entry.line) from None


def replayed(session: Session, entries: Sequence[ev.Entry]) -> ReplayState:
    """A fresh state with `entries` played and every item counted (the log may be unfinished)."""
    state = ReplayState(session)
    for entry in entries:
        play(state, entry)
    numbers = set(state.records) | ({state.item.number} if state.item else set())
    check(state, numbers, entries[-1].line + 1 if entries else 1)
    return state
