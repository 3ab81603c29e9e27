"""The inbox of a batch run: which session folders are ready, and the hash of their inputs.

A sub-folder of the inbox is a session when it holds a `session.toml` and its name does not
start with a dot; any other folder (certificates, scratch) is left alone. It is ready when it
holds a `READY` file (`ready = "marker"`, the default: whoever fills the inbox writes it last,
after the recording is copied), or, with `ready = "closed"`, when `votes.jsonl` ends with a
`session_closed` event and no input has changed for `settle` seconds.

The input hash names a version of a session's inputs: SHA-256 over the name, size and SHA-256 of
the bytes of `session.toml`, the vote log and every recording part `session.toml` names. Bytes,
not file dates: a recording copied again (new mtime, same bytes) keeps its hash, so it makes no
needless new version to sign again, and every machine of a cluster computes the same hash. So
that a rerun does not read every recording again, a part's digest is kept in a cache under the
output folder, keyed by its size, mtime, ctime and inode; a part whose stat changed is read again.

Nothing is read before it is checked: the parts' names must keep the rules of the build
(`parts.check_files`: relative, inside the session folder after links, regular files, each once)
before a byte of them is hashed, and a vote log is opened without blocking and read only if it
is a regular file. A session that breaks a rule fails with that rule's one-line error.
"""

import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import BinaryIO

from pydantic import Field, ValidationError

from videoacta import hashing
from videoacta.batch.runspec import Ready
from videoacta.core.terms import Frozen
from videoacta.errors import InputError
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import CSV_FILE, JSONL_FILE, SESSION_FILE
from videoacta.inputs.transcript_file import TRANSCRIPT_FILE
from videoacta.media import parts
from videoacta.outputs import json_text, write_text_atomic

MARKER = "READY"
HASH_FORMAT = b"videoacta-inputs/1\n"
TAIL = 4096  # bytes read from the end of a vote log to find its last line
RACY_NS = 2_000_000_000  # a part changed this recently may still be written: not cached


class Candidate(Frozen):
    """A session folder of the inbox, and what it still waits for if it is not ready."""

    name: str
    folder: Path
    waiting_for: str | None = None

    @property
    def ready(self) -> bool:
        return self.waiting_for is None


def find_sessions(inbox: Path, *, ready: Ready, settle: float, now: float) -> list[Candidate]:
    """The session folders of the inbox, by name, each ready or saying what it waits for."""
    try:
        folders = sorted(path for path in inbox.iterdir() if path.is_dir())
    except OSError as error:
        raise InputError(str(inbox), f"the inbox cannot be read: {error.strerror}") from None
    return [
        Candidate(
            name=folder.name, folder=folder, waiting_for=_waiting_for(folder, ready, settle, now)
        )
        for folder in folders
        if not folder.name.startswith(".") and (folder / SESSION_FILE).is_file()
    ]


def _waiting_for(folder: Path, ready: Ready, settle: float, now: float) -> str | None:
    if ready is Ready.MARKER:
        return None if (folder / MARKER).is_file() else f"no {MARKER} file"
    if waiting := _waiting_for_log(folder / JSONL_FILE):
        return waiting
    quiet = now - latest_change(folder)
    if quiet < settle:
        return f"an input changed {quiet:.0f} s ago (settle is {settle:g} s)"
    return None


def _waiting_for_log(path: Path) -> str | None:
    """Why the vote log does not show a closed session yet; None once it does."""
    try:
        closed = log_is_closed(path)
    except InputError as error:
        return str(error)
    return None if closed else f"{JSONL_FILE} does not end with session_closed"


def log_is_closed(path: Path) -> bool:
    """Whether the last line of a vote log is a `session_closed` event (read from the end).

    InputError if it is there but not a regular file: it is never opened in a way that blocks.
    """
    try:
        with open_regular(path) as handle:
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - TAIL))
            lines = [line for line in handle.read(TAIL).splitlines() if line.strip()]
        event = json.loads(lines[-1]) if lines else None
    except (OSError, ValueError, RecursionError):  # the build says what is wrong with it
        return False
    return isinstance(event, dict) and event.get("type") == "session_closed"


def open_regular(path: Path) -> BinaryIO:
    """`path` opened to read, refused (InputError) unless it is a regular file.

    Opened without blocking and checked on the open file: a named pipe or a device where a
    file is expected never hangs or feeds the reader.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise InputError(path.name, f"is not a regular file ({_kind(mode)})")
    return os.fdopen(descriptor, "rb")


def _kind(mode: int) -> str:
    kinds = {stat.S_ISDIR: "a folder", stat.S_ISFIFO: "a named pipe", stat.S_ISSOCK: "a socket"}
    return next((name for test, name in kinds.items() if test(mode)), "a device")


def latest_change(folder: Path) -> float:
    """When an input of the session last changed (its newest mtime, in seconds)."""
    times = [path.stat().st_mtime for _, path in input_files(folder) if path.exists()]
    return max(times, default=0.0)


def input_files(folder: Path) -> list[tuple[str, Path]]:
    """The inputs of a session, each with its name: session.toml, the vote log, the transcript,
    the parts."""
    files = [(SESSION_FILE, folder / SESSION_FILE)]
    names = (JSONL_FILE, CSV_FILE, TRANSCRIPT_FILE)  # build uses a transcript.json there
    files += [(name, folder / name) for name in names if (folder / name).exists()]
    return files + [(name, folder / name) for name in part_names(folder)]


def part_names(folder: Path) -> list[str]:
    """The recording parts `session.toml` names; none if it cannot be read (the build says why)."""
    try:
        data = bounded.read_toml(folder / SESSION_FILE, SESSION_FILE)
    except (OSError, InputError):
        return []
    recording = data.get("recording")
    parts = recording.get("parts") if isinstance(recording, dict) else None
    if not isinstance(parts, list):
        return []
    return [p["file"] for p in parts if isinstance(p, dict) and isinstance(p.get("file"), str)]


class CachedDigest(Frozen):
    """A part's digest, valid while its size, mtime, ctime and inode are the same."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    sha256: str

    @classmethod
    def of(cls, stat: os.stat_result, digest: hashing.FileDigest) -> "CachedDigest":
        return cls(
            size=digest.size, mtime_ns=stat.st_mtime_ns, ctime_ns=stat.st_ctime_ns,
            inode=stat.st_ino, sha256=digest.sha256,
        )  # fmt: skip

    def matches(self, stat: os.stat_result) -> bool:
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode) == (
            stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino,
        )  # fmt: skip


class DigestCache(Frozen):
    files: dict[str, CachedDigest] = Field(default_factory=dict)


def input_hash(folder: Path, *, cache: Path) -> str:
    """The SHA-256 (hex) of a session's inputs; recording parts' digests cached in `cache`."""
    known = _read_cache(cache).files
    fresh: dict[str, CachedDigest] = {}
    names = set(parts.check_files(folder, part_names(folder)))
    total = hashlib.sha256(HASH_FORMAT)
    for name, path in input_files(folder):
        if path in names:
            digest = _part_digest(path, known, fresh)
        elif path.is_file():
            digest = hashing.sha256_file(path)
        elif path.exists():
            raise InputError(name, "is not a regular file")
        else:
            total.update(f"{name}\0missing\n".encode())
            continue
        total.update(f"{name}\0{digest.size}\0{digest.sha256}\n".encode())
    if fresh != known:
        _write_cache(cache, DigestCache(files=fresh))
    return total.hexdigest()


def _part_digest(
    path: Path, known: dict[str, CachedDigest], fresh: dict[str, CachedDigest]
) -> hashing.FileDigest:
    """A recording part's digest: from the cache while its stat is unchanged, else read."""
    stat, key = path.stat(), str(path.absolute())
    entry = known.get(key)
    if entry is None or not entry.matches(stat):
        digest = hashing.sha256_file(path)
        if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) < RACY_NS:
            return digest  # its stat may change again within the clock's resolution
        entry = CachedDigest.of(stat, digest)
    fresh[key] = entry
    return hashing.FileDigest(size=entry.size, sha256=entry.sha256)


def _read_cache(path: Path) -> DigestCache:
    try:
        return DigestCache.model_validate_json(path.read_bytes())
    except (OSError, ValidationError):
        return DigestCache()


def _write_cache(path: Path, cache: DigestCache) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json_text(cache.model_dump(mode="json")))
