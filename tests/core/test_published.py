"""The published view: what of a session may be shown (ROF 88.1 in camera, ROF 102 secret ballots).

The view is pure, so these tests need no recording, no fonts and no PKI. That no output reads a
member's choice, or applies a publication rule, but through the view: see test_choice_scan.py.
"""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.builders import Log, session_data
from videoacta.core.chapters import Chapter
from videoacta.core.events import Choice
from videoacta.core.proceedings import IncidentKind, Proceedings
from videoacta.core.published import (
    SHOWN_WITH_THE_VOTE,
    Audience,
    Disclosure,
    Publication,
    ShownChange,
    publication,
)
from videoacta.core.replay import replay
from videoacta.core.results import GroupResult, MemberVote, Option, Tally
from videoacta.core.session import Session
from videoacta.core.tally import tally
from videoacta.core.terms import ItemKind, VoteType

MEMBERS = ["m1", "m2", "m3", "m4", "m5"]
ORDINARY, SECRET, IN_CAMERA, NOMINAL, QUESTION = 1, 2, 3, 4, 5


def _items() -> list[dict[str, Any]]:
    return [
        {"number": ORDINARY, "title": "Proposta"},
        {"number": SECRET, "title": "Elecció", "kind": "election", "vote": "secret"},
        {"number": IN_CAMERA, "title": "Conveni", "vote": "nominal", "in_camera": True},
        {"number": NOMINAL, "title": "Moció", "kind": "motion", "vote": "nominal"},
        {"number": QUESTION, "title": "Preguntes", "kind": "question", "in_camera": True},
    ]


def _log() -> Log:
    log = Log().opened(MEMBERS)
    log.add("item_opened", item=ORDINARY).add("speech_started", speaker="m2")
    log.add("speech_ended", speaker="m2").add("vote_opened", item=ORDINARY)
    log.add("vote_cast", item=ORDINARY, member="m2", choice="yes")
    for member, choice in zip(MEMBERS, ["yes", "no", "yes", "yes", "abstain"], strict=True):
        log.add("vote_cast", item=ORDINARY, member=member, choice=choice)
    log.add("vote_closed", item=ORDINARY).add("item_closed", item=ORDINARY)
    log.add("item_opened", item=SECRET)
    log.vote(SECRET, dict.fromkeys(MEMBERS), ballots={"yes": 3, "no": 1, "abstain": 1})
    log.add("item_closed", item=SECRET)
    log.add("item_opened", item=IN_CAMERA).add("speech_started", speaker="m3")
    log.add("speech_ended", speaker="m3")
    log.vote(IN_CAMERA, {"m1": "yes", "m2": "no", "m3": "yes", "m4": "yes", "m5": "no"})
    log.add("item_closed", item=IN_CAMERA)
    log.add("item_opened", item=NOMINAL)
    log.vote(NOMINAL, {"m1": "no", "m2": "yes", "m3": "yes", "m4": "no", "m5": "yes"})
    log.add("item_closed", item=NOMINAL)
    log.add("item_opened", item=QUESTION).add("speech_started", speaker="m4")
    log.add("speech_ended", speaker="m4").add("item_closed", item=QUESTION)
    return log.add("session_closed")


def _counted(items: list[dict[str, Any]], log: Log) -> tuple[Session, Proceedings, Tally]:
    session = Session.model_validate(session_data(members=5, items=items))
    proceedings = replay(session, log.log())
    return session, proceedings, tally(session, proceedings)


@pytest.fixture(scope="module")
def counted() -> tuple[Session, Proceedings, Tally]:
    return _counted(_items(), _log())


@pytest.fixture(scope="module")
def view(counted: tuple[Session, Proceedings, Tally]) -> Publication:
    return publication(*counted)


def member_choices(value: object) -> Iterator[tuple[str, str]]:
    """Every (member, option or choice) pair anywhere in a dumped model."""
    if isinstance(value, dict):
        member = value.get("member") or value.get("voter_id")
        for key in ("option", "choice", "before"):
            if member is not None and value.get(key) is not None:
                yield member, str(value[key])
        for child in value.values():
            yield from member_choices(child)
    elif isinstance(value, list | tuple):
        for child in value:
            yield from member_choices(child)


def _item_dump(view: Publication, number: int) -> dict[str, Any]:
    item = view.item(number)
    assert item is not None
    dumped: dict[str, Any] = item.model_dump(mode="json")
    return dumped


def poisoned(counted: Tally) -> Tally:
    """The tally with members' options, a group's stand and a change slipped into the ballot."""
    items = []
    for item in counted.items:
        rounds = []
        for result in item.rounds:
            if result.item == SECRET:
                leak = MemberVote(
                    member="m2", group="B", option=Option.NO, weight=1, cast=True, in_majority=False
                )
                stand = GroupResult(group="B", counts=result.counts, position="no")
                result = result.model_copy(update={"members": (leak,), "groups": (stand,)})
            rounds.append(result)
        items.append(item.model_copy(update={"rounds": tuple(rounds)}))
    return counted.model_copy(update={"items": tuple(items)})


def test_the_member_scan_is_not_blind(view: Publication) -> None:
    """The same scan finds each member's vote of the nominal item."""
    found = set(member_choices(_item_dump(view, NOMINAL)))
    assert {m for m, _ in found} == set(MEMBERS)
    assert ("m1", "no") in found


@pytest.mark.parametrize("audience", list(Audience))
def test_a_secret_ballot_shows_no_member_choice_anywhere_in_the_view(
    counted: tuple[Session, Proceedings, Tally], audience: Audience
) -> None:
    session, proceedings, counts = counted
    for given in (counts, poisoned(counts)):
        view = publication(session, proceedings, given, audience=audience)
        assert list(member_choices(_item_dump(view, SECRET))) == []
        (shown,) = view.rounds(SECRET)
        assert shown.disclosure is Disclosure.BALLOT
        assert (shown.votes, shown.stands, shown.vote_changes) == ((), (), ())
        assert (shown.count.members, shown.count.groups, shown.count.changes) == ((), (), ())
        assert shown.took_part == tuple(MEMBERS)
        assert (shown.count.counts.yes, shown.count.counts.no, shown.count.counts.abstain) == (
            3,
            1,
            1,
        )


def test_an_item_in_camera_gives_its_totals_and_who_voted_only(view: Publication) -> None:
    assert not view.public(IN_CAMERA)
    assert list(member_choices(_item_dump(view, IN_CAMERA))) == []
    (shown,) = view.rounds(IN_CAMERA)
    assert shown.disclosure is Disclosure.TOTALS
    assert (shown.votes, shown.stands, shown.vote_changes) == ((), (), ())
    assert (shown.count.counts.yes, shown.count.counts.no) == (3, 2)
    assert shown.took_part == tuple(MEMBERS)
    assert [s.speaker for s in view.interventions] == ["m2"]


def test_the_secretary_reads_an_item_in_camera_in_full(
    counted: tuple[Session, Proceedings, Tally],
) -> None:
    view = publication(*counted, audience=Audience.SECRETARY)
    assert view.public(IN_CAMERA)
    (shown,) = view.rounds(IN_CAMERA)
    assert shown.disclosure is Disclosure.MEMBERS
    assert {v.member: v.option for v in shown.votes}["m2"] is Option.NO
    assert [s.speaker for s in view.interventions] == ["m2", "m3", "m4"]


@pytest.mark.parametrize("kind", list(ItemKind))
def test_in_camera_hides_the_deliberation_of_every_kind_of_item(kind: ItemKind) -> None:
    item: dict[str, Any] = {"number": 1, "title": "Punt", "kind": kind.value, "in_camera": True}
    if kind is ItemKind.ELECTION:
        item["vote"] = "secret"
    log = Log().opened(MEMBERS).add("item_opened", item=1).add("speech_started", speaker="m2")
    log.add("speech_ended", speaker="m2")
    if kind.is_voted:
        choices = dict.fromkeys(MEMBERS, None if kind is ItemKind.ELECTION else "yes")
        ballots = (
            {"ballots": {"yes": 5, "no": 0, "abstain": 0}} if kind is ItemKind.ELECTION else {}
        )
        log.vote(1, choices, **ballots)
    log.add("item_closed", item=1).add("session_closed")
    view = publication(*_counted([item], log))
    assert not view.public(1)
    assert view.interventions == ()
    assert list(member_choices(_item_dump(view, 1))) == []
    rounds = view.rounds(1)
    assert len(rounds) == (1 if kind.is_voted else 0)
    expected = Disclosure.BALLOT if kind is ItemKind.ELECTION else Disclosure.TOTALS
    assert all(r.disclosure is expected and r.count.counts.yes == 5 for r in rounds)


def test_a_public_roll_call_shows_each_members_choice(view: Publication) -> None:
    (shown,) = view.rounds(NOMINAL)
    assert shown.disclosure is Disclosure.MEMBERS
    assert {v.member: v.option.value for v in shown.votes} == {
        "m1": "no",
        "m2": "yes",
        "m3": "yes",
        "m4": "no",
        "m5": "yes",
    }
    assert {s.group: s.position for s in shown.stands} == {"A": "yes", "B": "divided"}


def test_an_ordinary_vote_shows_groups_and_keeps_its_changes(view: Publication) -> None:
    (shown,) = view.rounds(ORDINARY)
    assert shown.disclosure is Disclosure.GROUPS
    assert len(shown.votes) == len(MEMBERS)
    assert [c.model_dump(exclude={"time"}) for c in shown.vote_changes] == [
        ShownChange(
            member="m2", before=Choice.YES, choice=Choice.NO, time=shown.count.opened
        ).model_dump(exclude={"time"})
    ]


def test_the_view_names_people_and_their_groups(view: Publication) -> None:
    assert [(p.id, p.group_name) for p in view.roster] == [
        ("m1", "Grup A"),
        ("m2", "Grup B"),
        ("m3", "Grup A"),
        ("m4", "Grup B"),
        ("m5", "Grup A"),
    ]
    assert view.name("sec") == "Marta Puig i Ferrer"
    assert view.group_name("B") == "Grup B"
    assert view.public(ORDINARY)
    assert not view.public(QUESTION)
    assert not view.public(99)


def test_the_view_gives_each_items_vote_type(view: Publication) -> None:
    assert [(item.number, item.vote_type) for item in view.items] == [
        (ORDINARY, VoteType.ORDINARY),
        (SECRET, VoteType.SECRET),
        (IN_CAMERA, VoteType.NOMINAL),
        (NOMINAL, VoteType.NOMINAL),
        (QUESTION, None),
    ]


@pytest.mark.parametrize(
    ("audience", "playable"),
    [
        (Audience.PUBLIC, [ORDINARY, SECRET, NOMINAL]),
        (Audience.SECRETARY, [ORDINARY, SECRET, IN_CAMERA, NOMINAL, QUESTION]),
    ],
)
def test_only_the_items_not_in_camera_may_be_played(
    counted: tuple[Session, Proceedings, Tally], audience: Audience, playable: list[int]
) -> None:
    view = publication(*counted, audience=audience)
    chapters = [
        Chapter(item=n, title=f"{n}. Punt", start=10.0 * n, end=10.0 * n + 10) for n in range(1, 7)
    ]
    assert [n for n in range(1, 7) if view.playable(n)] == playable
    assert [c.item for c in view.public_chapters(chapters)] == playable


def test_the_public_incidents_leave_each_change_of_vote_to_its_round() -> None:
    log = Log().opened(MEMBERS).add("item_opened", item=ORDINARY)
    log.add("member_stepped_out", member="m5").add("member_returned", member="m5")
    log.add("vote_opened", item=ORDINARY).add("vote_cast", item=ORDINARY, member="m2", choice="no")
    for member in MEMBERS:
        log.add("vote_cast", item=ORDINARY, member=member, choice="yes")
    log.add("vote_closed", item=ORDINARY).add("item_closed", item=ORDINARY)
    session, proceedings, counts = _counted(_items()[:1], log.add("session_closed"))
    view = publication(session, proceedings, counts)
    kinds = [(i.kind, i.member) for i in proceedings.incidents]
    assert (IncidentKind.VOTE_CHANGED, "m2") in kinds
    assert [(i.kind, i.member) for i in view.public_incidents] == [
        (IncidentKind.STEPPED_OUT, "m5"),
        (IncidentKind.RETURNED, "m5"),
    ]
    assert not {i.kind for i in view.public_incidents} & SHOWN_WITH_THE_VOTE


def test_a_noted_incident_is_public_except_in_an_item_debated_in_camera() -> None:
    log = Log().opened(MEMBERS).add("incident_noted", text="Es perd el so durant dos minuts")
    log.add("item_opened", item=IN_CAMERA).add("incident_noted", text="El públic abandona la sala")
    log.add("item_closed", item=IN_CAMERA).add("session_closed")
    session = Session.model_validate(session_data(members=5, items=_items()))
    proceedings = replay(session, log.log())
    noted = [(i.item, i.detail) for i in proceedings.incidents if i.kind is IncidentKind.NOTED]
    assert noted == [
        (None, "Es perd el so durant dos minuts"),
        (IN_CAMERA, "El públic abandona la sala"),
    ]
    view = publication(session, proceedings, tally(session, proceedings))
    shown = [i.detail for i in view.public_incidents if i.kind is IncidentKind.NOTED]
    assert shown == ["Es perd el so durant dos minuts"]
    secretary = publication(
        session, proceedings, tally(session, proceedings), audience=Audience.SECRETARY
    )
    assert len([i for i in secretary.public_incidents if i.kind is IncidentKind.NOTED]) == 2
