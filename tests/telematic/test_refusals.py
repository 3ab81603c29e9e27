"""Hostile requests to the members' door of a real `videoacta mark --live`: each is refused
with one line of JSON, `{"error", "code"}`, a documented status, and nothing is written."""

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.editor.editor_process import request
from tests.telematic.members import Device, act, issue, sitting
from videoacta.telematic.gate import MAX_BOARD_STREAMS

STATUSES = {400, 403, 404, 405, 409, 413, 415, 422, 429}


@pytest.fixture
def door(tmp_path: Path) -> Iterator[tuple[str, Device, Path]]:
    with sitting(tmp_path) as (running, folder):
        device = issue(running, "m1")
        act(running, type="members_joined", members=["m1", "m2", "m3"])
        act(running, type="session_opened")
        act(running, type="item_opened", item=1)
        act(running, type="vote_opened", item=1)
        yield device.origin, device, folder


def hostile(base: str, device: Device) -> list[tuple[str, str, dict[str, str], bytes | None]]:
    """(method, url, headers, body) of requests no member's page sends."""
    json_vote = {"Origin": base, "Content-Type": "application/json"}
    vote = json.dumps({"id": "a" * 16, "item": 1, "round": 1, "choice": "yes"}).encode()
    return [
        ("GET", f"{base}/m/", {}, None),
        ("GET", f"{base}/m//api/state", {}, None),
        ("GET", f"{base}/m/%2e%2e/api/state", {}, None),
        ("GET", f"{base}/m/{'a' * 5000}/api/state", {}, None),
        ("GET", f"{base}/m/%C3%A9%E2%80%AE/api/state", {}, None),
        ("GET", f"{device.link}api/nothing", {}, None),
        ("GET", f"{device.link}static/nothing.js", {}, None),
        ("GET", f"{device.link}static/%2e%2e/sitting.py", {}, None),
        ("PUT", f"{device.link}api/vote", json_vote, vote),
        ("DELETE", f"{device.link}api/state", json_vote, None),
        ("GET", f"{device.link}api/vote", {}, None),
        ("POST", f"{device.link}api/vote", {"Content-Type": "application/json"}, vote),
        ("POST", f"{device.link}api/vote", {**json_vote, "Origin": "null"}, vote),
        ("POST", f"{device.link}api/vote", {**json_vote, "Content-Type": "text/plain"}, vote),
        ("POST", f"{device.link}api/vote", json_vote, b"[" * 100_000),
        ("POST", f"{device.link}api/vote", json_vote, b'{"a": "' + b"x" * 400_000 + b'"}'),
        ("POST", f"{base}/board/api/state", json_vote, vote),
        ("GET", f"{base}/board/nothing", {}, None),
        ("GET", f"{base}/board/api/state", {"Host": "evil.example"}, None),
    ]


def test_every_refusal_is_one_line_of_json_and_writes_nothing(
    door: tuple[str, Device, Path],
) -> None:
    base, device, folder = door
    before = (folder / "votes.jsonl").read_bytes()
    for method, url, headers, body in hostile(base, device):
        status, answer = request(url, data=body, headers=headers, method=method)
        where = f"{method} {url[:80]}"
        assert status in STATUSES, (where, status, answer)
        assert isinstance(answer, dict), (where, answer)
        assert set(answer) == {"error", "code"}, (where, answer)
        assert "\n" not in answer["error"], where
        assert "Traceback" not in answer["error"], where
    assert (folder / "votes.jsonl").read_bytes() == before


def test_the_board_holds_a_bounded_number_of_event_streams(
    door: tuple[str, Device, Path],
) -> None:
    """The board has no token to ration by: past MAX_BOARD_STREAMS open pages, 429."""
    base, _device, _folder = door
    host, port = base.removeprefix("http://").split(":")
    opened = []
    try:
        for _ in range(MAX_BOARD_STREAMS):
            stream = socket.create_connection((host, int(port)), timeout=30)
            opened.append(stream)
            head = f"GET /board/api/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n"
            stream.sendall(head.encode())
            seen = b""
            while b"event: state" not in seen:  # the stream is counted once it sent the view
                seen += stream.recv(65536)
            assert seen.startswith(b"HTTP/1.1 200"), seen[:80]
        status, answer = request(f"{base}/board/api/events")
        assert (status, answer["code"]) == (429, "rate_limited")
    finally:
        for stream in opened:
            stream.close()
    assert request(f"{base}/board/api/state")[0] == 200
