"""`build --transcribe --model` end to end, and a batch run with `[transcribe]` on Dask."""

import hashlib
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.transcribe.conftest import copy_session
from tests.transcribe.speech_session import SpeechSession
from tests.transcribe.test_hostile_review import (
    _speech_before_item_in_camera,
    _speeches_overlapping,
)
from videoacta import pipeline
from videoacta.batch import inbox, runner
from videoacta.batch.runspec import load_spec
from videoacta.cli import cli
from videoacta.core.transcript import SpanKind, Transcript
from videoacta.errors import ExitCode, InputError
from videoacta.stage import Made, StageInputs, WithActa
from videoacta.transcribe.model import check_model


def test_build_transcribes_after_the_index_stage_and_hands_the_transcript_on(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    folder = copy_session(speech_session, tmp_path / "session")
    seen: list[Transcript | None] = []
    render = pipeline.run_render_stages

    def watched(inputs: StageInputs, made: Made) -> WithActa:
        seen.append(inputs.transcript)  # what the render stages get
        return render(inputs, made)

    monkeypatch.setattr(pipeline, "run_render_stages", watched)
    args = ["build", str(folder), "--out", str(tmp_path / "out"), "--quiet"]
    result = CliRunner().invoke(cli, [*args, "--transcribe", "--model", str(whisper_model)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "speech-session" / "acta.pdf").is_file()
    [transcript] = seen
    assert transcript is not None
    speakers = [s.speaker for s in transcript.spans if s.kind is SpanKind.INTERVENTION]
    assert speakers == ["m2", "m3", "m5"]
    assert not (folder / "transcript.json").exists()  # build writes only the package


def test_build_transcribe_refuses_a_session_that_has_a_transcript(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path
) -> None:
    folder = copy_session(speech_session, tmp_path / "session")
    (folder / "transcript.json").write_text("{}")
    args = ["build", str(folder), "--out", str(tmp_path / "out"), "--quiet", "--transcribe"]
    result = CliRunner().invoke(cli, [*args, "--model", str(whisper_model)])
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.count("\n") == 1
    assert "remove it" in result.stderr
    assert "drop --transcribe" in result.stderr
    assert not (tmp_path / "out").exists()
    usage = CliRunner().invoke(cli, args)
    assert usage.exit_code == ExitCode.USAGE
    assert "--model" in usage.output


def spec_file(path: Path, inbox_dir: Path, out: Path, transcribe: str) -> Path:
    text = f'inbox = "{inbox_dir}"\noutput = "{out}"\nworkers = 1\n[transcribe]\n{transcribe}\n'
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("table", "fault"),
    [
        ('model = "no-such-model"', "transcribe.model"),
        ('model = "{model}"\nthreads = "2"', "threads"),
        ('model = "{model}"\nlanguage = "English"', "language"),
        ('model = "{model}"\nbeam = 5', "beam"),
    ],
)
def test_a_bad_transcribe_table_is_one_line(
    whisper_model: Path, tmp_path: Path, table: str, fault: str
) -> None:
    spec = spec_file(
        tmp_path / "spec.toml", tmp_path, tmp_path / "out", table.format(model=whisper_model)
    )
    with pytest.raises(InputError) as error:
        load_spec(spec)
    assert "\n" not in str(error.value)
    assert fault in str(error.value)
    assert str(spec) in str(error.value)


def test_a_batch_on_a_dask_cluster_transcribes_on_its_worker(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    folder = copy_session(speech_session, tmp_path / "inbox" / "speech-session")
    (folder / "READY").touch()
    plain = inbox.input_hash(folder, cache=tmp_path / "cache.json")
    spec = spec_file(
        tmp_path / "spec.toml",
        tmp_path / "inbox",
        tmp_path / "out",
        f'model = "{whisper_model}"\nthreads = 1',
    )
    with distributed.LocalCluster(
        n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        summary = runner.run_spec(spec, scheduler=cluster.scheduler_address)
    assert (summary.built, summary.failed) == (1, 0), summary.sessions
    [entry] = summary.sessions
    digest = check_model(whisper_model).digest
    expected = hashlib.sha256(f"{plain}\0{digest}\0\0None\n".encode()).hexdigest()
    assert entry.input_hash == expected  # the model is part of the session's inputs
    versions = list((tmp_path / "out" / "speech-session").iterdir())
    assert [v.name for v in versions] == [expected[:12]]
    assert (versions[0] / "acta.pdf").is_file()


@pytest.mark.parametrize(
    "edit", [_speech_before_item_in_camera, _speeches_overlapping], ids=["into-camera", "overlap"]
)
def test_build_transcribe_uses_what_it_heard_when_speeches_run_into_camera_or_overlap(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path,
    edit: Callable[[Path], None],
) -> None:  # fmt: skip
    """The transcript `build --transcribe` makes passes its own check: a speech begun before
    an item in camera is cut at the item, overlapping speeches are cut so none is heard twice;
    and the package's transcript has no span in camera."""
    folder = copy_session(speech_session, tmp_path / "session")
    edit(folder)
    args = ["build", str(folder), "--out", str(tmp_path / "out"), "--quiet"]
    result = CliRunner().invoke(cli, [*args, "--transcribe", "--model", str(whisper_model)])
    assert result.exit_code == 0, result.output
    made = Transcript.model_validate_json(
        (tmp_path / "out" / "speech-session" / "transcript.json").read_text(encoding="utf-8")
    )
    for w in made.withheld:
        assert all(s.end <= w.start + 0.05 or s.start >= w.end - 0.05 for s in made.spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(made.spans))
