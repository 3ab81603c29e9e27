"""Hashes equal hashlib's over the whole file, for sizes around the chunk boundary."""

import hashlib
from pathlib import Path

import pytest

from videoacta.hashing import CHUNK, sha256_file, sha256_files


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17])
def test_sha256_file(tmp_path: Path, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    seen: list[int] = []
    digest = sha256_file(path, seen.append)
    assert digest.sha256 == hashlib.sha256(data).hexdigest()
    assert digest.size == size == sum(seen)


def test_sha256_files(tmp_path: Path) -> None:
    paths = []
    for n in range(5):
        paths.append(tmp_path / f"{n}.bin")
        paths[-1].write_bytes(str(n).encode() * 1000)
    digests = sha256_files(paths + paths[:1])
    assert list(digests) == paths
    for path in paths:
        assert digests[path].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
