"""How a secretary words a vote: majorities in whole votes by their legal name, the result of
an election, a round that was repeated or reopened, a law cited once (pure: labels in, text out).
"""

import math
import re

from videoacta.core.proceedings import RoundReason
from videoacta.core.results import Requirement, Result, RoundResult
from videoacta.core.session import Majority
from videoacta.core.terms import MajorityKind
from videoacta.labels import formatting as fmt
from videoacta.labels.conditions import spelled
from videoacta.labels.model import Labels

CONFLICT_OF_INTEREST = "LBRL 76"
# A law cited by its short name and article ("LBRL 76", "article 76 de la LBRL", "art. 76 Ley
# 7/1985"): the short name, or the number of the law, and the article's number as a word.
LAW_NAMES = {"LBRL": ("LBRL", "7/1985"), "ROF": ("ROF", "2568/1986")}


def whole_votes(requirement: Requirement) -> int:
    """The fewest whole yes votes that reach a majority of heads: more than half of 21 is 11."""
    if requirement.threshold == requirement.basis / 2:  # strictly more than half
        return math.floor(requirement.threshold) + 1
    return math.ceil(requirement.threshold - 1e-9)


def votes(labels: Labels, n: int) -> str:
    """`1 vot`, `11 vots`."""
    return (labels.one_vote if n == 1 else labels.many_votes).format(n=n)


def majority(
    labels: Labels, requirement: Requirement, *, weighted: bool = False, final: bool = True
) -> str:
    """`majoria absoluta del nombre legal de membres: 11 vots — assolida`.

    A weighted vote has no whole number of votes: its threshold is given as a weight. A round
    that another replaced (`final` false) says no verdict: it decided nothing."""
    rule = Majority.parse(requirement.majority)
    text = requirement.majority
    if rule.kind is MajorityKind.CUSTOM:  # "more_than_half of cast": "more than half of …"
        text = spelled(labels.language, text)
    name = labels.majority_kind[rule.kind].format(fraction=text)
    if rule.kind is MajorityKind.SIMPLE:
        needed = labels.simple_rule
    elif not weighted:
        needed = votes(labels, whole_votes(requirement))
    else:
        strict = requirement.threshold == requirement.basis / 2
        template = labels.more_than if strict else labels.at_least
        needed = template.format(n=fmt.count(requirement.threshold, labels.formats))
    if not final:
        return f"{name}: {needed}"
    reached = labels.reached if requirement.reached else labels.not_reached
    return f"{name}: {needed} — {reached}"


def result(labels: Labels, outcome: Result, *, election: bool = False, candidate: str = "") -> str:
    """`Aprovat`, or for an election `Candidatura escollida` (`…: NAME` given the candidate)."""
    if not election:
        return labels.results[outcome]
    text = labels.election_results[outcome]
    return labels.elected.format(result=text, candidate=candidate) if candidate else text


def superseded(labels: Labels, following: RoundResult) -> str:
    """What replaced a round: `Votació repetida per empat (ROF 100.2)`, `Votació reoberta: …`."""
    if following.reason is RoundReason.REOPENED:
        return labels.superseded_reopened.format(reason=following.reopen_reason or "")
    return labels.superseded_repeat


def cites(text: str, law: str) -> bool:
    """Whether `text` already cites `law` ("LBRL 76"): its name (or number) and the article."""
    name, article = law.split()
    words = set(re.findall(r"[\w/]+", text.upper()))
    return article in words and any(alias in words for alias in LAW_NAMES.get(name, (name,)))


def citation(law: str, *reasons: str | None) -> str:
    """` (LBRL 76)` to follow a phrase, or nothing when a reason given with it cites the law."""
    return "" if any(reason and cites(reason, law) for reason in reasons) else f" ({law})"
