"""Every packet of a file's first video and first audio stream, as ffprobe lists them: what
the public rendition is cut at (keyframes) and checked against (media/public_rendition.py).

A listing holds tens of thousands of packets: they are plain tuples (NamedTuple), not models,
parsed from ffprobe's CSV output (fields in ffprobe's fixed order), one pass over the text."""

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from videoacta.errors import MediaError
from videoacta.media import ffmpeg

LIST_TIMEOUT = 3600.0  # listing reads every packet header of the file: allow a long recording
# CSV, section name first: `packet,stream_index,pts_time,dts_time,duration_time,size,flags`
# (ffprobe's own order, whatever the order asked) and `stream,index,codec_type`. A packet with
# side data goes on with `,side_data,` and a blank line: the fields past the seventh are ignored.
_ENTRIES = "stream=index,codec_type:packet=stream_index,pts_time,dts_time,duration_time,size,flags"
_FIELDS = 7


class Packet(NamedTuple):
    """One packet: presentation time, decoding time and duration in seconds, size, keyframe."""

    pts: float
    dts: float
    duration: float
    size: int
    key: bool

    @property
    def end(self) -> float:
        return self.pts + self.duration


@dataclass(frozen=True)
class Packets:
    """The packets of the first video and the first audio stream, in file (decoding) order."""

    video: tuple[Packet, ...] = ()
    audio: tuple[Packet, ...] = ()

    def streams(self) -> tuple[tuple[str, tuple[Packet, ...]], ...]:
        return (("video", self.video), ("audio", self.audio))

    @property
    def anchor(self) -> tuple[Packet, ...]:
        """The stream a cut is placed on: the video, or the audio without video."""
        return self.video or self.audio

    @cached_property
    def keyframes(self) -> tuple[float, ...]:
        """Where a cut may begin, sorted: the video keyframes, or every audio packet without
        video (computed once)."""
        if self.video:
            return tuple(sorted(p.pts for p in self.video if p.key))
        return tuple(sorted(p.pts for p in self.audio))

    @cached_property
    def decoded(self) -> dict[float, float]:
        """Each keyframe's decoding time, by its presentation time (the first such packet)."""
        found: dict[float, float] = {}
        for packet in self.anchor:
            if packet.key or not self.video:
                found.setdefault(packet.pts, packet.dts)
        return found

    def key_at_or_after(self, seconds: float) -> float | None:
        keys = self.keyframes
        n = bisect.bisect_left(keys, seconds)
        return keys[n] if n < len(keys) else None

    def key_after(self, seconds: float) -> float | None:
        keys = self.keyframes
        n = bisect.bisect_right(keys, seconds)
        return keys[n] if n < len(keys) else None

    def key_at_or_before(self, seconds: float) -> float | None:
        keys = self.keyframes
        n = bisect.bisect_right(keys, seconds)
        return keys[n - 1] if n else None


def list_packets(path: Path, *, timeout: float = LIST_TIMEOUT) -> Packets:
    """The packets of `path`'s first video and first audio stream (headers only: no decoding)."""
    args = ["-show_entries", _ENTRIES, "-of", "csv", ffmpeg.file_url(path)]
    text = ffmpeg.run_ffprobe(args, subject=path.name, timeout=timeout)
    kinds: dict[str, str] = {}
    rows: dict[str, list[list[str]]] = {}
    for line in text.splitlines():
        fields = line.split(",", _FIELDS)
        if fields[0] == "packet":
            rows.setdefault(fields[1], []).append(fields)
        elif fields[0] == "stream" and len(fields) >= 3:  # listed after the packets
            kinds.setdefault(fields[2], fields[1])
    video = _packets(path, rows.get(kinds.get("video", ""), []))
    audio = _packets(path, rows.get(kinds.get("audio", ""), []))
    return Packets(video=video, audio=audio)


def _packets(path: Path, rows: list[list[str]]) -> tuple[Packet, ...]:
    found = []
    for fields in rows:
        try:
            _, _, pts_text, dts_text, duration_text, size, flags = fields[:_FIELDS]
            pts = float(pts_text)
            dts = float(dts_text) if dts_text != "N/A" else pts
            duration = float(duration_text) if duration_text != "N/A" else 0.0
            found.append(Packet(pts, dts, duration, int(size), "K" in flags))
        except ValueError:
            line = ",".join(fields[:_FIELDS])
            raise MediaError(f"{path.name}: a packet without a time or size: {line}") from None
    return tuple(found)


def sizes(packets: Sequence[Packet]) -> list[int]:
    return [packet.size for packet in packets]
