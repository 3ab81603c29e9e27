"""Hostile requests that reach the workspace: each is refused in one line (never a traceback),
a mark never takes the wall clock's time when its recording cannot be read, and the clock is
never missing while the setup reloads it."""

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.editor.logs import event, log_bytes, opened, sample_folder, small_folder
from videoacta.editor import workspace as workspace_module
from videoacta.editor.clock import wall_clock_now
from videoacta.editor.journal import Journal
from videoacta.editor.workspace import ActRequest, At, EditRequest, Workspace
from videoacta.errors import InputError


def _meeting(tmp_path: Path) -> Workspace:
    folder, session = small_folder(tmp_path / "s")
    opened(Journal.open(folder, session), ["m1", "m2", "m3"])
    return Workspace(folder, live=True, out=tmp_path / "out")


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (None, "request: event: the line has no 'type'"),
        ({}, "request: event: the line has no 'type'"),
        ({"type": "session_closed", "time": "nope"}, "request: event: time: "),
        ({"type": ["session_closed"]}, "request: event: unknown event type"),
        ({"type": "session_closed", "time": "2026-10-29T19:00:09+01:00", "x": 1}, "x: unknown"),
    ],
)
def test_a_malformed_correction_is_refused_in_one_line(
    tmp_path: Path, event: Any, message: str
) -> None:
    ws = _meeting(tmp_path)
    before = log_bytes(ws.folder)
    request = EditRequest(op="replace", index=3, version=ws.journal.version, event=event)
    with pytest.raises(InputError) as refused:
        ws.edit(request)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert log_bytes(ws.folder) == before


@pytest.mark.parametrize("kind", [["vote_cast"], {"a": 1}, 5, None])
def test_an_action_whose_type_is_not_a_text_is_refused_in_one_line(
    tmp_path: Path, kind: Any
) -> None:
    ws = _meeting(tmp_path)
    request = ActRequest(action={"type": kind}, version=ws.journal.version)
    with pytest.raises(InputError) as refused:
        ws.act(request)
    assert str(refused.value).startswith("action: ")


def test_a_mark_on_a_recording_that_cannot_be_read_is_refused_not_stamped_now(
    tmp_path: Path,
) -> None:
    """The sample's session.toml without its recording: the marks would take today's date."""
    folder, _ = sample_folder(tmp_path / "s")
    ws = Workspace(folder, live=False, out=tmp_path / "out")
    assert ws.state()["recording_problem"] is not None
    request = ActRequest(
        action={"type": "member_joined", "member": "m01"}, at=At(part=0, seconds=1), version=0
    )
    with pytest.raises(InputError) as refused:
        ws.act(request)
    assert "recording" in str(refused.value)
    assert "part-1.mp4" in str(refused.value)
    assert not (folder / "votes.jsonl").exists()


def test_in_the_room_the_same_folder_takes_the_wall_clock(tmp_path: Path) -> None:
    folder, _ = sample_folder(tmp_path / "s")
    ws = Workspace(folder, live=True, out=tmp_path / "out")
    today = wall_clock_now(ws.session_file.session).date().isoformat()
    ws.setup({"op": "set", "path": ["date"], "value": today})
    request = ActRequest(action={"type": "member_joined", "member": "m01"}, version=0)
    assert ws.act(request)["log"]["version"] == 1


def test_the_clock_is_never_missing_while_the_setup_reloads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A media request or a sync arriving during a setup change must find the old clock (the
    new one takes ffprobe's time to build), not none."""
    folder = tmp_path / "s"
    shutil.copytree(SAMPLE, folder)
    ws = Workspace(folder, live=False, out=tmp_path / "out")
    assert ws.clock is not None
    seen: list[object] = []
    real = workspace_module.RecordingClock

    def watched(*args: Any) -> Any:
        seen.append(ws.clock)
        return real(*args)

    monkeypatch.setattr(workspace_module, "RecordingClock", watched)
    ws.setup({"op": "set", "path": ["place"], "value": "Sala de Plens"})
    assert len(seen) == 1
    assert seen[0] is not None
    assert ws.clock is not None


def test_an_item_made_secret_leaves_no_choice_in_the_kept_versions(tmp_path: Path) -> None:
    """Item 2 set to an ordinary vote by mistake, choices cast and deleted, then set back to
    secret: the earlier logs kept for undo held each member's choice in that ballot."""
    ws = _meeting(tmp_path)
    ws.setup({"op": "update", "list": "items", "index": 1, "values": {"vote": "ordinary"}})
    journal = ws.journal
    journal.add([event(10, "item_opened", item=2), event(11, "vote_opened", item=2)])
    journal.add([event(12, "vote_cast", item=2, member="m1", choice="yes")])
    journal.delete(len(journal.entries) - 1, version=journal.version)
    assert b'"choice": "yes"' in b"".join(p.read_bytes() for p in _kept(ws.folder))
    ws.setup({"op": "update", "list": "items", "index": 1, "values": {"vote": "secret"}})
    assert b"choice" not in b"".join(p.read_bytes() for p in _kept(ws.folder))
    assert b"choice" not in log_bytes(ws.folder)


def _kept(folder: Path) -> list[Path]:
    return [path for path in (folder / ".videoacta").rglob("*") if path.is_file()]
