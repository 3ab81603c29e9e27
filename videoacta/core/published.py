"""What may be published of a session: the one place that applies ROF 88.1 and ROF 102 (pure).

An item debated in camera (ROF 88.1) publishes its title, status, result and totals: no
deliberation (no interventions, no place to play in the recording) and no group's or member's
vote, nor a change of vote. A secret ballot (ROF 102) publishes its totals and who took part,
never how anyone voted, whatever the tally it is given carries. An ordinary vote publishes each
group's stand, and each member's vote in the open data; the minutes list each member's vote for
a nominal vote (ROF 101), or when the item asks for it.

Every output (the acta, the viewer, the open data, the index and the `tally` command) takes
what it shows from a `Publication`; none of them reads a member's choice, an incident or a rule's
flag from the session, the tally or the proceedings (tests/core/test_choice_scan.py scans them).
"""

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from videoacta.core.chapters import Chapter
from videoacta.core.events import Choice
from videoacta.core.proceedings import Incident, IncidentKind, Intervention, Proceedings, Round
from videoacta.core.results import GroupResult, Option, Result, RoundResult, Tally
from videoacta.core.session import Group, Item, Session
from videoacta.core.terms import Frozen, MemberRole, VoteType

# A change of vote names the member and the choice they left, a recusal the member: each is
# shown with its vote (`PublishedRound.vote_changes`, where the disclosure allows), not as an
# incident; a reopened vote is its own round.
SHOWN_WITH_THE_VOTE = frozenset(
    {IncidentKind.VOTE_CHANGED, IncidentKind.VOTE_REOPENED, IncidentKind.RECUSAL}
)


class Audience(StrEnum):
    """Who reads: the public (every file of the package), or the secretary (`videoacta tally`).

    The secretary sees the items debated in camera in full; nobody ever sees a ballot's choices.
    """

    PUBLIC = "public"
    SECRETARY = "secretary"


class Disclosure(StrEnum):
    """How much of a round may be shown, from the least to the most."""

    TOTALS = "totals"  # debated in camera: the totals, and who cast a vote
    BALLOT = "ballot"  # a secret ballot: the totals, and who took part
    GROUPS = "groups"  # each group's stand; each member's vote in the open data only
    MEMBERS = "members"  # each member's vote in the minutes too (nominal, or asked for)

    @property
    def choices(self) -> bool:
        """Whether a member's or a group's choice in this round may be shown at all."""
        return self in {Disclosure.GROUPS, Disclosure.MEMBERS}


class Person(Frozen):
    """A member (with their group) or an official (with none), as the outputs name them."""

    id: str
    name: str
    group: str | None = None
    group_name: str | None = None
    role: MemberRole | None = None


class ShownVote(Frozen):
    """One member's vote in a round whose members' votes may be published."""

    member: str
    group: str
    option: Option
    weight: float
    cast: bool
    by: str | None = None  # a delegated vote: the member who cast it


class ShownChange(Frozen):
    """A member's cast that replaced their earlier one, in a round whose choices may be shown."""

    member: str
    before: Choice | None
    choice: Choice | None
    time: dt.datetime


class PublishedRound(Frozen):
    """A round as it may be published: its count, and only the choices its disclosure allows."""

    count: RoundResult  # quorum, requirement, totals and result; never a member's or group's choice
    disclosure: Disclosure
    votes: tuple[ShownVote, ...]
    stands: tuple[GroupResult, ...]
    vote_changes: tuple[ShownChange, ...]
    took_part: tuple[str, ...]


class PublishedItem(Frozen):
    number: int
    vote_type: VoteType | None  # as session.toml declares it; None for an item not voted
    public: bool  # False for an item debated in camera, for the public
    rounds: tuple[PublishedRound, ...]

    @property
    def result(self) -> Result | None:
        return self.rounds[-1].count.result if self.rounds else None


class Publication(Frozen):
    """The published view of a session: people, groups, items and their rounds, interventions."""

    audience: Audience
    people: tuple[Person, ...]  # the members in the session's order, then the officials
    political_groups: tuple[Group, ...]
    items: tuple[PublishedItem, ...]
    interventions: tuple[Intervention, ...]  # none in an item debated in camera, for the public
    public_incidents: tuple[
        Incident, ...
    ]  # attendance, recesses, quorum: none of SHOWN_WITH_THE_VOTE

    def item(self, number: int) -> PublishedItem | None:
        return next((item for item in self.items if item.number == number), None)

    def public(self, number: int) -> bool:
        """Whether an item's deliberation may be shown: False in camera, or for no such item."""
        item = self.item(number)
        return item is not None and item.public

    def playable(self, number: int) -> bool:
        """Whether an item's place in the recording may be offered: a poster, a link, a chapter.

        Not for an item debated in camera (for the public): it would play its deliberation.
        """
        return self.public(number)

    def public_chapters(self, chapters: Iterable[Chapter]) -> tuple[Chapter, ...]:
        """The chapters a page may offer: those of the playable items.

        The recording itself, its chapters, chapters.vtt and index.json keep every item: the
        certified recording is whole, and only what invites to play an item in camera is left out.
        """
        return tuple(chapter for chapter in chapters if self.playable(chapter.item))

    def rounds(self, number: int) -> tuple[PublishedRound, ...]:
        item = self.item(number)
        return () if item is None else item.rounds

    @property
    def all_rounds(self) -> tuple[PublishedRound, ...]:
        return tuple(r for item in self.items for r in item.rounds)

    @property
    def roster(self) -> tuple[Person, ...]:
        """The members, in the session's order."""
        return tuple(person for person in self.people if person.group is not None)

    def name(self, person: str) -> str:
        return next((p.name for p in self.people if p.id == person), person)

    def group_name(self, group: str | None) -> str:
        if group is None:
            return ""
        return next((g.name for g in self.political_groups if g.id == group), group)


def publication(
    session: Session,
    proceedings: Proceedings,
    tally: Tally,
    *,
    audience: Audience = Audience.PUBLIC,
) -> Publication:
    """The published view of a counted session, for `audience`."""
    results = {item.number: item for item in tally.items}
    trails = {(r.item, r.number): r for record in proceedings.items for r in record.rounds}
    hidden = _hidden_items(session, audience)
    items = []
    for spec in session.items:
        public = spec.number not in hidden
        counted = results.get(spec.number)
        rounds = () if counted is None else counted.rounds
        shown = (
            _round(spec, public, result, trails.get((result.item, result.number)))
            for result in rounds
        )
        items.append(
            PublishedItem(
                number=spec.number, vote_type=spec.vote_type, public=public, rounds=tuple(shown)
            )
        )
    return Publication(
        audience=audience,
        people=people(session),
        political_groups=session.groups,
        items=tuple(items),
        interventions=_public_interventions(session, proceedings, audience),
        public_incidents=tuple(
            i
            for i in proceedings.incidents
            if i.kind not in SHOWN_WITH_THE_VOTE
            # The secretary's own words on an item debated in camera may tell of the debate.
            and not (i.kind is IncidentKind.NOTED and i.item in hidden)
        ),
    )


def _hidden_items(session: Session, audience: Audience = Audience.PUBLIC) -> frozenset[int]:
    """The items whose deliberation may not be shown: those debated in camera, for the public."""
    if audience is Audience.SECRETARY:
        return frozenset()
    return frozenset(item.number for item in session.items if item.in_camera)


def _public_interventions(
    session: Session, proceedings: Proceedings, audience: Audience = Audience.PUBLIC
) -> tuple[Intervention, ...]:
    """The interventions that may be shown: none in an item debated in camera, for the public."""
    hidden = _hidden_items(session, audience)
    return tuple(speech for speech in proceedings.interventions if speech.item not in hidden)


def people(session: Session) -> tuple[Person, ...]:
    """The members (with their group) and the officials, as every output names them."""
    names = {group.id: group.name for group in session.groups}
    members = [
        Person(
            id=m.id, name=m.name, group=m.group, group_name=names.get(m.group, m.group), role=m.role
        )
        for m in session.members
    ]
    return (*members, *(Person(id=o.id, name=o.name) for o in session.officials))


def _disclosure(spec: Item, public: bool, result: RoundResult) -> Disclosure:
    # Secrecy follows the vote type of the item and of the round, never what the tally carries.
    if VoteType.SECRET in (spec.vote_type, result.vote_type):
        return Disclosure.BALLOT
    if not public:
        return Disclosure.TOTALS
    if result.vote_type is VoteType.NOMINAL or spec.members_in_minutes:
        return Disclosure.MEMBERS
    return Disclosure.GROUPS


def _round(spec: Item, public: bool, result: RoundResult, trail: Round | None) -> PublishedRound:
    disclosure = _disclosure(spec, public, result)
    count = result.model_copy(
        update={"members": (), "groups": (), "changes": (), "participants": ()}
    )
    if not disclosure.choices:
        return PublishedRound(
            count=count,
            disclosure=disclosure,
            votes=(),
            stands=(),
            vote_changes=(),
            took_part=_took_part(disclosure, result),
        )
    votes = tuple(
        ShownVote(
            member=v.member, group=v.group, option=v.option, weight=v.weight, cast=v.cast, by=v.by
        )
        for v in result.members
    )
    return PublishedRound(
        count=count,
        disclosure=disclosure,
        votes=votes,
        stands=result.groups,
        vote_changes=() if trail is None else _changes(trail),
        took_part=_took_part(disclosure, result),
    )


def _took_part(disclosure: Disclosure, result: RoundResult) -> tuple[str, ...]:
    """Who cast a vote: the ballot's participants, else the members whose vote was cast."""
    if disclosure is Disclosure.BALLOT:
        return result.participants
    return tuple(vote.member for vote in result.members if vote.cast)


def _changes(trail: Round) -> tuple[ShownChange, ...]:
    """Every cast that replaced an earlier one by the same member, with the choice it replaced."""
    last: dict[str, Choice | None] = {}
    changes = []
    for cast in trail.casts:
        if cast.member in last:
            changes.append(
                ShownChange(
                    member=cast.member, before=last[cast.member], choice=cast.choice, time=cast.time
                )
            )
        last[cast.member] = cast.choice
    return tuple(changes)
