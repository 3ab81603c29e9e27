"""The ballot box and the secretary's corrections during a secret vote: an edit of an earlier
mark keeps the box's ballots; a change that would take back a ballot the box counted (the box
cannot take back one ballot: it does not know its choice) is refused and writes nothing."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.editor.editor_process import Editor
from tests.telematic.members import Device, act, issue, log, sitting


@pytest.fixture
def secret(tmp_path: Path) -> Iterator[tuple[Editor, Path, dict[str, Device]]]:
    """A secret vote open on item 2, m5's arrival marked apart (an earlier mark to correct)."""
    with sitting(tmp_path) as (running, folder):
        devices = {member: issue(running, member) for member in ["m1", "m2", "m3"]}
        act(running, type="members_joined", members=["m5"])
        act(running, type="members_joined", members=["m1", "m2", "m3", "m4"])
        act(running, type="session_opened")
        act(running, type="item_opened", item=2)
        act(running, type="vote_opened", item=2)
        yield running, folder, devices


def edit(running: Editor, **request: object) -> tuple[int, dict[str, object]]:
    version = running.state()["log"]["version"]
    status, answer = running.post("api/edit", {**request, "version": version})
    return status, dict(answer)


def test_an_earlier_mark_corrected_keeps_the_ballots(
    secret: tuple[Editor, Path, dict[str, Device]],
) -> None:
    running, folder, devices = secret
    assert devices["m1"].vote(2, "yes")[0] == 200
    status, answer = edit(running, op="delete", index=0)  # m5's arrival: the lines shift
    assert status == 200, answer
    assert devices["m2"].vote(2, "no")[0] == 200
    assert running.state()["telematic"]["ballots"] == 2
    act(running, type="vote_closed", item=2)
    assert log(folder)[-1]["ballots"] == {"yes": 1, "no": 1, "abstain": 0}


def test_a_ballot_in_the_box_cannot_be_taken_back(
    secret: tuple[Editor, Path, dict[str, Device]],
) -> None:
    running, folder, devices = secret
    assert devices["m1"].vote(2, "yes")[0] == 200
    before = (folder / "votes.jsonl").read_bytes()
    index = len(log(folder)) - 1  # m1's ballot, the last mark
    status, answer = edit(running, op="delete", index=index)
    assert status == 422, answer
    assert "ballot box" in str(answer["error"])
    version = running.state()["log"]["version"]
    status, answer = running.post("api/undo", {"version": version})
    assert status == 422, answer
    assert (folder / "votes.jsonl").read_bytes() == before
    # m1 cannot vote twice; the vote closes with the box's ballot.
    assert devices["m1"].vote(2, "no")[1]["code"] == "already_voted"
    act(running, type="vote_closed", item=2)
    assert log(folder)[-1]["ballots"] == {"yes": 1, "no": 0, "abstain": 0}


def test_the_close_of_a_secret_vote_cannot_be_taken_back(
    secret: tuple[Editor, Path, dict[str, Device]],
) -> None:
    """The box is emptied at the close (its totals are the close's ballots): a close taken back
    would leave a vote open whose device ballots no box holds any more."""
    running, folder, devices = secret
    assert devices["m1"].vote(2, "yes")[0] == 200
    act(running, type="vote_closed", item=2)
    before = (folder / "votes.jsonl").read_bytes()
    version = running.state()["log"]["version"]
    status, answer = running.post("api/undo", {"version": version})
    assert status == 422, answer
    assert "reopen the vote" in str(answer["error"])
    status, answer = edit(running, op="delete", index=len(log(folder)) - 1)
    assert status == 422, answer
    assert (folder / "votes.jsonl").read_bytes() == before
    assert devices["m1"].state()["result"]["counts"]["yes"] == 1
