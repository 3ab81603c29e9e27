"""A secret ballot cast from members' devices leaves no trace of who chose what: two sessions
in which the same members cast the same ballots in the same order, but with the choices
swapped between them, leave the same files, the same server output and the same answers to
everyone else (times, tokens and digests aside). If anything linked a member to a choice, the
two would differ there."""

import json
import re
from pathlib import Path
from typing import Any

from tests.editor.editor_process import request
from tests.telematic.members import act, issue, log, sitting

ORDER = ["m1", "m2", "m3", "m4"]
# The same totals (2 yes, 1 no, 1 blank), each member's choice different between the two.
FIRST = {"m1": "yes", "m2": "no", "m3": "abstain", "m4": "yes"}
SECOND = {"m1": "no", "m2": "yes", "m3": "yes", "m4": "abstain"}


def normal(text: str) -> str:
    """The text with what differs between any two runs put aside: times, tokens, digests."""
    text = re.sub(r"\d{4}-\d\d-\d\d[T ][0-9:.]+(?:[+-]\d\d:\d\d|Z)?", "<time>", text)
    text = re.sub(r"\b[0-9a-f]{16,}\b", "<digest>", text)
    text = re.sub(r"/m/[A-Za-z0-9_-]{40,}/", "/m/<token>/", text)
    text = re.sub(r"127\.0\.0\.1:\d+", "<host>", text)
    return re.sub(r"/[A-Za-z0-9_-]{40,}/", "/<token>/", text)


def files(folder: Path) -> dict[str, str]:
    """Every file the server left in the session folder, hidden ones included."""
    return {
        str(path.relative_to(folder)): normal(path.read_bytes().decode("utf-8", "replace"))
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def traces(tmp_path: Path, choices: dict[str, str]) -> dict[str, Any]:
    """Everything a secret ballot with `choices` (cast in ORDER) leaves, while it is open and
    after it closed."""
    seen: dict[str, Any] = {}
    with sitting(tmp_path) as (running, folder):
        devices = {member: issue(running, member) for member in [*ORDER, "m5"]}
        act(running, type="members_joined", members=ORDER)
        act(running, type="session_opened")
        act(running, type="item_opened", item=2)
        act(running, type="vote_opened", item=2)
        answers = []
        for member in ORDER:
            status, answer = devices[member].vote(2, choices[member])
            assert status == 200, answer
            assert answer["choice"] is None  # the server never says a ballot back
            answers.append(answer)
        base = running.url.rsplit("/", 2)[0]
        seen["open"] = {
            "files": files(folder),
            "admin": normal(json.dumps(running.state())),
            "pulse": running.get("api/pulse")[1],
            "board": normal(json.dumps(request(base + "/board/api/state")[1])),
            "members": [normal(json.dumps(devices[m].state())) for m in [*ORDER, "m5"]],
            "answers": normal(json.dumps(answers)),
        }
        act(running, type="vote_closed", item=2)
        seen["closed"] = {
            "files": files(folder),
            "admin": normal(json.dumps(running.state())),
            "board": normal(json.dumps(request(base + "/board/api/state")[1])),
            "members": [normal(json.dumps(devices[m].state())) for m in [*ORDER, "m5"]],
        }
        seen["log"] = log(folder)
        running.process.terminate()
        out, err = running.process.communicate(timeout=30)
        # The addresses announced after the editor's own line are read with it or not, as the
        # pipe's buffering falls: left out (they say nothing of any ballot).
        announced = ("members' links start with ", "public board: ")
        said = [line for line in out.splitlines() if not line.startswith(announced)]
        seen["output"] = normal("\n".join(said) + err)
    return seen


def test_swapped_choices_leave_the_same_traces(tmp_path: Path) -> None:
    # The same folder for both (its path is in the editor's state): the first moved aside.
    first = traces(tmp_path / "run", FIRST)
    (tmp_path / "run").rename(tmp_path / "first")
    second = traces(tmp_path / "run", SECOND)
    for moment in ("open", "closed"):
        for part in first[moment]:
            assert first[moment][part] == second[moment][part], (moment, part)
    assert first["output"] == second["output"]
    assert first["log"] == second["log"]
    casts = [event for event in first["log"] if event["type"] == "vote_cast"]
    assert casts == [{"type": "vote_cast", "item": 2, "member": m} for m in ORDER]
    assert first["log"][-1] == {
        "type": "vote_closed",
        "item": 2,
        "ballots": {"yes": 2, "no": 1, "abstain": 1},
    }
    # The files of the session, and the log, were looked at: the test saw what it compares.
    assert "votes.jsonl" in first["closed"]["files"]
    assert ".videoacta/ballot-box.json" in first["open"]["files"]
    assert ".videoacta/ballot-box.json" not in first["closed"]["files"]  # emptied at the close
