"""The session file's contract: frozen pydantic models of `session.toml`."""

import datetime as dt
from fractions import Fraction
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from videoacta.core.csv_code import Sede
from videoacta.core.eni import Eni
from videoacta.core.rules import NAMES, Condition, MajorityText, Rules, Ties, parse_majority
from videoacta.core.terms import (
    MAX_CLOCK_OFFSET,
    MAX_MEMBERS,
    MAX_WEIGHT,
    Call,
    Date,
    Frozen,
    Identifier,
    IdNumber,
    ItemKind,
    ItemNumber,
    Language,
    MajorityKind,
    MemberRole,
    Mode,
    SessionKind,
    StrictBool,
    StrictFloat,
    StrictInt,
    Time,
    VoteType,
    check_timezone,
)
from videoacta.core.text import FileName, Name, Text
from videoacta.core.transcript import TranscriptSettings


class Majority(Frozen):
    """A required majority: one of the LBRL's names, a FRACTION of the legal number of members,
    or a CUSTOM base and threshold (`rules`) kept as written."""

    kind: MajorityKind
    fraction: Fraction | None = None
    text: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Majority":
        if text in NAMES:
            return cls(kind=MajorityKind(text))
        if "/" in text and " " not in text:
            return cls(kind=MajorityKind.FRACTION, fraction=Fraction(text))
        return cls(kind=MajorityKind.CUSTOM, text=text)

    def __str__(self) -> str:
        if self.fraction is not None:
            return f"{self.fraction.numerator}/{self.fraction.denominator}"
        return self.text or self.kind.value

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """What must all hold, as bases and thresholds."""
        return parse_majority(str(self))


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
    start: Date | None = Field(
        default=None, alias="from", description="the first day of the mandate, if mid-term"
    )
    until: Date | None = Field(default=None, description="the last day of the mandate")

    @model_validator(mode="after")
    def _check_mandate(self) -> Self:
        if self.start is not None and self.until is not None and self.until < self.start:
            raise ValueError(f"member '{self.id}' leaves office ({self.until}) before taking it")
        return self

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """As session.toml writes it: `from`, and no mandate dates but those given."""
        data: dict[str, Any] = handler(self)
        start, until = data.pop("start", None), data.pop("until", None)
        if start is not None:
            data["from"] = start
        if until is not None:
            data["until"] = until
        return data

    def in_office(self, day: dt.date) -> bool:
        """Whether the member holds the seat on `day`."""
        return (self.start is None or self.start <= day) and (
            self.until is None or day <= self.until
        )


class Item(Frozen):
    number: ItemNumber
    title: Text = Field(min_length=1)
    kind: ItemKind = ItemKind.PROPOSAL
    majority: MajorityText | None = Field(default=None, description="else [rules] majority")
    ties: Ties | None = Field(default=None, description="else [rules] ties")
    vote: VoteType | None = None
    candidate: Name | None = Field(
        default=None, description="an election's candidate, named in its result"
    )
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
        if self.candidate is not None and self.kind is not ItemKind.ELECTION:
            raise ValueError(f"a {self.kind.value} has no candidate: only an election names one")
        if not self.kind.is_voted and self.ties is not None:
            raise ValueError(f"a {self.kind.value} takes no vote, so it has no rule on ties")
        return self

    @property
    def vote_type(self) -> VoteType | None:
        if not self.kind.is_voted:
            return None
        return self.vote or VoteType.ORDINARY


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
    timezone: Annotated[Name, AfterValidator(check_timezone)] = "Europe/Madrid"
    language: Language = Language.CA
    chair: Identifier
    chair_title: Name | None = Field(
        default=None,
        description="the chair's office as the acta and the stamp name it: Alcaldessa, "
        "Alcalde accidental...",
    )
    secretary: Official
    comptroller: Official | None = None
    groups: tuple[Group, ...] = Field(min_length=1)
    members: tuple[Member, ...] = Field(min_length=1)
    excused: tuple[Identifier, ...] = ()
    items: tuple[Item, ...] = Field(min_length=1)
    rules: Rules = Rules()
    recording: Recording = Recording()
    eni: Eni | None = Field(
        default=None, description="filing as an ENI document and expediente (`videoacta eni`)"
    )
    sede: Sede | None = Field(
        default=None, description="the council's sede: a CSV on every page of the acta"
    )
    transcript: TranscriptSettings = TranscriptSettings()
    _out_of_office: tuple[Member, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _in_office(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """`members` are those in office on the session's date; the others of the list (a
        body's list spans several sessions) are kept aside, named in errors."""
        session = handler(data)
        if all(m.in_office(session.date) for m in session.members):
            return session
        kept = tuple(m for m in session.members if m.in_office(session.date))
        copy = session.model_copy(update={"members": kept})
        copy._out_of_office = tuple(m for m in session.members if m not in kept)
        return copy

    @field_validator("members")
    @classmethod
    def _someone_in_office(cls, members: tuple[Member, ...], info: ValidationInfo) -> Any:
        day = info.data.get("date")
        if isinstance(day, dt.date) and not any(m.in_office(day) for m in members):
            raise ValueError(f"no member is in office on {day}")
        return members

    @property
    def out_of_office(self) -> tuple[Member, ...]:
        """Members of the list whose mandate does not cover the session's date."""
        return self._out_of_office

    def majority(self, item: Item) -> Majority | None:
        """The item's required majority: its own, else the rules'; None if it takes no vote."""
        if not item.kind.is_voted:
            return None
        return Majority.parse(item.majority or self.rules.majority)

    def ties(self, item: Item) -> Ties:
        return item.ties or self.rules.ties

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
        """Whether any seat weighs other than 1, in office on the session's date or not."""
        return any(m.weight != 1 for m in self.members + self._out_of_office)

    @property
    def legal_weight(self) -> float:
        """The weight of the legal number of members, the base of absolute majorities: of the
        seats, not of who holds one on the date, so every member of the list counts (a list
        longer than N, with successors, must give body.legal_weight: check_session)."""
        if self.body.legal_weight is not None:
            return self.body.legal_weight
        if self.weighted:
            return sum(m.weight for m in self.members + self._out_of_office)
        return float(self.body.legal_members)

    @property
    def quorum_of(self) -> int:
        """The members the quorum's fraction is of: N, or those in office."""
        return self.rules.quorum.counted(self.body.legal_members, len(self.members))

    @property
    def quorum_required(self) -> int:
        """Members who must be present (0 for a body with no quorum)."""
        return self.rules.quorum.required(self.body.legal_members, len(self.members))
