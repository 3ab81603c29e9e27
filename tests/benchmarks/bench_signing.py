"""Benchmark of signing and verifying, run by hand: `python tests/benchmarks/bench_signing.py`.

Makes a test PKI, a local RFC 3161 server on 127.0.0.1 and a package whose recording.mp4 is
--size-mb of random bytes (cached in $VIDEOACTA_BENCH_DIR or /tmp/videoacta-bench), then reports
in the same run:

- the time of one signature at B-LT with the local time-stamp server (target <= 1 s), for the
  secretary's certification and for the chair's countersignature;
- `verify_package` against `openssl dgst -sha256` over the same package files (target <= 1.3x).

Each figure is the best of --repeat runs after a warm-up that fills the page cache.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.packages import PASSPHRASE_ENV, acta_pdf, make_package, options, trust  # noqa: E402
from tests.pki import PASSPHRASE, start_tsa, write_pki  # noqa: E402
from videoacta import hashing, outputs, package  # noqa: E402
from videoacta.artefacts import Artefact  # noqa: E402
from videoacta.core.identity import Role  # noqa: E402
from videoacta.signing.pdf_signing import Level, sign_package  # noqa: E402
from videoacta.verify.verifier import verify_package  # noqa: E402

BENCH_DIR = Path(os.environ.get("VIDEOACTA_BENCH_DIR", "/tmp/videoacta-bench"))


def best(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up: page cache, imports, TLS-free HTTP connection set-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def big_package(size_mb: int, work: Path) -> Path:
    """A package with a recording of `size_mb` MiB of random bytes; the recording is cached."""
    recording = BENCH_DIR / f"random-{size_mb}MiB.bin"
    if not recording.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        with recording.open("wb") as handle:
            for _ in range(size_mb):
                handle.write(os.urandom(1 << 20))
    folder = make_package(work / "package")
    shutil.copyfile(recording, folder / "recording.mp4")
    listed = package.listed_files(folder)
    digests = hashing.sha256_files(folder / name for name in listed)
    files = [Artefact(name=name, digest=digests[folder / name]) for name in listed]
    manifest = package.manifest_bytes(package.manifest_of(files))
    outputs.write_bytes_atomic(folder / package.MANIFEST, manifest)
    (folder / package.DOCUMENT).write_bytes(acta_pdf(manifest))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="size of recording.mp4")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ[PASSPHRASE_ENV] = PASSPHRASE
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "pki").mkdir()
        pki = write_pki(work / "pki")
        server = start_tsa(pki)
        url = f"http://127.0.0.1:{server.server_port}/"
        folder = big_package(args.size_mb, work)
        unsigned = (folder / package.DOCUMENT).read_bytes()
        seconds: dict[Role, list[float]] = {Role.SECRETARY: [], Role.CHAIR: []}
        for _ in range(args.repeat + 1):
            (folder / package.DOCUMENT).write_bytes(unsigned)
            for role in Role:
                start = time.perf_counter()
                sign_package(folder, options(pki, role, tsa=url, level=Level.B_LT))
                seconds[role].append(time.perf_counter() - start)
        server.shutdown()
        for role, times in seconds.items():
            times = times[1:]  # the first includes imports and the first connection
            print(f"sign {role.value:<9} B-LT: best {min(times):.3f} s, median "
                  f"{statistics.median(times):.3f} s (target <= 1 s)")  # fmt: skip
        files = [str(path) for path in sorted(folder.rglob("*")) if path.is_file()]
        report = verify_package(folder, trust=trust(pki))
        assert report.verdict == "valid", report.findings
        verify_time = best(lambda: verify_package(folder, trust=trust(pki)), args.repeat)
        openssl = ["openssl", "dgst", "-sha256", *files]
        openssl_time = best(
            lambda: subprocess.run(openssl, check=True, capture_output=True), args.repeat
        )
        size = sum(Path(path).stat().st_size for path in files) / (1 << 20)
        print(f"verify {size:.0f} MiB in {len(files)} files: {verify_time:.3f} s; openssl dgst "
              f"-sha256: {openssl_time:.3f} s; ratio {verify_time / openssl_time:.2f} "
              "(target <= 1.3)")  # fmt: skip


if __name__ == "__main__":
    main()
