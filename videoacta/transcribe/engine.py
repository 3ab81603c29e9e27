"""One span of the recording through the speech engine: its sound in windows of at most WINDOW
seconds (so memory stays flat however long an intervention runs), faster-whisper on each with
its Silero voice-activity filter, and the same detector's speech that no segment covers.

A segment's confidence is exp(avg_logprob), the geometric mean of its tokens' probabilities,
clipped to [0, 1].
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from videoacta.media.audio import SAMPLE_BYTES, SAMPLE_RATE, AudioPart, pcm
from videoacta.transcribe.flags import Interval, unheard

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

WINDOW = 300.0  # seconds of sound decoded and held at once
MIN_WINDOW = 0.2  # seconds: a shorter tail of a span is not worth a pass
VAD = "Silero VAD (faster-whisper)"

Samples = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Recognised:
    """A segment the engine returned, on the recording's timeline."""

    start: float
    end: float
    text: str
    confidence: float
    language: str | None


@dataclass(frozen=True)
class Heard:
    """What the engine made of one span: its segments, and the speech left without text."""

    segments: tuple[Recognised, ...]
    unheard: tuple[Interval, ...]


class Engine:
    """The model, the parts of the recording, and the language to hear (None: detect it)."""

    def __init__(
        self, model: "WhisperModel", parts: Sequence[AudioPart], *, language: str | None
    ) -> None:
        self.model = model
        self.parts = tuple(parts)
        self.language = language

    def hear(self, start: float, end: float) -> Heard:
        """The segments and unheard speech of [start, end), window by window."""
        segments: list[Recognised] = []
        flags: list[Interval] = []
        language = self.language
        at = start
        while end - at >= MIN_WINDOW:
            stop = min(at + WINDOW, end)
            audio = self._audio(at, stop)
            found, language = self._window(audio, at, language)
            segments += [clipped for s in found if (clipped := _clip(s, at, stop))]
            flags += [(at + a, at + b) for a, b in _speech_left(audio, found, at)]
            at = stop
        return Heard(segments=tuple(segments), unheard=tuple(flags))

    def _audio(self, start: float, end: float) -> Samples:
        """[start, end) as float32 samples; silence where no part has sound."""
        audio = np.zeros(round((end - start) * SAMPLE_RATE), dtype=np.float32)
        for at, piece in pcm(self.parts, start, end):
            samples = np.frombuffer(piece, dtype="<f4", count=len(piece) // SAMPLE_BYTES)
            room = max(0, min(len(samples), len(audio) - at))
            audio[at : at + room] = samples[:room]
        return audio

    def _window(
        self, audio: Samples, offset: float, language: str | None
    ) -> tuple[list[Recognised], str | None]:
        """The window's segments, and the language heard (detected once per span)."""
        detect = self.language is None
        result: tuple[Any, Any] = self.model.transcribe(
            audio, language=language, vad_filter=True, condition_on_previous_text=False
        )
        pieces, info = result
        heard = str(info.language) if detect else language
        found = []
        for piece in pieces:
            text = " ".join(str(piece.text).split())
            start, end = offset + float(piece.start), offset + float(piece.end)
            if not text or end <= start:
                continue
            confidence = min(1.0, max(0.0, math.exp(float(piece.avg_logprob))))
            found.append(
                Recognised(
                    start=round(start, 3), end=round(end, 3), text=text,
                    confidence=round(confidence, 3), language=heard if detect else None,
                )
            )  # fmt: skip
        return found, heard


def _clip(segment: Recognised, start: float, end: float) -> Recognised | None:
    """The segment inside its window (the engine may run a little past its end): the next
    window's segments start there."""
    inside = Recognised(
        start=max(segment.start, start), end=min(segment.end, end), text=segment.text,
        confidence=segment.confidence, language=segment.language,
    )  # fmt: skip
    return inside if inside.end - inside.start > 0.01 else None


def _speech_left(audio: Samples, found: Sequence[Recognised], offset: float) -> list[Interval]:
    """The voice activity of `audio` that no segment covers (seconds into the window)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    chunks: list[dict[str, int]] = get_speech_timestamps(audio, VadOptions())
    speech = [(c["start"] / SAMPLE_RATE, c["end"] / SAMPLE_RATE) for c in chunks]
    heard = [(s.start - offset, s.end - offset) for s in found]
    return unheard(speech, heard)
