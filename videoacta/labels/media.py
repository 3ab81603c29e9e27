"""Recording formats named as people name them: `MP4 (vídeo H.264 1280x720, àudio AAC)`, not
ffprobe's list of demuxers (`mov,mp4,m4a,3gp,3g2,mj2`) and codec ids (`h264`, `aac`)."""

from pathlib import PurePosixPath

from videoacta.labels.model import Labels

# ffprobe reads MP4, QuickTime and 3GP with one demuxer, so its name does not say which a file
# is: the file's extension does, and the demuxer's name is the fallback.
BY_EXTENSION = {
    ".mp4": "MP4",
    ".m4v": "MP4",
    ".mov": "QuickTime (MOV)",
    ".3gp": "3GP",
    ".mkv": "Matroska (MKV)",
    ".webm": "WebM",
    ".avi": "AVI",
    ".ts": "MPEG-TS",
    ".mts": "MPEG-TS (AVCHD)",
    ".m2ts": "MPEG-TS (AVCHD)",
    ".mpg": "MPEG-PS",
    ".mxf": "MXF",
}
BY_DEMUXER = {
    "mov": "MP4",
    "mp4": "MP4",
    "matroska": "Matroska (MKV)",
    "webm": "WebM",
    "avi": "AVI",
    "mpegts": "MPEG-TS",
    "mpeg": "MPEG-PS",
    "mxf": "MXF",
}
CODECS = {
    "h264": "H.264",
    "hevc": "H.265 (HEVC)",
    "vp8": "VP8",
    "vp9": "VP9",
    "av1": "AV1",
    "mpeg4": "MPEG-4 Part 2",
    "mpeg2video": "MPEG-2",
    "prores": "ProRes",
    "mjpeg": "Motion JPEG",
    "aac": "AAC",
    "mp3": "MP3",
    "opus": "Opus",
    "vorbis": "Vorbis",
    "flac": "FLAC",
    "ac3": "AC-3",
    "eac3": "E-AC-3",
    "alac": "ALAC",
}


def container(file: str, demuxer: str) -> str:
    """`MP4` for `recording.mp4` read by `mov,mp4,m4a,3gp,3g2,mj2`."""
    by_extension = BY_EXTENSION.get(PurePosixPath(file).suffix.lower())
    if by_extension:
        return by_extension
    first = demuxer.split(",")[0].strip()
    return BY_DEMUXER.get(first, first.upper() or "?")


def codec(name: str) -> str:
    """`H.264` for `h264`; a PCM codec (`pcm_s16le`) as `PCM`; others upper-cased."""
    if name.startswith("pcm_"):
        return "PCM"
    return CODECS.get(name, name.upper())


def streams(labels: Labels, video: str | None, audio: str | None, size: str = "") -> str:
    """`vídeo H.264 1280x720, àudio AAC`: the streams present, each with its kind."""
    parts = []
    if video:
        parts.append(labels.video_stream.format(codec=" ".join(filter(None, (codec(video), size)))))
    if audio:
        parts.append(labels.audio_stream.format(codec=codec(audio)))
    return ", ".join(parts)


def described(file: str, demuxer: str, streams_text: str) -> str:
    """`MP4 (vídeo H.264 1280x720, àudio AAC)`."""
    name = container(file, demuxer)
    return f"{name} ({streams_text})" if streams_text else name
