"""What the tests of the editor's server send and read: an action at a frame of the recording,
every byte of the session folder, the sample's log cut at a line, and what `videoacta tally`
says of a log."""

import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor
from videoacta.cli import cli

SAMPLE_LINES = (SAMPLE / "votes.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


def sample_copy(target: Path, *, lines: int | None = None) -> Path:
    """The sample folder copied to `target`, its log cut after `lines` lines (0: no log;
    None: whole)."""
    shutil.copytree(SAMPLE, target)
    if lines == 0:
        (target / "votes.jsonl").unlink()
    elif lines is not None:
        (target / "votes.jsonl").write_text("".join(SAMPLE_LINES[:lines]), encoding="utf-8")
    return target


def folder_of(running: Editor) -> Path:
    """The session folder a running editor was started on."""
    return Path(running.process.args[4])  # type: ignore[index]


def act(
    running: Editor, seconds: float, *, part: int = 0, version: int | None = None, **action: Any
) -> tuple[int, Any]:
    """POST one action at the frame `seconds` into `part` (the current version unless given)."""
    if version is None:
        version = running.state()["log"]["version"]
    body = {"action": action, "at": {"part": part, "seconds": seconds}, "version": version}
    return running.post("api/action", body)


def acted(running: Editor, seconds: float, **action: Any) -> dict[str, Any]:
    """`act`, which must succeed: the log's new state."""
    status, answer = act(running, seconds, **action)
    assert status == 200, answer
    return dict(answer["log"])


def files(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (the editor's hidden versions too) and its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def log_lines(folder: Path) -> list[str]:
    return (folder / "votes.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


def tally_error(session_toml: Path, log: str, scratch: Path) -> str:
    """The one-line message `videoacta tally` gives for `log` (it must refuse it), without
    its `Error: `."""
    folder = scratch / SAMPLE.name
    folder.mkdir(parents=True)
    shutil.copy(session_toml, folder / "session.toml")
    (folder / "votes.jsonl").write_text(log, encoding="utf-8")
    result = CliRunner().invoke(cli, ["tally", str(folder)])
    assert result.exit_code == 3, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    return lines[0].removeprefix("Error: ")
