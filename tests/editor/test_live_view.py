"""The page's view of the journal, and what a SIGKILL leaves of it."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE
from tests.editor.logs import sample_folder
from videoacta.core import events as ev
from videoacta.editor import live_view
from videoacta.editor.journal import Journal
from videoacta.inputs.session_folder import read_jsonl


def test_no_choice_of_a_secret_ballot_is_ever_in_the_view(tmp_path: Path) -> None:
    """At every line of the sample, the secret election (item 6) shows who took part only."""
    folder, session = sample_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    seen_secret = 0
    for entry in read_jsonl(SAMPLE / "votes.jsonl").entries:
        journal.add([entry.event])
        view = live_view.snapshot(journal)
        if view["vote"] is not None and view["vote"]["secret"]:
            seen_secret += 1
            assert set(view["vote"]["voted"].values()) <= {None}
            assert set(view["tally"]["counts"]) == {"took_part", "absent", "recused"}
    assert seen_secret == 20  # opened, then 19 ballots
    assert "votes yes on item 6" not in json.dumps(live_view.snapshot(journal))


def test_the_live_tally_of_the_tie_and_the_casting_vote(tmp_path: Path) -> None:
    """Item 9 ties 9-9 and is repeated; tied again, the mayor's own yes decides it (as `tally`
    counts it), yet the page still offers the casting vote until the chair declares it."""
    folder, session = sample_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    seen = []
    for entry in read_jsonl(SAMPLE / "votes.jsonl").entries:
        journal.add([entry.event])
        view = live_view.snapshot(journal)
        if view["item"] == 9 and view["vote"] is None and view["tally"] is not None:
            tally = view["tally"]
            seen.append((entry.event.type, view["needs"], tally["round"], tally["result"]))
    assert seen == [
        ("vote_closed", "repeat", 1, "tied"),
        ("speech_started", "repeat", 1, "tied"),
        ("speech_ended", "repeat", 1, "tied"),
        ("vote_closed", "casting_vote", 2, "passed_by_casting_vote"),
        ("casting_vote", None, 2, "passed_by_casting_vote"),
    ]
    assert live_view.snapshot(journal)["items"]["9"] == "dealt"


def test_attendance_during_the_sample(tmp_path: Path) -> None:
    folder, session = sample_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    for entry in read_jsonl(SAMPLE / "votes.jsonl").entries[:160]:  # item 5, m11 recused, out
        journal.add([entry.event])
    view = live_view.snapshot(journal)
    assert view["members"]["m11"] == {
        "status": "present",
        "attendance": "in_person",
        "in_room": False,
        "recused": True,
    }
    assert view["members"]["m10"]["attendance"] == "remote"
    assert (view["members"]["m17"]["status"], view["members"]["m20"]["status"]) == (
        "absent",
        "excused",
    )
    assert view["quorum"] == {"required": 7, "present": 19}


WRITER = """
import sys
from pathlib import Path
from videoacta.editor.journal import Journal
from videoacta.inputs.session_folder import load_session, read_jsonl
folder = Path(sys.argv[1])
journal = Journal.open(folder, load_session(folder))
for entry in read_jsonl(Path(sys.argv[2])).entries[len(journal.entries):]:
    journal.add([entry.event])
    print(len(journal.entries), flush=True)
"""


@pytest.mark.parametrize("kill_after", [1, 120, 300])
def test_a_sigkill_leaves_a_whole_log_and_a_restart_goes_on(
    tmp_path: Path, kill_after: int
) -> None:
    folder, session = sample_folder(tmp_path / "s")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(SAMPLE / "votes.jsonl")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert writer.stdout is not None
    done = 0
    while done < kill_after:
        done = int(writer.stdout.readline())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    journal = Journal.open(folder, session)
    sample = (SAMPLE / "votes.jsonl").read_bytes()
    written = (folder / "votes.jsonl").read_bytes()
    assert len(journal.entries) >= done
    assert sample.startswith(written)
    for entry in read_jsonl(SAMPLE / "votes.jsonl").entries[len(journal.entries) :]:
        journal.add([entry.event])
    assert (folder / "votes.jsonl").read_bytes() == sample


def test_the_marks_follow_appends_and_rewrites(tmp_path: Path) -> None:
    """The marks kept between snapshots are those a fresh view computes, also after an earlier
    mark is inserted (every later index shifts) or a mark deleted."""
    folder, session = sample_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    entries = read_jsonl(SAMPLE / "votes.jsonl").entries
    for entry in entries[:60]:
        journal.add([entry.event])
        live_view.snapshot(journal)
    out = ev.MemberSteppedOut(type="member_stepped_out", time=entries[55].event.time, member="m21")
    journal.add([out])  # earlier than the last mark: inserted, every later index shifts
    assert journal.entries[56].event == out
    live_view.snapshot(journal)
    journal.delete(30, version=journal.version)  # a cast of item 1
    fresh = live_view.snapshot(Journal.open(folder, session))
    assert live_view.snapshot(journal)["entries"] == fresh["entries"]


def test_every_event_type_has_a_mark_and_an_incident_shows_its_text(tmp_path: Path) -> None:
    """An incident noted on the page is summarised (it once answered 500, and every later
    state too: the folder could no longer be opened)."""
    from typing import get_args

    from tests.editor.logs import event
    from videoacta.editor.marks import SAY

    union = get_args(get_args(ev.Event)[0])
    assert {model.model_fields["type"].annotation.__args__[0] for model in union} == set(SAY)
    folder, session = sample_folder(tmp_path / "s")
    journal = Journal.open(folder, session)
    journal.add([event(5, "session_opened"), event(9, "incident_noted", text="The sound is lost")])
    marks = live_view.snapshot(journal)["entries"]
    assert [mark["summary"] for mark in marks] == ["Session opened", "Incident: The sound is lost"]
