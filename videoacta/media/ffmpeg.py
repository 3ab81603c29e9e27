"""The only module that starts a subprocess: running and checking ffmpeg and ffprobe, in an
environment that carries no secret."""

import logging
import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from videoacta import credentials
from videoacta.core.terms import Frozen
from videoacta.errors import MediaError
from videoacta.media.binaries import Tool, ToolSource, locate
from videoacta.media.ffmpeg_output import last_error, progress_seconds

log = logging.getLogger(__name__)

ProgressCallback = Callable[[float], None]
PROBE_TIMEOUT = 120.0
_VERSION_TIMEOUT = 30.0


class ToolStatus(Frozen):
    """What `videoacta doctor` reports for one tool."""

    tool: Tool
    found: bool
    path: Path | None = None
    source: ToolSource | None = None
    version: str | None = None
    problem: str | None = None


# What ffmpeg and ffprobe get of this process's environment: finding programs and shared
# libraries, the locale, the time zone, temporary files, Windows' system folders. Nothing else
# (an exported passphrase, a token, a proxy, FFREPORT) reaches them.
CHILD_ENVIRONMENT = frozenset(
    {
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP",
        "LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FALLBACK_LIBRARY_PATH", "FFMPEG_DATADIR",
        "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "USERPROFILE",
    }
)  # fmt: skip


def child_environment() -> dict[str, str]:
    """The variables of CHILD_ENVIRONMENT and the locale's LC_*, never one named as a secret's
    source (credentials.withheld), whatever its name."""
    secret = credentials.withheld()
    return {
        name: value
        for name, value in os.environ.items()
        if (name in CHILD_ENVIRONMENT or name.startswith("LC_")) and name not in secret
    }


def file_url(path: Path) -> str:
    """A path ffmpeg cannot mistake for an option or a protocol (`-x.mp4`, `a:b.mp4`)."""
    return f"file:{path}"


def status(tool: Tool) -> ToolStatus:
    """Whether a tool is found, where, and which version it is."""
    try:
        found = locate(tool)
    except MediaError as error:
        return ToolStatus(tool=tool, found=False, problem=str(error))
    where = {"path": found.path, "source": found.source}
    try:
        version = _version(tool, found.path)
    except MediaError as error:
        return ToolStatus(tool=tool, found=False, problem=str(error), **where)
    return ToolStatus(tool=tool, found=True, version=version, **where)


def doctor() -> tuple[ToolStatus, ...]:
    """The status of every tool videoacta runs."""
    return tuple(status(tool) for tool in Tool)


def _version(tool: Tool, path: Path) -> str:
    """`5.1.9-0+deb12u1` or `n8.1.2`, from the first line of `-version`."""
    output = _run_captured([str(path), "-version"], _VERSION_TIMEOUT, str(path), tool)
    first = output.splitlines()[0] if output else ""
    match = re.match(r"\S+ version (\S+)", first)
    if match is None:
        raise MediaError(f"{path}: not an ffmpeg tool (`-version` printed {first!r})")
    return match.group(1)


def run_ffprobe(args: Sequence[str], *, subject: str, timeout: float = PROBE_TIMEOUT) -> str:
    """Run ffprobe quietly and return its stdout; a failure names `subject`."""
    binary = locate(Tool.FFPROBE).path
    argv = [str(binary), "-hide_banner", "-v", "error", *args]
    return _run_captured(argv, timeout, subject, Tool.FFPROBE)


def _run_captured(argv: list[str], timeout: float, subject: str, tool: Tool) -> str:
    log.debug("running %s", argv)
    try:
        done = subprocess.run(
            argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False,
            env=child_environment(),
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise MediaError(f"{subject}: {tool} timed out after {timeout:g} s") from None
    except OSError as error:
        raise MediaError(f"{subject}: cannot run {argv[0]}: {error.strerror}") from None
    stderr = done.stderr.decode(errors="replace")
    if done.returncode != 0:
        log.debug("%s stderr: %s", argv[0], stderr.strip())
        reason = last_error(stderr, done.returncode)
        raise MediaError(f"{subject}: {tool} failed: {reason}")
    return str(done.stdout.decode(errors="replace"))


def run_ffmpeg(
    args: Sequence[str],
    *,
    subject: str,
    outputs: Sequence[Path] = (),
    on_progress: ProgressCallback | None = None,
    timeout: float | None = None,
) -> None:
    """Run ffmpeg with `args`, report seconds done, and check that every output was written.

    Progress is reported as seconds of output written; the last report may fall a frame or two
    short of the end, so a caller completes its progress bar when this returns.

    The caller passes inputs and outputs through `file_url`; existing outputs are overwritten.
    Outputs are files: ffmpeg's stdout carries the progress.
    A failure raises MediaError naming `subject`, with the last meaningful line of stderr.
    """
    binary = locate(Tool.FFMPEG).path
    argv = [str(binary), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    argv += ["-progress", "pipe:1", "-nostats", *args]
    log.debug("running %s", argv)
    code, stderr = _run_with_progress(argv, on_progress, timeout, subject)
    if code != 0:
        log.debug("ffmpeg stderr: %s", stderr.strip())
        raise MediaError(f"{subject}: ffmpeg failed: {last_error(stderr, code)}")
    if stderr.strip():
        log.info("ffmpeg on %s: %s", subject, stderr.strip())
    check_outputs(outputs, subject=subject)


def stream_ffmpeg(args: Sequence[str], *, subject: str, chunk: int) -> Iterator[bytes]:
    """Run ffmpeg writing raw data to its stdout (`pipe:1` in `args`) and yield it in pieces of
    `chunk` bytes (the last may be shorter), never holding more; a failure names `subject`."""
    binary = locate(Tool.FFMPEG).path
    argv = [str(binary), "-nostdin", "-hide_banner", "-loglevel", "error", *args]
    log.debug("running %s", argv)
    with tempfile.TemporaryFile() as errors:
        process = _start(argv, errors, subject)
        assert process.stdout is not None
        try:
            while piece := process.stdout.read(chunk):
                yield piece
            code = process.wait()
        finally:
            if process.poll() is None:  # the reader stopped early, or failed
                process.kill()
                process.wait()
        if code != 0:
            errors.seek(0)
            reason = last_error(errors.read().decode(errors="replace"), code)
            raise MediaError(f"{subject}: ffmpeg failed: {reason}")


def _run_with_progress(
    argv: list[str], on_progress: ProgressCallback | None, timeout: float | None, subject: str
) -> tuple[int, str]:
    # stderr goes to a file, so a chatty ffmpeg never blocks on a full pipe while we read stdout.
    with tempfile.TemporaryFile() as errors:
        process = _start(argv, errors, subject)
        with _watchdog(process, timeout) as timed_out:
            try:
                _follow(process, on_progress)
                code = process.wait()
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        if timed_out.is_set():
            raise MediaError(f"{subject}: ffmpeg timed out after {timeout:g} s")
        errors.seek(0)
        return code, errors.read().decode(errors="replace")


def _start(argv: list[str], stderr: IO[bytes], subject: str) -> "subprocess.Popen[bytes]":
    try:
        return subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
            env=child_environment(),
        )  # fmt: skip
    except OSError as error:
        raise MediaError(f"{subject}: cannot run {argv[0]}: {error.strerror}") from None


@contextmanager
def _watchdog(
    process: "subprocess.Popen[bytes]", timeout: float | None
) -> Iterator[threading.Event]:
    """Kill the process if it outlives `timeout` seconds; the event tells whether it did."""
    fired = threading.Event()

    def expire() -> None:
        if process.poll() is None:
            fired.set()
            process.kill()

    timer = threading.Timer(timeout or 0.0, expire)
    timer.daemon = True
    if timeout is not None:
        timer.start()
    try:
        yield fired
    finally:
        timer.cancel()


def _follow(process: "subprocess.Popen[bytes]", on_progress: ProgressCallback | None) -> None:
    assert process.stdout is not None
    lines = (raw.decode(errors="replace") for raw in process.stdout)
    for seconds in progress_seconds(lines):
        if on_progress is not None:
            on_progress(seconds)


def check_outputs(outputs: Sequence[Path], *, subject: str) -> None:
    """Raise MediaError unless every output exists and is not empty (ffmpeg can exit 0 anyway)."""
    for output in outputs:
        if not output.is_file() or output.stat().st_size == 0:
            raise MediaError(f"{subject}: ffmpeg exited without writing {output}")
