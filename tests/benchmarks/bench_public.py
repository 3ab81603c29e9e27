"""Benchmark of the public rendition, run by hand: `python tests/benchmarks/bench_public.py`.

Generates (once, cached in $VIDEOACTA_BENCH_DIR or /tmp/videoacta-bench) a 10-minute 640x360
recording with B-frames and a keyframe every 2 s, then times `videoacta index` on one session
twice in the same run: item 2 (minutes 4 to 7) debated in camera, and not. Prints both times and
their ratio (the overhead of cutting and checking recording.public.mp4). Best of --repeat runs,
after a warm-up that fills the page cache.
"""

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.builders import START, Log, session_data, write_folder  # noqa: E402
from tests.generated_media import link_part  # noqa: E402
from videoacta import pipeline  # noqa: E402
from videoacta.media import binaries  # noqa: E402

BENCH_DIR = Path(os.environ.get("VIDEOACTA_BENCH_DIR", "/tmp/videoacta-bench"))
SECONDS = 600


def recording(path: Path) -> Path:
    if not path.exists():
        source = f"testsrc2=size=640x360:rate=25:duration={SECONDS}"
        tone = f"sine=frequency=440:duration={SECONDS}"
        subprocess.run(
            [str(binaries.locate(binaries.Tool.FFMPEG).path), "-v", "error", "-y",
             "-f", "lavfi", "-i", source, "-f", "lavfi", "-i", tone,
             "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-bf", "2",
             "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-shortest", str(path)],
            check=True,
        )  # fmt: skip
    return path


def at(seconds: float) -> str:
    return (START + dt.timedelta(seconds=seconds)).isoformat()


def session(folder: Path, part: Path, *, in_camera: bool) -> Path:
    data: dict[str, Any] = session_data()
    data["items"] = [
        {"number": 1, "title": "Proposta"},
        {"number": 2, "title": "Personal", "in_camera": in_camera},
        {"number": 3, "title": "Moció"},
    ]
    data["recording"] = {"parts": [{"file": "recording/part-1.mp4", "start": START}]}
    events = [
        *[(1.0, "member_joined", {"member": m}) for m in ("m1", "m2", "m3", "m4")],
        (2.0, "session_opened", {}),
        *[(a, kind, {"item": n}) for n, a, kind in
          ((1, 10, "item_opened"), (1, 230, "item_closed"), (2, 240, "item_opened"),
           (2, 420, "item_closed"), (3, 430, "item_opened"), (3, 590, "item_closed"))],
        (595.0, "session_closed", {}),
    ]  # fmt: skip
    log = Log(events=[{"time": at(t), "type": kind, **fields} for t, kind, fields in events])
    write_folder(folder, data, log)
    (folder / "recording").mkdir()
    link_part(part, folder / "recording" / "part-1.mp4")
    return folder


def best(session_dir: Path, work: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat + 1):  # the first is the warm-up
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        began = time.perf_counter()
        pipeline.run_index(session_dir, out)
        times.append(time.perf_counter() - began)
    return min(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    part = recording(BENCH_DIR / "public-10min.mp4")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        plain = best(session(root / "plain", part, in_camera=False), root / "a", args.repeat)
        secret = best(session(root / "secret", part, in_camera=True), root / "b", args.repeat)
    print(f"index, no item in camera:    {plain:.2f} s")
    print(f"index, item 2 in camera:     {secret:.2f} s")
    print(f"ratio (public rendition overhead): {secret / plain:.2f}")


if __name__ == "__main__":
    main()
