"""Session folders and events for the editor's tests: a small council and the sample's."""

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from tests.builders import START, session_data, to_toml
from tests.conftest import SAMPLE
from videoacta.core import events as ev
from videoacta.core.session import Session
from videoacta.editor.journal import Journal
from videoacta.inputs.session_folder import load_session


def at(seconds: float) -> dt.datetime:
    """A time of the test session: `seconds` after 19:00 on its date."""
    return START + dt.timedelta(seconds=seconds)


def event(seconds: float, type: str, **fields: Any) -> ev.Event:
    return ev.EVENT_ADAPTER.validate_python({"time": at(seconds), "type": type, **fields})


def small_folder(folder: Path, **overrides: Any) -> tuple[Path, Session]:
    """Five members m1..m5 (groups A: m1 m3 m5, B: m2 m4; m1 chairs); items 1 (simple
    majority), 2 (secret election), 3 (questions). Quorum 3. No vote log."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "session.toml").write_text(to_toml(session_data(**overrides)) + "\n", "utf-8")
    return folder, load_session(folder)


def sample_folder(folder: Path) -> tuple[Path, Session]:
    """The sample session's session.toml, without its vote log."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE / "session.toml", folder / "session.toml")
    return folder, load_session(folder)


def opened(journal: Journal, members: list[str], start: float = 0) -> float:
    """Members join, the session opens; returns the time of the opening."""
    journal.add([event(start, "member_joined", member=m) for m in members])
    journal.add([event(start + 1, "session_opened")])
    return start + 1


def log_bytes(folder: Path) -> bytes:
    path = folder / "votes.jsonl"
    return path.read_bytes() if path.exists() else b""
