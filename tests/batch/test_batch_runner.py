"""The batch runner and its jobs without media: retries, locks, stale folders, the signer."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from videoacta import pipeline
from videoacta.batch import runner, session_job
from videoacta.batch.executors import Workers
from videoacta.batch.history import Action, LogEntry
from videoacta.batch.runspec import Retries
from videoacta.batch.session_job import Job, JobResult, Outcome
from videoacta.core.identity import Role
from videoacta.credentials import SecretSource
from videoacta.errors import SigningError
from videoacta.signing.pdf_signing import SignOptions
from videoacta.signing.signers import Pkcs12Signer


def threads() -> Workers:
    """Jobs in threads of this process, so that monkeypatches reach them."""
    return Workers(lambda: ThreadPoolExecutor(max_workers=2), window=2)


def scripted(outcomes: dict[str, list[JobResult]]) -> Any:
    """A stand-in for run_job that gives each session's results in turn."""

    def run(job: Job) -> JobResult:
        return outcomes[job.session].pop(0)

    return run


def failed(session: str, retryable: bool = True) -> JobResult:
    return JobResult(session=session, outcome=Outcome.FAILED, error="boom", retryable=retryable)


def done(session: str) -> JobResult:
    return JobResult(session=session, outcome=Outcome.BUILT, input_hash="ab" * 32)


def run(
    tmp_path: Path, retries: Retries, sessions: list[str], log: list[LogEntry] | None = None
) -> list[LogEntry]:
    """Run jobs for `sessions` in threads; each session's last entry (every entry in `log`)."""
    journal = runner.Journal(
        tmp_path / "batch.jsonl", on_entry=(log if log is not None else []).append
    )
    jobs = [Job(session=name, folder=tmp_path / name, output=tmp_path) for name in sessions]
    pool = threads()
    try:
        return runner.Runner(pool, retries, journal).run(jobs)
    finally:
        pool.close()


@pytest.mark.parametrize(
    ("count", "results", "actions"),
    [
        (2, [failed("s"), failed("s"), done("s")], ["retried", "retried", "built"]),
        (1, [failed("s"), failed("s"), done("s")], ["retried", "failed"]),
        (0, [failed("s")], ["failed"]),
        (3, [failed("s", retryable=False)], ["failed"]),
        (3, [JobResult(session="s", outcome=Outcome.BUSY)], ["skipped"]),
    ],
)
def test_retries(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    count: int,
    results: list[JobResult],
    actions: list[str],
) -> None:
    monkeypatch.setattr(runner, "run_job", scripted({"s": results}))
    log: list[LogEntry] = []
    run(tmp_path, Retries(count=count, backoff=0), ["s"], log)
    assert [entry.action.value for entry in log] == actions
    assert [entry.attempt for entry in log] == list(range(1, len(actions) + 1))


def test_a_failed_session_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = {"a": [failed("a"), failed("a")], "b": [done("b")], "c": [done("c")]}
    monkeypatch.setattr(runner, "run_job", scripted(outcomes))
    last = run(tmp_path, Retries(count=1, backoff=0.05), ["a", "b", "c"])
    assert [(entry.session, entry.action) for entry in last] == [
        ("a", Action.FAILED),
        ("b", Action.BUILT),
        ("c", Action.BUILT),
    ]


def test_a_lost_job_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def flaky(job: Job) -> JobResult:
        calls.append(job.session)
        if len(calls) == 1:
            raise ConnectionResetError("the worker went away")
        return done(job.session)

    monkeypatch.setattr(runner, "run_job", flaky)
    [entry] = run(tmp_path, Retries(count=1, backoff=0), ["s"])
    assert (entry.action, entry.attempt) == (Action.BUILT, 2)
    first = LogEntry.model_validate_json((tmp_path / "batch.jsonl").read_text().splitlines()[0])
    assert first.error == "the job was lost: ConnectionResetError: the worker went away"


@pytest.fixture
def session(tmp_path: Path) -> Job:
    folder = tmp_path / "inbox" / "s"
    folder.mkdir(parents=True)
    (folder / "session.toml").write_text('id = "s"\n')
    (folder / "votes.jsonl").write_text("")
    return Job(session="s", folder=folder, output=tmp_path / "out")


def test_a_session_locked_by_another_run_is_busy(session: Job) -> None:
    with session_job.session_lock(session.output, "s") as held:
        assert held
        assert session_job.run_job(session).outcome is Outcome.BUSY
    lock = session.output / ".locks" / "s.lock"
    assert lock.read_text().split()[1].isdigit()  # host and pid of the holder


def test_stale_temporary_folders_are_removed_under_the_lock(
    session: Job, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = session.output / "s" / ".0123456789ab.k3j4.tmp"
    (stale / "posters").mkdir(parents=True)
    (stale / "recording.mp4").write_bytes(b"half")
    result = session_job.run_job(session)
    assert result.outcome is Outcome.FAILED
    assert result.retryable is False
    assert not stale.exists()


def test_the_signer_is_passed_to_the_build(
    session: Job, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def build(session_dir: Path, out: Path, **options: Any) -> pipeline.BuildResult:
        seen.update(options)
        package = out / options["name"]
        package.mkdir(parents=True)
        return pipeline.BuildResult(package=package, session_id="s", signed=True, warnings=())

    monkeypatch.setattr(pipeline, "build", build)
    signing = SignOptions(
        role=Role.SECRETARY,
        signer=Pkcs12Signer(path=tmp_path / "s.p12", passphrase=SecretSource.env("P")),
    )
    result = session_job.run_job(session.model_copy(update={"signing": signing}))
    assert (result.outcome, result.signed) == (Outcome.BUILT, True)
    assert seen["signing"] == signing
    with pytest.raises(SigningError, match=r"^a batch run cannot ask 'PIN:'; give the secret"):
        seen["prompt"]("PIN: ")
    unsigned = session_job.run_job(session.model_copy(update={"output": tmp_path / "out2"}))
    assert unsigned.outcome is Outcome.BUILT
    assert seen["signing"] is None


def test_an_unexpected_error_is_retryable_and_logged(
    session: Job, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(session_dir: Path, out: Path, **options: Any) -> pipeline.BuildResult:
        raise KeyError("surprise")

    monkeypatch.setattr(pipeline, "build", broken)
    result = session_job.run_job(session)
    assert (result.outcome, result.retryable) == (Outcome.FAILED, True)
    assert result.error == "KeyError: 'surprise'"
    assert "Traceback" in caplog.text or caplog.records[0].exc_info
