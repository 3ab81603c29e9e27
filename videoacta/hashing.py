"""SHA-256 of files, streamed in 1 MiB chunks so memory stays flat whatever the size."""

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from videoacta.core.terms import Frozen

CHUNK = 1 << 20

Progress = Callable[[int], None]


class FileDigest(Frozen):
    """A file's size in bytes and its SHA-256 in lowercase hex."""

    size: int
    sha256: str


def sha256_file(path: Path, progress: Progress | None = None) -> FileDigest:
    """Hash one file; `progress` is called with the bytes read after each chunk.

    hashlib releases the GIL on large updates, so several files hash in parallel threads.
    """
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as handle:
        while read := handle.readinto(buffer):
            digest.update(view[:read])
            size += read
            if progress is not None:
                progress(read)
    return FileDigest(size=size, sha256=digest.hexdigest())


def sha256_files(paths: Iterable[Path], progress: Progress | None = None) -> dict[Path, FileDigest]:
    """Hash several files concurrently, one thread each (at most four)."""
    unique = list(dict.fromkeys(paths))
    with ThreadPoolExecutor(max_workers=max(1, min(4, len(unique)))) as pool:
        digests = pool.map(lambda path: sha256_file(path, progress), unique)
        return dict(zip(unique, digests, strict=True))


def sha256_bytes(data: bytes) -> FileDigest:
    """The digest of bytes about to be written: a writer hashes what it writes, never re-reads."""
    return FileDigest(size=len(data), sha256=hashlib.sha256(data).hexdigest())
