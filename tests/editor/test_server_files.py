"""The files the editor writes, when the disk says no or a client misbehaves: a folder it may not
write is one line to the page (never a traceback), a write that failed leaves undo working, a
client that hangs up mid-request leaves no traceback, and a second Origin header is refused."""

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor

# Root writes everything: to see what an ordinary user sees, drop the two capabilities that let
# root ignore file permissions (as tests/verify/test_verify_files.py does).
NO_DAC = (
    ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
     "--inh-caps", "-dac_override,-dac_read_search"]
    if os.geteuid() == 0 else []
)  # fmt: skip
LINES = (SAMPLE / "votes.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
SECRET_VOTE_OPEN = "".join(LINES[:190])  # the secret ballot on item 6, four ballots in


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    if NO_DAC and shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's file powers")
    target = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, target)
    (target / "votes.jsonl").write_text(SECRET_VOTE_OPEN, encoding="utf-8")
    yield target
    target.chmod(0o755)
    (target / "votes.jsonl").chmod(0o644)


def ballot(running: Editor, member: str) -> tuple[int, Any]:
    version = running.state()["log"]["version"]
    action = {"type": "vote_cast", "item": 6, "member": member}
    body = {"action": action, "at": {"part": 1, "seconds": 9}, "version": version}
    return running.post("api/action", body)


def stopped(running: Editor) -> str:
    """Stop the editor; what it wrote to stderr."""
    running.process.terminate()
    running.process.wait(10)
    assert running.process.stderr is not None
    return running.process.stderr.read()


def test_a_folder_that_cannot_be_written_refuses_a_mark_in_one_line(folder: Path) -> None:
    (folder / "votes.jsonl").chmod(0o444)
    folder.chmod(0o555)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with editor(folder, prefix=NO_DAC) as running:
        status, answer = ballot(running, "m05")
        assert status == 422
        assert "cannot be written (Permission denied)" in answer["error"]
        version = running.state()["log"]["version"]
        status, answer = running.post(
            "api/edit", {"op": "delete", "index": 189, "version": version}
        )
        assert status == 422
        assert "cannot be written (Permission denied)" in answer["error"]
        assert "Traceback" not in stopped(running)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_a_write_that_failed_leaves_undo_working(folder: Path) -> None:
    (folder / "votes.jsonl").chmod(0o666)
    folder.chmod(0o777)
    with editor(folder, prefix=NO_DAC) as running:
        assert ballot(running, "m05")[0] == 200
        (folder / "votes.jsonl").chmod(0o444)
        assert ballot(running, "m06")[0] == 422
        (folder / "votes.jsonl").chmod(0o666)
        assert ballot(running, "m06")[0] == 200
        for _ in range(2):
            version = running.state()["log"]["version"]
            status, answer = running.post("api/undo", {"version": version})
            assert status == 200, answer
    assert (folder / "votes.jsonl").read_text(encoding="utf-8") == SECRET_VOTE_OPEN


def test_a_client_that_hangs_up_mid_request_leaves_no_traceback(folder: Path) -> None:
    with editor(folder) as running:
        host = running.origin.removeprefix("http://")
        path = running.url.removeprefix(running.origin)
        address, port = host.split(":")
        with socket.create_connection((address, int(port))) as client:
            client.sendall(
                f"POST {path}api/undo HTTP/1.1\r\nHost: {host}\r\nOrigin: {running.origin}\r\n"
                "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{".encode()
            )
        assert running.state()["log"]["version"] == 0  # served after the hang-up
        assert "Traceback" not in stopped(running)


def test_a_second_origin_header_is_refused(folder: Path) -> None:
    """A browser sends one Origin; two, the foreign one first, must not pass as the last."""
    before = (folder / "votes.jsonl").read_bytes()
    with editor(folder) as running:
        host = running.origin.removeprefix("http://")
        path = running.url.removeprefix(running.origin)
        address, port = host.split(":")
        body = b'{"version": 0}'
        with socket.create_connection((address, int(port))) as client:
            client.sendall(
                f"POST {path}api/undo HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n"
                f"Origin: {running.origin}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 400 ")
    assert (folder / "votes.jsonl").read_bytes() == before


def test_a_part_swapped_for_a_link_out_of_the_folder_is_not_served(
    folder: Path, tmp_path: Path
) -> None:
    """The parts are checked when the recording is loaded; a part replaced afterwards by a link
    to a file outside the session folder must not be served through the media route."""
    outside = tmp_path / "private.txt"
    outside.write_text("not for the page\n", encoding="utf-8")
    with editor(folder) as running:
        assert running.get("media/1")[0] == 200
        part = folder / "recording" / "part-2.mp4"
        part.rename(tmp_path / "part-2.mp4")
        part.symlink_to(outside)
        status, answer = running.get("media/1")
        assert status == 404
        assert "outside the session folder" in answer["error"]
