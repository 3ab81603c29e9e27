"""A round's required majority, measured as the rules say: bases, thresholds, ties, quorum."""

from fractions import Fraction

from videoacta.core.results import QuorumCheck, Requirement, Result
from videoacta.core.rules import Base, Condition, QuorumCheckedAt, Threshold
from videoacta.core.session import Majority, Session

# The simple majority (LBRL 47.1): more yes than no. Its requirement reads "yes > no".
SIMPLE = (Condition(Threshold(Fraction(1, 2), True), Base.PRESENT_VOTING),)


def exact(value: float) -> Fraction:
    """A weight as the decimal it is written as (0.1 is 1/10, not the nearest binary float)."""
    return Fraction(repr(value))


def requirement(
    session: Session,
    majority: Majority,
    yes: Fraction,
    no: Fraction,
    cast: Fraction,
    present: Fraction,
    *,
    by_weight: bool,
) -> tuple[Requirement, bool]:
    """Whether the yes votes reach every condition of `majority`, counted exactly; `cast` is
    the votes cast (yes, no and abstentions cast) and `present` the members present, in the
    unit of the counts. The flag says whether a casting vote could decide a tie (`decidable`)."""
    # Counts by head (every unweighted body, and secret ballots) are measured against heads.
    if by_weight:
        legal = exact(session.legal_weight)
        in_office = sum((exact(m.weight) for m in session.members), Fraction(0))
    else:
        legal = Fraction(session.body.legal_members)
        in_office = Fraction(len(session.members))
    # The casting vote decides which side prevails and adds no vote (LBRL 46.2.d and ROF 100.2
    # decide a simple majority): it decides a tie only where every condition not met is "more
    # yes than no"; a qualified majority a tie falls short of is not reached: the item fails.
    tie = yes == no and yes > 0
    conditions = majority.conditions
    if conditions == SIMPLE:
        shown = Requirement(
            majority=str(majority),
            threshold=float(no),
            basis=float(yes + no),
            reached=yes > no,
        )
        return shown, tie
    bases = {
        Base.PRESENT_VOTING: yes + no,
        Base.LEGAL: legal,
        Base.IN_OFFICE: in_office,
        Base.CAST: cast,
        # Present at the vote: a delegated vote's member is not, and counts only as a vote.
        Base.PRESENT: present,
    }
    needed = max(c.threshold.needed(bases[c.base]) for c in conditions)
    met = [c.threshold.reached(yes, bases[c.base]) for c in conditions]
    decidable = tie and all(ok or c in SIMPLE for ok, c in zip(met, conditions, strict=True))
    shown = Requirement(
        majority=str(majority),
        threshold=float(needed),
        basis=float(bases[conditions[0].base]),
        reached=all(met),
    )
    return shown, decidable


def result(
    quorum: QuorumCheck, majority: Majority, requirement: Requirement, yes: Fraction, no: Fraction
) -> Result:
    """The outcome before the rules on ties: a tie is as many yes as no (more than none) where
    the majority is counted among those voting yes or no. It may be voted again; whether the
    casting vote may then decide it is `requirement`'s flag."""
    if not quorum.held:
        return Result.NO_QUORUM
    if requirement.reached:
        return Result.PASSED
    if yes == no and yes > 0 and majority.conditions[0].base is Base.PRESENT_VOTING:
        return Result.TIED
    return Result.FAILED


def quorum_check(
    session: Session,
    present: int,
    chair_present: bool,
    secretary_present: bool,
    *,
    requested: bool = False,
) -> QuorumCheck:
    """The quorum at a vote: checked at every vote, or only when requested before it."""
    rule = session.rules.quorum
    checked = (
        rule.none
        or rule.checked is QuorumCheckedAt.EVERY_VOTE
        or (rule.checked is QuorumCheckedAt.ON_REQUEST and requested)
    )
    return QuorumCheck(
        required=session.quorum_required,
        present=present,
        chair_present=chair_present,
        secretary_present=secretary_present,
        checked=checked,
    )


def opening_check(session: Session, present: int, chair_present: bool) -> QuorumCheck:
    """The quorum at the opening: not checked where the rules check it only on request."""
    return QuorumCheck(
        required=session.quorum_required,
        present=present,
        chair_present=chair_present,
        secretary_present=True,
        checked=session.rules.quorum.checked is not QuorumCheckedAt.ON_REQUEST,
    )
