"""Benchmark of verify's hashing of an ENI-filed package, run by hand:
`python tests/benchmarks/bench_hashing.py [--size-mb 500]`.

Before: the recording read twice, SHA-256 for the manifest then SHA-512 for the ENI index (what
`verify` did). After: one read feeding both digests (`hashing.digest_file`). Both on the same
--size-mb file of random bytes in the same run, best of --repeat after a warm-up that fills the
page cache; reported as seconds and the ratio after/before.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from videoacta import hashing  # noqa: E402
from videoacta.eni.expediente import sha512_file  # noqa: E402


def best(call: Callable[[], object], repeat: int) -> float:
    call()  # warm-up: the page cache
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(os.environ.get("VIDEOACTA_BENCH_DIR", tempfile.gettempdir()))
    path = folder / f"videoacta-bench-{args.size_mb}mb.bin"
    if not path.is_file() or path.stat().st_size != args.size_mb << 20:
        with path.open("wb") as out:
            for _ in range(args.size_mb):
                out.write(os.urandom(1 << 20))
    before = best(lambda: (hashing.sha256_file(path), sha512_file(path)), args.repeat)
    after = best(lambda: hashing.digest_file(path, ("sha256", "sha512")), args.repeat)
    print(f"{args.size_mb} MB: two reads {before:.2f} s, one read {after:.2f} s, "
          f"ratio {after / before:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
