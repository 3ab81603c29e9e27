"""The page's actions: one per event type, the shortcuts, hostile input, votes.csv sessions."""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.editor.logs import at, event, opened, sample_folder, small_folder
from videoacta.core.events import EVENT_ADAPTER
from videoacta.core.replay import replay
from videoacta.editor import actions, live_view
from videoacta.editor.csv_import import IMPORTED
from videoacta.editor.journal import Journal
from videoacta.errors import InputError
from videoacta.inputs.session_folder import load_log, read_jsonl


def _journal(tmp_path: Path) -> Journal:
    folder, session = small_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    opened(journal, ["m1", "m2", "m3", "m4"])
    return journal


def _act(journal: Journal, action: dict[str, Any], seconds: float) -> None:
    journal.add(actions.to_events(action, at(seconds), journal))


EVERY_EVENT = [
    {"type": "item_opened", "item": 1},
    {"type": "speech_started", "speaker": "m2"},
    {"type": "speech_ended", "speaker": "m2"},
    {"type": "member_stepped_out", "member": "m3"},
    {"type": "member_returned", "member": "m3"},
    {"type": "recusal", "item": 1, "member": "m4", "reason": "Conflicte d'interessos"},
    {"type": "vote_opened", "item": 1},
    {"type": "vote_cast", "item": 1, "member": "m1", "choice": "yes"},
    {"type": "vote_cast", "item": 1, "member": "m2", "choice": "yes"},
    {"type": "vote_closed", "item": 1},
    {"type": "vote_reopened", "item": 1, "reason": "Incidència"},
    {"type": "vote_opened", "item": 1},
    {"type": "vote_closed", "item": 1},
    {"type": "item_closed", "item": 1},
    {"type": "member_left", "member": "m3", "reason": "Un assumpte urgent"},
    {"type": "recess_started", "reason": "Descans"},
    {"type": "recess_ended"},
    {"type": "item_tabled", "item": 2},
    {"type": "item_withdrawn", "item": 3},
    {"type": "session_closed"},
]


def test_one_action_per_event_type_is_that_event_at_the_time_given(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    for seconds, action in enumerate(EVERY_EVENT, start=10):
        (made,) = actions.to_events(action, at(seconds), journal)
        assert made == EVENT_ADAPTER.validate_python({"time": at(seconds), **action})
        journal.add([made])
    replay(journal.session, load_log(journal.folder, journal.session))


def test_a_remote_member_joins_with_identity_and_territory(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "s", mode="mixed")
    journal = Journal.open(folder, session)
    remote = {"type": "member_joined", "member": "m5", "attendance": "remote"}
    with pytest.raises(InputError, match="has no proof of identity"):
        _act(journal, remote, 1)
    _act(journal, {**remote, "identity": "DNI a la càmera", "in_spain": True}, 1)
    _act(journal, {"type": "session_opened"}, 2)
    _act(journal, {"type": "connection_lost", "member": "m5"}, 3)
    assert live_view.snapshot(journal)["members"]["m5"]["status"] == "disconnected"
    _act(journal, {"type": "connection_restored", "member": "m5"}, 4)
    assert live_view.snapshot(journal)["members"]["m5"] == {
        "status": "present",
        "attendance": "remote",
        "in_room": True,
        "recused": False,
    }


HOSTILE = [
    ([1, 2], "an action is a JSON object"),
    ({"type": "nonsense"}, "unknown event type 'nonsense'"),
    ({"item": 1}, "the line has no 'type'"),
    ({"type": "item_opened", "item": 1, "extra": 1}, "extra: unknown field"),
    ({"type": "item_opened", "item": "1"}, "item: expected a whole number, not a text ('1')"),
    ({"type": "item_opened", "item": 10**6}, "item: Input should be less than or equal to 9999"),
    ({"type": "session_opened", "time": "19:00"}, "time: set by the clock, not by the action"),
    (
        {"type": "excused", "member": "m5"},
        "who is excused is set in session.toml (the setup), not logged",
    ),
    (
        {"type": "votes_cast", "item": 1, "choices": {"m1": "maybe"}},
        "choices.m1: Input should be 'yes', 'no', 'abstain' or 'not_voting'",
    ),
    (
        {"type": "votes_cast", "item": 1, "choices": {f"m{n}": "yes" for n in range(1001)}},
        "choices: more than 1,000 keys",
    ),
    (
        {"type": "members_joined", "members": []},
        "members: Tuple should have at least 1 item after validation, not 0",
    ),
    (
        {"type": "members_joined", "members": [[[[[[[[[[[1]]]]]]]]]]]},
        "nested more than 10 levels deep",
    ),
    ({"type": "speech_started", "speaker": "x" * 100}, "speaker: longer than 64 characters"),
]


@pytest.mark.parametrize(("action", "message"), HOSTILE)
def test_a_malformed_action_is_refused_in_one_line(
    tmp_path: Path, action: Any, message: str
) -> None:
    journal = _journal(tmp_path)
    with pytest.raises(InputError) as refused:
        actions.to_events(action, at(5), journal)
    assert str(refused.value) == f"action: {message}"


def _vote_open(journal: Journal, item: int = 1) -> None:
    _act(journal, {"type": "item_opened", "item": item}, 5)
    _act(journal, {"type": "vote_opened", "item": item}, 6)


def test_everyone_votes_then_a_group_then_the_exceptions(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    _act(journal, {"type": "member_stepped_out", "member": "m4"}, 4)
    _vote_open(journal)
    action = {"type": "votes_cast", "item": 1, "everyone": "yes", "groups": {"B": "no"}}
    action["choices"] = {"m3": "abstain"}
    casts = actions.to_events(action, at(7), journal)
    assert [(e.member, e.choice) for e in casts] == [("m1", "yes"), ("m2", "no"), ("m3", "abstain")]
    journal.add(casts)
    assert live_view.snapshot(journal)["vote"]["voted"] == {
        "m1": "yes",
        "m2": "no",
        "m3": "abstain",
    }
    with pytest.raises(InputError, match="no member to record on item 1: all have voted"):
        actions.to_events({"type": "votes_cast", "item": 1, "everyone": "no"}, at(8), journal)
    with pytest.raises(InputError, match=r"group 'Z' is not in session\.toml"):
        actions.to_events({"type": "votes_cast", "item": 1, "groups": {"Z": "no"}}, at(8), journal)
    _act(journal, {"type": "votes_cast", "item": 1, "choices": {"m2": "yes"}}, 8)  # a change
    assert live_view.snapshot(journal)["vote"]["voted"]["m2"] == "yes"


def test_a_shortcut_needs_the_open_vote(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    with pytest.raises(InputError, match="action: no vote is open on item 1"):
        actions.to_events({"type": "votes_cast", "item": 1, "everyone": "yes"}, at(5), journal)


def test_a_secret_ballot_records_who_took_part_and_refuses_a_choice(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    _vote_open(journal, item=2)
    before = (journal.folder / "votes.jsonl").read_bytes()
    with pytest.raises(InputError, match="a cast in the secret vote on item 2 carries a choice"):
        _act(journal, {"type": "votes_cast", "item": 2, "everyone": "yes"}, 7)
    assert (journal.folder / "votes.jsonl").read_bytes() == before
    took_part = {"type": "ballots_cast", "item": 2, "everyone": True, "excluding": ["m3"]}
    _act(journal, took_part, 7)
    assert live_view.snapshot(journal)["vote"]["voted"] == {"m1": None, "m2": None, "m4": None}
    with pytest.raises(InputError, match="counted 4 ballots but 3 members cast one"):
        _act(
            journal,
            {"type": "vote_closed", "item": 2, "ballots": {"yes": 2, "no": 1, "abstain": 1}},
            8,
        )
    _act(
        journal, {"type": "vote_closed", "item": 2, "ballots": {"yes": 2, "no": 1, "abstain": 0}}, 8
    )
    assert live_view.snapshot(journal)["tally"]["counts"]["yes"] == 2


def test_the_samples_nominal_vote_by_groups(tmp_path: Path) -> None:
    """Item 10 of the sample: Endavant and Verd yes, Acord and Independents no, Veïns abstain,
    in one action of four group choices."""
    folder, session = sample_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    log = read_jsonl(SAMPLE / "votes.jsonl")
    upto = next(
        n for n, e in enumerate(log.entries) if e.event.type == "item_opened" and e.event.item == 10
    )
    for entry in log.entries[: upto + 6]:  # item 10 opened, speeches, its vote opened
        journal.add([entry.event])
    groups = {"endavant": "yes", "verd": "yes", "acord": "no", "independents": "no"}
    _act(journal, {"type": "votes_cast", "item": 10, "groups": groups, "everyone": "abstain"}, 300)
    tally = live_view.snapshot(journal)["tally"]
    assert tally["counts"] == {"yes": 5, "no": 6, "abstain": 7, "absent": 3, "recused": 0}
    assert (tally["result"], tally["passes"]) == ("failed", False)


def test_a_votes_csv_session_opens_casts_its_choices_and_saves_a_jsonl(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "s")
    rows = ["item,member,choice", "1,m1,yes", "1,m2,no", "1,m3,yes"]
    (folder / "votes.csv").write_text("\n".join(rows) + "\n", "utf-8")
    journal = Journal.open(folder, session)
    assert journal.entries == ()
    opened(journal, ["m1", "m2", "m3"])
    assert not (folder / "votes.csv").exists()
    assert (folder / IMPORTED).exists()
    _vote_open(journal)
    _act(journal, {"type": "csv_choices", "item": 1}, 7)
    assert live_view.snapshot(journal)["vote"]["voted"] == {"m1": "yes", "m2": "no", "m3": "yes"}
    with pytest.raises(InputError, match=r"votes\.csv\.imported: has no choices for item 3"):
        actions.to_events({"type": "csv_choices", "item": 3}, at(8), journal)
    _act(journal, {"type": "vote_closed", "item": 1}, 8)
    _act(journal, {"type": "item_closed", "item": 1}, 9)
    _act(journal, {"type": "session_closed"}, 10)
    proceedings = replay(session, load_log(folder, session))
    assert proceedings.items[0].rounds[0].final_choices() == {"m1": "yes", "m2": "no", "m3": "yes"}


def test_a_folder_with_both_logs_is_refused(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "s")
    shutil.copy(SAMPLE / "votes.jsonl", folder / "votes.jsonl")
    (folder / "votes.csv").write_text("item,member,choice\n", "utf-8")
    with pytest.raises(InputError, match=r"has both votes\.jsonl and votes\.csv; keep one"):
        Journal.open(folder, session)


def test_the_snapshot_is_plain_json(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    _vote_open(journal)
    view = live_view.snapshot(journal)
    assert json.loads(json.dumps(view)) == view
    assert view["entries"][-1] == {
        "index": 6,
        "line": 7,
        "time": at(6).isoformat(),
        "type": "vote_opened",
        "summary": "Vote on item 1 opened",
    }
    assert event(6, "vote_opened", item=1) == journal.entries[-1].event
