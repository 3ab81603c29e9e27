"""`videoacta batch`: package every ready session of an inbox once, on any executor.

The output folder holds a folder per session, and in it a version per distinct inputs:

    <out>/<session>/<hash12>/     a package; hash12 is the start of the input hash (see inbox)
    <out>/batch.jsonl             what happened to each session (see batch/history.py)
    <out>/.locks/<session>.lock   the session's lock (see batch/session_job.py)
    <out>/.cache/<session>.json   the digests of its recording parts (see inbox)

A session whose version is there is skipped; a changed input makes a new version beside the old
ones, so a package, signed or not, is never overwritten. A failed job is tried again after
`retries.backoff` seconds, doubling each time, up to `retries.count` times (an input error is not:
the same bytes give the same error), then recorded as failed, and the others go on. The jobs run
on any `concurrent.futures.Executor` (see executors); this module only hands them over, waits,
and keeps the log.
"""

import heapq
import itertools
import time
from collections import Counter, deque
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, wait
from dataclasses import dataclass
from pathlib import Path

from videoacta.batch import inbox
from videoacta.batch.executors import Workers, open_workers
from videoacta.batch.history import LOG_FILE, Action, Journal, LogEntry, OnEntry, ignore
from videoacta.batch.runspec import Retries, RunSpec, load_spec
from videoacta.batch.session_job import Job, JobResult, Outcome, run_job
from videoacta.core.terms import Frozen

ENDS = {
    Outcome.BUILT: (Action.BUILT, None),
    Outcome.SKIPPED: (Action.SKIPPED, "already packaged"),
    Outcome.BUSY: (Action.SKIPPED, "another batch run holds its lock"),
    Outcome.FAILED: (Action.FAILED, None),
}


class Waiting(Frozen):
    """A session folder that is not ready yet, and why."""

    session: str
    reason: str


class Summary(Frozen):
    """What a batch run did: counts, each session's last entry, the sessions not ready."""

    run: str
    inbox: Path
    output: Path
    built: int
    skipped: int
    failed: int
    retried: int
    waiting: tuple[Waiting, ...]
    sessions: tuple[LogEntry, ...]
    duration: float

    @property
    def ok(self) -> bool:
        return self.failed == 0


def run_batch(spec: RunSpec, *, workers: Workers, on_entry: OnEntry = ignore) -> Summary:
    """Package every ready session of `spec.inbox` into `spec.output`, on `workers`."""
    started = time.monotonic()
    candidates = inbox.find_sessions(
        spec.inbox, ready=spec.ready, settle=spec.settle, now=time.time()
    )
    journal = Journal(spec.output / LOG_FILE, on_entry=on_entry)
    signing = spec.sign_options()
    jobs = [
        Job(
            session=found.name,
            folder=found.folder,
            output=spec.output,
            signing=signing,
            csv_key_file=spec.csv_key_file,
            csv_generation=spec.csv_generation,
            eni=spec.eni.export,
            transcription=spec.transcribe.options() if spec.transcribe else None,
        )
        for found in candidates
        if found.ready
    ]
    last = Runner(workers, spec.retries, journal).run(jobs)
    counts = Counter(entry.action for entry in last)
    summary = Summary(
        run=journal.run, inbox=spec.inbox, output=spec.output, built=counts[Action.BUILT],
        skipped=counts[Action.SKIPPED], failed=counts[Action.FAILED], retried=journal.retried,
        waiting=tuple(
            Waiting(session=found.name, reason=found.waiting_for)
            for found in candidates
            if found.waiting_for
        ),
        sessions=tuple(last), duration=round(time.monotonic() - started, 3),
    )  # fmt: skip
    journal.close(
        built=summary.built, skipped=summary.skipped, failed=summary.failed,
        retried=summary.retried, waiting=len(summary.waiting), duration=summary.duration,
    )  # fmt: skip
    return summary


@dataclass(frozen=True)
class Task:
    job: Job
    attempt: int = 1


class Runner:
    """Hands jobs to the executor, tries failed ones again after their backoff, logs each end."""

    def __init__(self, workers: Workers, retries: Retries, journal: Journal) -> None:
        self.workers, self.retries, self.journal = workers, retries, journal
        self.queue: deque[Task] = deque()
        self.later: list[tuple[float, int, Task]] = []  # a heap of (when, order, task)
        self.order = itertools.count()
        self.running: dict[Future[JobResult], tuple[Task, Executor]] = {}
        self.last: dict[str, LogEntry] = {}

    def run(self, jobs: Iterable[Job]) -> list[LogEntry]:
        """Run every job to its end; each session's last log entry, by session."""
        self.queue.extend(Task(job) for job in jobs)
        while self.queue or self.later or self.running:
            self._release_due()
            self._hand_over()
            if not self.running:
                time.sleep(self._next_due() or 0.0)
                continue
            done, _ = wait(self.running, timeout=self._next_due(), return_when=FIRST_COMPLETED)
            for future in done:
                task, executor = self.running.pop(future)
                self._end(task, self._result(task, executor, future))
        return [self.last[name] for name in sorted(self.last)]

    def _release_due(self) -> None:
        while self.later and self.later[0][0] <= time.monotonic():
            self.queue.append(heapq.heappop(self.later)[2])

    def _next_due(self) -> float | None:
        return max(0.0, self.later[0][0] - time.monotonic()) if self.later else None

    def _hand_over(self) -> None:
        window = self.workers.window
        while self.queue and (window is None or len(self.running) < window):
            task, executor = self.queue.popleft(), self.workers.executor
            try:
                future = executor.submit(run_job, task.job)
            except BrokenExecutor:
                self.workers.renew(executor)
                self.queue.appendleft(task)
                continue
            self.running[future] = (task, executor)

    def _result(self, task: Task, executor: Executor, future: Future[JobResult]) -> JobResult:
        try:
            return future.result()
        except BrokenExecutor as error:  # a local worker died: the pool is gone with it
            self.workers.renew(executor)
            reason = f"the worker process died in the middle of the job ({type(error).__name__})"
        except Exception as error:  # Dask: KilledWorker, a lost connection, a cancelled task
            reason = f"the job was lost: {type(error).__name__}: {error}"
        return JobResult(
            session=task.job.session, outcome=Outcome.FAILED, error=reason, retryable=True
        )

    def _end(self, task: Task, result: JobResult) -> None:
        retry = result.outcome is Outcome.FAILED and result.retryable
        if retry and task.attempt <= self.retries.count:
            self.journal.write(result, Action.RETRIED, task.attempt)
            when = time.monotonic() + self.retries.delay(task.attempt)
            heapq.heappush(self.later, (when, next(self.order), Task(task.job, task.attempt + 1)))
            return
        action, reason = ENDS[result.outcome]
        self.last[task.job.session] = self.journal.write(result, action, task.attempt, reason)


def run_spec(
    path: Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    on_entry: OnEntry = ignore,
) -> Summary:
    """Load the run spec at `path` and run it on local processes or a Dask cluster.

    `workers` and `scheduler`, when given, override the spec's.
    """
    spec = load_spec(path)
    with open_workers(
        workers=workers or spec.workers, scheduler=scheduler or spec.scheduler
    ) as pool:
        return run_batch(spec, workers=pool, on_entry=on_entry)
