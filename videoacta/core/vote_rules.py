"""The rules of a vote, replayed: rounds, casts, ballots, the casting vote.

Each handler takes the replay's state, one event of its type and the event's line; it raises
RuleBroken when the event breaks a rule.
"""

import datetime as dt

from pydantic import TypeAdapter

from videoacta.core import events as ev
from videoacta.core.attendance import PRESENT, State
from videoacta.core.proceedings import Cast, IncidentKind, Round, RoundReason
from videoacta.core.replay_state import OpenRound, ReplayState
from videoacta.core.rules import Proxies, TieRule, Ties
from videoacta.core.terms import VoteType
from videoacta.errors import RuleBroken

# Casts are validated as a batch when their vote closes: one call, not one per cast.
CASTS: TypeAdapter[tuple[Cast, ...]] = TypeAdapter(tuple[Cast, ...])


def vote_opened(replay: ReplayState, event: ev.VoteOpened, line: int) -> None:
    reason = RoundReason.REPEAT
    if replay.item is not None and replay.item.reopen_reason is not None:
        reason = RoundReason.REOPENED
    _open_round(replay, event.item, event.time, line, reason)


def vote_reopened(replay: ReplayState, event: ev.VoteReopened, line: int) -> None:
    item = replay.current_item(event.item)
    if not item.rounds:
        raise RuleBroken(f"vote_reopened on item {item.number}, which has not been voted")
    if replay.round is not None:
        raise RuleBroken(f"vote_reopened on item {item.number} while its vote is open")
    item.reopen_reason = event.reason
    replay.incident(IncidentKind.VOTE_REOPENED, event.time, detail=event.reason)


def _open_round(
    replay: ReplayState, number: int, time: dt.datetime, line: int, reason: RoundReason
) -> None:
    if replay.known_item(number) in replay.records:
        raise RuleBroken(f"item {number} is voted after it was closed")
    item = replay.current_item(number)
    spec = replay.items.get(number)
    if spec is None or spec.vote_type is None:
        raise RuleBroken(f"item {number} is a {spec and spec.kind.value} and takes no vote")
    if replay.round is not None:
        raise RuleBroken(f"a vote on item {number} opened while one is already open")
    if replay.recess is not None:
        raise RuleBroken(f"a vote on item {number} opened during a recess")
    if not item.rounds:
        reason = RoundReason.INITIAL
    replay.round = OpenRound(
        item=number,
        number=len(item.rounds) + 1,
        reason=reason,
        reopen_reason=item.reopen_reason if reason is RoundReason.REOPENED else None,
        opened=time,
        line=line,
        secret=spec.vote_type is VoteType.SECRET,
        quorum_requested=replay.quorum_requested,
    )
    item.reopen_reason = None
    replay.quorum_requested = False


def _open_vote(replay: ReplayState, number: int) -> OpenRound:
    replay.known_item(number)
    if replay.round is None:
        raise RuleBroken(f"no vote is open on item {number}")
    if replay.round.item != number:
        raise RuleBroken(f"the open vote is on item {replay.round.item}, not item {number}")
    return replay.round


def vote_cast(replay: ReplayState, event: ev.VoteCast, line: int) -> None:
    holder = replay.member(event.member)
    vote = _open_vote(replay, event.item)
    _check_caster(replay, holder, event.item)
    member = holder if event.on_behalf_of is None else _principal(replay, vote, event)
    secret = vote.secret
    if secret and event.choice is not None:
        raise RuleBroken(f"a cast in the secret vote on item {event.item} carries a choice")
    if not secret and event.choice is None:
        raise RuleBroken(f"a cast by '{member}' on item {event.item} has no choice")
    if secret and member in vote.cast_by:
        raise RuleBroken(f"member '{member}' cast a second ballot in a secret vote")
    if member in vote.cast_by:
        replay.incident(IncidentKind.VOTE_CHANGED, event.time, member=member)
    by = None if member == holder else holder
    cast = {"member": member, "choice": event.choice, "time": event.time, "line": line, "by": by}
    vote.casts.append(cast)
    vote.cast_by[member] = event.choice
    vote.holders[member] = holder


def _principal(replay: ReplayState, vote: OpenRound, event: ev.VoteCast) -> str:
    """The member a delegated vote is cast for, if the rules allow it (ROF 99.5 forbids it)."""
    assert event.on_behalf_of is not None
    rules, holder = replay.session.rules, event.member
    member = replay.member(event.on_behalf_of)
    where = f"on item {event.item}"
    if rules.proxies is Proxies.FORBIDDEN:
        raise RuleBroken(
            f"'{holder}' cast a vote for '{member}' {where}, but votes cannot be delegated "
            '(rules.proxies = "forbidden", ROF 99.5)'
        )
    if member == holder or replay.state[member] in PRESENT:
        raise RuleBroken(f"'{holder}' cast a vote for '{member}' {where}, who is present")
    if replay.item is not None and member in replay.item.recusals:
        raise RuleBroken(f"'{holder}' cast a vote for '{member}' {where}, who recused from it")
    if vote.holders.get(member, holder) != holder:
        raise RuleBroken(
            f"'{holder}' cast a vote for '{member}' {where}, whose vote "
            f"'{vote.holders[member]}' holds"
        )
    held = {m for m, h in vote.holders.items() if h == holder and m != holder} | {member}
    if len(held) > rules.max_proxies:
        raise RuleBroken(
            f"'{holder}' cast votes for {len(held)} members {where}, more than "
            f"rules.max_proxies ({rules.max_proxies})"
        )
    return member


def _check_caster(replay: ReplayState, member: str, number: int) -> None:
    state = replay.state[member]
    if state not in PRESENT:
        raise RuleBroken(f"member '{member}' cast a vote but is not present")
    if state is State.OUT_OF_ROOM:
        raise RuleBroken(f"member '{member}' cast a vote but is outside the room")
    if replay.item is not None and member in replay.item.recusals:
        raise RuleBroken(f"member '{member}' cast a vote on item {number}, from which they recused")


def _vote_type(replay: ReplayState, number: int) -> VoteType | None:
    spec = replay.items.get(number)
    return None if spec is None else spec.vote_type


def vote_closed(replay: ReplayState, event: ev.VoteClosed, line: int) -> None:
    vote = _open_vote(replay, event.item)
    _check_ballots(replay, event, vote)
    _check_proxies_lapsed(replay, vote)
    assert replay.item is not None
    replay.item.rounds.append(round_so_far(replay, event.time, line, event.ballots))
    replay.round = None


def _check_proxies_lapsed(replay: ReplayState, vote: OpenRound) -> None:
    """A delegated vote stands only for a member not present at the close: one who came in
    must cast their own vote, which replaces it."""
    for member, holder in vote.holders.items():
        if holder != member and replay.state[member] in PRESENT:
            raise RuleBroken(
                f"the vote '{holder}' cast for '{member}' on item {vote.item} stands for a member "
                "present at the close: the member must cast their own vote"
            )


def _check_ballots(replay: ReplayState, event: ev.VoteClosed, vote: OpenRound) -> None:
    secret = _vote_type(replay, event.item) is VoteType.SECRET
    if not secret:
        if event.ballots is not None:
            raise RuleBroken(f"ballot totals given for item {event.item}, which is not secret")
        return
    if event.ballots is None:
        raise RuleBroken(f"the secret vote on item {event.item} closed without ballot totals")
    if event.ballots.total != len(vote.cast_by):
        raise RuleBroken(
            f"the secret vote on item {event.item} counted {event.ballots.total} ballots "
            f"but {len(vote.cast_by)} members cast one"
        )


def round_so_far(
    replay: ReplayState, closed: dt.datetime, line: int, ballots: ev.Ballots | None = None
) -> Round:
    """The open round as it would be if it closed at `closed`, on `line` (the editor counts a
    vote in progress with it)."""
    state, session, vote = replay.state, replay.session, replay.round
    present = tuple(m for m in replay.attendance.members if state[m] in PRESENT)
    assert replay.item is not None
    assert vote is not None
    return Round(
        item=vote.item,
        number=vote.number,
        reason=vote.reason,
        reopen_reason=vote.reopen_reason,
        opened=vote.opened,
        closed=closed,
        open_line=vote.line,
        close_line=line,
        casts=CASTS.validate_python(vote.casts),
        present=present,
        out_of_room=tuple(m for m in present if state[m] is State.OUT_OF_ROOM),
        recused=tuple(replay.item.recusals),
        chair=(chair := replay.presiding()),
        chair_present=chair is not None and state[chair] in PRESENT,
        secretary_present=state[session.secretary.id] is State.IN_ROOM,
        ballots=ballots,
        quorum_requested=vote.quorum_requested,
    )


def casting_vote(replay: ReplayState, event: ev.CastingVote, line: int) -> None:
    item = replay.current_item(event.item)
    if replay.round is not None:
        raise RuleBroken(f"casting_vote on item {item.number} while its vote is open")
    ties = replay.session.ties(replay.items[item.number])
    if not ties.casting_vote:
        raise RuleBroken(
            f"casting_vote on item {item.number}, where a tie {_tie_ends(ties)}: no casting vote"
        )
    repeated = ties.votes == 1 or (
        item.rounds and item.rounds[-1].reason is not RoundReason.INITIAL
    )
    if not item.rounds or not repeated:
        raise RuleBroken(f"casting_vote on item {item.number} without a repeated vote")
    last = item.rounds[-1]
    if last.casting_vote is not None:
        raise RuleBroken(f"a second casting_vote on item {item.number}")
    chair = _casting_chair(replay, event, item.number)
    item.rounds[-1] = last.model_copy(
        update={"casting_vote": event.choice, "casting_line": line, "casting_member": chair}
    )


def _casting_chair(replay: ReplayState, event: ev.CastingVote, number: int) -> str:
    """Whoever chaired the tied vote gives its casting vote, not whoever presides now; a chair
    who recused does not chair it."""
    item = replay.current_item(number)
    chair = item.rounds[-1].chair
    if chair is None:
        raise RuleBroken(
            f"casting_vote on item {number}, whose chair '{replay.chair}' recused from it "
            "(LBRL 76): a chair_changed event names who presides"
        )
    if event.member is not None and event.member != chair:
        raise RuleBroken(
            f"casting_vote on item {number} by '{event.member}', who did not chair its tied "
            f"vote ('{chair}' chaired it)"
        )
    return chair


def _tie_ends(ties: Ties) -> str:
    if ties.rule is TieRule.FAILS:
        return "fails (rules.ties)"
    return f"fails after {ties.votes} votes (rules.ties)"


def quorum_requested(replay: ReplayState, event: ev.QuorumRequested, line: int) -> None:
    if event.member is not None:
        replay.member(event.member)
    if replay.round is not None:
        raise RuleBroken(f"quorum_requested while the vote on item {replay.round.item} is open")
    replay.quorum_requested = True
