"""`videoacta batch` end to end: an inbox of generated sessions, reruns, races, Dask and faults."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.conftest import ROOT, SAMPLE
from tests.inboxes import (
    add_session,
    assert_package_holds,
    leftovers,
    log_lines,
    session_lines,
    versions,
    write_spec,
)
from tests.media.test_index import PART, colour_clip, session_log
from tests.packages import PASSPHRASE_ENV, assert_verified, options, trust
from tests.pki import Pki
from videoacta.batch import runner
from videoacta.batch.executors import open_workers
from videoacta.batch.runspec import load_spec
from videoacta.batch.session_job import FAULT_ENV, session_lock
from videoacta.cli import cli
from videoacta.core.identity import Role
from videoacta.errors import ExitCode
from videoacta.signing.pdf_signing import sign_package
from videoacta.signing.trust import TrustSettings
from videoacta.verify.verdict import Verdict
from videoacta.verify.verifier import verify_package

VALID = ("2026-01-ple", "2026-02-ple")
BAD_LOG = "2026-03-bad-log"
NO_RECORDING = "2026-04-no-recording"
NOT_READY = "2026-05-not-ready"


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("batch-parts")
    one = colour_clip(folder / "part-1.mp4", ["red", "green"], PART)
    two = colour_clip(folder / "part-2.mp4", ["blue", "white"], PART)
    return one, two


def bad_log() -> list[str]:
    """The usual log, with a vote cast by a member who is not in session.toml."""
    lines = session_log().lines()
    at = next(n for n, line in enumerate(lines) if '"vote_cast"' in line and '"m2"' in line)
    lines[at] = lines[at].replace('"m2"', '"m99"')
    return lines


@dataclass(frozen=True)
class Run:
    inbox: Path
    output: Path
    spec: Path
    result: Result

    @property
    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.result.stdout)
        return data


def run_cli(spec: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["batch", str(spec), *args])


@pytest.fixture(scope="module")
def first(parts: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One run over two valid sessions, two invalid ones, one not ready and a folder of certs."""
    root = tmp_path_factory.mktemp("batch")
    inbox = root / "inbox"
    for name in VALID:
        add_session(inbox, name, parts)
    add_session(inbox, BAD_LOG, parts, log=bad_log())
    add_session(inbox, NO_RECORDING, ())
    add_session(inbox, NOT_READY, parts, ready=False)
    (inbox / "pki").mkdir()
    (inbox / "pki" / "root.pem").write_text("not a session\n")
    spec = write_spec(root / "spec.toml", inbox, root / "out")
    return Run(inbox, root / "out", spec, run_cli(spec, "--json"))


def test_valid_sessions_are_packaged_and_hold(first: Run) -> None:
    assert first.result.exit_code == ExitCode.SESSIONS_FAILED, first.result.output
    summary = first.summary
    assert (summary["built"], summary["skipped"], summary["failed"]) == (2, 0, 2)
    assert summary["ok"] is False
    for name in VALID:
        [package] = versions(first.output, name)
        [line] = session_lines(first.output, name)
        assert line["action"] == "built"
        assert line["attempt"] == 1
        assert package.name == line["input_hash"][:12]
        assert line["package"] == str(package)
        assert_package_holds(package)
    assert leftovers(first.output) == []


def test_invalid_sessions_are_reported_with_their_error(first: Run) -> None:
    # an input error is not retried: the same bytes would give the same error
    [bad] = session_lines(first.output, BAD_LOG)
    assert (bad["action"], bad["attempt"]) == ("failed", 1)
    assert bad["error"].startswith("votes.jsonl line ")
    assert "'m99'" in bad["error"]
    # a missing part might still be copied: retried (once, as the spec says), then failed
    retried, failed = session_lines(first.output, NO_RECORDING)
    assert (retried["action"], retried["attempt"]) == ("retried", 1)
    assert (failed["action"], failed["attempt"]) == ("failed", 2)
    assert "recording part not found" in failed["error"]
    assert versions(first.output, BAD_LOG) == versions(first.output, NO_RECORDING) == []
    errors = {s["session"]: s["error"] for s in first.summary["sessions"] if s["error"]}
    assert errors == {BAD_LOG: bad["error"], NO_RECORDING: failed["error"]}


def test_folders_not_ready_or_not_sessions_are_left_alone(first: Run) -> None:
    assert first.summary["waiting"] == [{"session": NOT_READY, "reason": "no READY file"}]
    sessions = {line.get("session") for line in log_lines(first.output)}
    assert sessions == {*VALID, BAD_LOG, NO_RECORDING, None}
    assert not (first.output / "pki").exists()
    assert not (first.output / NOT_READY).exists()


def test_the_log_ends_each_run_with_its_summary(first: Run) -> None:
    lines = log_lines(first.output)
    assert {line["run"] for line in lines} == {first.summary["run"]}
    assert lines[-1] | {"time": None, "duration": None} == {
        "time": None, "run": first.summary["run"], "action": "summary", "built": 2,
        "skipped": 0, "failed": 2, "retried": 1, "waiting": 1, "duration": None,
    }  # fmt: skip
    keys = {"time", "run", "session", "action", "attempt", "input_hash", "duration", "package"}
    assert all(keys <= set(line) | {"error", "reason"} for line in lines[:-1])


def test_text_output_and_rerun(first: Run, tmp_path: Path) -> None:
    """A second run rebuilds nothing; a changed vote log makes a new version of that session."""
    inbox, output = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(first.inbox, inbox, symlinks=True)
    shutil.copytree(first.output, output, symlinks=True)
    spec = write_spec(tmp_path / "spec.toml", inbox, output)
    again = run_cli(spec)
    assert again.exit_code == ExitCode.SESSIONS_FAILED
    assert again.stdout.startswith("Built 0, skipped 2, failed 2 (1 retries)")
    assert f"Not ready: {NOT_READY} (no READY file)" in again.stdout
    assert f"skipped  {VALID[0]}  (already packaged)" in again.stderr
    before = {name: versions(output, name) for name in VALID}

    log = inbox / VALID[0] / "votes.jsonl"
    log.write_text(log.read_text().replace("19:00:06+01:00", "19:00:06.500000+01:00"))
    changed = run_cli(spec, "--json")
    summary = json.loads(changed.stdout)
    assert (summary["built"], summary["skipped"]) == (1, 1)
    new = [path for path in versions(output, VALID[0]) if path not in before[VALID[0]]]
    assert len(new) == 1
    assert versions(output, VALID[0]) == sorted([*before[VALID[0]], *new])
    assert versions(output, VALID[1]) == before[VALID[1]]
    assert_package_holds(new[0])


def test_two_runs_at_once_package_each_session_once(
    parts: tuple[Path, Path], tmp_path: Path
) -> None:
    names = [f"2026-0{n}-ple" for n in range(1, 5)]
    for name in names:
        add_session(tmp_path / "inbox", name, parts)
    spec = write_spec(tmp_path / "spec.toml", tmp_path / "inbox", tmp_path / "out")
    command = [sys.executable, "-m", "videoacta", "batch", str(spec), "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    summaries = [json.loads(output) for output in outputs]
    assert sum(summary["built"] for summary in summaries) == len(names)
    for name in names:
        lines = session_lines(tmp_path / "out", name)
        assert [line["action"] for line in lines].count("built") == 1
        assert {line["reason"] for line in lines if line["action"] == "skipped"} <= {
            "already packaged", "another batch run holds its lock",
        }  # fmt: skip
        [package] = versions(tmp_path / "out", name)
        assert_package_holds(package)


def test_a_dask_cluster_makes_the_same_packages_even_when_a_worker_dies(
    first: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dask restarts a killed worker and runs its job again elsewhere: nothing half-written."""
    distributed = pytest.importorskip("distributed")
    spec = write_spec(tmp_path / "spec.toml", first.inbox, tmp_path / "out")
    flag = tmp_path / "kill-once"
    flag.touch()
    monkeypatch.setenv(FAULT_ENV, f"kill:{flag}")  # the workers inherit it
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        summary = runner.run_spec(spec, scheduler=cluster.scheduler_address)
    assert not flag.exists(), "the fault never fired"
    assert (summary.built, summary.failed) == (2, 2)
    assert leftovers(tmp_path / "out") == []
    for name in VALID:
        [local] = versions(first.output, name)
        [dask] = versions(tmp_path / "out", name)
        assert dask.name == local.name
        manifest = (dask / "manifest.json").read_bytes()
        assert manifest == (local / "manifest.json").read_bytes()
        assert_package_holds(dask)


def test_a_worker_killed_in_a_job_is_retried_and_leaves_nothing_half_written(
    parts: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["2026-01-ple", "2026-02-ple"]
    for name in names:
        add_session(tmp_path / "inbox", name, parts)
    spec = write_spec(tmp_path / "spec.toml", tmp_path / "inbox", tmp_path / "out")
    flag = tmp_path / "kill-once"
    flag.touch()
    monkeypatch.setenv(FAULT_ENV, f"kill:{flag}")
    summary = runner.run_spec(spec)
    assert not flag.exists(), "the fault never fired"
    assert (summary.built, summary.failed) == (2, 0)
    assert summary.retried >= 1
    retried = [line for line in log_lines(tmp_path / "out") if line["action"] == "retried"]
    assert all("worker process died" in line["error"] for line in retried)
    assert leftovers(tmp_path / "out") == []
    for name in names:
        [package] = versions(tmp_path / "out", name)
        assert_package_holds(package)


def wait_for_locks(output: Path, names: list[str], timeout: float = 30.0) -> None:
    """Wait until no process holds the lock of any of `names`."""
    deadline = time.monotonic() + timeout
    for name in names:
        while True:
            with session_lock(output, name) as held:
                if held:
                    break
            assert time.monotonic() < deadline, f"{name} stays locked by a killed run"
            time.sleep(0.05)


def test_a_killed_batch_is_completed_by_the_next_run(
    parts: tuple[Path, Path], tmp_path: Path
) -> None:
    names = ["2026-01-ple", "2026-02-ple", "2026-03-ple"]
    for name in names:
        add_session(tmp_path / "inbox", name, parts)
    output = tmp_path / "out"
    spec = write_spec(tmp_path / "spec.toml", tmp_path / "inbox", output)
    flag = tmp_path / "stall-once"
    flag.touch()
    environment = {**os.environ, FAULT_ENV: f"stall:{flag}"}
    run = subprocess.Popen(
        [sys.executable, "-m", "videoacta", "batch", str(spec)],
        env=environment, start_new_session=True, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while flag.exists() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not flag.exists(), "no job stalled in the middle of a package"
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the batch and its workers, as systemd would
        run.wait()
    assert any(path.name.endswith(".tmp") for path in leftovers(output))
    # The killed workers let go of their locks once the kernel has torn them down; a run started
    # before that would skip their sessions ("another batch run holds its lock").
    wait_for_locks(output, names)

    summary = runner.run_spec(spec)
    assert summary.failed == 0
    assert summary.built >= 1
    assert leftovers(output) == []
    for name in names:
        [package] = versions(output, name)
        assert_package_holds(package)


def test_a_signed_batch_certifies_and_never_touches_a_signed_version(
    parts: tuple[Path, Path], tmp_path: Path, pki: Pki, passphrase_env: None
) -> None:
    session = add_session(tmp_path / "inbox", "2026-01-ple", parts)
    output = tmp_path / "out"
    spec = write_spec(tmp_path / "spec.toml", tmp_path / "inbox", output)
    with spec.open("a") as handle:
        handle.write(
            f"[signer]\npkcs12 = {json.dumps(str(pki['secretary.p12']))}\n"
            f'passphrase_env = "{PASSPHRASE_ENV}"\nlevel = "B-B"\n'
            f"trust = [{json.dumps(str(pki.root))}]\n"
        )
    summary = runner.run_spec(spec)
    assert (summary.built, summary.failed) == (1, 0), summary.sessions
    [entry] = summary.sessions
    assert entry.signed is True
    [package] = versions(output, "2026-01-ple")
    report = verify_package(package, trust=trust(pki))
    assert report.verdict is Verdict.INCOMPLETE
    assert [check.field for check in report.signatures] == ["Signature_Secretary"]
    assert all(check.bottom_line for check in report.signatures)
    sign_package(package, options(pki, Role.CHAIR))
    assert_verified(package, pki)
    signed = (package / "acta.pdf").read_bytes()

    log = session / "votes.jsonl"
    log.write_text(log.read_text().replace("19:00:06+01:00", "19:00:06.500000+01:00"))
    again = runner.run_spec(spec)
    assert (again.built, again.failed) == (1, 0)
    assert len(versions(output, "2026-01-ple")) == 2
    assert (package / "acta.pdf").read_bytes() == signed
    assert_verified(package, pki)


def test_the_sample_run_spec_packages_the_sample_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pipelines/sample.toml as shipped (but its output folder): signed with the SAMPLE PKI."""
    monkeypatch.setenv("VIDEOACTA_PASSPHRASE", "videoacta-sample")
    spec = load_spec(ROOT / "pipelines" / "sample.toml").model_copy(update={"output": tmp_path})
    with open_workers(workers=1) as workers:
        summary = runner.run_batch(spec, workers=workers)
    assert (summary.built, summary.failed, summary.waiting) == (1, 0, ())
    [entry] = summary.sessions
    assert (entry.session, entry.signed) == (SAMPLE.name, True)
    [package] = versions(tmp_path, SAMPLE.name)
    sample_trust = TrustSettings(roots=(ROOT / "samples" / "pki" / "SAMPLE-root-ca.pem",))
    report = verify_package(package, trust=sample_trust)
    assert report.verdict is Verdict.INCOMPLETE  # the chair countersigns by hand
    assert [check.bottom_line for check in report.signatures] == [True]
