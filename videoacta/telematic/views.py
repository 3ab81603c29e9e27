"""What a member's page and the public board show, from the journal's replayed state.

A `Snapshot` is made under the workspace's lock after every change, then read without it by
every open page: the public part (session, item, open vote, the last result) is made once, and
each member's own part (may they vote, and if not why; their own vote) is small. Nothing here
holds a secret ballot's choice: the log has none, and the box's totals appear only at the close,
as the vote's `ballots`.
"""

from dataclasses import dataclass
from typing import Any

from videoacta.core.attendance import PRESENT, State
from videoacta.core.replay_state import ReplayState
from videoacta.core.results import RoundResult
from videoacta.core.session import Session
from videoacta.core.tally import count_item
from videoacta.editor.journal import Journal
from videoacta.errors import InputError

# Why a member may not vote now, in the order a member's page says it (CONTRACT: `why_not`).
STATUS_REASONS = ("excused", "not_confirmed", "left", "disconnected")


@dataclass(frozen=True)
class Snapshot:
    version: int
    public: dict[str, Any]
    members: dict[str, dict[str, Any]]
    result_members: dict[str, str] | None  # each member's option in the last result (not secret)


def snapshot(journal: Journal, version: int) -> Snapshot:
    """The pages' view of the journal now (the caller holds the workspace's lock)."""
    state, session = journal.state, journal.session
    result = _last_result(state)
    options = None
    if result is not None and result.vote_type.value != "secret":
        options = {vote.member: vote.option.value for vote in result.members}
    # Debated in camera (ROF 88.1): the result and its totals are public, no member's vote.
    spec = None if result is None else session.item(result.item)
    shown = None if spec is None or spec.in_camera else options
    public = {
        "lang": session.language.value,
        "session": _session(session, state),
        "item": _item(state),
        "vote": _vote(state),
        "result": None if result is None else _result(session, result, shown),
    }
    members = {member.id: member_facts(state, member.id) for member in session.members}
    return Snapshot(version, public, members, options)


def with_vote_of(shot: Snapshot, journal: Journal, member: str) -> Snapshot:
    """`shot` after `member` voted: the open vote's count and that member's part made again."""
    public = {**shot.public, "vote": _vote(journal.state)}
    members = {**shot.members, member: member_facts(journal.state, member)}
    return Snapshot(journal.version, public, members, shot.result_members)


def member_view(shot: Snapshot, session: Session, member: str) -> dict[str, Any]:
    """A member's page: the public part without other members' choices, and their own part."""
    person = session.member(member)
    assert person is not None, "a live link names a member of the session"
    group = session.group(person.group)
    public = shot.public
    vote = None if public["vote"] is None else {**public["vote"]}
    if vote is not None:
        del vote["voted"]
    result = public["result"]
    if result is not None:
        own = None if shot.result_members is None else shot.result_members.get(member)
        result = {key: value for key, value in result.items() if key != "members"}
        result["own"] = own if own in ("yes", "no", "abstain") else None
    return {
        "lang": public["lang"],
        "session": public["session"],
        "member": {"id": person.id, "name": person.name, "group": group and group.name},
        **shot.members[member],
        "item": public["item"],
        "vote": vote,
        "result": result,
        "version": shot.version,
    }


def board_view(shot: Snapshot) -> dict[str, Any]:
    """The public board: never a member's choice while a vote is open, never a secret one."""
    return {**shot.public, "version": shot.version}


def _session(session: Session, state: ReplayState) -> dict[str, Any]:
    if state.opened is None:
        phase = "not_opened"
    elif state.closed is not None:
        phase = "closed"
    else:
        phase = "recess" if state.recess is not None else "open"
    return {"id": session.id, "body": session.body.name, "date": session.date.isoformat()} | {
        "state": phase
    }


def _item(state: ReplayState) -> dict[str, Any] | None:
    if state.item is None:
        return None
    return {"number": state.item.number, "title": state.items[state.item.number].title}


def _vote(state: ReplayState) -> dict[str, Any] | None:
    vote = state.round
    if vote is None:
        return None
    kind = state.items[vote.item].vote_type
    return {"item": vote.item, "round": vote.number, "type": kind and kind.value} | {
        "voted": len(vote.cast_by)
    }


def member_facts(state: ReplayState, member: str) -> dict[str, Any]:
    """The member's status, whether they may vote now (and why not), their own vote."""
    status = _status(state, member)
    vote, item = state.round, state.item
    own: dict[str, Any] | None = None
    if vote is not None and member in vote.cast_by:
        choice = vote.cast_by[member]
        own = {"took_part": True} if vote.secret or choice is None else {"choice": choice.value}
    why_not: str | None = status if status in STATUS_REASONS else None
    if why_not is None and (state.opened is None or state.closed is not None):
        why_not = "session_not_open"
    elif why_not is None and item is not None and member in item.recusals:
        why_not = "recused"
    elif why_not is None and status == "out_of_room":
        why_not = "out_of_room"
    elif why_not is None and vote is None:
        why_not = "no_vote"
    elif why_not is None and vote is not None and vote.secret and own is not None:
        why_not = "already_voted"
    return {"status": status, "can_vote": why_not is None, "why_not": why_not, "own": own}


def _status(state: ReplayState, member: str) -> str:
    where = state.state[member]
    if member in state.session.excused:
        return "excused"
    if where is State.IN_ROOM:
        return "present"
    if where in PRESENT:
        return "out_of_room"
    if where is State.DISCONNECTED:
        return "disconnected"
    return "left" if member in state.attendance.attended else "not_confirmed"


def _last_result(state: ReplayState) -> RoundResult | None:
    """The last closed round of the item open now (or, between items, of the last one dealt);
    None while a vote is open (its result is not known yet)."""
    if state.round is not None:
        return None
    if state.item is not None:
        number, rounds, settled = state.item.number, tuple(state.item.rounds), False
    elif state.records:
        number = next(reversed(state.records))
        rounds, settled = state.records[number].rounds, True
    else:
        return None
    if not rounds:
        return None
    try:
        results = count_item(
            state.session, state.items[number], rounds, "votes.jsonl", settled=settled
        )
    except InputError:  # a tie not yet settled the way the tally requires: no result to show
        return None
    return results[-1] if results else None


def _result(session: Session, result: RoundResult, options: dict[str, str] | None) -> Any:
    counts = result.counts
    shown = {"yes": counts.yes, "no": counts.no, "abstain": counts.abstain}
    shown |= {"absent": counts.absent, "recused": counts.recused}
    view: dict[str, Any] = {"item": result.item, "round": result.number}
    view |= {"type": result.vote_type.value, "counts": {k: _number(v) for k, v in shown.items()}}
    view |= {"result": result.result.value, "passes": result.result.passed}
    view["members"] = None if options is None else _by_member(session, options)
    return view


def _by_member(session: Session, options: dict[str, str]) -> list[dict[str, Any]]:
    groups = {group.id: group.name for group in session.groups}
    return [
        {"name": member.name, "group": groups.get(member.group), "choice": options[member.id]}
        for member in session.members
        if member.id in options
    ]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
