"""Inboxes of session folders and run specs for the batch tests and benchmark."""

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from tests.builders import START, Log, session_data, write_folder
from tests.generated_media import link_part
from tests.media.test_index import PART, PAUSE, session_log
from videoacta.verify.verdict import Verdict
from videoacta.verify.verifier import verify_package


def add_session(
    inbox: Path,
    name: str,
    parts: tuple[Path, ...],
    *,
    log: Log | list[str] | None = None,
    ready: bool = True,
) -> Path:
    """A session folder `inbox/name` whose recording parts link to `parts` (none: missing)."""
    folder = inbox / name
    data = session_data(id=name)
    data["recording"] = {
        "clock_offset": 0.0,
        "parts": [
            {"file": "recording/part-1.mp4", "start": START},
            {"file": "recording/part-2.mp4", "start": START + dt.timedelta(seconds=PART + PAUSE)},
        ],
    }
    write_folder(folder, data, log if log is not None else session_log())
    (folder / "recording").mkdir()
    for part in parts:
        link_part(part, folder / "recording" / part.name)
    if ready:
        (folder / "READY").touch()
    return folder


def copy_sample(sample: Path, inbox: Path, name: str) -> Path:
    """A copy of the sample session under another name, its recording hard-linked, ready."""
    folder = inbox / name
    folder.mkdir(parents=True)
    for file in ("session.toml", "votes.jsonl"):
        shutil.copy(sample / file, folder / file)
    shutil.copytree(sample / "recording", folder / "recording", copy_function=link_part)
    (folder / "READY").touch()
    return folder


def write_spec(path: Path, inbox: Path, output: Path, **settings: Any) -> Path:
    """A run spec with fast retries (one, no wait) unless `settings` say otherwise."""
    values: dict[str, Any] = {"inbox": str(inbox), "output": str(output), "workers": 2}
    values |= {key: value for key, value in settings.items() if key != "retries"}
    retries = {"count": 1, "backoff": 0.0} | settings.get("retries", {})
    lines = [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    lines += ["[retries]", *(f"{key} = {json.dumps(value)}" for key, value in retries.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def log_lines(output: Path) -> list[dict[str, Any]]:
    """Every line of `output/batch.jsonl`."""
    text = (output / "batch.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def session_lines(output: Path, session: str) -> list[dict[str, Any]]:
    return [line for line in log_lines(output) if line.get("session") == session]


def versions(output: Path, session: str) -> list[Path]:
    """The package versions of a session (temporary folders excluded)."""
    folder = output / session
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if not path.name.startswith("."))


def leftovers(output: Path) -> list[Path]:
    """Temporary folders or files anywhere in the output but the locks and the cache."""
    return [
        path
        for path in output.rglob(".*")
        if path.name not in {".locks", ".cache"} and path.parent.name not in {".locks", ".cache"}
    ]


def assert_package_holds(package: Path) -> None:
    """An unsigned package: the manifest and every file hold; only the signatures are missing."""
    report = verify_package(package)
    assert report.verdict is Verdict.INCOMPLETE, report.findings
    assert all(finding.verdict is Verdict.INCOMPLETE for finding in report.findings)
    assert report.files_checked >= 6
    assert len(report.recording_parts) == 2
