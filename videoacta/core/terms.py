"""The terms of the session contract: the frozen model base, bounds, enumerations and checked
value types that session.toml and the vote log share."""

import datetime as dt
import re
import zoneinfo
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict

from videoacta.core.idnumbers import check_id_number
from videoacta.core.text import Name
from videoacta.errors import shown

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
    """The languages of the acta, the stamp and the viewer: the co-official ones and English."""

    CA = "ca"
    ES = "es"
    EN = "en"
    GL = "gl"
    EU = "eu"


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
    CUSTOM = "custom"  # a base and a threshold, as written (`rules`)


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


def check_timezone(name: str) -> str:
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
