"""SIGKILL while members vote: after a restart, every vote a member saw acknowledged is in the
log exactly once, and a request the kill cut short, sent again with its id, is counted once."""

import http.client
import secrets
import threading
import time
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path

from tests.editor.editor_process import Editor, editor
from tests.telematic.members import Device, act, issue, log, sitting

MEMBERS = ["m1", "m2", "m3", "m4"]


@dataclass
class Voter:
    """A member voting again and again until the server dies under them."""

    device: Device
    item: int
    choices: list[str]
    acknowledged: list[str] = field(default_factory=list)
    cut_short: tuple[str, str] | None = None  # (vote id, choice) of the request the kill cut

    def run(self) -> None:
        for choice in self.choices:
            vote_id = secrets.token_urlsafe(16)
            try:
                status, _answer = self.device.vote(self.item, choice, id=vote_id)
            # The kill may also cut a response after its headers (http.client.IncompleteRead).
            except (urllib.error.URLError, ConnectionError, OSError, http.client.HTTPException):
                self.cut_short = (vote_id, choice)
                return
            if status == 200:
                self.acknowledged.append(choice)
            elif status in (502, 503) or status >= 500:
                self.cut_short = (vote_id, choice)
                return


def kill_while_voting(running: Editor, voters: list[Voter], acknowledged: int) -> None:
    """Start the voters, SIGKILL the server once `acknowledged` votes were answered (the others
    are on their way), wait for every voter to stop."""
    threads = [threading.Thread(target=voter.run) for voter in voters]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while sum(len(v.acknowledged) for v in voters) < acknowledged and time.monotonic() < deadline:
        time.sleep(0.001)
    running.kill()
    for thread in threads:
        thread.join(60)


def relinked(device: Device, url: str) -> Device:
    """The same link on the restarted server (same token, a new port)."""
    base = url.rsplit("/", 2)[0]
    return Device(device.member, f"{base}/m/{device.link.split('/')[-2]}/")


def casts(folder: Path, item: int) -> dict[str, list[str | None]]:
    found: dict[str, list[str | None]] = {}
    for event in log(folder):
        if event["type"] == "vote_cast" and event["item"] == item:
            found.setdefault(event["member"], []).append(event.get("choice"))
    return found


def without_repeats(choices: list[str]) -> list[str]:
    return [c for n, c in enumerate(choices) if n == 0 or choices[n - 1] != c]


def test_votes_acknowledged_before_a_kill_are_logged_once(tmp_path: Path) -> None:
    with sitting(tmp_path) as (running, folder):
        devices = {member: issue(running, member) for member in MEMBERS}
        act(running, type="members_joined", members=MEMBERS)
        act(running, type="session_opened")
        act(running, type="item_opened", item=1)
        act(running, type="vote_opened", item=1)
        # Ten votes each: within a member's burst of votes (telematic/gate.py LIMITS).
        voters = [Voter(devices[m], 1, ["yes", "no", "abstain", "no", "no"] * 2) for m in MEMBERS]
        kill_while_voting(running, voters, acknowledged=12)
    with editor(folder, "--live") as restarted:
        for voter in voters:
            if voter.cut_short is not None:
                vote_id, choice = voter.cut_short
                device = relinked(voter.device, restarted.url)
                assert device.vote(1, choice, id=vote_id)[0] == 200
                # Sent once more, the same request changes nothing.
                assert device.vote(1, choice, id=vote_id)[0] == 200
        logged = casts(folder, 1)
    assert sum(len(voter.acknowledged) for voter in voters) > 0
    for voter in voters:
        applied = voter.acknowledged + ([voter.cut_short[1]] if voter.cut_short else [])
        assert logged.get(voter.device.member, []) == without_repeats(applied), voter


def test_secret_ballots_acknowledged_before_a_kill_are_counted_once(tmp_path: Path) -> None:
    with sitting(tmp_path) as (running, folder):
        devices = {member: issue(running, member) for member in MEMBERS}
        act(running, type="members_joined", members=MEMBERS)
        act(running, type="session_opened")
        act(running, type="item_opened", item=2)
        act(running, type="vote_opened", item=2)
        ballots = zip(MEMBERS, ["yes", "no", "yes", "abstain"], strict=True)
        voters = [Voter(devices[member], 2, [choice]) for member, choice in ballots]
        kill_while_voting(running, voters, acknowledged=1)
    with editor(folder, "--live") as restarted:
        for voter in voters:
            if voter.cut_short is not None:
                vote_id, choice = voter.cut_short
                status, answer = relinked(voter.device, restarted.url).vote(2, choice, id=vote_id)
                # Counted before the kill (the answer was lost): the ballot box says so; else
                # the ballot is cast now.
                assert status == 200 or answer["code"] == "already_voted", answer
        act(restarted, type="vote_closed", item=2)
    logged = casts(folder, 2)
    closed = log(folder)[-1]
    assert closed["type"] == "vote_closed"
    assert all(choices == [None] for choices in logged.values())  # once each, no choice
    assert sum(closed["ballots"].values()) == len(logged) == len(MEMBERS)
    assert closed["ballots"] == {"yes": 2, "no": 1, "abstain": 1}
