"""Every packet of a file's first video and first audio stream, as ffprobe lists them: what
the public rendition is cut at (keyframes) and checked against (media/public_rendition.py)."""

from collections.abc import Sequence
from pathlib import Path

from videoacta.core.terms import Frozen
from videoacta.errors import MediaError
from videoacta.media import ffmpeg

LIST_TIMEOUT = 3600.0  # listing reads every packet header of the file: allow a long recording
_ENTRIES = "stream=index,codec_type:packet=stream_index,pts_time,dts_time,duration_time,size,flags"


class Packet(Frozen):
    """One packet: presentation time, decoding time and duration in seconds, size, keyframe."""

    pts: float
    dts: float
    duration: float
    size: int
    key: bool

    @property
    def end(self) -> float:
        return self.pts + self.duration


class Packets(Frozen):
    """The packets of the first video and the first audio stream, in file (decoding) order."""

    video: tuple[Packet, ...] = ()
    audio: tuple[Packet, ...] = ()

    def streams(self) -> tuple[tuple[str, tuple[Packet, ...]], ...]:
        return (("video", self.video), ("audio", self.audio))

    @property
    def keyframes(self) -> tuple[float, ...]:
        """Where a cut may begin: the video keyframes, or every audio packet without video."""
        if self.video:
            return tuple(sorted(p.pts for p in self.video if p.key))
        return tuple(p.pts for p in self.audio)


def list_packets(path: Path, *, timeout: float = LIST_TIMEOUT) -> Packets:
    """The packets of `path`'s first video and first audio stream (headers only: no decoding)."""
    args = ["-show_entries", _ENTRIES, "-of", "compact", ffmpeg.file_url(path)]
    text = ffmpeg.run_ffprobe(args, subject=path.name, timeout=timeout)
    kinds: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    for line in text.splitlines():
        section, _, rest = line.partition("|")
        fields = dict(field.partition("=")[::2] for field in rest.split("|"))
        if section == "stream":  # listed after the packets
            kinds.setdefault(fields.get("codec_type", ""), fields.get("index", ""))
        elif section == "packet":
            rows.append(fields)
    found: dict[str, list[Packet]] = {"video": [], "audio": []}
    for fields in rows:
        kind = _kind(kinds, fields.get("stream_index", ""))
        if kind is not None:
            found[kind].append(_packet(path, fields))
    return Packets(video=tuple(found["video"]), audio=tuple(found["audio"]))


def _kind(kinds: dict[str, str], index: str) -> str | None:
    return next((kind for kind in ("video", "audio") if kinds.get(kind) == index), None)


def _packet(path: Path, fields: dict[str, str]) -> Packet:
    try:
        pts = float(fields["pts_time"])
        dts = float(fields["dts_time"]) if fields["dts_time"] != "N/A" else pts
        duration = float(fields["duration_time"]) if fields["duration_time"] != "N/A" else 0.0
        return Packet(
            pts=pts, dts=dts, duration=duration, size=int(fields["size"]),
            key="K" in fields.get("flags", ""),
        )  # fmt: skip
    except (KeyError, ValueError):
        raise MediaError(f"{path.name}: a packet without a time or size: {fields}") from None


def sizes(packets: Sequence[Packet]) -> list[int]:
    return [packet.size for packet in packets]
