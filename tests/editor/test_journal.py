"""The journal: appends fsynced and read back, refusals that write nothing, edits, reopening."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLE
from tests.editor.logs import event, log_bytes, opened, sample_folder, small_folder
from videoacta.cli import cli
from videoacta.editor import live_view
from videoacta.editor.journal import Journal, LogChanged
from videoacta.editor.log_file import event_line
from videoacta.errors import InputError
from videoacta.inputs.session_folder import read_jsonl


def test_an_empty_folder_opens_as_an_empty_log(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    assert (journal.entries, journal.version) == ((), 0)
    assert not (folder / "votes.jsonl").exists()


def test_each_add_is_on_disk_when_it_returns(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    joined = event(0, "member_joined", member="m1")
    journal.add([joined])
    assert log_bytes(folder) == (event_line(joined) + "\n").encode()
    opening = event(1, "session_opened")
    journal.add([opening])
    assert log_bytes(folder).decode().splitlines() == [event_line(joined), event_line(opening)]
    assert [e.event for e in read_jsonl(folder / "votes.jsonl").entries] == [joined, opening]
    assert journal.version == 2


def test_reopening_restores_the_same_state(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    opened(journal, ["m1", "m2", "m3"])
    journal.add([event(2, "item_opened", item=1), event(3, "vote_opened", item=1)])
    journal.add([event(4, "vote_cast", item=1, member="m2", choice="no")])
    again = Journal.open(folder, session)
    assert again.entries == journal.entries
    assert live_view.snapshot(again) == live_view.snapshot(journal)


def test_an_invalid_log_is_refused_on_open_naming_its_line(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "s")
    lines = [event_line(event(0, "session_opened")), event_line(event(1, "item_opened", item=9))]
    (folder / "votes.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(InputError) as refused:
        Journal.open(folder, session)
    assert str(refused.value) == "votes.jsonl line 2: item 9 is not on the agenda in session.toml"


def _voting(tmp_path: Path) -> tuple[Path, Journal]:
    """m1-m4 present, item 1 open with its vote open; m4 has recused."""
    folder, session = small_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    opened(journal, ["m1", "m2", "m3", "m4"])
    journal.add([event(2, "item_opened", item=1)])
    journal.add([event(3, "recusal", item=1, member="m4", reason="Conflicte d'interessos")])
    journal.add([event(4, "member_stepped_out", member="m4")])
    journal.add([event(5, "vote_opened", item=1)])
    return folder, journal


REFUSED = [
    (
        [event(6, "vote_cast", item=1, member="m5", choice="yes")],
        "votes.jsonl line 10: member 'm5' cast a vote but is not present",
    ),
    (
        [event(6, "vote_cast", item=1, member="m4", choice="yes")],
        "votes.jsonl line 10: member 'm4' cast a vote but is outside the room",
    ),
    (
        [event(6, "vote_cast", item=1, member="m1", choice="yes"), event(6, "item_closed", item=1)],
        "votes.jsonl line 11: item 1 closed while its vote is open",
    ),
    (
        [event(6, "vote_closed", item=1), event(7, "casting_vote", item=1, choice="yes")],
        "votes.jsonl line 11: casting_vote on item 1 without a repeated vote",
    ),
    (
        [event(6, "vote_cast", item=1, member="m9", choice="yes")],
        "votes.jsonl line 10: member 'm9' is not in session.toml",
    ),
    (
        [event(1, "vote_cast", item=1, member="m1", choice="yes")],
        "votes.jsonl line 6: no vote is open on item 1",
    ),
]


@pytest.mark.parametrize(("events", "message"), REFUSED)
def test_a_refused_action_writes_nothing_and_says_the_rule(
    tmp_path: Path, events: list, message: str
) -> None:
    folder, journal = _voting(tmp_path)
    before, view = log_bytes(folder), live_view.snapshot(journal)
    with pytest.raises(InputError) as refused:
        journal.add(events)
    assert str(refused.value) == message
    assert log_bytes(folder) == before
    assert live_view.snapshot(journal) == view
    journal.add([event(6, "vote_cast", item=1, member="m1", choice="yes")])  # still usable


def test_a_recused_member_in_the_room_cannot_vote(tmp_path: Path) -> None:
    folder, journal = _voting(tmp_path)
    journal.add([event(6, "vote_closed", item=1), event(7, "member_returned", member="m4")])
    journal.add([event(8, "vote_reopened", item=1, reason="Error")])
    journal.add([event(9, "vote_opened", item=1)])
    before = log_bytes(folder)
    with pytest.raises(InputError, match="'m4' cast a vote on item 1, from which they recused"):
        journal.add([event(10, "vote_cast", item=1, member="m4", choice="no")])
    assert log_bytes(folder) == before


def test_a_choice_in_a_secret_ballot_is_refused(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    opened(journal, ["m1", "m2", "m3"])
    journal.add([event(2, "item_opened", item=2), event(3, "vote_opened", item=2)])
    before = log_bytes(folder)
    with pytest.raises(InputError) as refused:
        journal.add([event(4, "vote_cast", item=2, member="m1", choice="yes")])
    assert str(refused.value).endswith("a cast in the secret vote on item 2 carries a choice")
    assert log_bytes(folder) == before


def _tied_twice(tmp_path: Path, second: dict[str, str]) -> tuple[Path, Journal]:
    folder, session = small_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    opened(journal, ["m1", "m2", "m3", "m4"])
    journal.add([event(2, "item_opened", item=1)])
    for start, choices in ((3, {"m1": "yes", "m2": "no", "m3": "yes", "m4": "no"}), (10, second)):
        journal.add([event(start, "vote_opened", item=1)])
        casts = [
            event(start + 1, "vote_cast", item=1, member=m, choice=c) for m, c in choices.items()
        ]
        journal.add([*casts, event(start + 2, "vote_closed", item=1)])
    return folder, journal


def test_a_casting_vote_without_a_tie_is_refused_as_tally_refuses_it(tmp_path: Path) -> None:
    folder, journal = _tied_twice(tmp_path, {"m1": "yes", "m2": "no", "m3": "yes", "m4": "yes"})
    before = log_bytes(folder)
    casting = event(20, "casting_vote", item=1, choice="yes")
    with pytest.raises(InputError) as refused:
        journal.add([casting])
    message = "votes.jsonl line 19: casting_vote on item 1, whose vote is not tied"
    assert str(refused.value) == message
    assert log_bytes(folder) == before
    # `videoacta tally` says the same of the finished log that holds it.
    ending = [casting, event(21, "item_closed", item=1), event(22, "session_closed")]
    finished = before + "".join(event_line(e) + "\n" for e in ending).encode()
    (folder / "votes.jsonl").write_bytes(finished)
    result = CliRunner().invoke(cli, ["tally", str(folder)])
    assert result.exit_code == 3
    assert message in result.stderr


def test_a_tie_awaits_the_casting_vote_and_the_item_closes_only_after_it(tmp_path: Path) -> None:
    _, journal = _tied_twice(tmp_path, {"m1": "abstain", "m2": "no", "m3": "yes", "m4": "yes"})
    view = live_view.snapshot(journal)
    assert (view["needs"], view["tied"]) == (None, False)  # 2 yes 1 no: passed
    _, journal = _tied_twice(tmp_path / "t", {"m1": "abstain", "m2": "no", "m3": "yes"})
    assert live_view.snapshot(journal)["needs"] == "casting_vote"
    with pytest.raises(InputError, match="still tied after the repeated vote"):
        journal.add([event(20, "item_closed", item=1)])
    journal.add([event(20, "casting_vote", item=1, choice="no")])
    journal.add([event(21, "item_closed", item=1)])
    assert live_view.snapshot(journal)["items"]["1"] == "dealt"


def test_a_vote_opened_again_after_a_decided_one_is_refused(tmp_path: Path) -> None:
    _, journal = _voting(tmp_path)
    journal.add([event(6, "vote_cast", item=1, member="m1", choice="yes")])
    journal.add([event(7, "vote_closed", item=1)])
    with pytest.raises(InputError, match="opened again after a decided vote; use vote_reopened"):
        journal.add([event(8, "vote_opened", item=1)])


def test_the_same_line_twice_is_refused_as_the_reader_would(tmp_path: Path) -> None:
    _, journal = _voting(tmp_path)
    cast = event(6, "vote_cast", item=1, member="m1", choice="yes")
    journal.add([cast])
    with pytest.raises(InputError) as refused:
        journal.add([cast])
    assert str(refused.value) == "votes.jsonl line 11: duplicate of line 10"


def test_an_earlier_mark_is_inserted_in_time_order(tmp_path: Path) -> None:
    folder, session = small_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    opened(journal, ["m1", "m2", "m3"])
    journal.add([event(10, "item_opened", item=3), event(12, "speech_started", speaker="m2")])
    journal.add([event(20, "speech_ended", speaker="m2"), event(30, "item_closed", item=3)])
    journal.add([event(15, "speech_started", speaker="m3")])
    on_disk = [(e.line, e.event.type) for e in read_jsonl(folder / "votes.jsonl").entries][4:]
    assert on_disk == [
        (5, "item_opened"),
        (6, "speech_started"),
        (7, "speech_started"),
        (8, "speech_ended"),
        (9, "item_closed"),
    ]
    assert [e.event for e in journal.entries] == [
        e.event for e in read_jsonl(folder / "votes.jsonl").entries
    ]
    before = log_bytes(folder)
    with pytest.raises(InputError) as refused:
        journal.add([event(14, "speech_ended", speaker="m1")])
    assert (
        str(refused.value) == "votes.jsonl line 7: speech_ended for 'm1' without a speech_started"
    )
    assert log_bytes(folder) == before


def test_the_page_must_echo_the_current_version(tmp_path: Path) -> None:
    _, journal = _voting(tmp_path)
    with pytest.raises(LogChanged, match="has changed since this page last read it"):
        journal.delete(0, version=journal.version - 1)


def test_replaying_the_sample_through_add_gives_the_same_log_and_tally(tmp_path: Path) -> None:
    folder, session = sample_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    for entry in read_jsonl(SAMPLE / "votes.jsonl").entries:
        journal.add([entry.event])
    assert log_bytes(folder) == (SAMPLE / "votes.jsonl").read_bytes()
    ours = CliRunner().invoke(cli, ["tally", str(folder), "--json"])
    theirs = CliRunner().invoke(cli, ["tally", str(SAMPLE), "--json"])
    assert ours.exit_code == 0, ours.stderr
    assert json.loads(ours.stdout) == json.loads(theirs.stdout)
