"""Every vote event of the tally validates against Popolo's vote-event schema, offline."""

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft3Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from tests.builders import Log, session_data
from tests.conftest import SAMPLE
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import TallyRun, tally
from videoacta.inputs import session_folder
from videoacta.publish import popolo

SCHEMAS = Path(__file__).parent.parent / "schemas" / "popolo"
BASE = "http://www.popoloproject.com/schemas/"
VOTE_EVENT = f"{BASE}vote_event.json#"


def _registry() -> Registry:
    """Popolo's schema ids mapped to the copies in tests/schemas/popolo; nothing is fetched."""
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        assert contents["id"] == f"{BASE}{path.name}#"
        resources.append((f"{BASE}{path.name}", Resource(contents, specification=DRAFT3)))
    return Registry().with_resources(resources)


def _date_time(value: object) -> bool:
    """Popolo's date-time: ISO 8601 with a time zone offset."""
    return not isinstance(value, str) or dt.datetime.fromisoformat(value).tzinfo is not None


FORMATS = FormatChecker(formats=())
FORMATS.checks("date-time", raises=ValueError)(_date_time)
REGISTRY = _registry()
VALIDATOR = Draft3Validator(
    REGISTRY.contents(f"{BASE}vote_event.json"), registry=REGISTRY, format_checker=FORMATS
)


def _session(weights: tuple[float, ...] = ()) -> Session:
    data = session_data(members=7, groups=3)
    data["items"] = [
        {"number": 1, "title": "Proposta amb recusació"},
        {"number": 2, "title": "Elecció del jutge de pau", "kind": "election", "vote": "secret"},
        {"number": 3, "title": "Preguntes", "kind": "question"},
        {"number": 4, "title": "Modificació de crèdit", "vote": "nominal"},
        {"number": 5, "title": "Moció", "kind": "motion", "majority": "absolute"},
        {"number": 6, "title": "Ordenança fiscal", "majority": "two_thirds"},
    ]
    for member, weight in zip(data["members"], weights, strict=False):
        member["weight"] = weight
    return Session.model_validate(data)


def _log() -> Log:
    """A session with a recusal, a secret ballot, a tie and casting vote, a reopened vote."""
    log = Log().opened(["m1", "m2", "m3", "m4", "m5", "m6"])
    log.add("item_opened", item=1).add("recusal", item=1, member="m2", reason="interès personal")
    log.add("member_stepped_out", member="m6")
    log.vote(1, {"m1": "yes", "m3": "yes", "m4": "no", "m5": "abstain"})
    log.add("member_returned", member="m6").add("item_closed", item=1)
    log.add("item_opened", item=2)
    ballots = {"yes": 3, "no": 1, "abstain": 0}
    log.vote(2, {"m1": None, "m2": None, "m3": None, "m4": None}, ballots=ballots)
    log.add("item_closed", item=2)
    log.add("item_opened", item=3).add("item_closed", item=3)
    log.add("item_opened", item=4)
    for _ in range(2):
        log.vote(4, {"m1": "yes", "m2": "yes", "m3": "no", "m4": "no", "m5": "abstain"})
    log.add("item_closed", item=4)
    log.add("item_opened", item=5)
    log.add("vote_opened", item=5).add("vote_cast", item=5, member="m5", choice="no")
    for member in ("m1", "m2", "m3", "m4", "m5"):
        log.add("vote_cast", item=5, member=member, choice="yes")
    log.add("vote_closed", item=5)
    log.add("vote_reopened", item=5, reason="error del sistema")
    log.vote(5, {"m1": "yes", "m2": "yes", "m3": "no", "m4": "no"})
    log.add("item_closed", item=5)
    log.add("item_opened", item=6)
    log.vote(6, {"m1": "yes", "m2": "yes", "m3": "yes", "m4": "yes", "m5": "yes", "m6": "no"})
    log.add("item_closed", item=6)
    return log.add("session_closed")


def _document(session: Session, log: Log) -> dict[str, Any]:
    proceedings = replay(session, log.log())
    run = TallyRun(session=session, proceedings=proceedings, tally=tally(session, proceedings))
    return popolo.tally_document(run)


def _sample_document() -> dict[str, Any]:
    session = session_folder.load_session(SAMPLE)
    log = session_folder.load_log(SAMPLE, session)
    proceedings = replay(session, log)
    run = TallyRun(session=session, proceedings=proceedings, tally=tally(session, proceedings))
    document = popolo.tally_document(run)
    # Through JSON and back, as `videoacta tally --json` prints it.
    loaded: dict[str, Any] = json.loads(json.dumps(document, ensure_ascii=False))
    return loaded


@pytest.fixture(params=["heads", "weighted", "sample"])
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "sample":
        return _sample_document()
    # Weights that keep item 4 tied: 2 + 1 for, 1.5 + 1.5 against.
    weights = (2, 1, 1.5, 1.5, 0.5, 1, 1) if request.param == "weighted" else ()
    return _document(_session(weights), _log())


def test_the_copied_schemas_resolve_every_ref_offline() -> None:
    refs = set()
    for path in SCHEMAS.glob("*.json"):
        refs |= set(re.findall(r'"\$ref": "([^"]+)"', path.read_text(encoding="utf-8")))
    assert refs
    for ref in refs:
        assert REGISTRY.resolver().lookup(ref).contents["id"] == ref


def test_every_vote_event_validates(document: dict[str, Any]) -> None:
    assert document["vote_events"]
    for event in document["vote_events"]:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(event)]
        assert errors == [], event["identifier"]


def test_the_validator_does_refuse_a_bad_event() -> None:
    event = _document(_session(), _log())["vote_events"][0]
    bad = {**event, "counts": [{"option": "yes", "value": 2.5}], "start_date": "2026-10-29T19:00"}
    assert sorted(e.message for e in VALIDATOR.iter_errors(bad)) == [
        "'2026-10-29T19:00' is not a 'date-time'",
        "2.5 is not of type 'integer'",
    ]


def test_counts_are_integers(document: dict[str, Any]) -> None:
    for event in document["vote_events"]:
        groups = [count for group in event["group_results"] for count in group["counts"]]
        for count in event["counts"] + groups:
            assert type(count["value"]) is int


def test_secret_votes_show_no_members_choice(document: dict[str, Any]) -> None:
    secret = [e for e in document["vote_events"] if e["classification"] == "secret"]
    assert secret
    for event in secret:
        assert "votes" not in event
        assert event["group_results"] == []
        assert event["round"]["changes"] == []
        assert "weighted_counts" not in event
        assert event["participants"]


def test_recused_members_are_not_voting_with_role_recused(document: dict[str, Any]) -> None:
    recused = [
        vote
        for event in document["vote_events"]
        for vote in event.get("votes", [])
        if vote["option"] == "not voting"
    ]
    assert recused
    assert all(vote.get("role") == "recused" for vote in recused)
    others = [v for e in document["vote_events"] for v in e.get("votes", [])]
    assert all("role" not in v for v in others if v["option"] != "not voting")


def test_vote_events_of_the_built_session() -> None:
    events = _document(_session(), _log())["vote_events"]
    assert [(e["identifier"], e["result"], e["classification"]) for e in events] == [
        ("test-session/item-1/round-1", "pass", "ordinary"),
        ("test-session/item-2/round-1", "pass", "secret"),
        ("test-session/item-4/round-1", "tie", "nominal"),
        ("test-session/item-4/round-2", "pass", "nominal"),
        ("test-session/item-5/round-1", "pass", "ordinary"),
        ("test-session/item-5/round-2", "fail", "ordinary"),
        ("test-session/item-6/round-1", "pass", "ordinary"),
    ]
    first = events[0]
    assert first["counts"] == [
        {"option": "yes", "value": 2},
        {"option": "no", "value": 1},
        {"option": "abstain", "value": 2},
        {"option": "absent", "value": 1},
        {"option": "not voting", "value": 1},
    ]
    assert first["votes"][1] == {
        "voter_id": "m2",
        "option": "not voting",
        "group_id": "B",
        "weight": 1.0,
        "role": "recused",
    }
    assert events[1]["participants"] == ["m1", "m2", "m3", "m4"]
    assert events[3]["round"]["casting_vote"] == "yes"
    assert events[5]["round"]["reopen_reason"] == "error del sistema"
