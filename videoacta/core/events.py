"""The vote log's contract: one frozen model per event type of `votes.jsonl`."""

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BeforeValidator, Field, Strict, TypeAdapter

from videoacta.core.terms import (
    FIRST_YEAR,
    LAST_YEAR,
    Frozen,
    Identifier,
    ItemNumber,
    MemberCount,
    check_year,
)
from videoacta.core.text import Text
from videoacta.errors import shown


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    NOT_VOTING = "not_voting"  # present, declares not taking part: not an abstention


class Attendance(StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"


class Ballots(Frozen):
    """The totals of a secret ballot, counted when the vote closes."""

    yes: MemberCount
    no: MemberCount
    abstain: MemberCount = Field(description="blank ballots")

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain


# The start of an ISO 8601 time: pydantic alone would also read a number, or a text of digits,
# as seconds since 1970. The first pattern, years FIRST_YEAR to LAST_YEAR, is the fast path.
ISO_TIME_IN_RANGE = re.compile(r"(?:19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")
ISO_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")
assert (FIRST_YEAR, LAST_YEAR) == (1900, 2999), "ISO_TIME_IN_RANGE spells these years"


def _check_time(value: object) -> object:
    """Take an ISO 8601 text (or, from code, a datetime) only, of a year in range: checked
    before pydantic parses it, in one call (this runs for every line of the log)."""
    if isinstance(value, str) and ISO_TIME_IN_RANGE.match(value):
        return value
    if isinstance(value, dt.datetime):
        return check_year(value)
    if isinstance(value, str) and ISO_TIME.match(value):
        raise ValueError(f"year {int(value[:4])} is not between {FIRST_YEAR} and {LAST_YEAR}")
    raise ValueError(f"'{shown(value)}' is not an ISO 8601 time such as 2026-10-29T19:00:00+01:00")


EventTime = Annotated[AwareDatetime, BeforeValidator(_check_time)]


class EventBase(Frozen):
    time: EventTime


class SessionOpened(EventBase):
    type: Literal["session_opened"]


class SessionClosed(EventBase):
    type: Literal["session_closed"]


class ItemOpened(EventBase):
    type: Literal["item_opened"]
    item: ItemNumber


class ItemClosed(EventBase):
    type: Literal["item_closed"]
    item: ItemNumber


class ItemWithdrawn(EventBase):
    type: Literal["item_withdrawn"]
    item: ItemNumber
    reason: Text | None = None


class ItemTabled(EventBase):
    """The item is left on the table (queda sobre la mesa), to a later session."""

    type: Literal["item_tabled"]
    item: ItemNumber
    reason: Text | None = None


class MemberJoined(EventBase):
    type: Literal["member_joined"]
    member: Identifier
    attendance: Attendance = Attendance.IN_PERSON
    identity: Text | None = Field(
        default=None, description="how a remote member's identity was proven (LBRL 46.3)"
    )
    in_spain: Annotated[bool, Strict()] | None = Field(
        default=None, description="a remote member declares being in Spanish territory"
    )


class MemberLeft(EventBase):
    type: Literal["member_left"]
    member: Identifier
    reason: Text | None = None


class ConnectionLost(EventBase):
    type: Literal["connection_lost"]
    member: Identifier


class ConnectionRestored(EventBase):
    type: Literal["connection_restored"]
    member: Identifier


class MemberSteppedOut(EventBase):
    """Still in the session, but outside the room (counts as the session's rule says)."""

    type: Literal["member_stepped_out"]
    member: Identifier


class MemberReturned(EventBase):
    type: Literal["member_returned"]
    member: Identifier


class RecessStarted(EventBase):
    type: Literal["recess_started"]
    reason: Text | None = None


class RecessEnded(EventBase):
    type: Literal["recess_ended"]


class IncidentNoted(EventBase):
    """Something the minutes must tell that no other event says (the sound was lost, the
    public interrupted), in the secretary's words."""

    type: Literal["incident_noted"]
    text: Text = Field(min_length=1)


class Recusal(EventBase):
    """A conflict of interest (LBRL 76): the member abstains and leaves the room."""

    type: Literal["recusal"]
    item: ItemNumber
    member: Identifier
    reason: Text = Field(min_length=1)


class SpeechStarted(EventBase):
    type: Literal["speech_started"]
    speaker: Identifier


class SpeechEnded(EventBase):
    type: Literal["speech_ended"]
    speaker: Identifier


class VoteOpened(EventBase):
    type: Literal["vote_opened"]
    item: ItemNumber


class VoteCast(EventBase):
    type: Literal["vote_cast"]
    item: ItemNumber
    member: Identifier
    choice: Choice | None = Field(default=None, description="absent for a secret ballot")
    on_behalf_of: Identifier | None = Field(
        default=None, description="a delegated vote: the member whose vote this is (rules.proxies)"
    )


class VoteClosed(EventBase):
    type: Literal["vote_closed"]
    item: ItemNumber
    ballots: Ballots | None = Field(default=None, description="only for a secret vote")


class VoteReopened(EventBase):
    type: Literal["vote_reopened"]
    item: ItemNumber
    reason: Text = Field(min_length=1)


class CastingVote(EventBase):
    """The chair's casting vote (voto de calidad) after a repeated tie: only whoever chairs the
    item gives it."""

    type: Literal["casting_vote"]
    item: ItemNumber
    choice: Literal[Choice.YES, Choice.NO]
    member: Identifier | None = Field(default=None, description="who gives it: the item's chair")


class ChairChanged(EventBase):
    """Another member takes the chair (the mayor leaves, or recuses from an item, and a deputy
    mayor presides), or the chair comes back to it."""

    type: Literal["chair_changed"]
    member: Identifier
    reason: Text | None = None


class QuorumRequested(EventBase):
    """A member asks that the quorum be checked at the next vote (rules.quorum.checked =
    "on_request", e.g. RAN 61)."""

    type: Literal["quorum_requested"]
    member: Identifier | None = None


Event = Annotated[
    SessionOpened
    | SessionClosed
    | ItemOpened
    | ItemClosed
    | ItemWithdrawn
    | ItemTabled
    | MemberJoined
    | MemberLeft
    | ConnectionLost
    | ConnectionRestored
    | MemberSteppedOut
    | MemberReturned
    | RecessStarted
    | RecessEnded
    | IncidentNoted
    | Recusal
    | SpeechStarted
    | SpeechEnded
    | VoteOpened
    | VoteCast
    | VoteClosed
    | VoteReopened
    | CastingVote
    | QuorumRequested
    | ChairChanged,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


class Entry(Frozen):
    """An event with the line of the log it came from."""

    line: int
    event: Event


class EventLog(Frozen):
    source: str
    entries: tuple[Entry, ...]
