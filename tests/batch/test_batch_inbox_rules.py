"""`batch` reads nothing of a session before its names keep the rules: parts outside the
session folder, named pipes, an output inside a session folder are refused one session at a
time, and the others are still packaged."""

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.inboxes import add_session, session_lines, versions, write_spec
from tests.media.test_index import PART, colour_clip
from videoacta.cli import cli
from videoacta.errors import ExitCode

GOOD = "a-good"
SECRET = b"1234"
PART_2 = '"recording/part-2.mp4"'


@dataclass(frozen=True)
class Run:
    root: Path
    output: Path
    result: Result

    def error(self, session: str) -> str:
        """The one failed line of a session: failed at the first attempt, not retried."""
        [line] = session_lines(self.output, session)
        assert (line["action"], line["attempt"], line["input_hash"]) == ("failed", 1, None)
        assert "\n" not in line["error"]
        return str(line["error"])


def renamed_part(inbox: Path, name: str, parts: tuple[Path, Path], file: str) -> Path:
    """A ready session whose second part is named `file` in session.toml."""
    folder = add_session(inbox, name, parts)
    toml = folder / "session.toml"
    toml.write_text(toml.read_text().replace(PART_2, json.dumps(file)), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("batch-rules")
    clips = root / "clips"
    clips.mkdir()
    parts = (
        colour_clip(clips / "part-1.mp4", ["red", "green"], PART),
        colour_clip(clips / "part-2.mp4", ["blue", "white"], PART),
    )
    secret = root / "secret"
    secret.write_bytes(SECRET)
    inbox = root / "inbox"
    add_session(inbox, GOOD, parts)
    renamed_part(inbox, "absolute", parts, str(secret))
    renamed_part(inbox, "escape", parts, "../../secret")
    renamed_part(inbox, "proc", parts, "/proc/self/pagemap")
    linked = renamed_part(inbox, "linked", parts, "recording/secret.mp4")
    (linked / "recording" / "secret.mp4").symlink_to(secret)
    pipe = add_session(inbox, "pipe-part", parts)
    (pipe / "recording" / "part-2.mp4").unlink()
    os.mkfifo(pipe / "recording" / "part-2.mp4")
    twice = renamed_part(inbox, "twice", parts, "recording/./part-1.mp4")
    assert twice.is_dir()
    host = root / "host"  # a session folder linked from elsewhere, that holds the output
    add_session(host.parent, host.name, parts)
    (inbox / "z-holds-output").symlink_to(host)
    spec = write_spec(root / "spec.toml", inbox, host / "out", ready="marker")
    return Run(root, host / "out", CliRunner().invoke(cli, ["batch", str(spec), "--json"]))


def test_the_good_session_is_built_and_the_others_fail_once(run: Run) -> None:
    assert run.result.exit_code == ExitCode.SESSIONS_FAILED, run.result.output
    summary = json.loads(run.result.stdout)
    assert (summary["built"], summary["failed"], summary["retried"]) == (1, 7, 0)
    assert len(versions(run.output, GOOD)) == 1


@pytest.mark.parametrize(
    ("session", "message"),
    [
        ("absolute", "recording.parts[1].file: '{secret}' must be relative to the session folder"),
        ("escape", "recording.parts[1].file: '../../secret' is outside the session folder"),
        ("proc", "recording.parts[1].file: '/proc/self/pagemap' must be relative"),
        ("linked", "recording.parts[1].file: 'recording/secret.mp4' is outside the session"),
        ("pipe-part", "recording.parts[1].file: 'recording/part-2.mp4' is not a regular file"),
        ("twice", "recording.parts[1].file: 'recording/./part-1.mp4' is the same file as "
         "recording.parts[0].file"),
    ],
)  # fmt: skip
def test_a_part_breaking_the_rules_fails_before_anything_is_hashed(
    run: Run, session: str, message: str
) -> None:
    expected = "session.toml: " + message.format(secret=run.root / "secret")
    assert run.error(session).startswith(expected)
    assert not (run.output / ".cache" / f"{session}.json").exists()
    assert versions(run.output, session) == []


def test_a_session_folder_holding_the_output_is_refused_before_its_lock(run: Run) -> None:
    host = run.root / "host"
    assert run.error("z-holds-output") == (
        f"{run.output}: is inside the session folder {host}; write the output elsewhere"
    )
    assert not (run.output / ".locks" / "z-holds-output.lock").exists()


def test_with_ready_closed_a_named_pipe_log_waits_and_the_others_go_on(
    run: Run, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / GOOD).symlink_to(run.root / "inbox" / GOOD)
    pipe = add_session(inbox, "pipe-log", ())
    (pipe / "votes.jsonl").unlink()
    os.mkfifo(pipe / "votes.jsonl")
    spec = write_spec(tmp_path / "spec.toml", inbox, run.output, ready="closed", settle=0)
    result = CliRunner().invoke(cli, ["batch", str(spec), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["waiting"] == [
        {"session": "pipe-log", "reason": "votes.jsonl: is not a regular file (a named pipe)"}
    ]
    assert [s["action"] for s in summary["sessions"]] == ["skipped"]  # packaged in the first run
