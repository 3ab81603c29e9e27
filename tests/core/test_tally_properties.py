"""Invariants of the tally over random sessions and vote logs."""

from dataclasses import dataclass, replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import Log, session_data
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import Option, Result, Tally, count_round, tally

SETTINGS = settings(max_examples=60, deadline=None)
ATTENDANCE = ("in", "in", "in", "out", "away")
CHOICES = ("yes", "yes", "no", "abstain", "not_voting")
MAJORITIES = (None, None, "absolute", "two_thirds", "3/5")


@dataclass(frozen=True)
class Vote:
    """One item's vote: who is recused, each member's casts in order, the secret ballots."""

    item: int
    recused: frozenset[str]
    casts: tuple[tuple[str, str | None], ...]
    ballots: tuple[int, int, int] | None = None
    casting: str = "yes"
    proxies: tuple[tuple[str, str, str], ...] = ()  # (holder, absent member, choice)


@dataclass(frozen=True)
class Scenario:
    data: dict[str, Any]
    attendance: dict[str, str]
    votes: tuple[Vote, ...]

    @property
    def session(self) -> Session:
        return Session.model_validate(self.data)

    def log(self, repeat: frozenset[int] = frozenset()) -> Log:
        """The vote log; items in `repeat` are voted twice, then the casting vote decides."""
        log = Log().opened([m for m, state in self.attendance.items() if state != "away"])
        for member, state in self.attendance.items():
            if state == "out":
                log.add("member_stepped_out", member=member)
        for vote in self.votes:
            log.add("item_opened", item=vote.item)
            for member in sorted(vote.recused):
                log.add("recusal", item=vote.item, member=member, reason="interès personal")
            for _ in range(2 if vote.item in repeat else 1):
                _round(log, vote)
            if vote.item in repeat:
                log.add("casting_vote", item=vote.item, choice=vote.casting)
            log.add("item_closed", item=vote.item)
        return log.add("session_closed")

    def tally(self) -> Tally:
        """Replay and count, repeating each vote that ties so that the log is complete."""
        session = self.session
        first = replay(session, self.log().log())
        tied = frozenset(
            record.number
            for record in first.items
            for vote in record.rounds
            if _counted(session, record.number, vote).result is Result.TIED
        )
        return tally(session, replay(session, self.log(tied).log()))


def _round(log: Log, vote: Vote) -> None:
    log.add("vote_opened", item=vote.item)
    for member, choice in vote.casts:
        fields = {} if choice is None else {"choice": choice}
        log.add("vote_cast", item=vote.item, member=member, **fields)
    for holder, member, choice in vote.proxies:
        log.add("vote_cast", item=vote.item, member=holder, choice=choice, on_behalf_of=member)
    closing: dict[str, Any] = {}
    if vote.ballots is not None:
        closing["ballots"] = dict(zip(("yes", "no", "abstain"), vote.ballots, strict=True))
    log.add("vote_closed", item=vote.item, **closing)


def _counted(session: Session, number: int, vote: Any) -> Any:
    spec = session.item(number)
    assert spec is not None
    return count_round(session, spec, vote, None, False, "votes.jsonl")


@st.composite
def scenarios(
    draw: st.DrawFn,
    *,
    weights: st.SearchStrategy[float] | None = None,
    changes: bool = True,
) -> Scenario:
    """A session of 1-25 members in 1-4 groups, and a vote on a proposal and on an election."""
    size = draw(st.integers(1, 25))
    groups = draw(st.integers(1, min(4, size)))
    data = session_data(members=size, groups=groups)
    data["body"]["legal_members"] = size + draw(st.integers(0, 5))
    data["items"][0]["majority"] = draw(st.sampled_from(MAJORITIES))
    data["rules"] = {}
    if draw(st.booleans()):
        data["rules"]["out_of_room"] = "absent"
    proxies = draw(st.booleans())
    if proxies:
        data["rules"] |= {"proxies": "allowed", "max_proxies": 2}
    weight = weights or st.sampled_from((0.5, 1.0, 1.0, 2.0, 3.0))
    if weights is not None or draw(st.booleans()):
        for member in data["members"]:
            member["weight"] = draw(weight)
    ids = [m["id"] for m in data["members"]]
    attendance = {m: draw(st.sampled_from(ATTENDANCE)) for m in ids}
    votes = (
        draw(_votes(1, ids, attendance, secret=False, changes=changes, proxies=proxies)),
        draw(_votes(2, ids, attendance, secret=True, changes=False)),
    )
    return Scenario(data=data, attendance=attendance, votes=votes)


@st.composite
def _votes(
    draw: st.DrawFn,
    item: int,
    ids: list[str],
    attendance: dict[str, str],
    *,
    secret: bool,
    changes: bool,
    proxies: bool = False,
) -> Vote:
    recused = frozenset(m for m in ids if draw(st.integers(0, 19)) == 0)
    voters = [m for m in ids if attendance[m] == "in" and m not in recused]
    casters = [m for m in draw(st.permutations(voters)) if draw(st.integers(0, 5))]
    casting = draw(st.sampled_from(("yes", "no")))
    if secret:
        yes = draw(st.integers(0, len(casters)))
        no = draw(st.integers(0, len(casters) - yes))
        ballots = (yes, no, len(casters) - yes - no)
        casts = tuple((m, None) for m in casters)
        return Vote(item, recused, casts, ballots, casting)
    casts = [(m, draw(st.sampled_from(CHOICES))) for m in casters]
    if changes and casters:
        again = draw(st.lists(st.sampled_from(casters), max_size=4))
        casts += [(m, draw(st.sampled_from(CHOICES))) for m in again]
    delegated: list[tuple[str, str, str]] = []
    if proxies and voters:
        for member in (m for m in ids if attendance[m] == "away" and m not in recused):
            holder = draw(st.sampled_from([None, *voters]))
            if holder is not None and sum(h == holder for h, _, _ in delegated) < 2:
                delegated.append((holder, member, draw(st.sampled_from(CHOICES))))
    return Vote(item, recused, tuple(casts), None, casting, tuple(delegated))


@SETTINGS
@given(scenarios())
def test_every_member_is_counted_once_by_head_and_by_weight(scenario: Scenario) -> None:
    session = scenario.session
    for result in scenario.tally().rounds:
        assert result.counts.total == len(session.members)
        if result.weighted is not None:
            assert result.weighted.total == sum(m.weight for m in session.members)


@SETTINGS
@given(scenarios())
def test_group_counts_add_up_to_the_totals(scenario: Scenario) -> None:
    for result in scenario.tally().rounds:
        if not result.groups:
            assert result.members == ()
            continue
        for option in Option:
            assert sum(g.counts.get(option) for g in result.groups) == result.counts.get(option)


@SETTINGS
@given(scenarios(), st.sampled_from((1.0, 2.0, 0.5, 3.0)))
def test_equal_weights_give_the_same_results_as_heads(scenario: Scenario, weight: float) -> None:
    """Weights all 1 (or all equal, with N's weight to match) change nothing but the scale."""
    heads = _reweighted(scenario, 1.0).tally()
    weighted = _reweighted(scenario, weight).tally()
    assert [r.result for r in weighted.rounds] == [r.result for r in heads.rounds]
    assert [r.counts for r in weighted.rounds] == [r.counts for r in heads.rounds]
    assert [[v.in_majority for v in r.members] for r in weighted.rounds] == [
        [v.in_majority for v in r.members] for r in heads.rounds
    ]
    for scaled, plain in zip(weighted.rounds, heads.rounds, strict=True):
        if scaled.weighted is not None:
            assert scaled.weighted.model_dump() == {
                option: value * weight for option, value in plain.counts.model_dump().items()
            }


def _reweighted(scenario: Scenario, weight: float) -> Scenario:
    data = {**scenario.data}
    data["members"] = [{**m, "weight": weight} for m in data["members"]]
    if weight != 1:
        data["body"] = {**data["body"], "legal_weight": weight * data["body"]["legal_members"]}
    return replace(scenario, data=data)


@SETTINGS
@given(scenarios(changes=False), st.randoms(use_true_random=False))
def test_cast_order_within_a_vote_does_not_matter(scenario: Scenario, random: Any) -> None:
    shuffled = []
    for vote in scenario.votes:
        casts = list(vote.casts)
        random.shuffle(casts)
        shuffled.append(replace(vote, casts=tuple(casts)))
    assert replace(scenario, votes=tuple(shuffled)).tally() == scenario.tally()


@SETTINGS
@given(scenarios())
def test_the_tally_is_deterministic(scenario: Scenario) -> None:
    session = scenario.session
    proceedings = replay(session, scenario.log().log())
    assert replay(session, scenario.log().log()) == proceedings
    assert scenario.tally() == scenario.tally()


@SETTINGS
@given(scenarios())
def test_secret_votes_never_show_a_members_choice(scenario: Scenario) -> None:
    for result in scenario.tally().rounds:
        if result.vote_type.value == "secret":
            assert (result.members, result.groups, result.changes) == ((), (), ())
            assert result.weighted is None
