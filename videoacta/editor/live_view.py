"""What the marking page shows, as plain JSON: the session's state now, the open vote and its
live tally (counted by the tally's own code), attendance, and the marks of the log.

A secret ballot's choices are never in the log, and never here: for a secret vote the page gets
who took part, and the totals once the ballot is closed.
"""

import weakref
from typing import Any

from videoacta.core.attendance import PRESENT, State
from videoacta.core.proceedings import ItemStatus
from videoacta.core.replay_state import ReplayState
from videoacta.core.results import Result, RoundResult
from videoacta.editor import actions, provisional
from videoacta.editor.journal import Journal
from videoacta.editor.marks import MarkCache
from videoacta.errors import InputError

# The marks of each open journal, kept between snapshots (the page asks after every action).
_CACHES: "weakref.WeakKeyDictionary[Journal, MarkCache]" = weakref.WeakKeyDictionary()


def snapshot(journal: Journal) -> dict[str, Any]:
    """The page's view of the journal: version, session, items, members, vote, tally, marks."""
    state, session = journal.state, journal.session
    return {
        "version": journal.version,
        "opened": _iso(state.opened),
        "closed": _iso(state.closed),
        "recess": None if state.recess is None else _recess(state),
        "item": state.item_number(),
        "items": {str(item.number): _item_status(state, item.number) for item in session.items},
        "members": {member.id: _member(state, member.id) for member in session.members},
        "speaking": list(state.speeches),
        "quorum": {
            "required": session.quorum_required,
            "present": state.attendance.present_count(),
        },
        **_vote_view(journal),
        "entries": _CACHES.setdefault(journal, MarkCache()).marks_of(session, journal.entries),
        "notices": list(journal.notices),
    }


def _iso(time: Any) -> str | None:
    return None if time is None else str(time.isoformat())


def _recess(state: ReplayState) -> dict[str, Any]:
    assert state.recess is not None
    since, reason = state.recess
    return {"since": since.isoformat(), "reason": reason}


def _item_status(state: ReplayState, number: int) -> str:
    if number in state.records:
        return state.records[number].status.value
    if state.item_number() == number:
        return "open"
    return ItemStatus.NOT_DEALT.value


def _member(state: ReplayState, member: str) -> dict[str, Any]:
    """present (in the room or not: `in_room`), disconnected, left, absent or excused."""
    where = state.state[member]
    joined = state.attendance.joined.get(member)
    if member in state.session.excused:
        status = "excused"
    elif where in PRESENT:
        status = "present"
    elif where is State.DISCONNECTED:
        status = "disconnected"
    else:
        status = "left" if member in state.attendance.attended else "absent"
    return {
        "status": status,
        "attendance": None if joined is None else joined.attendance.value,
        "in_room": where is State.IN_ROOM,
        "recused": state.item is not None and member in state.item.recusals,
    }


def _vote_view(journal: Journal) -> dict[str, Any]:
    """The open vote, the live tally of the open item's last round, what the item awaits."""
    state = journal.state
    view: dict[str, Any] = {"vote": None, "tally": None, "can_reopen": False, "tied": False}
    view["needs"] = None
    if state.item is None:
        return view
    vote = state.round
    if vote is not None:
        voted = {m: None if vote.secret else c for m, c in vote.cast_by.items()}
        view["vote"] = {"item": vote.item, "round": vote.number, "secret": vote.secret}
        view["vote"] |= {"reason": vote.reason.value, "voted": voted}
    try:
        results = provisional.item_results(state, state.item.number, journal.next_line)
    except InputError as error:  # a log opened as it was, which the tally would refuse
        view["tally"] = {"error": str(error)}
        return view
    if results:
        # Who could still vote: if the vote closed now, they would count as abstaining.
        waiting = len(actions.reachable(journal, vote.item)) if vote is not None else 0
        view["tally"] = _tally(
            results[-1], open_secret=vote is not None and vote.secret, waiting=waiting
        )
        view["tally"]["closed"] = vote is None
    if vote is None and results:
        view["can_reopen"] = True
        if _tied(results[-1]):
            # As the rules on ties say (rules.ties, or the item's): vote again, or the chair's
            # casting vote, or nothing (a tie fails). The tally reads the chair's own vote as the
            # casting vote when none is logged, so a repeated tie may already count as decided:
            # the chair may still declare it.
            spec = state.items[state.item.number]
            ties = state.session.ties(spec)
            streak = len(results) - next(
                (i + 1 for i in range(len(results) - 1, -1, -1) if not _tied(results[i])), 0
            )
            casting = streak >= ties.votes and ties.casting_vote
            declared = state.item.rounds[-1].casting_vote is not None
            needs = "repeat" if streak < ties.votes else "casting_vote" if casting else None
            view["needs"] = None if declared else needs
            view["tied"] = casting and not declared
    return view


def _tied(result: RoundResult) -> bool:
    """A tie the rules on ties decide: not one a casting vote cannot make a majority of."""
    return result.result in (
        Result.TIED,
        Result.PASSED_BY_CASTING_VOTE,
        Result.FAILED_BY_CASTING_VOTE,
    )


def _tally(result: RoundResult, *, open_secret: bool, waiting: int) -> dict[str, Any]:
    """A round's count: options (for a secret ballot still open, only how many took part: its
    totals come with the ballots at its close), quorum, majority and result."""
    counts = result.counts
    shown = {"yes": counts.yes, "no": counts.no, "abstain": counts.abstain}
    if open_secret:
        shown = {"took_part": len(result.participants)}
    elif waiting:  # the tally counts them as abstaining; the page shows who has not voted yet
        shown = {**shown, "abstain": counts.abstain - waiting, "not_voted_yet": waiting}
    shown |= {"absent": counts.absent, "recused": counts.recused}
    if counts.not_voting and not open_secret:
        shown["not_voting"] = counts.not_voting
    requirement, quorum = result.requirement, result.quorum
    return {
        "item": result.item,
        "round": result.number,
        "counts": shown,
        "quorum": {"required": quorum.required, "present": quorum.present, "held": quorum.held},
        "majority": requirement.majority,
        "threshold": requirement.threshold,
        "reached": requirement.reached,
        "result": result.result.value,
        "passes": result.result.passed,
        "summary": _summary(result, shown),
        "waiting": waiting,
    }


def _summary(result: RoundResult, shown: dict[str, float]) -> str:
    counts = ", ".join(f"{value:g} {name.replace('_', ' ')}" for name, value in shown.items())
    quorum = result.quorum
    held = "held" if quorum.held else "NOT held"
    return (
        f"{counts}; quorum {quorum.present}/{quorum.required} {held}; "
        f"{result.requirement.majority} majority: {result.result.value.replace('_', ' ')}"
    )
