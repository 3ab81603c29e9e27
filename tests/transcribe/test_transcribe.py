"""`videoacta transcribe` on a session that speaks: who said what, where, and nothing in camera."""

import json
import re
from pathlib import Path

import jiwer
import pytest
from click.testing import CliRunner

from tests.transcribe.conftest import copy_session
from tests.transcribe.speech_session import (
    PRESIDING_TEXT,
    SECRET_WORDS,
    SPEECHES,
    UNATTRIBUTED_TEXT,
    SpeechSession,
)
from videoacta import pipeline
from videoacta.cli import cli
from videoacta.core.transcript import SpanKind, Transcript
from videoacta.core.transcript_check import check_transcript
from videoacta.errors import ExitCode
from videoacta.transcribe.model import check_model

# Measured with tiny.en (int8) on espeak-ng's en-us voice: 0.0, 0.0 and 0.083 (one word of
# twelve: "bus" heard as "must"). The bound leaves a margin for another CPU's arithmetic or
# another faster-whisper release: two words in ten may differ; a speaker's text swapped with
# another's or lost scores near 1.
WER_BOUND = 0.2


def words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]", " ", text.lower()).split())


@pytest.fixture(scope="module")
def transcribed(
    speech_session: SpeechSession, whisper_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Transcript]:
    folder = copy_session(speech_session, tmp_path_factory.mktemp("run") / "session")
    result = CliRunner().invoke(
        cli, ["transcribe", str(folder), "--model", str(whisper_model), "--threads", "2", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "Real-time factor:" in result.stderr
    text = (folder / "transcript.json").read_text(encoding="utf-8")
    return folder, Transcript.model_validate_json(text)


def test_each_intervention_is_its_own_span_with_its_speaker_and_text(
    transcribed: tuple[Path, Transcript],
) -> None:
    _, transcript = transcribed
    spans = [s for s in transcript.spans if s.kind is SpanKind.INTERVENTION]
    assert [s.speaker for s in spans] == ["m2", "m3", "m5"]
    for span in spans:
        heard = " ".join(segment.text for segment in span.segments)
        error = jiwer.wer(words(SPEECHES[span.speaker or ""]), words(heard))
        print(f"WER {span.speaker}: {error:.3f} ({heard!r})")
        assert error <= WER_BOUND, (span.speaker, heard)
        assert all(segment.speaker == span.speaker for segment in span.segments)
        assert all(0 <= (segment.confidence or 0) <= 1 for segment in span.segments)
        assert span.item in (1, 3)
        assert span.name
        assert span.group


def test_speech_outside_interventions_is_the_chairs_or_nobodys(
    transcribed: tuple[Path, Transcript],
) -> None:
    _, transcript = transcribed
    by_kind: dict[SpanKind, str] = {}
    for span in transcript.spans:
        text = " ".join(segment.text for segment in span.segments)
        by_kind[span.kind] = by_kind.get(span.kind, "") + " " + text
        if span.kind is SpanKind.PRESIDING:
            assert span.speaker == "m1"
        if span.kind is SpanKind.UNATTRIBUTED:
            assert span.speaker is None
            assert all(segment.speaker is None for segment in span.segments)
    assert jiwer.wer(words(UNATTRIBUTED_TEXT), words(by_kind[SpanKind.UNATTRIBUTED])) <= WER_BOUND
    assert jiwer.wer(words(PRESIDING_TEXT), words(by_kind[SpanKind.PRESIDING])) <= WER_BOUND


def test_an_item_in_camera_is_withheld_and_its_words_appear_nowhere(
    transcribed: tuple[Path, Transcript],
) -> None:
    folder, transcript = transcribed
    [withheld] = transcript.withheld
    assert withheld.item == 2
    text = (folder / "transcript.json").read_text(encoding="utf-8").lower()
    for word in SECRET_WORDS:
        assert word not in text
    for span in transcript.spans:
        assert span.end <= withheld.start + 0.01 or span.start >= withheld.end - 0.01


def test_the_transcript_is_automatic_names_the_model_and_passes_the_check(
    transcribed: tuple[Path, Transcript], whisper_model: Path, tmp_path: Path
) -> None:
    folder, transcript = transcribed
    assert transcript.review.status == "automatic"
    assert not transcript.reviewed
    assert transcript.language == "en"
    assert transcript.generator.model_digest == check_model(whisper_model).digest
    assert (transcript.generator.real_time_factor or 0) > 0
    assert transcript.generator.vad
    assert "faster-whisper" in transcript.generator.engine
    run = pipeline.run_tally(folder)
    index = pipeline.run_index(folder, tmp_path / "index")
    assert check_transcript(transcript, run.session, index) == ()
    ids = [segment.id for segment in transcript.segments()]
    assert len(ids) == len(set(ids))
    assert ids


def test_a_reviewed_transcript_is_replaced_only_with_force(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path,
    transcribed: tuple[Path, Transcript],
) -> None:  # fmt: skip
    import datetime as dt

    folder = copy_session(speech_session, tmp_path / "session")
    reviewed = transcribed[1].marked_reviewed("Marta", dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    path = folder / "transcript.json"
    path.write_text(reviewed.model_dump_json(), encoding="utf-8")
    before = path.read_bytes()
    args = ["transcribe", str(folder), "--model", str(whisper_model), "--quiet"]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == ExitCode.OUTPUT
    assert refused.stderr.count("\n") == 1
    assert "--force" in refused.stderr
    assert path.read_bytes() == before
    replaced = CliRunner().invoke(cli, [*args, "--force", "--json"])
    assert replaced.exit_code == 0, replaced.output
    summary = json.loads(replaced.stdout)
    assert summary["status"] == "automatic"
    assert summary["interventions"] == 3
    assert Transcript.model_validate_json(path.read_bytes()).review.status == "automatic"
