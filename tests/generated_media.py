"""Recordings generated at test time with ffmpeg's lavfi sources: tiny, a few seconds each.

Loaded as a pytest plugin by tests/conftest.py, which gives every test the `media` fixture; the
media layer is imported when a clip is made, so collecting the pure core's tests does not load it.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

SECONDS = 3.0


def make_clip(
    path: Path,
    *,
    seconds: float = SECONDS,
    size: str = "160x90",
    rate: int = 10,
    sample_rate: int = 48000,
    metadata: dict[str, str] | None = None,
    extra: tuple[str, ...] = (),
) -> Path:
    """An H.264 + AAC clip of testsrc2 and a sine tone, with a keyframe every second."""
    from videoacta.media import ffmpeg

    args = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
    tone = f"sine=frequency=440:sample_rate={sample_rate}:duration={seconds}"
    args += ["-f", "lavfi", "-i", tone]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", str(rate)]
    args += ["-c:a", "aac", "-b:a", "32k", "-ac", "1", "-shortest"]
    for key, value in (metadata or {}).items():
        args += ["-metadata", f"{key}={value}"]
    ffmpeg.run_ffmpeg([*args, *extra, ffmpeg.file_url(path)], subject=path.name, outputs=[path])
    return path


def link_part(source: Path | str, target: Path | str) -> Path:
    """`target` as a hard link to `source` (a copy across file systems).

    A recording part must be a file inside the session folder: a symbolic link out of it is
    refused.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    return Path(target)


def cut(source: Path, target: Path, keep: float) -> Path:
    """The first `keep` share of a file's bytes, as a copy cut off mid-write would be."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


@dataclass(frozen=True)
class Media:
    folder: Path
    plain: Path  # no creation time, moov at the end
    dated: Path  # creation_time 2026-10-29T18:00:00Z, moov at the front (faststart)
    quicktime: Path  # a .mov with com.apple.quicktime.creationdate 19:00:00+01:00
    wider: Path  # 320x180
    resampled: Path  # audio at 44100 Hz
    truncated: Path  # `dated` cut to 60 %: the header says 3 s, the data stops earlier
    no_moov: Path  # `plain` cut to 90 %: the index at the end is gone
    junk: Path  # not a media file


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    folder = tmp_path_factory.mktemp("media")
    dated = make_clip(
        folder / "dated.mp4",
        metadata={"creation_time": "2026-10-29T18:00:00Z"},
        extra=("-movflags", "+faststart"),
    )
    plain = make_clip(folder / "plain.mp4")
    quicktime_date = {"com.apple.quicktime.creationdate": "2026-10-29T19:00:00+0100"}
    quicktime = make_clip(
        folder / "IMG_0001.mov", metadata=quicktime_date, extra=("-movflags", "use_metadata_tags")
    )
    junk = folder / "junk.mp4"
    junk.write_bytes(b"not a video\n" * 100)
    return Media(
        folder=folder,
        plain=plain,
        dated=dated,
        quicktime=quicktime,
        wider=make_clip(folder / "wider.mp4", size="320x180"),
        resampled=make_clip(folder / "resampled.mp4", sample_rate=44100),
        truncated=cut(dated, folder / "truncated.mp4", 0.6),
        no_moov=cut(plain, folder / "no-moov.mp4", 0.9),
        junk=junk,
    )
