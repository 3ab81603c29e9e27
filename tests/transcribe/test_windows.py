"""A span longer than one window is heard window by window (memory stays flat): its segments stay
inside the span, in order, and its words are still heard (windows shrunk here to 4 s so a
6-second intervention takes two)."""

import itertools
from pathlib import Path

import jiwer
import pytest

from tests.transcribe.speech_session import SPEECHES, SpeechSession
from tests.transcribe.test_transcribe import words
from videoacta.media.audio import AudioPart
from videoacta.transcribe import engine as engines
from videoacta.transcribe.model import check_model, load


def test_a_long_span_is_heard_in_windows(
    speech_session: SpeechSession, whisper_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "WINDOW", 4.0)
    part = speech_session.folder / "recording" / "part-1.mp4"
    parts = [AudioPart(path=part, offset=0.0, duration=speech_session.duration)]
    engine = engines.Engine(load(check_model(whisper_model), 2), parts, language="en")
    spoken = next(u for u in speech_session.utterances if u.speaker == "m2")
    start, end = spoken.start - 0.5, spoken.end + 0.5
    heard = engine.hear(start, end)
    times = [(s.start, s.end) for s in heard.segments]
    assert times == sorted(times)
    assert all(end_1 <= start_2 for (_, end_1), (start_2, _) in itertools.pairwise(times))
    assert all(start <= a < b <= end for a, b in times)
    assert any(b <= start + 4.0 + 0.01 for a, b in times)  # the first window said something
    assert any(a >= start + 4.0 - 0.01 for a, b in times)  # and so did the second
    error = jiwer.wer(words(SPEECHES["m2"]), words(" ".join(s.text for s in heard.segments)))
    print(f"WER m2 in 4-second windows: {error:.3f}")
    # a word cut at a window's edge may be lost or misheard on both sides of it
    assert error <= 0.5
