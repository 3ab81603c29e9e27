"""A round's required majority, measured as the rules say: bases, thresholds, ties, quorum."""

from fractions import Fraction

from videoacta.core.results import Counts, QuorumCheck, Requirement, Result
from videoacta.core.rules import Base, Condition, QuorumCheckedAt, Threshold
from videoacta.core.session import Majority, Session

# The simple majority (LBRL 47.1): more yes than no. Its requirement reads "yes > no".
SIMPLE = (Condition(Threshold(Fraction(1, 2), True), Base.PRESENT_VOTING),)


def requirement(
    session: Session,
    majority: Majority,
    counts: Counts,
    cast: float,
    present: float,
    *,
    by_weight: bool,
) -> Requirement:
    """Whether the yes votes reach every condition of `majority`; `cast` is the votes cast
    (yes, no and abstentions cast) and `present` the members present, in the unit of `counts`."""
    # Counts by head (every unweighted body, and secret ballots) are measured against heads.
    if by_weight:
        legal = Fraction(session.legal_weight)
        in_office = Fraction(sum(m.weight for m in session.members))
    else:
        legal = Fraction(session.body.legal_members)
        in_office = Fraction(len(session.members))
    yes = Fraction(counts.yes)
    conditions = majority.conditions
    if conditions == SIMPLE:
        return Requirement(
            majority=str(majority),
            threshold=counts.no,
            basis=counts.yes + counts.no,
            reached=yes > Fraction(counts.no),
        )
    bases = {
        Base.PRESENT_VOTING: Fraction(counts.yes) + Fraction(counts.no),
        Base.LEGAL: legal,
        Base.IN_OFFICE: in_office,
        Base.CAST: Fraction(cast),
        # Present at the vote: a delegated vote's member is not, and counts only as a vote.
        Base.PRESENT: Fraction(present),
    }
    needed = max(c.threshold.needed(bases[c.base]) for c in conditions)
    reached = all(c.threshold.reached(yes, bases[c.base]) for c in conditions)
    return Requirement(
        majority=str(majority),
        threshold=float(needed),
        basis=float(bases[conditions[0].base]),
        reached=reached,
    )


def result(
    quorum: QuorumCheck, majority: Majority, requirement: Requirement, counts: Counts
) -> Result:
    """The outcome before the rules on ties: a tie is as many yes as no (more than none) where
    the majority is counted among those voting yes or no."""
    if not quorum.held:
        return Result.NO_QUORUM
    if requirement.reached:
        return Result.PASSED
    tied = counts.yes == counts.no and counts.yes > 0
    if tied and majority.conditions[0].base is Base.PRESENT_VOTING:
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
