"""The results of a tally: counts, quorum, requirement and outcome of every vote round."""

import datetime as dt
from enum import StrEnum

from pydantic import TypeAdapter

from videoacta.core.events import Choice
from videoacta.core.proceedings import Cast, ItemStatus, Proceedings, RoundReason
from videoacta.core.session import Session
from videoacta.core.terms import Frozen, VoteType


class Option(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    ABSENT = "absent"
    RECUSED = "recused"
    NOT_VOTING = "not_voting"


class Result(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    TIED = "tied"
    PASSED_BY_CASTING_VOTE = "passed_by_casting_vote"
    FAILED_BY_CASTING_VOTE = "failed_by_casting_vote"
    NO_QUORUM = "no_quorum"

    @property
    def passed(self) -> bool:
        return self in {Result.PASSED, Result.PASSED_BY_CASTING_VOTE}

    @property
    def decided(self) -> bool:
        return self not in {Result.TIED, Result.NO_QUORUM}


# A cast's choice as an option; a secret ballot's hidden choice stands as "abstain" until the
# ballot totals replace it.
CHOSEN = {
    Choice.YES: Option.YES,
    Choice.NO: Option.NO,
    Choice.ABSTAIN: Option.ABSTAIN,
    Choice.NOT_VOTING: Option.NOT_VOTING,
    None: Option.ABSTAIN,
}


class Counts(Frozen):
    yes: float = 0
    no: float = 0
    abstain: float = 0
    absent: float = 0
    recused: float = 0
    not_voting: float = 0

    @property
    def total(self) -> float:
        return self.yes + self.no + self.abstain + self.absent + self.recused + self.not_voting

    def get(self, option: Option) -> float:
        value: float = getattr(self, option.value)
        return value


class MemberVote(Frozen):
    member: str
    group: str
    option: Option
    weight: float
    cast: bool
    in_majority: bool | None
    by: str | None = None  # a delegated vote: the member who cast it


# Validated as a batch, one call a round: a body of 577 members makes this the hot path.
MEMBER_VOTES: TypeAdapter[tuple[MemberVote, ...]] = TypeAdapter(tuple[MemberVote, ...])


class GroupResult(Frozen):
    group: str
    counts: Counts
    position: str


class QuorumCheck(Frozen):
    required: int
    present: int
    chair_present: bool
    secretary_present: bool
    checked: bool = True  # false where the rules check it only at the opening, or on request

    @property
    def held(self) -> bool:
        if not self.checked:
            return True
        return self.present >= self.required and self.chair_present and self.secretary_present


class Requirement(Frozen):
    majority: str
    threshold: float
    basis: float
    reached: bool


class RoundResult(Frozen):
    item: int
    number: int
    reason: RoundReason
    reopen_reason: str | None
    opened: dt.datetime
    closed: dt.datetime
    vote_type: VoteType
    counts: Counts
    weighted: Counts | None
    groups: tuple[GroupResult, ...]
    members: tuple[MemberVote, ...]
    participants: tuple[str, ...]
    changes: tuple[Cast, ...]
    quorum: QuorumCheck
    requirement: Requirement
    result: Result
    casting_vote: Choice | None
    superseded: bool


class ItemResult(Frozen):
    number: int
    status: ItemStatus
    rounds: tuple[RoundResult, ...]

    @property
    def result(self) -> Result | None:
        return self.rounds[-1].result if self.rounds else None


class Tally(Frozen):
    quorum_at_opening: QuorumCheck
    items: tuple[ItemResult, ...]

    @property
    def rounds(self) -> tuple[RoundResult, ...]:
        return tuple(r for item in self.items for r in item.rounds)

    @property
    def lowest_quorum(self) -> QuorumCheck | None:
        checks = [r.quorum for r in self.rounds]
        return min(checks, key=lambda q: q.present) if checks else None


class TallyRun(Frozen):
    """A session, what happened in it, and its count: the input of every later stage."""

    session: Session
    proceedings: Proceedings
    tally: Tally
