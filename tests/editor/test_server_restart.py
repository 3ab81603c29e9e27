"""`videoacta mark` killed with SIGKILL in the middle of a vote, and started again: every mark
the page was told was recorded is there, once, and the vote is still open where it was."""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, target)
    (target / "votes.jsonl").unlink()
    return target


def act(running: Editor, version: int, seconds: float, **action: Any) -> dict[str, Any]:
    body = {"action": action, "at": {"part": 0, "seconds": seconds}, "version": version}
    status, state = running.post("api/action", body)
    assert status == 200, state
    return dict(state["log"])


def test_a_kill_in_the_middle_of_a_vote_loses_and_repeats_nothing(folder: Path) -> None:
    with editor(folder) as running:
        log = act(running, 0, 1, type="members_joined", members=["m01", "m02", "m03", "m04"])
        log = act(running, log["version"], 5, type="session_opened")
        log = act(running, log["version"], 10, type="item_opened", item=1)
        log = act(running, log["version"], 20, type="vote_opened", item=1)
        log = act(running, log["version"], 21, type="votes_cast", item=1, choices={"m01": "yes"})
        log = act(running, log["version"], 22, type="vote_cast", item=1, member="m02", choice="no")
        acknowledged = log["entries"]
        running.kill()
    written = (folder / "votes.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(written) == len(acknowledged) == 9
    with editor(folder) as again:
        state = again.state()["log"]
        assert state["entries"] == acknowledged
        assert state["vote"]["item"] == 1
        assert state["vote"]["voted"] == {"m01": "yes", "m02": "no"}
        # The vote goes on where it was: one more cast, then the close.
        log = act(again, state["version"], 23, type="vote_cast", item=1, member="m03", choice="yes")
        log = act(again, log["version"], 24, type="vote_closed", item=1)
        assert log["tally"]["counts"]["yes"] == 2
    events = [json.loads(line) for line in (folder / "votes.jsonl").read_text().splitlines()]
    assert [e["type"] for e in events].count("vote_cast") == 3
    assert events[-1] == {"time": "2026-10-29T19:00:24+01:00", "type": "vote_closed", "item": 1}


def test_a_kill_after_an_undo_keeps_the_undone_log(folder: Path) -> None:
    with editor(folder) as running:
        log = act(running, 0, 1, type="member_joined", member="m01")
        log = act(running, log["version"], 2, type="member_joined", member="m02")
        status, state = running.post("api/undo", {"version": log["version"]})
        assert status == 200, state
        running.kill()
    with editor(folder) as again:
        entries = again.state()["log"]["entries"]
    assert [entry["summary"] for entry in entries] == ["Núria Soler i Bosch arrives"]
