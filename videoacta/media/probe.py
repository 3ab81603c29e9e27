"""Probe recording parts with ffprobe: streams, duration, creation times, and damage."""

import datetime as dt
import json
import logging
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from videoacta.core.media_info import AudioStream, MediaInfo, VideoStream
from videoacta.core.terms import Frozen
from videoacta.errors import MediaError
from videoacta.media import ffmpeg

log = logging.getLogger(__name__)

TAIL_SECONDS = 10.0
# A complete file's last packet ends at its stated duration; a gap larger than this is missing data.
TRUNCATION_TOLERANCE = 0.5
EARLIEST_CLOCK = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # before this, the camera's clock was unset
QUICKTIME_CREATIONDATE = "com.apple.quicktime.creationdate"
MP4_FIRST_BOXES = frozenset({b"ftyp", b"wide", b"mdat", b"free", b"skip", b"moov", b"pnot"})
# Formats ffprobe reads from files that are no recording: text, still images.
NOT_RECORDINGS = frozenset({"tty", "image2", "gif", "png", "webp", "svg"})
COUNT_TIMEOUT = 3600.0  # counting reads the whole file: allow a slow disk
_TOTALS = "stream=codec_type,nb_read_packets,duration:stream_tags:stream_disposition=attached_pic"

Json = Mapping[str, Any]


class StreamTotal(Frozen):
    """One video or audio stream of a file: how many packets it holds, and how long it lasts."""

    kind: str
    packets: int
    duration: float


def probe(path: Path, *, timeout: float = ffmpeg.PROBE_TIMEOUT) -> MediaInfo:
    """Probe a recording part, and refuse it if it is unreadable or shorter than it says."""
    if not path.is_file():
        raise MediaError(f"{path}: recording part not found")
    if path.stat().st_size == 0:
        raise MediaError(f"{path}: recording part is empty")
    args = ["-show_format", "-show_streams", "-of", "json", ffmpeg.file_url(path)]
    info = media_info(path, _ffprobe_json(path, args, timeout))
    check_complete(info, last_packet_end=_last_packet_end(info, timeout))
    return info


def stream_totals(path: Path, *, timeout: float = COUNT_TIMEOUT) -> tuple[StreamTotal, ...]:
    """The video and audio streams of a file (not cover art), their packets counted one by one.

    Counting demuxes the whole file without decoding it: it reads every byte once.
    """
    args = ["-count_packets", "-show_entries", _TOTALS, "-of", "json", ffmpeg.file_url(path)]
    streams = _ffprobe_json(path, args, timeout).get("streams") or []
    return tuple(
        StreamTotal(
            kind=str(stream["codec_type"]),
            packets=int(stream.get("nb_read_packets") or 0),
            duration=_stream_duration(stream),
        )
        for stream in streams
        if stream.get("codec_type") in ("video", "audio")
        and (stream.get("disposition") or {}).get("attached_pic") != 1
    )


def _stream_duration(stream: Json) -> float:
    """The stream's duration, or Matroska's `DURATION` tag (`00:05:20.021000000`), else 0."""
    if (seconds := _number(stream.get("duration"))) is not None:
        return seconds
    hours, _, rest = str(_tags(stream).get("duration", "")).partition(":")
    minutes, _, secs = rest.partition(":")
    try:
        return int(hours) * 3600 + int(minutes) * 60 + float(secs)
    except ValueError:
        return 0.0


def _ffprobe_json(path: Path, args: list[str], timeout: float) -> Json:
    try:
        output = ffmpeg.run_ffprobe(args, subject=str(path), timeout=timeout)
    except MediaError as error:
        if "moov atom not found" in str(error) and _has_ftyp(path):
            raise MediaError(
                f"{path}: the MP4 has no index (moov atom): the recording was cut off "
                "before the camera finished writing it"
            ) from None
        if "Invalid data found" in str(error) or "moov atom not found" in str(error):
            raise MediaError(f"{path}: unreadable: not a media file ffprobe can read") from None
        raise
    data = json.loads(output or "{}")
    if not isinstance(data, dict):
        raise MediaError(f"{path}: ffprobe printed no JSON object")
    return data


def _has_ftyp(path: Path) -> bool:
    """Whether the file begins with an MP4/QuickTime box (`ftyp`, or `wide`/`mdat`/… in old MOV)."""
    with path.open("rb") as handle:
        return handle.read(8)[4:8] in MP4_FIRST_BOXES


def _last_packet_end(info: MediaInfo, timeout: float) -> float | None:
    """When the last packet of the file's final seconds ends, reading only those seconds."""
    seek = max(info.start_time + info.duration - TAIL_SECONDS, 0.0)
    entries = "packet=pts_time,dts_time,duration_time"
    args = ["-read_intervals", f"{seek:.3f}%", "-show_entries", entries, "-of", "json"]
    args.append(ffmpeg.file_url(info.path))
    data = _ffprobe_json(info.path, args, timeout)
    return packets_end(data.get("packets", ()))


def packets_end(packets: Sequence[Json]) -> float | None:
    """The latest time at which a packet ends, or None when there are no timed packets."""
    ends = [_packet_end(packet) for packet in packets]
    timed = [end for end in ends if end is not None]
    return max(timed) if timed else None


def _packet_end(packet: Json) -> float | None:
    start = _number(packet.get("pts_time"))
    if start is None:
        start = _number(packet.get("dts_time"))
    if start is None:
        return None
    return start + (_number(packet.get("duration_time")) or 0.0)


def check_complete(info: MediaInfo, *, last_packet_end: float | None) -> None:
    """Raise MediaError if the data stops before the duration the header states."""
    stated_end = info.start_time + info.duration
    if last_packet_end is None:
        raise MediaError(f"{info.path}: truncated: no media data where the header says it is")
    if last_packet_end < stated_end - TRUNCATION_TOLERANCE:
        raise MediaError(
            f"{info.path}: truncated: the header says {info.duration:.1f} s but the data ends "
            f"at {last_packet_end - info.start_time:.1f} s"
        )


def media_info(path: Path, data: Json) -> MediaInfo:
    """A MediaInfo from ffprobe's `-show_format -show_streams` JSON."""
    fmt = data.get("format") or {}
    streams = data.get("streams") or []
    format_name = str(fmt.get("format_name", ""))
    if format_name in NOT_RECORDINGS or format_name.endswith("_pipe"):
        raise MediaError(f"{path}: unreadable: not a recording (ffprobe reads it as {format_name})")
    duration = _number(fmt.get("duration"))
    if duration is None or duration <= 0:
        raise MediaError(f"{path}: unreadable: ffprobe finds no duration")
    video, audio = _first(streams, "video"), _first(streams, "audio")
    if video is None and audio is None:
        raise MediaError(f"{path}: unreadable: no video or audio stream")
    tags, video_tags = _tags(fmt), _tags(video or {})
    return MediaInfo(
        path=path,
        format_name=format_name,
        duration=duration,
        start_time=_number(fmt.get("start_time")) or 0.0,
        size=int(fmt.get("size") or path.stat().st_size),
        video=_video(video) if video else None,
        audio=_audio(audio) if audio else None,
        creation_time=tag_time(tags.get("creation_time") or video_tags.get("creation_time")),
        quicktime_creationdate=tag_time(tags.get(QUICKTIME_CREATIONDATE)),
    )


def _first(streams: Sequence[Json], kind: str) -> Json | None:
    """The first stream of a kind, skipping cover art (an attached picture is a video stream)."""
    for stream in streams:
        attached = (stream.get("disposition") or {}).get("attached_pic") == 1
        if stream.get("codec_type") == kind and not attached:
            return stream
    return None


def _video(stream: Json) -> VideoStream:
    return VideoStream(
        codec=str(stream.get("codec_name", "unknown")),
        width=int(stream.get("width") or 0),
        height=int(stream.get("height") or 0),
        pix_fmt=stream.get("pix_fmt"),
        frame_rate=frame_rate(stream.get("avg_frame_rate"))
        or frame_rate(stream.get("r_frame_rate")),
    )


def _audio(stream: Json) -> AudioStream:
    return AudioStream(
        codec=str(stream.get("codec_name", "unknown")),
        sample_rate=int(stream.get("sample_rate") or 0),
        channels=int(stream.get("channels") or 0),
    )


def _tags(entry: Json) -> dict[str, str]:
    """Tags with lower-case keys (Matroska writes them in capitals)."""
    return {str(k).lower(): str(v) for k, v in (entry.get("tags") or {}).items()}


def _number(value: object) -> float | None:
    try:
        return float(str(value))
    except ValueError:
        return None


def frame_rate(text: object) -> float | None:
    """`30000/1001` → 29.97…; `0/0` and missing → None."""
    try:
        rate = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return None
    return float(rate) if rate > 0 else None


def tag_time(text: str | None) -> dt.datetime | None:
    """A creation-time tag as an aware datetime; naive times are UTC, as ffmpeg writes them.

    Returns None for a missing or unparseable tag, and for a camera whose clock was never set.
    """
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        log.warning("ignoring a creation time that is not ISO 8601: %r", text)
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment if moment >= EARLIEST_CLOCK else None


def stream_signature(info: MediaInfo) -> dict[str, str]:
    """The stream properties that must match to join parts by stream copy."""
    video, audio = info.video, info.audio
    return {
        "video codec": video.codec if video else "none",
        "video size": f"{video.width}x{video.height}" if video else "none",
        "pixel format": (video.pix_fmt or "unknown") if video else "none",
        "audio codec": audio.codec if audio else "none",
        "audio sample rate": f"{audio.sample_rate} Hz" if audio else "none",
        "audio channels": str(audio.channels) if audio else "none",
    }


def stream_differences(first: MediaInfo, other: MediaInfo) -> tuple[str, ...]:
    """Each property in which `other` differs from `first`, as `property: other vs first`."""
    mine, theirs = stream_signature(other), stream_signature(first)
    return tuple(f"{key} {mine[key]} vs {theirs[key]}" for key in mine if mine[key] != theirs[key])


def check_joinable(parts: Sequence[MediaInfo]) -> None:
    """Raise MediaError naming both parts if any part's streams differ from the first part's."""
    for other in parts[1:]:
        if differences := stream_differences(parts[0], other):
            raise MediaError(
                f"{other.path} cannot be joined to {parts[0].path} without re-encoding: "
                + "; ".join(differences)
            )
