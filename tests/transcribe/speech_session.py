"""A real session folder whose recording speaks: espeak-ng says known English sentences at known
times (the tests' own processes, not the product's), ffmpeg lays them on a lavfi picture, and
the vote log gives each intervention to its member.

The timeline, in seconds from the recording's start (= the session's START):
  before the opening, someone speaks (UNATTRIBUTED_TEXT): no intervention, an unattributed span;
  item 1: m2 then m3 speak; between them the chair speaks without the floor (PRESIDING_TEXT);
  item 2 is debated in camera: m4 says SECRET_TEXT, which must appear nowhere;
  item 3: m5 speaks; then the session closes.
"""

import datetime as dt
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.builders import START, Log, session_data, write_folder

SPEECHES = {
    "m2": "The council approves the new budget for the public library and the swimming pool.",
    "m3": "We propose to plant more trees along the river and to repair the old bridge.",
    "m5": "Could the mayor explain when the bus station will be open again?",
}
UNATTRIBUTED_TEXT = "Good evening everybody, please take your seats, we start in a minute."
PRESIDING_TEXT = "Thank you, the next speaker has the floor."
SECRET_TEXT = "The penguin salary dispute concerns purple umbrellas."
SECRET_WORDS = ("penguin", "purple", "umbrellas")
GAP = 1.5  # seconds of silence around each utterance


@dataclass(frozen=True)
class Utterance:
    speaker: str | None  # who has the floor by the log; None: nobody (chair, or before opening)
    text: str
    start: float  # seconds into the recording
    end: float


@dataclass(frozen=True)
class SpeechSession:
    folder: Path
    utterances: tuple[Utterance, ...]
    duration: float


def espeak(text: str, wav: Path) -> float:
    """`text` spoken by espeak-ng into `wav`; its length in seconds."""
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), text], check=True)
    with wave.open(str(wav)) as sound:
        return sound.getnframes() / sound.getframerate()


def _at(t: float) -> str:
    return (START + dt.timedelta(seconds=t)).isoformat()


def make_speech_session(folder: Path, *, audio: bool = True) -> SpeechSession:
    """The session folder described above, in `folder` (made)."""
    folder.mkdir(parents=True)
    scratch = folder.parent / f".{folder.name}-wavs"
    scratch.mkdir()
    utterances: list[Utterance] = []
    events: list[tuple[float, str, dict[str, Any]]] = []
    t = 1.0

    def say(speaker: str | None, text: str, *, floor: bool) -> None:
        nonlocal t
        wav = scratch / f"{len(utterances):02d}.wav"
        length = espeak(text, wav)
        if floor:
            events.append((t, "speech_started", {"speaker": speaker}))
        utterances.append(Utterance(speaker, text, t + GAP / 2, t + GAP / 2 + length))
        t += length + GAP
        if floor:
            events.append((t, "speech_ended", {"speaker": speaker}))
        t += 0.5

    say(None, UNATTRIBUTED_TEXT, floor=False)
    events += [(t, "member_joined", {"member": m}) for m in ("m1", "m2", "m3", "m4", "m5")]
    events += [(t + 0.5, "session_opened", {}), (t + 1.0, "item_opened", {"item": 1})]
    t += 1.5
    say("m2", SPEECHES["m2"], floor=True)
    say("m1", PRESIDING_TEXT, floor=False)
    say("m3", SPEECHES["m3"], floor=True)
    events += [(t, "item_closed", {"item": 1}), (t + 0.5, "item_opened", {"item": 2})]
    t += 1.0
    say("m4", SECRET_TEXT, floor=True)
    events += [(t, "item_closed", {"item": 2}), (t + 0.5, "item_opened", {"item": 3})]
    t += 1.0
    say("m5", SPEECHES["m5"], floor=True)
    events += [(t, "item_closed", {"item": 3}), (t + 0.5, "session_closed", {})]
    duration = round(t + 2.0, 1)
    data = session_data(id="speech-session", language="en")
    data["items"] = [
        {"number": 1, "title": "Budget"},
        {"number": 2, "title": "Staff", "in_camera": True},
        {"number": 3, "title": "Questions", "kind": "question"},
    ]
    data["recording"] = {
        "clock_offset": 0.0,
        "parts": [{"file": "recording/part-1.mp4", "start": START}],
    }
    log = Log(
        events=[
            {"time": _at(s), "type": kind, **f} for s, kind, f in sorted(events, key=lambda e: e[0])
        ]
    )
    write_folder(folder, data, log)
    (folder / "recording").mkdir()
    _record(folder / "recording" / "part-1.mp4", scratch, utterances, duration, audio=audio)
    shutil.rmtree(scratch)
    return SpeechSession(folder=folder, utterances=tuple(utterances), duration=duration)


def _record(
    out: Path, scratch: Path, utterances: list[Utterance], duration: float, *, audio: bool
) -> None:
    """A 160x90 picture and the utterances at their times, silence between (AAC in MP4)."""
    args = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    args += ["-f", "lavfi", "-i", f"color=c=gray:s=160x90:r=5:d={duration}"]
    if not audio:
        run = [*args, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)]
        subprocess.run(run, check=True)
        return
    args += ["-f", "lavfi", "-i", f"anullsrc=r=16000:cl=mono:d={duration}"]
    chains, labels = [], ["[1:a]"]
    for n, utterance in enumerate(utterances):
        args += ["-i", str(scratch / f"{n:02d}.wav")]
        delay = round(utterance.start * 1000)
        chains.append(f"[{n + 2}:a]aresample=16000,adelay={delay}:all=1[u{n}]")
        labels.append(f"[u{n}]")
    mix = f"{''.join(labels)}amix=inputs={len(labels)}:normalize=0:duration=first[a]"
    args += ["-filter_complex", ";".join([*chains, mix]), "-map", "0:v", "-map", "[a]"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "5"]
    args += ["-c:a", "aac", "-b:a", "48k", "-ac", "1", "-t", str(duration), str(out)]
    subprocess.run(args, check=True)
