"""`videoacta mark` killed with SIGKILL in the middle of a vote, also while a request is in
flight, and started again on the same folder: every change the page was told of is there, once;
at most the one in flight is added, whole; the file is a valid log; undo goes on working."""

import http.client
import json
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.editor.editor_process import Editor, editor
from tests.editor.server_calls import acted, files, log_lines, sample_copy
from videoacta.inputs.session_folder import read_jsonl

PRESENT = [f"m{n:02d}" for n in range(1, 22) if n not in (17, 20)]  # the sample's 19


def opened_vote(running: Editor) -> dict[str, Any]:
    """Everyone arrives, the session and item 1 open, then its vote: the log's state."""
    acted(running, 1, type="members_joined", members=PRESENT)
    acted(running, 5, type="session_opened")
    acted(running, 10, type="item_opened", item=1)
    return acted(running, 20, type="vote_opened", item=1)


def undo(running: Editor) -> dict[str, Any]:
    status, answer = running.post("api/undo", {"version": running.state()["log"]["version"]})
    assert status == 200, answer
    return dict(answer["log"])


def check_the_file(folder: Path, entries: list[dict[str, Any]]) -> None:
    """votes.jsonl holds exactly `entries`, each line once, and reads as a vote log."""
    lines = log_lines(folder)
    assert [n for n in Counter(lines).values() if n > 1] == []
    read = read_jsonl(folder / "votes.jsonl").entries
    assert [(e.line, e.event.time.isoformat(), e.event.type) for e in read] == [
        (entry["line"], entry["time"], entry["type"]) for entry in entries
    ]


def test_acknowledged_casts_survive_a_kill_exactly(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path / "session", lines=0)
    with editor(folder) as running:
        opened_vote(running)
        acted(running, 21, type="votes_cast", item=1, groups={"veins": "yes"})
        log = acted(running, 22, type="vote_cast", item=1, member="m09", choice="no")
        running.kill()
    written = files(folder)
    with editor(folder) as again:
        restored = again.state()["log"]
        assert files(folder) == written  # opening repairs nothing: nothing was torn
        assert (restored["entries"], restored["version"]) == (log["entries"], log["version"])
        assert restored["vote"] == log["vote"]
        assert len(restored["vote"]["voted"]) == 9  # the 8 of Veïns, then m09
        check_the_file(folder, restored["entries"])
        after = undo(again)
        assert after["entries"] == log["entries"][:-1]
        assert "m09" not in after["vote"]["voted"]
        log = acted(again, 23, type="vote_cast", item=1, member="m09", choice="abstain")
        assert log["vote"]["voted"]["m09"] == "abstain"


class Sender(threading.Thread):
    """Sends changes one after another, each on the version the last answer gave, until the
    server dies; keeps every answer it got (what the page was told) and the change in flight.
    `change(n, version)` is the n-th change as (path, body), or None when there are no more."""

    def __init__(self, running: Editor, change: Callable[[int, int], Any]) -> None:
        super().__init__(daemon=True)
        self.running, self.change = running, change
        self.version: int = running.state()["log"]["version"]
        self.answers: list[dict[str, Any]] = []
        self.in_flight: int | None = None
        self.refused: Any = None
        self.fourth_sent = threading.Event()

    def run(self) -> None:
        address = urllib.parse.urlsplit(self.running.url)
        for n in range(200):
            change = self.change(n, self.version)
            if change is None:
                break
            self.in_flight = n
            try:
                status, answer = self._post(address, *change, fourth=n == 3)
            except (OSError, http.client.HTTPException):
                return  # killed: this change may have landed or not
            if status != 200:
                self.refused = answer
                break
            self.answers.append(answer["log"])
            self.version = answer["log"]["version"]
        self.in_flight = None
        self.fourth_sent.set()

    def _post(
        self, address: urllib.parse.SplitResult, path: str, body: Any, *, fourth: bool
    ) -> tuple[int, Any]:
        connection = http.client.HTTPConnection(address.netloc, timeout=60)
        headers = {"Origin": self.running.origin, "Content-Type": "application/json"}
        try:
            connection.request("POST", address.path + path, json.dumps(body), headers)
            if fourth:
                self.fourth_sent.set()
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()


def kill_while_sending(running: Editor, change: Callable[[int, int], Any], delay: float) -> Sender:
    """Kill the server `delay` seconds after the fourth change was sent (not answered): the kill
    falls before, during or after its write, as it may."""
    sender = Sender(running, change)
    sender.start()
    assert sender.fourth_sent.wait(60)
    time.sleep(delay)
    running.kill()
    sender.join(60)
    assert sender.refused is None, sender.refused
    assert len(sender.answers) >= 3
    return sender


def casts(members: list[str], start: int) -> Callable[[int, int], Any]:
    """The n-th change: `members[n]` votes yes, `start` + n seconds into the recording."""

    def change(n: int, version: int) -> Any:
        if n == len(members):
            return None
        cast = {"type": "vote_cast", "item": 1, "member": members[n], "choice": "yes"}
        at = {"part": 0, "seconds": start + n}
        return "api/action", {"action": cast, "at": at, "version": version}

    return change


def moves(n: int, version: int) -> Any:
    """The n-th change: m03's speech (line 51, 19:00:26) moved to 19:00:28, then back."""
    at = {"part": 0, "seconds": 28 if n % 2 == 0 else 26}
    return "api/edit", {"op": "move", "index": 50, "at": at, "version": version}


def test_casts_in_flight_when_killed_land_whole_or_not_at_all(tmp_path: Path) -> None:
    """Three times: casts sent one after another from a thread, the server killed just after
    the fourth was sent, then restarted."""
    folder = sample_copy(tmp_path / "session", lines=0)
    with editor(folder) as running:
        opened_vote(running)
    members = iter(PRESENT)
    for start, delay in ((30, 0.0), (40, 0.003), (50, 0.01)):
        with editor(folder) as running:
            casting = [next(members) for _ in range(6)]
            sender = kill_while_sending(running, casts(casting, start), delay)
        told = sender.answers[-1]
        with editor(folder) as again:
            restored = again.state()["log"]
        landed = len(restored["entries"]) - len(told["entries"])
        assert restored["entries"][: len(told["entries"])] == told["entries"]
        assert landed in ((0, 1) if sender.in_flight is not None else (0,))
        new = set(restored["vote"]["voted"]) - set(told["vote"]["voted"])
        answered = len(sender.answers)
        assert new == set(casting[answered : answered + landed])
        check_the_file(folder, restored["entries"])
    with editor(folder) as again:
        before = again.state()["log"]
        assert undo(again)["entries"] == before["entries"][:-1]


@pytest.mark.parametrize("delay", [0.0, 0.01])
def test_edits_in_flight_when_killed_leave_one_whole_log_and_undo_works(
    tmp_path: Path, delay: float
) -> None:
    """A mark moved back and forth (each move rewrites the whole log), killed meanwhile: the
    log restarted is the last one answered or the one in flight, and undo gives the other."""
    folder = sample_copy(tmp_path / "session")
    with editor(folder) as running:
        sender = kill_while_sending(running, moves, delay)
    told = [answer["entries"] for answer in sender.answers[-2:]]
    with editor(folder) as again:
        restored = again.state()["log"]["entries"]
        assert restored in told
        check_the_file(folder, restored)
        other = told[0] if restored == told[1] else told[1]
        assert undo(again)["entries"] == other
    check_the_file(folder, other)
