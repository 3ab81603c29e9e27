"""Speech without text: the voice activity that no segment covers, flagged (the function alone:
a recording whose speech the engine reliably leaves without text cannot be made with espeak-ng
and tiny.en, which writes something English-sounding for any voice)."""

from pathlib import Path

from tests.transcribe.speech_session import SpeechSession
from videoacta.transcribe.flags import unheard


def test_speech_that_no_segment_covers_is_flagged() -> None:
    assert unheard([(2.0, 5.0)], []) == [(2.0, 5.0)]


def test_speech_covered_by_a_segment_is_not() -> None:
    assert unheard([(2.0, 5.0)], [(2.2, 4.8)]) == []


def test_segment_times_are_taken_loosely() -> None:
    # half a second either side: the engine's times are approximate
    assert unheard([(2.0, 5.0)], [(2.4, 4.6)]) == []
    assert unheard([(2.0, 6.5)], [(2.0, 4.0)]) == [(4.5, 6.5)]


def test_short_stretches_are_not_worth_a_flag() -> None:
    assert unheard([(2.0, 2.9)], []) == []
    assert unheard([(0.0, 10.0)], [(0.0, 4.0), (5.4, 10.0)]) == []  # a 0.4 s hole


def test_a_long_stretch_between_segments_is_flagged_once() -> None:
    speech = [(0.0, 30.0), (40.0, 41.5)]
    heard = [(0.0, 8.0), (20.0, 30.0)]
    assert unheard(speech, heard) == [(8.5, 19.5), (40.0, 41.5)]


def test_the_voice_activity_detector_finds_an_intervention_left_without_text(
    speech_session: SpeechSession, whisper_model: Path
) -> None:
    """Silero VAD on the real recording: an intervention with no segment is flagged whole."""
    from videoacta.media.audio import AudioPart
    from videoacta.transcribe.engine import Engine, _speech_left

    part = speech_session.folder / "recording" / "part-1.mp4"
    engine = Engine(
        None, [AudioPart(path=part, offset=0.0, duration=speech_session.duration)], language="en"
    )  # type: ignore[arg-type]
    spoken = next(u for u in speech_session.utterances if u.speaker == "m2")
    start, end = spoken.start - 1.0, spoken.end + 1.0
    [(flag_start, flag_end)] = _speech_left(engine._audio(start, end), [], start)
    assert flag_start <= spoken.start - start + 0.5
    assert flag_end >= spoken.end - start - 0.5
