"""SHA-256 of files, streamed in 1 MiB chunks so memory stays flat whatever the size; and
several digests of a file in one read (`digest_files`), for `verify`: the manifest's SHA-256
and the ENI index's SHA-512 of the recording from one pass over it."""

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
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


WIDE_CHUNK = 4 << 20  # bytes: one read of a multi-digest pass


class FileDigests(Frozen):
    """A file's size and its digests in lowercase hex, by hashlib name."""

    size: int
    hexdigests: dict[str, str]

    def of(self, algorithm: str) -> FileDigest:
        """As a FileDigest, when `algorithm` is SHA-256."""
        return FileDigest(size=self.size, sha256=self.hexdigests[algorithm])


def digest_file(
    path: Path, algorithms: tuple[str, ...], progress: Progress | None = None
) -> FileDigests:
    """Several digests of one file, reading it once: each chunk is hashed by every digest at
    once, one thread each (hashlib releases the GIL), while the next chunk is read."""
    digests = [hashlib.new(name) for name in algorithms]
    buffers = [bytearray(WIDE_CHUNK), bytearray(WIDE_CHUNK)]
    size = 0
    with (
        path.open("rb", buffering=0) as handle,
        ThreadPoolExecutor(max_workers=len(digests)) as pool,
    ):
        pending: list[Future[None]] = []
        turn = 0
        while read := handle.readinto(buffers[turn]):
            for future in pending:
                future.result()  # the other buffer is free again
            view = memoryview(buffers[turn])[:read]
            pending = [pool.submit(digest.update, view) for digest in digests]
            size += read
            turn = 1 - turn
            if progress is not None:
                progress(read)
        for future in pending:
            future.result()
    return FileDigests(size=size, hexdigests={d.name: d.hexdigest() for d in digests})


def digest_files(
    paths: Iterable[Path], algorithms: tuple[str, ...], progress: Progress | None = None
) -> dict[Path, FileDigests]:
    """Several digests of several files, each file read once, two files at a time."""
    unique = list(dict.fromkeys(paths))
    with ThreadPoolExecutor(max_workers=max(1, min(2, len(unique)))) as pool:
        found = pool.map(lambda path: digest_file(path, algorithms, progress), unique)
        return dict(zip(unique, found, strict=True))
