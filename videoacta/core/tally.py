"""The tally engine: counts, quorum, majorities, ties and results of every vote round."""

from fractions import Fraction

from videoacta.core import majorities
from videoacta.core.events import Choice
from videoacta.core.proceedings import Proceedings, Round, RoundReason
from videoacta.core.results import (
    CHOSEN,
    MEMBER_VOTES,
    Counts,
    GroupResult,
    ItemResult,
    MemberVote,
    Option,
    QuorumCheck,
    Requirement,
    Result,
    RoundResult,
    Tally,
    TallyRun,
)
from videoacta.core.session import Item, Majority, Session
from videoacta.core.terms import VoteType
from videoacta.errors import InputError


def tally(session: Session, proceedings: Proceedings, *, source: str = "votes.jsonl") -> Tally:
    """Count every round of every item; raise InputError where a rule on ties is broken."""
    present = proceedings.present_at_opening
    opening = majorities.opening_check(session, len(present), session.chair in present)
    items = []
    for record in proceedings.items:
        spec = session.item(record.number)
        assert spec is not None
        rounds = count_item(session, spec, record.rounds, source)
        items.append(ItemResult(number=record.number, status=record.status, rounds=rounds))
    return Tally(quorum_at_opening=opening, items=tuple(items))


def count_item(
    session: Session, spec: Item, rounds: tuple[Round, ...], source: str, *, settled: bool = True
) -> tuple[RoundResult, ...]:
    """Count an item's rounds; an unsettled item (open, in the editor) may end tied."""
    results: list[RoundResult] = []
    tied = 0  # tied votes in a row before this one
    for index, vote in enumerate(rounds):
        previous = results[-1] if results else None
        if vote.reason is not RoundReason.REOPENED:  # a reopened vote replaces the previous one
            tied = tied + 1 if previous is not None and previous.result is Result.TIED else 0
        if vote.reason is RoundReason.REPEAT and (previous is None or previous.result.decided):
            raise InputError(
                source,
                f"the vote on item {spec.number} opened again after a decided vote; "
                "use vote_reopened with a reason",
                line=vote.open_line,
            )
        superseded = index < len(rounds) - 1
        final = settled or superseded
        results.append(
            count_round(session, spec, vote, previous, superseded, source, final, tied_before=tied)
        )
    if settled and results and results[-1].result is Result.TIED:
        ties = session.ties(spec)
        why = "ROF 100.2" if ties.rule.value == "casting_vote" else f"ties: {ties.votes} votes"
        raise InputError(
            source,
            f"item {spec.number} tied and the vote was not repeated ({why})",
            line=rounds[-1].close_line,
        )
    return tuple(results)


def count_round(
    session: Session,
    spec: Item,
    vote: Round,
    previous: RoundResult | None,
    superseded: bool,
    source: str,
    settled: bool = True,
    *,
    tied_before: int | None = None,
) -> RoundResult:
    """Count one round: options per member, per group, in total, and the result."""
    vote_type = spec.vote_type or VoteType.ORDINARY
    options = _options(session, vote)
    secret = vote_type is VoteType.SECRET
    by_head = _totals(options, dict.fromkeys(options, Fraction(1)), secret, vote)
    heads = _counts(by_head)
    weights = {m.id: majorities.exact(m.weight) for m in session.members}
    weighted, basis = None, by_head
    if session.weighted and not secret:
        basis = _totals(options, weights, secret, vote)
        weighted = _counts(basis)
    quorum = majorities.quorum_check(
        session,
        len(vote.present),
        vote.chair_present,
        vote.secretary_present,
        requested=vote.quorum_requested,
    )
    majority = session.majority(spec) or Majority.parse("simple")
    units = {m.id: weights[m.id] if weighted is not None else Fraction(1) for m in session.members}
    cast = _cast(vote, units)
    present = sum((units[m] for m in vote.present if m not in vote.recused), Fraction(0))
    yes, no = basis[Option.YES], basis[Option.NO]
    requirement, decidable = majorities.requirement(
        session, majority, yes, no, cast, present, by_weight=weighted is not None
    )
    result = majorities.result(quorum, majority, requirement, yes, no)
    casting = None
    ties = session.ties(spec)
    if tied_before is None:
        tied = previous is not None and previous.result is Result.TIED
        tied_before = 1 if tied and vote.reason is not RoundReason.REOPENED else 0
    last = result is Result.TIED and tied_before + 1 >= ties.votes
    if last and vote.casting_vote is not None and ties.casting_vote and not decidable:
        raise InputError(
            source,
            f"casting_vote on item {spec.number}: it cannot reach the majority '{majority}'",
            line=vote.casting_line or vote.close_line,
        )
    if last and not (ties.casting_vote and decidable):
        result = Result.FAILED
    elif last:
        if (casting := _casting_vote(session, vote, spec, source, settled)) is not None:
            won = casting is Choice.YES
            result = Result.PASSED_BY_CASTING_VOTE if won else Result.FAILED_BY_CASTING_VOTE
    elif vote.casting_vote is not None:
        why = "whose vote is not tied"
        if result is Result.TIED:
            why = f"after {tied_before + 1} tied votes: the rule on ties needs {ties.votes} first"
        raise InputError(
            source,
            f"casting_vote on item {spec.number}, {why}",
            line=vote.casting_line or vote.close_line,
        )
    casters = set(vote.final_choices())
    members = () if secret else _member_votes(session, options, vote, result)
    return RoundResult(
        item=spec.number,
        number=vote.number,
        reason=vote.reason,
        reopen_reason=vote.reopen_reason,
        opened=vote.opened,
        closed=vote.closed,
        vote_type=vote_type,
        counts=heads,
        weighted=weighted,
        groups=() if secret else _groups(session, options),
        members=members,
        participants=tuple(m for m in options if m in casters) if secret else (),
        changes=() if secret else vote.changes(),
        quorum=quorum,
        requirement=requirement,
        result=result,
        casting_vote=casting,
        superseded=superseded,
    )


def _options(session: Session, vote: Round) -> dict[str, Option]:
    """Each member's option: their last cast, else what their attendance makes it."""
    final = vote.final_choices()
    present = set(vote.present)
    out = set(vote.out_of_room)
    recused = set(vote.recused)
    out_rule = Option(session.rules.out_of_room.value)
    options: dict[str, Option] = {}
    for member in session.members:
        if member.id in recused:
            options[member.id] = Option.RECUSED
        elif member.id in final:
            choice = final[member.id]
            options[member.id] = CHOSEN[choice]
        elif member.id not in present:
            options[member.id] = Option.ABSENT
        elif member.id in out:
            options[member.id] = out_rule
        else:
            options[member.id] = Option.ABSTAIN
    return options


def _totals(
    options: dict[str, Option], weights: dict[str, Fraction], secret: bool, vote: Round
) -> dict[Option, Fraction]:
    """Each option's votes, exactly: weights as the decimals written, never float sums."""
    totals = dict.fromkeys(Option, Fraction(0))
    for member, option in options.items():
        totals[option] += weights[member]
    if secret and vote.ballots is not None:
        # Ballots replace the placeholder "abstain" of those who cast one; blank ballots abstain.
        cast = sum((weights[m] for m in vote.final_choices()), Fraction(0))
        totals[Option.ABSTAIN] += vote.ballots.abstain - cast
        totals[Option.YES] += vote.ballots.yes
        totals[Option.NO] += vote.ballots.no
    return totals


def _counts(totals: dict[Option, Fraction]) -> Counts:
    """The counts shown: each exact total as the nearest float (0.1 + 0.2 shows 0.3)."""
    return Counts(**{option.value: float(value) for option, value in totals.items()})


def _cast(vote: Round, units: dict[str, Fraction]) -> Fraction:
    """The votes cast: yes, no and abstentions cast (a secret vote's ballots, blank ones too)."""
    if vote.ballots is not None:
        return Fraction(vote.ballots.total)
    choices = vote.final_choices().items()
    return sum((units[m] for m, c in choices if c is not Choice.NOT_VOTING), Fraction(0))


def _casting_vote(
    session: Session, vote: Round, spec: Item, source: str, settled: bool
) -> Choice | None:
    if vote.casting_vote is not None:
        return vote.casting_vote
    chair = None if vote.chair is None else vote.final_choices().get(vote.chair)
    if chair in (Choice.YES, Choice.NO) and spec.vote_type is not VoteType.SECRET:
        return chair
    if not settled:  # the open item's last round, in the editor: a casting vote may come
        return None
    raise InputError(
        source,
        f"item {spec.number} is still tied after the repeated vote and there is no "
        "casting_vote by the chair",
        line=vote.close_line,
    )


def _member_votes(
    session: Session,
    options: dict[str, Option],
    vote: Round,
    result: Result,
) -> tuple[MemberVote, ...]:
    cast, proxies = set(vote.final_choices()), vote.proxies()
    winning = (Option.YES if result.passed else Option.NO) if result.decided else None
    votes = []
    for member in session.members:
        option = options[member.id]
        in_majority = None
        if winning is not None and option in (Option.YES, Option.NO):
            in_majority = option is winning
        votes.append(
            {
                "member": member.id,
                "group": member.group,
                "option": option,
                "weight": member.weight,
                "cast": member.id in cast,
                "in_majority": in_majority,
                "by": proxies.get(member.id),
            }
        )
    return MEMBER_VOTES.validate_python(votes)


def _groups(session: Session, options: dict[str, Option]) -> tuple[GroupResult, ...]:
    totals = {group.id: dict.fromkeys(Option, 0.0) for group in session.groups}
    for member in session.members:
        if member.group in totals:
            totals[member.group][options[member.id]] += 1
    results = []
    for group in session.groups:
        counts = Counts(**{o.value: v for o, v in totals[group.id].items()})
        results.append(GroupResult(group=group.id, counts=counts, position=_position(counts)))
    return tuple(results)


def _position(counts: Counts) -> str:
    """The group's line: the option most of its voting members took, or 'divided'."""
    voting = {o: counts.get(o) for o in (Option.YES, Option.NO, Option.ABSTAIN)}
    top = max(voting.values())
    if top == 0:
        return "absent"
    leaders = [o for o, v in voting.items() if v == top]
    return leaders[0].value if len(leaders) == 1 else "divided"


__all__ = [
    "CHOSEN",
    "Counts",
    "GroupResult",
    "ItemResult",
    "MemberVote",
    "Option",
    "QuorumCheck",
    "Requirement",
    "Result",
    "RoundResult",
    "Tally",
    "TallyRun",
    "count_item",
    "count_round",
    "tally",
]
