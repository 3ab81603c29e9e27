"""The rules of procedure as data: quorum, majorities, ties and proxies of `[rules]`.

A majority is a base and a threshold: `"more_than_half of cast"`, `"3/5 of in_office"`,
`"at_least 2/3 of in_office and more_than_half of legal"`. The LBRL's names stay:
`simple`, `absolute`, `two_thirds` and a bare fraction of the legal number (`"3/5"`).
`preset = "..."` fills in a body's rules (`presets`); any value written next to it wins.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from videoacta.core.presets import PRESETS
from videoacta.core.terms import MAX_MEMBERS, Frozen, OutOfRoom, StrictInt
from videoacta.errors import shown


class Base(StrEnum):
    """What a majority is measured against."""

    PRESENT_VOTING = "present_voting"  # yes + no: more yes than no (abstentions don't count)
    LEGAL = "legal"  # the legal number N (seats)
    IN_OFFICE = "in_office"  # the members in office (seats filled)
    CAST = "cast"  # the votes cast: yes + no + abstentions cast
    PRESENT = "present"  # the members present at the vote


@dataclass(frozen=True)
class Threshold:
    """A share of the base: `strict` is "more than", otherwise "at least"."""

    share: Fraction
    strict: bool

    @classmethod
    def parse(cls, text: str) -> "Threshold":
        if text == "more_than_half":
            return cls(Fraction(1, 2), True)
        words = text.split(" ")
        strict = len(words) == 2 and words[0] == "more_than"
        return cls(Fraction(words[-1]), strict)

    def needed(self, base: Fraction) -> Fraction:
        return self.share * base

    def reached(self, yes: Fraction, base: Fraction) -> bool:
        needed = self.needed(base)
        return yes > needed if self.strict else yes >= needed


THRESHOLD = re.compile(
    r"more_than_half|(?:(?:at_least|more_than) )?[1-9][0-9]{0,3}/[1-9][0-9]{0,3}"
)
THRESHOLD_HELP = "more_than_half, a fraction such as 3/5, 'at_least 2/3' or 'more_than 1/2'"
NAMES = ("simple", "absolute", "two_thirds")
# The LBRL's majorities (art. 47, ROF 99) as base and threshold.
NAMED = {
    "simple": "more_than_half of present_voting",
    "absolute": "more_than_half of legal",
    # ROF 99.3: two thirds of the members in office and an absolute majority of N.
    "two_thirds": "more_than_half of legal and at_least 2/3 of in_office",
}


def check_threshold(text: str) -> str:
    if not THRESHOLD.fullmatch(text):
        raise ValueError(f"'{shown(text)}' is not a threshold: {THRESHOLD_HELP}")
    rule = Threshold.parse(text)
    if not 0 < rule.share <= 1:
        raise ValueError(f"threshold '{text}' is not a share between 0 and 1")
    if not rule.strict and rule.share <= Fraction(1, 2):
        raise ValueError(f"threshold '{text}' is not more than half: both sides could reach it")
    return text


@dataclass(frozen=True)
class Condition:
    threshold: Threshold
    base: Base


def parse_majority(text: str) -> tuple[Condition, ...]:
    """The conditions of a majority text, all of which must hold; ValueError if it is bad."""
    spelled = NAMED.get(
        text, f"at_least {text} of legal" if "/" in text and " " not in text else text
    )
    conditions = []
    for part in spelled.split(" and "):
        threshold, _, base = part.rpartition(" of ")
        if base not in set(Base):
            raise ValueError(
                f"'{shown(text)}' is not a majority: simple, absolute, two_thirds, a fraction "
                "of N such as 3/5, or 'THRESHOLD of BASE' with BASE one of "
                + ", ".join(b.value for b in Base)
            )
        check_threshold(threshold)
        conditions.append(Condition(Threshold.parse(threshold), Base(base)))
    return tuple(conditions)


def _check_majority(text: str) -> str:
    if "/" in text and " " not in text:  # the LBRL's bare fraction of N
        if not THRESHOLD.fullmatch(text):
            raise ValueError(f"'{shown(text)}' is not a fraction such as 3/5")
        if Fraction(text) <= Fraction(1, 2):
            raise ValueError(f"majority {text} is not more than half (LBRL 47)")
        if Fraction(text) > 1:
            raise ValueError(f"majority {text} is more than all members")
    parse_majority(text)
    return text


MajorityText = Annotated[
    str,
    Field(
        max_length=200,
        description="simple, absolute, two_thirds, a fraction of N such as 3/5, or "
        "'THRESHOLD of BASE' (and more joined by ' and '), e.g. 'more_than_half of cast'",
    ),
    AfterValidator(_check_majority),
]


class TieRule(StrEnum):
    CASTING_VOTE = "casting_vote"  # LBRL 46.2.d, ROF 100.2: repeat, then the chair decides
    FAILS = "fails"  # a tie rejects
    REPEAT = "repeat"  # repeat up to `rounds` votes, then `then`


class Ties(Frozen):
    rule: TieRule = TieRule.CASTING_VOTE
    rounds: StrictInt = Field(
        default=2, ge=1, le=10, description="votes in all (the first and its repeats)"
    )
    then: Literal["fails", "casting_vote"] = "casting_vote"

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"rule": data}
        if isinstance(data, dict) and "rule" not in data:
            # Never filled in from a default or a preset: `{ then = "casting_vote" }` would be
            # a rule no one wrote (the town council's after 2 votes, not congreso's after 3).
            raise ValueError('a table of ties names its rule: { rule = "repeat", ... }')
        return data

    @model_validator(mode="after")
    def _check(self) -> Self:
        # Only values other than the defaults: a dump of the model reads back.
        fields = {"rounds"} if self.rounds != 2 else set()
        fields |= {"then"} if self.then != "casting_vote" else set()
        if self.rule is not TieRule.REPEAT and fields:
            raise ValueError(f"ties '{self.rule.value}' takes no {' or '.join(sorted(fields))}")
        return self

    @property
    def votes(self) -> int:
        """How many tied votes make the end of the ties: then the casting vote, or a failure."""
        if self.rule is TieRule.FAILS:
            return 1
        return 2 if self.rule is TieRule.CASTING_VOTE else self.rounds

    @property
    def casting_vote(self) -> bool:
        return self.rule is TieRule.CASTING_VOTE or (
            self.rule is TieRule.REPEAT and self.then == "casting_vote"
        )


class QuorumBase(StrEnum):
    LEGAL = "legal"
    IN_OFFICE = "in_office"


class QuorumCheckedAt(StrEnum):
    OPENING = "opening"  # only when the session opens
    EVERY_VOTE = "every_vote"  # LBRL 46.2.c: for the whole session
    ON_REQUEST = "on_request"  # only a vote after a quorum_requested event


class QuorumRule(Frozen):
    fraction: Annotated[str, AfterValidator(lambda t: _check_quorum_share(t))] = Field(
        default="1/3", description="share that must be present: '1/3', 'more_than_half', 'none'"
    )
    minimum: StrictInt = Field(default=3, ge=0, le=MAX_MEMBERS)
    of: QuorumBase = QuorumBase.LEGAL
    checked: QuorumCheckedAt = QuorumCheckedAt.EVERY_VOTE

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        if data == "none":
            return {"fraction": "none", "minimum": 0}
        if isinstance(data, str):
            raise ValueError(
                f"'{shown(data)}' is not a quorum: 'none' or a table such as "
                '{ fraction = "1/3", minimum = 3 }'
            )
        return data

    @property
    def none(self) -> bool:
        return self.fraction == "none"

    def counted(self, legal: int, in_office: int) -> int:
        """The members the fraction is of."""
        return legal if self.of is QuorumBase.LEGAL else in_office

    def required(self, legal: int, in_office: int) -> int:
        if self.none:
            return 0
        rule = Threshold.parse(self.fraction)
        share = rule.share * self.counted(legal, in_office)
        needed = share.numerator // share.denominator + 1 if rule.strict else -(-share // 1)
        return max(int(needed), self.minimum)


def _check_quorum_share(text: str) -> str:
    if text in ("more_than_half", "none"):
        return text
    if not re.fullmatch(r"[1-9][0-9]{0,3}/[1-9][0-9]{0,3}", text) or not 0 < Fraction(text) <= 1:
        raise ValueError(
            f"'{shown(text)}' is not a fraction between 0 and 1 such as '1/3', nor more_than_half"
        )
    return text


def _check_preset(name: str) -> str:
    if name not in PRESETS:
        raise ValueError(f"'{shown(name)}' is not a preset: one of " + ", ".join(PRESETS))
    return name


class Proxies(StrEnum):
    FORBIDDEN = "forbidden"  # ROF 99.5: the vote is personal and cannot be delegated
    ALLOWED = "allowed"


class Rules(Frozen):
    preset: Annotated[str, AfterValidator(_check_preset)] | None = Field(
        default=None, description="a body's rules: " + ", ".join(PRESETS)
    )
    quorum: QuorumRule = QuorumRule()
    majority: MajorityText = Field(default="simple", description="the default of every item")
    ties: Ties = Ties(rule=TieRule.CASTING_VOTE)
    proxies: Proxies = Proxies.FORBIDDEN
    max_proxies: StrictInt = Field(default=1, ge=1, le=MAX_MEMBERS, description="per holder")
    out_of_room: OutOfRoom = OutOfRoom.ABSTAIN
    max_duration_hours: StrictInt = Field(
        default=24,
        ge=1,
        le=168,
        description="the longest a session may last, from the log's first line to its last",
    )

    @model_validator(mode="before")
    @classmethod
    def _preset(cls, data: Any) -> Any:
        """The preset's values under those written: any of them can be overridden."""
        if not isinstance(data, dict) or not isinstance(data.get("preset"), str):
            return data
        preset = PRESETS.get(data["preset"])
        if preset is None:
            return data  # refused by the field, with the list of presets
        merged = {**preset, **data}
        if isinstance(preset.get("quorum"), dict) and isinstance(data.get("quorum"), dict):
            merged["quorum"] = {**preset["quorum"], **data["quorum"]}
        return merged
