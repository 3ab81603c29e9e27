"""The session file's contract: frozen pydantic models of `session.toml`."""

import datetime as dt
import re
import zoneinfo
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, model_validator

from videoacta.errors import shown
from videoacta.idnumbers import check_id_number
from videoacta.text import FileName, Name, Text

Identifier = Annotated[str, Strict(), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
FRACTION_PATTERN = r"^[1-9][0-9]{0,3}/[1-9][0-9]{0,3}$"  # a share of at most 1000 seats

# Bounds on every number of the input (README, "Limits"): far beyond any real council, close
# enough that no arithmetic on them overflows or takes long.
MAX_MEMBERS = 1000
MAX_ITEM = 9999
MAX_WEIGHT = 1e6
MAX_CLOCK_OFFSET = 3.2e9  # seconds: about a century, a camera whose clock was never set
FIRST_YEAR, LAST_YEAR = 1900, 2999
# Numbers, booleans and texts keep their type (strict): `legal_members = 21.0`, `number = "13"`
# or `clock_offset = true` are refused, not converted. A whole number is a valid float.
StrictInt = Annotated[int, Strict()]
StrictFloat = Annotated[float, Strict()]
StrictBool = Annotated[bool, Strict()]
MemberCount = Annotated[StrictInt, Field(ge=0, le=MAX_MEMBERS)]
ItemNumber = Annotated[StrictInt, Field(ge=1, le=MAX_ITEM)]


class Frozen(BaseModel):
    """Base of every model: immutable, and unknown fields are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SessionKind(StrEnum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"
    URGENT = "urgent"


class Call(StrEnum):
    FIRST = "first"
    SECOND = "second"


class Mode(StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"
    MIXED = "mixed"


class Language(StrEnum):
    CA = "ca"
    ES = "es"
    EN = "en"


class ItemKind(StrEnum):
    PROPOSAL = "proposal"
    MOTION = "motion"
    URGENT_MOTION = "urgent_motion"
    ELECTION = "election"
    MINUTES = "minutes"
    QUESTION = "question"
    REQUEST = "request"
    REPORT = "report"

    @property
    def is_voted(self) -> bool:
        """Items of the control part (questions, requests, reports) take no vote."""
        return self not in {ItemKind.QUESTION, ItemKind.REQUEST, ItemKind.REPORT}


class VoteType(StrEnum):
    ORDINARY = "ordinary"
    NOMINAL = "nominal"
    SECRET = "secret"


class MajorityKind(StrEnum):
    SIMPLE = "simple"
    ABSOLUTE = "absolute"
    TWO_THIRDS = "two_thirds"
    FRACTION = "fraction"


class MemberRole(StrEnum):
    MAYOR = "mayor"
    DEPUTY_MAYOR = "deputy_mayor"
    COUNCILLOR = "councillor"


class OutOfRoom(StrEnum):
    """How a member present in the session but outside the room at a vote counts."""

    ABSTAIN = "abstain"
    ABSENT = "absent"


def _check_fraction(text: str) -> str:
    if not re.fullmatch(FRACTION_PATTERN, text) or not 0 < Fraction(text) <= 1:
        raise ValueError(f"'{shown(text)}' is not a fraction between 0 and 1 such as '1/3'")
    return text


D = TypeVar("D", bound=dt.date)


def check_year(value: D) -> D:
    """Refuse a date or time outside FIRST_YEAR..LAST_YEAR, before any zone arithmetic on it."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"year {value.year} is not between {FIRST_YEAR} and {LAST_YEAR}")
    return value


def _check_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{shown(name)}'") from None
    return name


FractionText = Annotated[Name, AfterValidator(_check_fraction)]
IdNumber = Annotated[
    str,
    Strict(),
    Field(
        max_length=32,
        description="DNI/NIF or NIE as in the person's qualified certificate "
        "(serialNumber), e.g. 12345678Z or IDCES-12345678Z; matched against the signer",
    ),
    AfterValidator(check_id_number),
]
# TOML gives dates and times natively: a text that looks like one is refused.
Date = Annotated[dt.date, Strict(), AfterValidator(check_year)]
Time = Annotated[dt.datetime, Strict(), AfterValidator(check_year)]
MajorityText = Annotated[
    str,
    Strict(),
    Field(
        pattern=r"^(simple|absolute|two_thirds|[1-9][0-9]{0,3}/[1-9][0-9]{0,3})$",
        description="simple, absolute, two_thirds, or a fraction of the legal number such as 3/5",
    ),
]


class Majority(Frozen):
    """A required majority; FRACTION is a share of the legal number of members."""

    kind: MajorityKind
    fraction: Fraction | None = None

    @classmethod
    def parse(cls, text: str) -> "Majority":
        if "/" in text:
            return cls(kind=MajorityKind.FRACTION, fraction=Fraction(text))
        return cls(kind=MajorityKind(text))

    def __str__(self) -> str:
        if self.fraction is not None:
            return f"{self.fraction.numerator}/{self.fraction.denominator}"
        return self.kind.value


class Body(Frozen):
    name: Name = Field(min_length=1)
    legal_members: StrictInt = Field(
        ge=1, le=MAX_MEMBERS, description="the legal number of members N (seats)"
    )
    legal_weight: StrictFloat | None = Field(
        default=None,
        gt=0,
        le=MAX_WEIGHT * MAX_MEMBERS,
        allow_inf_nan=False,
        description="total vote weight of N, for weighted bodies",
    )


class Official(Frozen):
    """The secretary or the comptroller: present, not voting."""

    id: Identifier
    name: Name = Field(min_length=1)
    title: Name | None = None
    id_number: IdNumber | None = None


class Group(Frozen):
    id: Identifier
    name: Name = Field(min_length=1)


class Member(Frozen):
    id: Identifier
    name: Name = Field(min_length=1)
    group: Identifier
    role: MemberRole = MemberRole.COUNCILLOR
    weight: StrictFloat = Field(default=1.0, gt=0, le=MAX_WEIGHT, allow_inf_nan=False)
    id_number: IdNumber | None = None


class Item(Frozen):
    number: ItemNumber
    title: Text = Field(min_length=1)
    kind: ItemKind = ItemKind.PROPOSAL
    majority: MajorityText | None = None
    vote: VoteType | None = None
    in_camera: StrictBool = False
    members_in_minutes: StrictBool = Field(
        default=False, description="list each member's vote of an ordinary vote in the minutes"
    )

    @model_validator(mode="after")
    def _check_vote(self) -> Self:
        if not self.kind.is_voted and (self.majority or self.vote):
            raise ValueError(f"a {self.kind.value} takes no vote, so it has no majority or vote")
        if self.vote is VoteType.SECRET and self.kind is not ItemKind.ELECTION:
            raise ValueError("a secret vote is only for electing or removing persons (ROF 102)")
        if self.majority and "/" in self.majority and Fraction(self.majority) <= Fraction(1, 2):
            raise ValueError(f"majority {self.majority} is not more than half (LBRL 47)")
        if self.majority and "/" in self.majority and Fraction(self.majority) > 1:
            raise ValueError(f"majority {self.majority} is more than all members")
        return self

    @property
    def required_majority(self) -> Majority | None:
        if not self.kind.is_voted:
            return None
        return Majority.parse(self.majority or "simple")

    @property
    def vote_type(self) -> VoteType | None:
        if not self.kind.is_voted:
            return None
        return self.vote or VoteType.ORDINARY


class QuorumRule(Frozen):
    fraction: FractionText = Field(default="1/3", description="share of N that must be present")
    minimum: StrictInt = Field(default=3, ge=1, le=MAX_MEMBERS)


class Rules(Frozen):
    quorum: QuorumRule = QuorumRule()
    out_of_room: OutOfRoom = OutOfRoom.ABSTAIN
    max_duration_hours: StrictInt = Field(
        default=24,
        ge=1,
        le=168,
        description="the longest a session may last, from the log's first line to its last",
    )


class RecordingPart(Frozen):
    file: FileName = Field(min_length=1, description="path relative to the session folder")
    start: Time | None = Field(default=None, description="wall-clock start, aware")


class Recording(Frozen):
    clock_offset: StrictFloat = Field(
        default=0.0,
        ge=-MAX_CLOCK_OFFSET,
        le=MAX_CLOCK_OFFSET,
        allow_inf_nan=False,
        description="seconds to add to vote-log times to get camera times",
    )
    parts: tuple[RecordingPart, ...] = ()


class Session(Frozen):
    """The whole of `session.toml`."""

    id: Identifier
    body: Body
    number: Name = Field(min_length=1)
    kind: SessionKind = SessionKind.ORDINARY
    call: Call = Call.FIRST
    mode: Mode = Mode.IN_PERSON
    place: Name = Field(min_length=1)
    date: Date
    timezone: Annotated[Name, AfterValidator(_check_timezone)] = "Europe/Madrid"
    language: Language = Language.CA
    chair: Identifier
    secretary: Official
    comptroller: Official | None = None
    groups: tuple[Group, ...] = Field(min_length=1)
    members: tuple[Member, ...] = Field(min_length=1)
    excused: tuple[Identifier, ...] = ()
    items: tuple[Item, ...] = Field(min_length=1)
    rules: Rules = Rules()
    recording: Recording = Recording()

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def item(self, number: int) -> Item | None:
        return next((i for i in self.items if i.number == number), None)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    @property
    def officials(self) -> tuple[Official, ...]:
        return (self.secretary,) if self.comptroller is None else (self.secretary, self.comptroller)

    @property
    def weighted(self) -> bool:
        return any(m.weight != 1 for m in self.members)

    @property
    def legal_weight(self) -> float:
        """The weight of the legal number of members, the base of absolute majorities."""
        if self.body.legal_weight is not None:
            return self.body.legal_weight
        if self.weighted:
            return sum(m.weight for m in self.members)
        return float(self.body.legal_members)

    @property
    def quorum_required(self) -> int:
        rule = self.rules.quorum
        share = Fraction(rule.fraction) * self.body.legal_members
        return max(-(-share.numerator // share.denominator), rule.minimum)
