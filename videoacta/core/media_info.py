"""What ffprobe says about a recording part, as the pure core reads it (`media.probe` builds it)."""

import datetime as dt
from pathlib import Path

from videoacta.core.terms import Frozen


class VideoStream(Frozen):
    codec: str
    width: int
    height: int
    pix_fmt: str | None = None
    frame_rate: float | None = None


class AudioStream(Frozen):
    codec: str
    sample_rate: int
    channels: int


class MediaInfo(Frozen):
    """What ffprobe says about one recording part; times are aware datetimes."""

    path: Path
    format_name: str
    duration: float
    start_time: float = 0.0
    size: int
    video: VideoStream | None = None
    audio: AudioStream | None = None
    creation_time: dt.datetime | None = None
    quicktime_creationdate: dt.datetime | None = None
