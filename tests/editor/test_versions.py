"""Edits of earlier marks, undo (also after a restart), a torn last line, kept versions."""

import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLE
from tests.editor.logs import at, event, log_bytes, opened, sample_folder, small_folder
from videoacta.core.replay import replay
from videoacta.editor.journal import Journal
from videoacta.editor.log_file import Digest, event_line
from videoacta.editor.session_file import SessionFile
from videoacta.editor.versions import VERSIONS, Change, Versions, prune_versions
from videoacta.errors import InputError
from videoacta.inputs.session_folder import load_log, read_jsonl


def _meeting(tmp_path: Path) -> tuple[Path, Journal]:
    folder, session = small_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    opened(journal, ["m1", "m2", "m3"])
    journal.add([event(10, "item_opened", item=1), event(11, "vote_opened", item=1)])
    journal.add([event(12, "vote_cast", item=1, member="m1", choice="yes")])
    journal.add([event(13, "vote_cast", item=1, member="m2", choice="no")])
    return folder, journal


def test_a_mark_is_moved_corrected_and_deleted(tmp_path: Path) -> None:
    folder, journal = _meeting(tmp_path)
    journal.move(6, at(11.5), version=journal.version)
    assert journal.entries[6].event.time == at(11.5)
    corrected = event(13, "vote_cast", item=1, member="m2", choice="abstain")
    journal.replace(7, corrected, version=journal.version)
    assert journal.entries[7].event == corrected
    journal.delete(7, version=journal.version)
    assert [e.event for e in read_jsonl(folder / "votes.jsonl").entries] == [
        e.event for e in journal.entries
    ]
    assert len(journal.entries) == 7


def test_a_moved_mark_takes_its_place_in_time(tmp_path: Path) -> None:
    folder, journal = _meeting(tmp_path)
    journal.move(6, at(13.5), version=journal.version)  # m1's cast, after m2's now
    assert [e.event.time for e in journal.entries][-2:] == [at(13), at(13.5)]
    assert [e.line for e in read_jsonl(folder / "votes.jsonl").entries] == list(range(1, 9))


def test_an_edit_that_breaks_the_log_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    folder, journal = _meeting(tmp_path)
    before, version = log_bytes(folder), journal.version
    with pytest.raises(InputError) as refused:
        journal.delete(3, version=journal.version)  # session_opened
    assert str(refused.value) == "votes.jsonl line 4: item_opened before the session was opened"
    with pytest.raises(InputError) as refused:
        journal.move(0, at(12.5), version=journal.version)  # m1 joins after voting
    assert str(refused.value) == "votes.jsonl line 6: member 'm1' cast a vote but is not present"
    with pytest.raises(InputError, match="there is no mark 99"):
        journal.replace(99, event(20, "session_closed"), version=journal.version)
    assert (log_bytes(folder), journal.version) == (before, version)


def test_every_change_is_undone_in_turn_also_after_a_restart(tmp_path: Path) -> None:
    folder, journal = _meeting(tmp_path)
    versions = [log_bytes(folder)]
    journal.delete(7, version=journal.version)
    versions.append(log_bytes(folder))
    journal.add([event(13, "vote_cast", item=1, member="m3", choice="yes")])
    versions.append(log_bytes(folder))
    journal.add([event(5, "speech_started", speaker="m2")])  # earlier: a rewrite
    reopened = Journal.open(folder, journal.session)
    for expected in reversed(versions):
        assert reopened.undo()
        assert log_bytes(folder) == expected
        reopened = Journal.open(folder, journal.session)
    assert [e.event.type for e in reopened.entries][-1] == "vote_cast"
    while reopened.undo():
        pass
    assert log_bytes(folder) == b""
    assert reopened.entries == ()


def test_the_version_only_grows(tmp_path: Path) -> None:
    folder, journal = _meeting(tmp_path)
    seen = journal.version
    journal.undo()
    assert journal.version == seen + 1
    assert Journal.open(folder, journal.session).version == journal.version


def test_a_torn_last_line_is_discarded_with_a_notice(tmp_path: Path) -> None:
    folder, journal = _meeting(tmp_path)
    whole = log_bytes(folder)
    torn = event_line(event(14, "vote_cast", item=1, member="m3", choice="yes"))[:40]
    with (folder / "votes.jsonl").open("ab") as handle:
        handle.write(torn.encode())
    again = Journal.open(folder, journal.session)
    assert log_bytes(folder) == whole
    assert again.entries == journal.entries
    assert again.notices == (
        "votes.jsonl line 9: discarded, the torn end of a write that was interrupted",
    )
    again.add([event(14, "vote_cast", item=1, member="m3", choice="yes")])
    assert len(read_jsonl(folder / "votes.jsonl").entries) == 9


def test_a_whole_last_line_without_its_newline_is_kept(tmp_path: Path) -> None:
    folder, journal = _meeting(tmp_path)
    (folder / "votes.jsonl").write_bytes(log_bytes(folder).rstrip(b"\n"))
    again = Journal.open(folder, journal.session)
    assert (again.entries, again.notices) == (journal.entries, ())
    assert log_bytes(folder).endswith(b"}\n")


def test_a_change_recorded_but_never_written_counts_as_undone(tmp_path: Path) -> None:
    """A kill between the history's line and the log's: the log is the old one, and the next
    undo takes back the change before it."""
    folder, journal = _meeting(tmp_path)
    before = log_bytes(folder)
    grown = before + b'{"x": 1}\n'
    Versions(folder).record(
        Change(journal.version + 1, "append", Digest.of(grown), before=journal.digest)
    )
    again = Journal.open(folder, journal.session)
    assert log_bytes(folder) == before
    assert again.undo()
    assert len(again.entries) == 7


def test_lines_written_without_their_history_line_are_one_change(tmp_path: Path) -> None:
    """After a power cut the history (not fsynced) may miss the last append."""
    folder, journal = _meeting(tmp_path)
    history = folder / VERSIONS / "history.jsonl"
    kept = history.read_bytes()
    journal.add([event(14, "vote_cast", item=1, member="m3", choice="yes")])
    history.write_bytes(kept)
    again = Journal.open(folder, journal.session)
    assert len(again.entries) == 9
    assert again.undo()
    assert len(again.entries) == 8


def test_a_log_edited_by_hand_starts_a_new_history(tmp_path: Path) -> None:
    folder, journal = _meeting(tmp_path)
    lines = log_bytes(folder).splitlines(keepends=True)
    (folder / "votes.jsonl").write_bytes(b"".join(lines[:6]))
    again = Journal.open(folder, journal.session)
    assert again.notices == (
        "votes.jsonl was changed outside the editor: undo starts from this version",
    )
    assert not again.undo()


def test_versions_are_pruned_after_the_build(tmp_path: Path) -> None:
    folder, journal = _meeting(tmp_path)
    prune_versions(folder)
    assert not (folder / VERSIONS).exists()
    assert not journal.undo()
    journal.add([event(14, "vote_cast", item=1, member="m3", choice="yes")])
    assert journal.undo()
    assert len(journal.entries) == 8


def test_the_hidden_folder_disturbs_no_reader(tmp_path: Path) -> None:
    """load_log, the batch inbox and its input hash read only the files they name."""
    from videoacta.batch import inbox
    from videoacta.batch.runspec import Ready

    folder, session = sample_folder(tmp_path / "inbox" / "s")
    journal = Journal.open(folder, session)
    for entry in read_jsonl(SAMPLE / "votes.jsonl").entries:
        journal.add([entry.event])
    journal.delete(30, version=journal.version)
    journal.undo()
    assert (folder / VERSIONS / "history.jsonl").exists()
    replay(session, load_log(folder, session))
    names = [name for name, _ in inbox.input_files(folder)]
    assert names == ["session.toml", "votes.jsonl", "recording/part-1.mp4", "recording/part-2.mp4"]
    found = inbox.find_sessions(tmp_path / "inbox", ready=Ready.CLOSED, settle=0, now=1e12)
    assert [c.name for c in found] == ["s"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(st.booleans(), st.integers(0, 10_000)), max_size=12))
def test_random_deletes_and_undos_keep_a_valid_log(tmp_path: Path, steps: list) -> None:
    """Whatever is deleted (or refused) and undone, the file is the log the journal holds, a
    valid one, and each undo gives back the file as it was before the change it takes back."""
    folder, journal = _meeting(tmp_path / str(len(list(tmp_path.iterdir()))))
    history = [log_bytes(folder)]
    for delete, pick in steps:
        if delete:
            try:
                journal.delete(pick % len(journal.entries), version=journal.version)
            except InputError:
                continue
            history.append(log_bytes(folder))
        elif len(history) > 1:
            assert journal.undo()
            history.pop()
        assert log_bytes(folder) == history[-1]
        reopened = Journal.open(folder, journal.session)  # replays and checks it
        assert reopened.entries == journal.entries


def test_a_private_log_and_session_file_stay_private(tmp_path: Path) -> None:
    """A rewrite replaces the file whole: it must not widen what its owner made rw-------."""
    folder, journal = _meeting(tmp_path)
    (folder / "votes.jsonl").chmod(0o600)
    (folder / "session.toml").chmod(0o600)
    journal.delete(7, version=journal.version)
    SessionFile.open(folder).apply({"op": "set", "path": ["place"], "value": "Sala de Plens"})
    assert stat.S_IMODE((folder / "votes.jsonl").stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "session.toml").stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / VERSIONS).stat().st_mode) == 0o700


@pytest.mark.parametrize("linked", ["votes.jsonl", ".videoacta", ".videoacta/versions"])
def test_a_log_or_versions_folder_linked_out_of_the_folder_is_refused(
    tmp_path: Path, linked: str
) -> None:
    """The editor appends to the log and keeps its versions in place: through a link it would
    write out of the session folder (and a rewrite would replace the link by a file)."""
    folder, journal = _meeting(tmp_path)
    session = journal.session
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "linked"
    (folder / linked).rename(target)
    (folder / linked).symlink_to(target)
    before = {p.name: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()}
    with pytest.raises(InputError, match="is a symbolic link"):
        Journal.open(folder, session)
    assert {p.name: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()} == before
