"""One session of a batch run, as a worker runs it: lock it, hash its inputs, build that version.

A job runs in a worker process (of a local pool, or of a Dask cluster sharing the filesystem),
so it takes its own lock: an exclusive `flock` on `<out>/.locks/<session>.lock`, held for the
whole job. The kernel drops it when the process ends, however it ends, so a killed run leaves
no lock behind (on NFS, Linux maps `flock` onto NFS byte-range locks). Under the lock the job
removes the temporary folders a killed job left in `<out>/<session>/`, hashes the inputs, and
builds `<out>/<session>/<hash12>/` unless that version is there already. The package is written
atomically by `pipeline.build`, so a version folder exists only when it is complete.

A job never raises for a bad session: its result says what happened and whether trying again
could help (an input error cannot: the same bytes give the same error).

Test seam, inert in production: with `VIDEOACTA_TEST_FAULT=kill:FLAG` (or `stall:FLAG`) in the
environment (which reaches the workers of a pool, a Dask cluster or a batch run in another
process), a job runs its build with a fault between the index stage and the rest
(`after_index`): the first job to delete the file FLAG while its package is half written kills
its own process with SIGKILL (or hangs, to be killed from outside). Without the variable, or
once FLAG is gone, nothing happens. The progress callback is left to progress.
"""

import fcntl
import hashlib
import logging
import os
import shutil
import signal
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path, PurePath

from videoacta import outputs, pipeline
from videoacta.batch import inbox
from videoacta.core.terms import Frozen
from videoacta.document.csv_stamp import CsvSettings, read_key
from videoacta.errors import InputError, OutputError, SigningError, VideoactaError
from videoacta.inputs.transcript_file import transcript_path
from videoacta.signing.pdf_signing import SignOptions
from videoacta.transcribe.model import check_model
from videoacta.transcribe.stage import TranscribeOptions

log = logging.getLogger(__name__)

LOCKS = ".locks"
CACHE = ".cache"
HASH_LENGTH = 12  # hex digits of the input hash that name a version folder
FAULT_ENV = "VIDEOACTA_TEST_FAULT"


class Outcome(StrEnum):
    BUILT = "built"
    SKIPPED = "skipped"  # this version is packaged already
    BUSY = "busy"  # another run holds the session's lock
    FAILED = "failed"


class Job(Frozen):
    """Package one session folder into the output folder (signed if `signing` is given)."""

    session: str
    folder: Path
    output: Path
    signing: SignOptions | None = None
    csv_key_file: Path | None = None  # read by the worker, as the passphrase is
    csv_generation: int = 0
    eni: bool = False
    transcription: TranscribeOptions | None = None  # for a session without transcript.json


class JobResult(Frozen):
    session: str
    outcome: Outcome
    input_hash: str | None = None
    package: Path | None = None
    signed: bool = False
    warnings: tuple[str, ...] = ()
    error: str | None = None
    retryable: bool = False
    duration: float = 0.0


def run_job(job: Job) -> JobResult:
    """Run one job; what happened, and how long it took, is in the result."""
    started = time.monotonic()
    try:
        outputs.check_apart(job.output, job.folder)  # a session folder linked from elsewhere
        with session_lock(job.output, job.session) as held:
            result = _locked(job) if held else JobResult(session=job.session, outcome=Outcome.BUSY)
    except OutputError as error:
        result = _failed(job, str(error), None, False)
    except OSError as error:
        result = _failed(job, f"{error.filename or job.output}: {error.strerror}", None, True)
    return result.model_copy(update={"duration": round(time.monotonic() - started, 3)})


@contextmanager
def session_lock(output: Path, session: str) -> Iterator[bool]:
    """Try to take the session's lock without waiting; yield whether it is held."""
    folder = output / LOCKS
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / f"{session}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        os.ftruncate(descriptor, 0)  # who holds it, for an operator who looks
        os.write(descriptor, f"{socket.gethostname()} {os.getpid()}\n".encode())
        yield True
    finally:
        os.close(descriptor)  # closing the file releases the lock


def _locked(job: Job) -> JobResult:
    remove_stale(job.output / job.session)
    try:  # the parts' names are checked before a byte of them is read
        digest = inbox.input_hash(job.folder, cache=job.output / CACHE / f"{job.session}.json")
        digest, transcription = _transcription(job, digest)
    except VideoactaError as error:
        return _failed(job, str(error), None, not isinstance(error, InputError))
    target = job.output / job.session / digest[:HASH_LENGTH]
    if target.is_dir():
        return JobResult(
            session=job.session, outcome=Outcome.SKIPPED, input_hash=digest, package=target
        )
    try:
        built = _build(job, PurePath(job.session, digest[:HASH_LENGTH]), transcription)
    except VideoactaError as error:
        return _failed(job, str(error), digest, not isinstance(error, InputError))
    except Exception as error:  # a bug or the system: keep the traceback, try again later
        log.exception("session %s", job.session)
        return _failed(job, f"{type(error).__name__}: {error}", digest, True)
    return JobResult(
        session=job.session, outcome=Outcome.BUILT, input_hash=digest, package=target,
        signed=built.signed, warnings=built.warnings,
    )  # fmt: skip


def _transcription(job: Job, digest: str) -> tuple[str, TranscribeOptions | None]:
    """The input hash and the transcription of a job: a session without transcript.json is
    transcribed, so its hash includes the model's digest and the language asked."""
    options = job.transcription
    if options is None or transcript_path(job.folder).exists():
        return digest, None
    model = check_model(options.model)
    asked = f"{digest}\0{model.digest}\0{options.language or ''}\0{options.detect_language}\n"
    return hashlib.sha256(asked.encode()).hexdigest(), options


def _build(
    job: Job, name: PurePath, transcription: TranscribeOptions | None
) -> pipeline.BuildResult:
    """The same entry as `videoacta build`, into the version folder `name` below the output."""
    key = None if job.csv_key_file is None else read_key(job.csv_key_file)
    return pipeline.build(
        job.folder, job.output, name=name, signing=job.signing, prompt=never_prompt,
        csv=CsvSettings(key=key, generation=job.csv_generation), eni=job.eni,
        after_index=after_index, transcription=transcription,
    )  # fmt: skip


def never_prompt(question: str) -> str:
    """Nobody answers a batch run: a secret must be given by reference (the run spec checks)."""
    raise SigningError(f"a batch run cannot ask '{question.strip()}'; give the secret by reference")


def _failed(job: Job, error: str, digest: str | None, retryable: bool) -> JobResult:
    return JobResult(
        session=job.session, outcome=Outcome.FAILED, input_hash=digest, error=error,
        retryable=retryable,
    )  # fmt: skip


def remove_stale(folder: Path) -> None:
    """Remove what a killed job left in a session's folder; only safe under its lock."""
    if not folder.is_dir():
        return
    for path in [*folder.glob(".*.tmp"), *folder.glob(".*.old-*")]:
        log.info("removing %s, left by a job that was killed", path)
        shutil.rmtree(path, ignore_errors=True)


def after_index() -> None:
    """Between the index stage and the rest of a build (the package is half written, no acta
    yet): the test fault described above, when the environment asks for it."""
    spec = os.environ.get(FAULT_ENV)
    if spec:
        inject_fault(spec)


def inject_fault(spec: str) -> None:
    """`kill:FLAG` or `stall:FLAG`: the first job to delete FLAG kills itself or hangs."""
    action, _, flag = spec.partition(":")
    try:
        os.unlink(flag)
    except FileNotFoundError:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(3600)
