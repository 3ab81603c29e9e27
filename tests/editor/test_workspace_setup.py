"""The setup through the workspace: a stale or retried change is refused (changes name entries by
their place), a recording part must be a file inside the folder, and a build prunes the kept
versions only if nothing was marked while it ran."""

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from videoacta.editor.workspace import Workspace
from videoacta.errors import InputError, VideoactaError


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    folder = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, folder)
    return Workspace(folder, live=False, out=tmp_path / "out")


def test_a_change_sent_twice_removes_one_entry(tmp_path: Path) -> None:
    folder = tmp_path / "fresh" / SAMPLE.name
    shutil.copytree(SAMPLE, folder)
    (folder / "votes.jsonl").unlink()
    ws = Workspace(folder, live=False, out=tmp_path / "out")
    version = ws.state()["session_version"]
    change = {"op": "remove", "list": "items", "index": 12, "version": version}
    ws.setup(change)
    before = (ws.folder / "session.toml").read_bytes()
    with pytest.raises(InputError, match=r"session\.toml: has changed since this page last read"):
        ws.setup(change)
    assert (ws.folder / "session.toml").read_bytes() == before
    assert [item.number for item in ws.session_file.session.items][-1] == 12


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("../outside.mp4", "recording.parts[2]"),
        ("/etc/passwd", "recording.parts[2]"),
        ("recording/missing.mp4", "recording part not found"),
    ],
)
def test_a_recording_part_must_be_a_file_in_the_folder(
    ws: Workspace, file: str, message: str
) -> None:
    (ws.folder.parent / "outside.mp4").write_bytes(b"x")
    before = (ws.folder / "session.toml").read_bytes()
    with pytest.raises(VideoactaError, match=message.replace("[", r"\[").replace("]", r"\]")):
        ws.setup({"op": "add", "list": "recording.parts", "values": {"file": file}})
    assert (ws.folder / "session.toml").read_bytes() == before


def test_a_build_keeps_the_versions_of_marks_made_while_it_ran(ws: Workspace) -> None:
    version = ws.journal.version
    still_current = ws._unchanged_since(version)
    assert still_current()
    ws.journal.delete(len(ws.journal.entries) - 1, version=version)
    assert not still_current()
