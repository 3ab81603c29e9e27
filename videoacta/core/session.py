"""The session file's contract: frozen pydantic models of `session.toml`."""

from fractions import Fraction
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from videoacta.core.csv_code import Sede
from videoacta.core.eni import Eni
from videoacta.core.terms import (
    MAX_CLOCK_OFFSET,
    MAX_MEMBERS,
    MAX_WEIGHT,
    Call,
    Date,
    FractionText,
    Frozen,
    Identifier,
    IdNumber,
    ItemKind,
    ItemNumber,
    Language,
    MajorityKind,
    MajorityText,
    MemberRole,
    Mode,
    OutOfRoom,
    SessionKind,
    StrictBool,
    StrictFloat,
    StrictInt,
    Time,
    VoteType,
    check_timezone,
)
from videoacta.core.text import FileName, Name, Text


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
