"""Session folders with one hostile change, and the property every refusal must have."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from tests.builders import session_data, write_folder
from tests.inputs.test_inputs import base_log
from videoacta.cli import cli
from videoacta.errors import ExitCode

Change = Callable[[Path], None]
CSV = "item,member,choice,time\n1,m1,yes,2026-10-29T19:10:00+01:00\n1,m2,no,\n"


def tally(folder: Path) -> Result:
    return CliRunner().invoke(cli, ["tally", str(folder)])


def assert_refused_or_tallied(result: Result) -> None:
    """The property: success, or exactly one line `Error: …` with exit code 3, no traceback."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, ExitCode.INPUT), result.stderr
    if result.exit_code:
        assert result.stderr.startswith("Error: ")
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stdout == ""


def folder_with(tmp_path: Path, change: Change, *, csv: str | None = None) -> Path:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    if csv is not None:
        (folder / "votes.jsonl").unlink()
        (folder / "votes.csv").write_text(csv, encoding="utf-8")
    change(folder)
    return folder


def session_text(edit: Callable[[str], str]) -> Change:
    def change(folder: Path) -> None:
        path = folder / "session.toml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    return change


def log_text(edit: Callable[[str], str], name: str = "votes.jsonl") -> Change:
    def change(folder: Path) -> None:
        path = folder / name
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    return change


def write_bytes(name: str, data: bytes) -> Change:
    return lambda folder: (folder / name).write_bytes(data)


def a_folder(name: str) -> Change:
    def change(folder: Path) -> None:
        (folder / name).unlink()
        (folder / name).mkdir()

    return change


def later(days: int = 0, hours: int = 0) -> Callable[[str], str]:
    """Shift every time of a vote log."""

    def edit(text: str) -> str:
        events = [json.loads(line) for line in text.splitlines()]
        for event in events:
            time = dt.datetime.fromisoformat(event["time"])
            event["time"] = (time + dt.timedelta(days=days, hours=hours)).isoformat()
        return "".join(json.dumps(e) + "\n" for e in events)

    return edit


def long_log(hours: float) -> Callable[[str], str]:
    """Move session_closed (the last line) `hours` later."""

    def edit(text: str) -> str:
        *head, last = text.splitlines()
        event = json.loads(last)
        end = dt.datetime.fromisoformat(event["time"]) + dt.timedelta(hours=hours)
        return "\n".join([*head, json.dumps({**event, "time": end.isoformat()})]) + "\n"

    return edit


def weight(value: str) -> Callable[[str], str]:
    return lambda text: text.replace('id = "m1"\n', f'id = "m1"\nweight = {value}\n', 1)
