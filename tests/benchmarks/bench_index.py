"""Benchmark of the index stage, run by hand: `python tests/benchmarks/bench_index.py`.

Generates (once, cached in $VIDEOACTA_BENCH_DIR or /tmp/videoacta-bench) a 10-minute and a
1-hour 720p recording at about 2.5 Mbit/s, then measures in the same run, as ratios:

- hashing throughput against `openssl dgst -sha256` on the same file (target >= 0.9);
- the whole `videoacta index` against a bare `ffmpeg -i ... -c copy` remux (target <= 1.5);
- peak memory of `videoacta index` (with its ffmpeg children) for 10 min and 1 h (flat, < 300 MB).

Each timing is the best of --repeat runs, after one warm-up that fills the page cache.
"""

import argparse
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.builders import to_toml  # noqa: E402
from tests.generated_media import link_part  # noqa: E402
from videoacta import hashing  # noqa: E402
from videoacta.media import binaries  # noqa: E402

BENCH_DIR = Path(os.environ.get("VIDEOACTA_BENCH_DIR", "/tmp/videoacta-bench"))
SEGMENT = 600  # seconds encoded once, then joined by stream copy into longer files


def ffmpeg_bin() -> str:
    return str(binaries.locate(binaries.Tool.FFMPEG).path)


def make_segment(path: Path) -> None:
    """Ten minutes of 720p25 test pattern with noise (so it does not compress to nothing)."""
    if path.exists():
        return
    source = f"testsrc2=size=1280x720:rate=25:duration={SEGMENT},noise=alls=12:allf=t"
    subprocess.run(
        [
            ffmpeg_bin(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            source,
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={SEGMENT}",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-b:v",
            "2500k",
            "-maxrate",
            "2500k",
            "-bufsize",
            "5000k",
            "-g",
            "50",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-shortest",
            str(path),
        ],
        check=True,
    )


def make_long(segment: Path, path: Path, copies: int) -> None:
    if path.exists():
        return
    listing = path.with_suffix(".ffconcat")
    listing.write_text("ffconcat version 1.0\n" + f"file '{segment}'\n" * copies)
    subprocess.run(
        [
            ffmpeg_bin(),
            "-v",
            "error",
            "-y",
            "-f",
            "concat",
            "-safe",
            "0",
            "-auto_convert",
            "0",
            "-i",
            str(listing),
            "-c",
            "copy",
            str(path),
        ],
        check=True,
    )


def best(runs: int, action: Callable[[], object]) -> float:
    action()  # warm-up: page cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def session_folder(recording: Path, root: Path) -> Path:
    """The sample session with its recording replaced by one part: the benchmark file."""
    sample = ROOT / "samples" / "2026-10-29-ple-ordinari"
    folder = root / "session"
    folder.mkdir()
    shutil.copy(sample / "votes.jsonl", folder)
    data = tomllib.loads((sample / "session.toml").read_text(encoding="utf-8"))
    start = dt.datetime(2026, 10, 29, 19, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    # A part must be a file inside the session folder: a hard link costs no copy.
    link_part(recording, folder / recording.name)
    data["recording"] = {"parts": [{"file": recording.name, "start": start}]}
    (folder / "session.toml").write_text(to_toml(data), encoding="utf-8")
    return folder


def index_argv(session: Path, out: Path) -> list[str]:
    """`videoacta index` as a user runs it: a fresh process."""
    return [sys.executable, "-m", "videoacta", "index", str(session), "--out", str(out),
            "--quiet", "--force"]  # fmt: skip


def run_index(session: Path, out: Path) -> None:
    subprocess.run(index_argv(session, out), check=True, stdout=subprocess.DEVNULL)


def peak_memory_mb(session: Path, out: Path) -> float:
    """Peak RSS of a fresh `videoacta index` process tree (largest waited-for process)."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *index_argv(session, out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return int(done.stdout.strip()) / 1024


def measure(recording: Path, repeat: int) -> None:
    size_mb = recording.stat().st_size / 1e6
    print(f"\n== {recording.name}: {size_mb:.0f} MB")
    openssl = best(
        repeat,
        lambda: subprocess.run(
            ["openssl", "dgst", "-sha256", str(recording)], check=True, capture_output=True
        ),
    )
    ours = best(repeat, lambda: hashing.sha256_file(recording))
    print(
        f"hash: openssl {size_mb / openssl:.0f} MB/s, videoacta {size_mb / ours:.0f} MB/s, "
        f"ratio {openssl / ours:.2f} (target >= 0.9)"
    )
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as scratch:
        root = Path(scratch)
        remuxed = root / "bare.mp4"
        bare = best(
            repeat,
            lambda: subprocess.run(
                [
                    ffmpeg_bin(),
                    "-v",
                    "error",
                    "-y",
                    "-i",
                    str(recording),
                    "-c",
                    "copy",
                    str(remuxed),
                ],
                check=True,
            ),
        )
        session = session_folder(recording, root)
        index = best(repeat, lambda: run_index(session, root / "out"))
        print(
            f"index: bare remux {bare:.2f} s, videoacta index {index:.2f} s, "
            f"ratio {index / bare:.2f} (target <= 1.5)"
        )
        print(
            f"peak memory of videoacta index: {peak_memory_mb(session, root / 'out'):.0f} MB "
            "(target: flat, < 300 MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    segment = BENCH_DIR / "segment-10min.mp4"
    make_segment(segment)
    hour = BENCH_DIR / "recording-1h.mp4"
    make_long(segment, hour, 6)
    print(
        f"ffmpeg: {ffmpeg_bin()}; self maxrss so far "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    measure(segment, args.repeat)
    measure(hour, args.repeat)


if __name__ == "__main__":
    main()
