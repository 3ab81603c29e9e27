"""The recording's sound for speech recognition: 16 kHz mono float32 PCM of a span of the
joined recording, decoded by ffmpeg from the original parts (placed by their offsets, as the
index places them) and read from its pipe a piece at a time, never the whole recording. A part's
sound keeps its time in the part: an audio stream that starts after the picture is preceded by
silence, not moved to the part's start."""

from collections.abc import Iterator, Sequence
from pathlib import Path

from videoacta.core.media_info import MediaInfo
from videoacta.core.terms import Frozen
from videoacta.errors import MediaError
from videoacta.media.ffmpeg import file_url, stream_ffmpeg

SAMPLE_RATE = 16000  # what Whisper and Silero VAD take
SAMPLE_BYTES = 4  # float32, little-endian
CHUNK = SAMPLE_RATE * SAMPLE_BYTES * 10  # bytes: ten seconds of sound per read


class AudioPart(Frozen):
    """A recording part and where it lies in the joined recording (seconds)."""

    path: Path
    offset: float
    duration: float


def audio_parts(
    paths: Sequence[Path], infos: Sequence[MediaInfo], offsets: Sequence[float]
) -> tuple[AudioPart, ...]:
    """The parts with their offsets; MediaError naming the first part without sound."""
    for path, info in zip(paths, infos, strict=True):
        if info.audio is None:
            raise MediaError(f"{path}: no audio stream: there is no speech to transcribe")
    return tuple(
        AudioPart(path=path, offset=offset, duration=info.duration)
        for path, info, offset in zip(paths, infos, offsets, strict=True)
    )


def pcm(parts: Sequence[AudioPart], start: float, end: float) -> Iterator[tuple[int, bytes]]:
    """The sound of [start, end) of the joined recording, as pieces of float32 samples, each
    with the index of its first sample counted from `start`."""
    for part in parts:
        local_start = max(start - part.offset, 0.0)
        local_end = min(end - part.offset, part.duration)
        if local_end <= local_start:
            continue
        at = round((part.offset + local_start - start) * SAMPLE_RATE)
        args = ["-ss", f"{local_start:.3f}", "-i", file_url(part.path)]
        args += ["-t", f"{local_end - local_start:.3f}", "-map", "0:a:0", "-vn", "-sn", "-dn"]
        # A stream that starts after the part's picture (or has gaps) keeps its place: silence
        # from the seek point to its first sample (raw PCM has no timestamps to keep it).
        args += ["-af", "aresample=async=1:first_pts=0"]
        args += ["-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le", "pipe:1"]
        for piece in stream_ffmpeg(args, subject=str(part.path), chunk=CHUNK):
            yield at, piece
            at += len(piece) // SAMPLE_BYTES
