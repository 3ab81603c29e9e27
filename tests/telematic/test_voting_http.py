"""Members' votes over real HTTP to a real `videoacta mark --live`: a link votes only as its
member, only while they may vote, once per request; what is refused writes nothing."""

import json
import secrets
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.editor.editor_process import Editor, editor, request
from tests.editor.logs import small_folder
from tests.telematic.members import Device, act, issue, log, sitting, today


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Editor, Path, dict[str, Device]]]:
    with sitting(tmp_path) as (running, folder):
        devices = {member: issue(running, member) for member in ("m1", "m2", "m3", "m4", "m5")}
        act(running, type="members_joined", members=["m1", "m2", "m3", "m4"])
        act(running, type="session_opened")
        act(running, type="item_opened", item=1)
        yield running, folder, devices


def casts(folder: Path) -> list[tuple[str, str | None]]:
    return [(e["member"], e.get("choice")) for e in log(folder) if e["type"] == "vote_cast"]


def test_a_link_votes_as_its_member_only(live: tuple[Editor, Path, dict[str, Device]]) -> None:
    running, folder, devices = live
    act(running, type="vote_opened", item=1)
    status, answer = devices["m2"].vote(1, "no")
    assert (status, answer["recorded"], answer["choice"]) == (200, True, "no")
    assert answer["state"]["own"] == {"choice": "no"}
    assert answer["state"]["member"]["id"] == "m2"
    # The body cannot name another member: an unknown field is refused, nothing written.
    body = {"id": secrets.token_urlsafe(16), "item": 1, "round": 1, "choice": "yes"}
    sent = {"Origin": devices["m2"].origin, "Content-Type": "application/json"}
    status, answer = request(
        devices["m2"].link + "api/vote",
        data=json.dumps({**body, "member": "m3"}).encode(),
        headers=sent,
    )
    assert status == 422, answer
    assert answer["error"].startswith("request member:")
    assert casts(folder) == [("m2", "no")]
    # m3's state knows nothing of m2's vote.
    assert devices["m3"].state()["own"] is None


def test_a_vote_is_refused_when_the_member_may_not_vote(
    live: tuple[Editor, Path, dict[str, Device]],
) -> None:
    running, folder, devices = live
    status, answer = devices["m2"].vote(1, "yes")
    assert (status, answer["code"]) == (409, "vote_closed")  # no vote open yet
    act(running, type="recusal", item=1, member="m4", reason="Interès personal (LBRL 76)")
    act(running, type="member_stepped_out", member="m3")
    act(running, type="vote_opened", item=1)
    assert devices["m5"].vote(1, "yes")[1]["code"] == "not_confirmed"  # never arrived
    assert devices["m4"].vote(1, "yes")[1]["code"] == "recused"
    assert devices["m3"].vote(1, "yes")[1]["code"] == "out_of_room"
    assert devices["m4"].state()["why_not"] == "recused"
    assert devices["m2"].vote(2, "yes")[1]["code"] == "vote_closed"  # another item
    assert devices["m2"].vote(1, "yes", round=2)[1]["code"] == "other_round"
    assert devices["m2"].vote(1, "maybe")[0] == 422
    assert casts(folder) == []
    assert devices["m2"].vote(1, "yes")[0] == 200
    act(running, type="vote_closed", item=1)
    status, answer = devices["m1"].vote(1, "yes")
    assert (status, answer["code"]) == (409, "vote_closed")
    assert "closed" in answer["error"]
    assert casts(folder) == [("m2", "yes")]


def test_a_change_is_logged_and_a_replay_is_counted_once(
    live: tuple[Editor, Path, dict[str, Device]],
) -> None:
    running, folder, devices = live
    act(running, type="vote_opened", item=1)
    vote_id = secrets.token_urlsafe(16)
    first = devices["m2"].vote(1, "yes", id=vote_id)
    again = devices["m2"].vote(1, "yes", id=vote_id)
    assert first[0] == again[0] == 200
    assert first[1]["choice"] == again[1]["choice"] == "yes"
    # The same choice again under a new id (a retry after a restart) is not logged twice.
    assert devices["m2"].vote(1, "yes")[0] == 200
    assert devices["m2"].vote(1, "abstain")[0] == 200  # a change while the vote is open
    # A replay of the first request after the change answers as it did, and changes nothing.
    assert devices["m2"].vote(1, "yes", id=vote_id)[1]["choice"] == "yes"
    # The same id for another vote is refused: the id names one vote.
    status, answer = devices["m2"].vote(1, "no", id=vote_id)
    assert (status, answer["code"]) == (409, "id_reused")
    assert casts(folder) == [("m2", "yes"), ("m2", "abstain")]
    assert devices["m2"].state()["own"] == {"choice": "abstain"}


def test_requests_without_the_right_token_origin_or_type_are_refused(
    live: tuple[Editor, Path, dict[str, Device]],
) -> None:
    running, folder, devices = live
    act(running, type="vote_opened", item=1)
    base = devices["m2"].link.rsplit("/", 3)[0]
    device = devices["m2"]
    assert request(base + "/m/")[0] == 403
    assert request(base + "/m/" + secrets.token_urlsafe(32) + "/api/state")[0] == 403
    assert request(base + "/m/" + device.link.split("/")[-2][:-1] + "/api/state")[0] == 403
    assert device.vote(1, "yes", Origin="http://evil.example")[0] == 403
    body = json.dumps({"id": "x" * 16, "item": 1, "round": 1, "choice": "yes"}).encode()
    assert request(device.link + "api/vote", data=body, headers={})[0] == 403  # no Origin
    typed = {"Origin": device.origin, "Content-Type": "text/plain"}
    assert request(device.link + "api/vote", data=body, headers=typed)[0] == 415
    assert device.get("api/state", Host="evil.example:80")[0] == 400
    assert request(device.link + "api/vote")[0] == 405  # a GET changes nothing
    assert request(base + "/board/api/state", data=body, headers=typed)[0] == 405
    # The member's link reaches no page of the secretary's.
    admin_token = running.url.split("/")[-2]
    assert device.get(f"../../{admin_token}/api/state")[0] == 404  # no route of a member's
    member_token = device.link.split("/")[-2]
    assert request(f"{base}/{member_token}/api/state")[0] == 403  # not the secretary's token
    assert casts(folder) == []


def test_a_revoked_link_stops_at_once(
    live: tuple[Editor, Path, dict[str, Device]], tmp_path: Path
) -> None:
    running, folder, devices = live
    act(running, type="vote_opened", item=1)
    stream = urllib.request.urlopen(devices["m2"].link + "api/events", timeout=30)
    assert stream.readline() == b"event: state\n"
    stream.readline(), stream.readline()
    status, answer = running.post("api/links", {"op": "revoke", "member": "m2"})
    assert (status, answer["revoked"]) == (200, True)
    assert stream.readline() == b"event: revoked\n"
    assert devices["m2"].vote(1, "yes")[0] == 403
    assert devices["m2"].get("api/state")[0] == 403
    # Revoked from the command line while the server runs: the next request is refused.
    assert devices["m3"].get("api/state")[0] == 200
    links = [sys.executable, "-m", "videoacta", "links", str(folder), "--revoke", "m3"]
    subprocess.run(links, check=True, capture_output=True)
    assert devices["m3"].get("api/state")[0] == 403
    # A new link works, the old one still not.
    fresh = issue(running, "m2")
    assert fresh.vote(1, "no")[0] == 200
    assert devices["m2"].vote(1, "yes")[0] == 403
    assert casts(folder) == [("m2", "no")]


def test_a_link_works_only_on_its_own_session(tmp_path: Path) -> None:
    with sitting(tmp_path / "a") as (running, folder):
        device = issue(running, "m2")
    other = small_folder(tmp_path / "b", date=today(), id="2026-12-05-ple")[0]
    (other / ".videoacta").mkdir(mode=0o700)
    shutil.copy(folder / ".videoacta" / "access.json", other / ".videoacta" / "access.json")
    # The other session's server refuses to start on links issued for another session.
    with pytest.raises(AssertionError, match="is not this session"), editor(other, "--live"):
        pass
    # Its own links, once issued, are its own: the first session's token is none of them.
    (other / ".videoacta" / "access.json").unlink()
    with editor(other, "--live") as running:
        issue(running, "m2")
        token = device.link.split("/")[-2]
        base = running.url.rsplit("/", 2)[0]
        assert request(f"{base}/m/{token}/api/state")[0] == 403


def test_members_requests_are_rationed(live: tuple[Editor, Path, dict[str, Device]]) -> None:
    running, _folder, devices = live
    act(running, type="vote_opened", item=1)
    answers = [devices["m2"].vote(1, choice) for choice in ["yes", "no"] * 10]
    refused = [answer for status, answer in answers if status == 429]
    assert refused, answers
    assert refused[0]["error"].startswith("too many requests")
    # Another member is not held back by m2's requests.
    assert devices["m3"].vote(1, "yes")[0] == 200


def test_the_board_shows_who_voted_what_only_when_it_is_public(tmp_path: Path) -> None:
    items = [
        {"number": 1, "title": "Proposta"},
        {"number": 2, "title": "Expedient disciplinari", "in_camera": True},
    ]
    with sitting(tmp_path, items=items) as (running, _folder):
        devices = {member: issue(running, member) for member in ("m1", "m2", "m3")}
        act(running, type="members_joined", members=["m1", "m2", "m3"])
        act(running, type="session_opened")
        board = running.url.rsplit("/", 2)[0] + "/board/api/state"
        for item in (1, 2):
            act(running, type="item_opened", item=item)
            act(running, type="vote_opened", item=item)
            for member, choice in (("m1", "yes"), ("m2", "yes"), ("m3", "no")):
                assert devices[member].vote(item, choice)[0] == 200
            _status, open_vote = request(board)
            assert open_vote["vote"]["voted"] == 3
            assert open_vote["result"] is None  # nothing of the choices while it is open
            act(running, type="vote_closed", item=item)
            _status, closed = request(board)
            assert closed["result"]["counts"]["yes"] == 2
            members = closed["result"]["members"]
            if item == 1:
                assert {m["name"]: m["choice"] for m in members}["Membre 3"] == "no"
            else:  # debated in camera (ROF 88.1): the totals, no member's vote
                assert members is None
            assert devices["m3"].state()["result"]["own"] == "no"  # a member sees their own
            act(running, type="item_closed", item=item)
