"""Benchmark: `videoacta batch` over 8 copies of the sample session, on 2 workers against 1.

Run by hand (pytest does not collect it):

    python tests/benchmarks/bench_batch.py [--sessions 8] [--runs 2] [--sign]

Makes an inbox of copies of samples/2026-10-29-ple-ordinari (each its own folder, the recording
linked), then, in the same run, packages all of it into a fresh output folder with 1 worker and
with 2 workers (local processes), after one warm-up that fills
the page cache. It prints the best wall time of each, the throughput in sessions a minute, and
the ratio of the two throughputs, and how many cores each kept busy on average (CPU seconds of
the batch and its processes over wall seconds): one job already overlaps hashing, the remux and
the posters, so on two cores the ratio is bounded by 2 / (cores busy with 1 worker).
A second pass over a full output (every session skipped) shows what a scheduled run costs when
there is nothing to do. --sign certifies each package with the sample PKI (B-B).
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.inboxes import copy_sample, write_spec  # noqa: E402
from videoacta.batch import runner  # noqa: E402

SAMPLE = ROOT / "samples" / "2026-10-29-ple-ordinari"
PKI = ROOT / "samples" / "pki"


def make_inbox(folder: Path, sessions: int) -> Path:
    inbox = folder / "inbox"
    for number in range(1, sessions + 1):
        copy_sample(SAMPLE, inbox, f"2026-{number:02d}-ple")
    return inbox


def make_spec(folder: Path, inbox: Path, output: Path, sign: bool) -> Path:
    spec = write_spec(folder / f"{output.name}.toml", inbox, output, retries={"count": 0})
    if sign:
        os.environ["VIDEOACTA_PASSPHRASE"] = "videoacta-sample"
        with spec.open("a") as handle:
            handle.write(
                f'[signer]\npkcs12 = "{PKI / "SAMPLE-secretary.p12"}"\n'
                'passphrase_env = "VIDEOACTA_PASSPHRASE"\nlevel = "B-B"\n'
            )
    return spec


def cpu_seconds() -> float:
    """CPU time of this process and of its children that ended (pool workers, their ffmpeg)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(spec: Path, workers: int, sessions: int) -> tuple[float, float]:
    """Wall and CPU seconds to package every session into an empty output folder."""
    started, cpu = time.perf_counter(), cpu_seconds()
    summary = runner.run_spec(spec, workers=workers)
    seconds = time.perf_counter() - started
    if summary.built != sessions or summary.failed:
        raise SystemExit(f"expected {sessions} built, got {summary.model_dump_json(indent=1)}")
    return seconds, cpu_seconds() - cpu


def best(folder: Path, inbox: Path, args: argparse.Namespace, workers: int) -> tuple[float, float]:
    times = []
    for run in range(args.runs):
        output = folder / f"out-{workers}-{run}"
        spec = make_spec(folder, inbox, output, args.sign)
        times.append(timed(spec, workers, args.sessions))
        shutil.rmtree(output)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs")
    parser.add_argument("--sign", action="store_true", help="certify with the sample PKI")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="videoacta-bench-batch-") as temporary:
        folder = Path(temporary)
        inbox = make_inbox(folder, args.sessions)
        warm = make_spec(folder, inbox, folder / "warm-up", args.sign)
        timed(warm, 2, args.sessions)
        started = time.perf_counter()
        runner.run_spec(warm, workers=2)
        idle = time.perf_counter() - started
        one = best(folder, inbox, args, 1)
        two = best(folder, inbox, args, 2)
    signed = "signed (B-B)" if args.sign else "unsigned"
    print(f"{args.sessions} copies of the sample session, {signed}, {os.cpu_count()} CPUs")
    print(f"best of {args.runs} runs, after a warm-up run; load average before: {load:.2f}")
    for workers, (seconds, cpu) in ((1, one), (2, two)):
        rate = 60 * args.sessions / seconds
        label = f"{workers} worker{'s' if workers > 1 else ''}"
        busy = f"{cpu / seconds:4.2f} cores busy"
        print(f"  {label:<9}: {seconds:6.2f} s  {rate:6.1f} sessions/min  {busy}")
    print(f"throughput ratio 2 workers / 1 worker: {one[0] / two[0]:.2f}")
    print(f"a rerun with nothing to do (all {args.sessions} skipped): {idle:.2f} s")


if __name__ == "__main__":
    main()
