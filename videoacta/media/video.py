"""The derived video files: the chaptered remux, posters and clips (ffmpeg argv builders; a
stream-copy clip is cut and checked by public_rendition.write_clip)."""

import datetime as dt
import os
import re
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from videoacta.core.public_cut import Span, overlaps
from videoacta.media import ffmpeg, public_rendition
from videoacta.media.ffmpeg import ProgressCallback, file_url
from videoacta.media.packets import Packets

SAFE_NAME = re.compile(r"part-[0-9]{3,}(\.[a-z0-9]{1,8})?")
SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")


class Container(StrEnum):
    MP4 = "mp4"
    MKV = "mkv"


class ClipMode(StrEnum):
    """Clips cut at keyframes by stream copy, or frame-exact by re-encoding (a rendition)."""

    KEYFRAME = "keyframe"
    EXACT = "exact"


def linked_parts(parts: Sequence[Path], folder: Path) -> list[str]:
    """Link each part into `folder` under a generated name (`part-000.mp4`, …); return the names.

    A part's own name never reaches ffmpeg, so none (a newline and `outpoint`, a quote, a `#`)
    can be read as a concat directive. A symbolic link, else a hard link where there are none.
    """
    names = []
    for n, part in enumerate(parts):
        suffix = part.suffix.lower() if SAFE_SUFFIX.fullmatch(part.suffix) else ""
        name = f"part-{n:03d}{suffix}"
        try:
            (folder / name).symlink_to(part.resolve())
        except OSError:
            os.link(part.resolve(), folder / name)
        names.append(name)
    return names


def concat_list(names: Sequence[str]) -> str:
    """An ffconcat script naming each part by a generated name in the script's own folder."""
    unsafe = [name for name in names if not SAFE_NAME.fullmatch(name)]
    if unsafe:
        raise ValueError(f"not a generated part name: {unsafe[0]!r}")
    return "\n".join(["ffconcat version 1.0", *(f"file '{name}'" for name in names)]) + "\n"


def remux(
    parts: Sequence[Path],
    *,
    metadata: Path,
    concat: Path,
    output: Path,
    creation_time: dt.datetime,
    on_progress: ProgressCallback | None = None,
) -> None:
    """Join the parts by stream copy (never re-encoding) with the chapters of `metadata`.

    `concat` is where the ffconcat list is written, beside links to the parts; the caller owns
    the temporary folder. The concat demuxer runs in its safe mode: it accepts nothing but
    plain relative names.
    """
    names = linked_parts(parts, concat.parent)
    concat.write_text(concat_list(names), encoding="utf-8")
    container = Container(output.suffix.lstrip(".").lower())
    # auto_convert would put SPS/PPS in band on every keyframe: the packets must stay as recorded.
    args = ["-f", "concat", "-safe", "1", "-auto_convert", "0", "-i", file_url(concat)]
    args += ["-f", "ffmetadata", "-i", file_url(metadata)]
    args += ["-map", "0", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy"]
    stamp = creation_time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    args += ["-metadata", f"creation_time={stamp}"]
    # No +faststart: its second pass rewrites the whole file; browsers fetch a trailing moov
    # with a range request, so the index stays within 1.5x of a bare remux.
    args += ["-f", "mp4" if container is Container.MP4 else "matroska"]
    args.append(file_url(output))
    ffmpeg.run_ffmpeg(args, subject=output.name, outputs=[output], on_progress=on_progress)


def poster(source: Path, at: float, output: Path) -> None:
    """One JPEG still at `at` seconds into `source`, by input seeking (`-ss` before `-i`)."""
    args = ["-ss", f"{max(at, 0.0):.3f}", "-i", file_url(source)]
    args += ["-frames:v", "1", "-an", "-q:v", "3", "-f", "image2", "-update", "1"]
    args.append(file_url(output))
    ffmpeg.run_ffmpeg(args, subject=f"poster {output.name}", outputs=[output])


def posters(shots: Sequence[tuple[Path, float, Path]]) -> None:
    """Several stills (source, seconds, output), one ffmpeg each, one after the other.

    One ffmpeg with many inputs is no faster and buffers all of them (385 MB for 13 stills of a
    720p hour, against 44 MB for one at a time).
    """
    for source, at, output in shots:
        poster(source, at, output)


def clip(
    source: Path, start: float, end: float, output: Path, mode: ClipMode, *,
    in_camera: Sequence[Span] = (), listing: Packets | None = None,
) -> bool:  # fmt: skip
    """One item's clip; whether it may be published (holds nothing of `in_camera`).

    KEYFRAME: a stream copy from the first keyframe at or after `start`, never the one before
    (that would carry the end of the item before, perhaps one in camera), every packet checked
    as the public rendition's are. When no such clip can be cut (the item holds no keyframe
    outside `in_camera`), the clip is cut from the keyframe before `start` for the archive
    and is not public when there is an item in camera. EXACT: re-encoded from `start`
    exactly, not public when its span meets `in_camera`.
    """
    if mode is ClipMode.KEYFRAME:
        if public_rendition.write_clip(
            source, start, end, output, spans=in_camera, listing=listing
        ):
            return True
        codec = ["-c", "copy", "-avoid_negative_ts", "make_zero"]
    else:
        codec = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-c:a", "aac"]
    args = ["-ss", f"{start:.3f}", "-i", file_url(source), "-t", f"{end - start:.3f}"]
    args += ["-map", "0:v:0?", "-map", "0:a:0?", *codec]
    args += ["-movflags", "+faststart", "-f", "mp4", file_url(output)]
    ffmpeg.run_ffmpeg(args, subject=f"clip {output.name}", outputs=[output])
    if mode is ClipMode.KEYFRAME:
        return not in_camera
    return not overlaps((start, end), in_camera)
