"""Make the synthetic recording of the sample session: recording/part-1.mp4 and part-2.mp4.

    python samples/make_sample_recording.py

The camera was paused during the recess, so the recording comes in two parts. Each part starts
at the `start` that session.toml gives it ([recording] parts) and runs until the next
`recess_started` of the vote log, or, for the last part, until shortly after `session_closed`.
So the recording always matches the sample's session.toml and votes.jsonl.

What is in a part: 320x180 at 10 frames a second, H.264 with a keyframe every 2 s, and a
440 Hz tone with a short beep at every wall-clock second, AAC mono. When ffmpeg has the drawtext
filter and a DejaVu font is installed (Debian's ffmpeg and fonts-dejavu-core do), each frame
shows the session, the part and the wall-clock time; otherwise (the static builds have no
drawtext) the picture is ffmpeg's testsrc2 pattern, which shows the time since the part began.
Each file's creation_time is its start, as a camera would write it. A few MB in all; the same
ffmpeg gives the same bytes (bitexact flags).

ffmpeg is found as videoacta finds it (VIDEOACTA_FFMPEG, the videoacta[ffmpeg] extra, PATH);
the committed files were made with Debian's ffmpeg 5.1 (drawtext), e.g.

    VIDEOACTA_FFMPEG=/usr/bin/ffmpeg python samples/make_sample_recording.py
"""

import datetime as dt
import json
import os
import tomllib
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from videoacta.core.evidence import part_starts
from videoacta.errors import MediaError
from videoacta.inputs.session_folder import load_session
from videoacta.media import ffmpeg
from videoacta.media.probe import check_joinable, probe

FOLDER = Path(__file__).resolve().parent / "2026-10-29-ple-ordinari"
SIZE, RATE = "320x180", 10
KEYFRAME_EVERY = 2  # seconds
AFTER_CLOSE = 10  # seconds the camera keeps running after the session is closed
FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/Library/Fonts/DejaVuSans.ttf"),
)


@dataclass(frozen=True)
class Part:
    number: int
    file: Path
    start: dt.datetime
    end: dt.datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


def plan(folder: Path) -> list[Part]:
    """Each part from its start in session.toml to the next recess or the close, plus a little."""
    session = tomllib.loads((folder / "session.toml").read_text(encoding="utf-8"))
    events = [json.loads(line) for line in (folder / "votes.jsonl").read_text().splitlines()]
    recesses = [_time(e) for e in events if e["type"] == "recess_started"]
    closed = next(_time(e) for e in events if e["type"] == "session_closed")
    parts = session["recording"]["parts"]
    starts = [part["start"] for part in parts]
    return [
        Part(
            number=number,
            file=folder / part["file"],
            start=start,
            end=_end(start, starts[number:], recesses, closed),
        )
        for number, (part, start) in enumerate(zip(parts, starts, strict=True), start=1)
    ]


def _time(event: dict[str, str]) -> dt.datetime:
    return dt.datetime.fromisoformat(event["time"])


def _end(
    start: dt.datetime, later: list[dt.datetime], recesses: list[dt.datetime], closed: dt.datetime
) -> dt.datetime:
    if not later:
        return closed + dt.timedelta(seconds=AFTER_CLOSE)
    pause = [time for time in recesses if start < time <= later[0]]
    if not pause:
        raise SystemExit(f"no recess_started in votes.jsonl between {start} and {later[0]}")
    return pause[0]


def picture(part: Part, session_title: str) -> tuple[list[str], str]:
    """The lavfi video input, and the name of how it looks."""
    font = next((path for path in FONTS if path.is_file()), None)
    if font is not None and _has_drawtext():
        return _clock_picture(part, session_title, font), "drawtext clock"
    pattern = f"testsrc2=size={SIZE}:rate={RATE}:duration={part.seconds}"
    return ["-f", "lavfi", "-i", pattern], "testsrc2"


def _has_drawtext() -> bool:
    check = ["-f", "lavfi", "-i", "color=size=16x16:duration=0.1", "-vf", "drawtext=text=x"]
    try:
        ffmpeg.run_ffmpeg([*check, "-f", "null", "-"], subject="drawtext check")
    except MediaError:
        return False
    return True


def _clock_picture(part: Part, title: str, font: Path) -> list[str]:
    # drawtext's %{pts:gmtime:OFFSET:FORMAT} prints pts + OFFSET as a UTC time; an offset of the
    # start's local wall-clock seconds since the epoch makes it print local time.
    offset = part.start.utcoffset() or dt.timedelta()
    local_epoch = int(part.start.timestamp() + offset.total_seconds())
    clock = rf"%{{pts\:gmtime\:{local_epoch}\:%H\\\:%M\\\:%S}}"
    text = f"fontfile={font}:fontcolor=white"
    lines = [
        f"drawtext={text}:fontsize=16:x=12:y=12:text='{title}'",
        f"drawtext={text}:fontsize=14:x=12:y=36:text='Part {part.number}'",
        f"drawtext={text}:fontsize=44:x=(w-tw)/2:y=(h-th)/2+10:text='{clock}'",
        f"drawtext={text}:fontsize=12:x=12:y=h-24:text='{part.start:%Y-%m-%d}, hora local'",
    ]
    background = f"color=c=0x1d3557:size={SIZE}:rate={RATE}:duration={part.seconds}"
    return ["-f", "lavfi", "-i", background + "," + ",".join(lines)]


def make(part: Part, session_title: str) -> str:
    """Encode one part, written under a temporary name and renamed into place."""
    video, look = picture(part, session_title)
    beep = f"sine=frequency=440:beep_factor=4:sample_rate=48000:duration={part.seconds}"
    args = [*video, "-f", "lavfi", "-i", beep]
    args += ["-c:v", "libx264", "-preset", "slow", "-crf", "28", "-pix_fmt", "yuv420p"]
    args += ["-g", str(RATE * KEYFRAME_EVERY), "-keyint_min", str(RATE * KEYFRAME_EVERY)]
    args += ["-sc_threshold", "0", "-c:a", "aac", "-b:a", "32k", "-ac", "1"]
    args += ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]
    args += ["-metadata", f"creation_time={part.start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"]
    args += ["-movflags", "+faststart", "-t", f"{part.seconds}", "-f", "mp4"]
    temporary = part.file.with_name(part.file.name + ".tmp")
    part.file.parent.mkdir(parents=True, exist_ok=True)
    ffmpeg.run_ffmpeg(
        [*args, ffmpeg.file_url(temporary)], subject=part.file.name, outputs=[temporary]
    )
    os.replace(temporary, part.file)
    return look


def check(folder: Path) -> None:
    """Probe what was written as `videoacta index` will, and print it."""
    session = load_session(folder)
    infos = [probe(folder / part.file) for part in session.recording.parts]
    check_joinable(infos)
    tz = zoneinfo.ZoneInfo(session.timezone)
    for info, start in zip(infos, part_starts(session, infos), strict=True):
        size = info.size / 1_000_000
        print(
            f"{info.path.relative_to(folder)}: {info.duration:.2f} s, {size:.2f} MB, "
            f"starts {start.start.astimezone(tz):%H:%M:%S} ({start.source})"
        )


def main() -> None:
    title = "Ple ordinari 10/2026"
    for part in plan(FOLDER):
        look = make(part, title)
        print(f"{part.file.name}: {part.start:%H:%M:%S} to {part.end:%H:%M:%S} ({look})")
    check(FOLDER)


if __name__ == "__main__":
    main()
