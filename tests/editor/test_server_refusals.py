"""A refused action over HTTP: 422 with the rule `videoacta tally` gives, and nothing written."""

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor

SAMPLE_LINES = (SAMPLE / "votes.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


def upto(marker: str) -> str:
    """The sample's log up to and including the first line holding `marker`."""
    index = next(n for n, line in enumerate(SAMPLE_LINES) if marker in line)
    return "".join(SAMPLE_LINES[: index + 1])


@pytest.fixture
def running(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Editor]:
    target = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, target)
    (target / "votes.jsonl").write_text(upto(request.param), encoding="utf-8")
    with editor(target) as started:
        yield started


def refused(running: Editor, seconds: float, **action: Any) -> str:
    folder = Path(running.process.args[4])  # type: ignore[index]
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    version = running.state()["log"]["version"]
    body = {"action": action, "at": {"part": 0, "seconds": seconds}, "version": version}
    status, answer = running.post("api/action", body)
    assert status == 422, answer
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert running.state()["log"]["version"] == version
    return str(answer["error"])


VOTE_1 = '"vote_opened", "item": 1}'
RECUSAL_5 = '"type": "recusal", "item": 5'
VOTE_6 = '"vote_opened", "item": 6}'


@pytest.mark.parametrize("running", [VOTE_1], indirect=True)
def test_an_absent_member_cannot_vote(running: Editor) -> None:
    error = refused(running, 21, type="vote_cast", item=1, member="m17", choice="yes")
    assert error == "votes.jsonl line 29: member 'm17' cast a vote but is not present"


@pytest.mark.parametrize("running", [RECUSAL_5], indirect=True)
def test_a_recused_member_cannot_vote_even_in_the_room(running: Editor) -> None:
    """m11 recuses from item 5 (19:02:08) and, this time, does not step out."""
    version = running.state()["log"]["version"]
    body = {"action": {"type": "vote_opened", "item": 5}, "at": {"part": 0, "seconds": 149}}
    status, answer = running.post("api/action", {**body, "version": version})
    assert status == 200, answer
    error = refused(running, 150, type="vote_cast", item=5, member="m11", choice="no")
    assert error.endswith("member 'm11' cast a vote on item 5, from which they recused")


@pytest.mark.parametrize("running", [VOTE_6], indirect=True)
def test_a_secret_ballot_takes_no_choice(running: Editor) -> None:
    """Part 2 of the sample: item 6 is a secret ballot (ROF 102)."""
    folder = Path(running.process.args[4])  # type: ignore[index]
    version = running.state()["log"]["version"]
    body = {
        "action": {"type": "vote_cast", "item": 6, "member": "m09", "choice": "no"},
        "at": {"part": 1, "seconds": 8},
        "version": version,
    }
    before = (folder / "votes.jsonl").read_bytes()
    status, answer = running.post("api/action", body)
    assert status == 422
    assert "secret" in answer["error"]
    assert (folder / "votes.jsonl").read_bytes() == before


@pytest.mark.parametrize("running", [VOTE_1], indirect=True)
def test_a_stale_page_gets_409_and_writes_nothing(running: Editor) -> None:
    folder = Path(running.process.args[4])  # type: ignore[index]
    before = (folder / "votes.jsonl").read_bytes()
    cast = {"type": "vote_cast", "item": 1, "member": "m01", "choice": "yes"}
    status, answer = running.post(
        "api/action", {"action": cast, "at": {"part": 0, "seconds": 21}, "version": 0}
    )
    assert status == 200, answer
    before = (folder / "votes.jsonl").read_bytes()
    body = {"action": {"type": "vote_closed", "item": 1}, "at": {"part": 0, "seconds": 23}}
    status, answer = running.post("api/action", {**body, "version": 0})
    assert status == 409
    assert "reload" in answer["error"]
    assert (folder / "votes.jsonl").read_bytes() == before
