"""The editor's Build button over real HTTP: a real unsigned build into `mark --out`, whose
package `verify` finds intact and waiting for its signatures; the log's earlier versions dropped
once it succeeds; a second build replacing the unsigned package; a log that `build` refuses
reported with tally's message, the package and the versions left as they were."""

import json
import time
from pathlib import Path
from typing import Any

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor
from tests.editor.server_calls import SAMPLE_LINES, log_lines, sample_copy, tally_error
from videoacta import verify_package
from videoacta.verify.verdict import Verdict

VERSIONS = Path(".videoacta") / "versions"
BUILD_TIMEOUT = 300.0  # seconds; the sample builds in a few


def build(running: Editor) -> dict[str, Any]:
    """Press Build, then read the state until the build is over: its outcome."""
    status, state = running.post("api/build", {})
    assert status == 200, state
    return build_end(running)


def build_end(running: Editor) -> dict[str, Any]:
    """Read the state until the build is over: its outcome."""
    deadline = time.monotonic() + BUILD_TIMEOUT
    while (outcome := running.state()["build"])["running"]:
        assert time.monotonic() < deadline, outcome
        time.sleep(0.1)
    return dict(outcome)


def edit(running: Editor, op: str, index: int, **fields: Any) -> None:
    version = running.state()["log"]["version"]
    status, answer = running.post(
        "api/edit", {"op": op, "index": index, "version": version, **fields}
    )
    assert status == 200, answer


def assert_unsigned_and_intact(package: Path) -> None:
    """What verify says of an unsigned package: every file holds, the signatures are missing."""
    report = verify_package(package)
    assert report.verdict is Verdict.INCOMPLETE, report.findings
    assert all(finding.verdict is Verdict.INCOMPLETE for finding in report.findings)
    assert report.empty_fields == ("Signature_Secretary", "Signature_Chair")
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert report.files_checked == len(manifest["files"])


def speech_of_m03(package: Path) -> str:
    """When m03's speech on item 2 starts, in the package's index."""
    index = json.loads((package / "index.json").read_text(encoding="utf-8"))
    speeches = [i for i in index["interventions"] if (i["speaker"], i["item"]) == ("m03", 2)]
    return str(speeches[0]["wall_start"])


def test_build_then_rebuild_then_a_log_build_refuses(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path / "session")
    out = tmp_path / "out"
    package = out / SAMPLE.name
    with editor(folder, "--out", str(out)) as running:
        # A corrected reason: the log has an earlier version to undo to.
        edit(running, "replace", 180, event=json.loads(log_lines(folder)[180]) | {"reason": "A"})
        assert (folder / VERSIONS).is_dir()
        outcome = build(running)
        assert outcome == {
            "running": False,
            "out": str(out),
            "package": str(package),
            "warnings": [],
        }
        assert_unsigned_and_intact(package)
        assert speech_of_m03(package) == "2026-10-29T19:00:26+01:00"
        assert not (folder / VERSIONS).exists()
        assert running.post("api/undo", {"version": running.state()["log"]["version"]})[0] == 422

        # Rebuilt after another edit: the unsigned package is replaced whole.
        (package / "stray.txt").write_text("not in the manifest", encoding="utf-8")
        edit(running, "move", 50, at={"part": 0, "seconds": 28})
        assert build(running)["package"] == str(package)
        assert not (package / "stray.txt").exists()
        assert speech_of_m03(package) == "2026-10-29T19:00:28+01:00"
        assert_unsigned_and_intact(package)
        assert not (folder / VERSIONS).exists()

        # The session's close deleted: a log in progress for the editor, refused by build.
        manifest = (package / "manifest.json").read_bytes()
        edit(running, "delete", len(log_lines(folder)) - 1)
        outcome = build(running)
        message = tally_error(folder / "session.toml", "".join(log_lines(folder)), tmp_path)
        assert message == "votes.jsonl line 370: the vote log ends before the session was closed"
        assert outcome == {"running": False, "out": str(out), "error": message}
        assert (package / "manifest.json").read_bytes() == manifest
        assert_unsigned_and_intact(package)
        assert (folder / VERSIONS).is_dir()
        assert running.post("api/undo", {"version": running.state()["log"]["version"]})[0] == 200
    assert log_lines(folder)[-1] == (
        '{"time": "2026-10-29T19:05:40+01:00", "type": "session_closed"}\n'
    )


def test_an_edit_made_while_building_keeps_its_undo(tmp_path: Path) -> None:
    """The build read the log before the edit (or after it, or ended before it): whichever
    way, the edit is undone afterwards, since its earlier version may be in no package."""
    folder = sample_copy(tmp_path / "session")
    with editor(folder, "--out", str(tmp_path / "out")) as running:
        status, state = running.post("api/build", {})
        assert status == 200, state
        edit(running, "move", 50, at={"part": 0, "seconds": 28})
        assert "package" in build_end(running)
        status, answer = running.post("api/undo", {"version": running.state()["log"]["version"]})
        assert status == 200, answer
    assert log_lines(folder)[50] == SAMPLE_LINES[50]
