"""The editor's server refuses what does not come from the secretary's own page (real uvicorn)."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor, request


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("guard") / "session"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture(scope="module")
def running(folder: Path) -> Iterator[Editor]:
    with editor(folder) as started:
        yield started


def log_bytes(folder: Path) -> bytes:
    return (folder / "votes.jsonl").read_bytes()


def test_the_page_and_its_state_are_served_with_the_token(running: Editor) -> None:
    status, page = running.get("")
    assert status == 200
    assert "<title>videoacta" in page
    state = running.state()
    assert state["mode"] == "recording"
    assert [part["file"] for part in state["recording"]["parts"]] == [
        "recording/part-1.mp4",
        "recording/part-2.mp4",
    ]


def test_it_listens_on_loopback_only(running: Editor) -> None:
    assert running.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("path", ["", "api/state", "media/0", "static/editor.js"])
def test_without_the_token_nothing_is_served(running: Editor, path: str) -> None:
    root = running.origin + "/"
    token = running.url[len(root) :].strip("/")
    for url in (root + path, f"{root}{token[:-1]}/{path}", f"{root}{token}x/{path}"):
        status, data = request(url)
        assert status == 403, url
        assert "token" in data["error"]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1", "127.0.0.2:1"])
def test_a_foreign_host_is_refused(running: Editor, host: str) -> None:
    """DNS rebinding: a name the attacker controls resolving to 127.0.0.1."""
    status, data = running.get("api/state", Host=host)
    assert status == 400
    assert "Host" in data["error"]


def test_a_foreign_origin_changes_nothing(running: Editor, folder: Path) -> None:
    before = log_bytes(folder)
    status, data = running.post("api/undo", {"version": 0}, Origin="http://evil.example")
    assert status == 403
    assert "evil.example" in data["error"]
    assert log_bytes(folder) == before


def test_a_change_needs_an_origin_and_json(running: Editor, folder: Path) -> None:
    before = log_bytes(folder)
    url = running.url + "api/undo"
    status, data = request(
        url, data=b'{"version": 0}', headers={"Content-Type": "application/json"}
    )
    assert (status, "Origin" in data["error"]) == (403, True)
    form = {"Origin": running.origin, "Content-Type": "application/x-www-form-urlencoded"}
    status, data = request(url, data=b"version=0", headers=form)
    assert (status, "application/json" in data["error"]) == (415, True)
    assert log_bytes(folder) == before


@pytest.mark.parametrize("path", ["api/action", "api/edit", "api/undo", "api/setup", "api/build"])
def test_get_never_changes_state(running: Editor, folder: Path, path: str) -> None:
    before = log_bytes(folder)
    status, _ = running.get(path)
    assert status == 405
    assert log_bytes(folder) == before


def test_bad_bodies_are_refused_with_their_status(running: Editor) -> None:
    headers = {"Origin": running.origin, "Content-Type": "application/json"}
    status, data = request(running.url + "api/undo", data=b"{not json", headers=headers)
    assert (status, data["error"]) == (400, "the request is not valid JSON")
    big = b'{"version": 0, "pad": "' + b"x" * 300_000 + b'"}'
    status, data = request(running.url + "api/undo", data=big, headers=headers)
    assert status == 413
    status, data = running.post("api/action", {"action": {}, "version": "one"})
    assert status == 422
    assert data["error"].startswith("request version")


def test_responses_forbid_framing_and_referrers(running: Editor) -> None:
    import urllib.request

    with urllib.request.urlopen(running.url, timeout=30) as response:
        headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"


def test_a_recording_part_is_served_in_ranges(running: Editor, folder: Path) -> None:
    import urllib.request

    req = urllib.request.Request(running.url + "media/1", headers={"Range": "bytes=0-99"})
    with urllib.request.urlopen(req, timeout=30) as response:
        assert response.status == 206
        assert response.read() == (folder / "recording/part-2.mp4").read_bytes()[:100]
    status, _ = running.get("media/2")
    assert status == 404
