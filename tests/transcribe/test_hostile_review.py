"""A hostile review of the speech-recognition side: each test is a promise the code breaks."""

import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.transcribe.conftest import copy_session
from tests.transcribe.speech_session import SECRET_WORDS, SpeechSession
from videoacta.cli import cli
from videoacta.errors import ExitCode


def _rewrite(path: Path, text: str) -> None:
    """`path` with `text`, as a new file: copy_session hard-links the shared session's files."""
    path.unlink()
    path.write_text(text, encoding="utf-8")


def _speech_before_item_in_camera(folder: Path) -> None:
    """m4's speech_started moved before item 2 (in camera) opens: the speech has no item, and
    all of it but its first tenth of a second is inside item 2."""
    path = folder / "votes.jsonl"
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    opened = next(e for e in events if e["type"] == "item_opened" and e["item"] == 2)
    speech = next(e for e in events if e["type"] == "speech_started" and e["speaker"] == "m4")
    closed = next(e for e in events if e["type"] == "item_closed" and e["item"] == 1)
    speech["time"] = closed["time"]  # between items 1 and 2: no item open
    events.remove(speech)
    events.insert(events.index(opened), speech)
    _rewrite(path, "".join(json.dumps(e) + "\n" for e in events))


def test_no_sound_of_an_item_in_camera_is_transcribed_even_by_a_speech_begun_before_it(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path
) -> None:
    """Issue 19 and DESIGN: items debated in camera are never transcribed, no text of their
    span anywhere (spans.py: "their sound is never sent to the engine")."""
    folder = copy_session(speech_session, tmp_path / "session")
    _speech_before_item_in_camera(folder)
    result = CliRunner().invoke(
        cli, ["transcribe", str(folder), "--model", str(whisper_model), "--threads", "2", "--quiet"]
    )
    path = folder / "transcript.json"
    if result.exit_code != 0:  # refusing is fine, if nothing of the item is written
        assert not path.exists(), result.output
        return
    text = path.read_text(encoding="utf-8").lower()
    data = json.loads(text)
    leaked = [w for w in SECRET_WORDS if w in text]
    for withheld in data["withheld"]:
        for span in data["spans"]:
            inside = span["start"] < withheld["end"] - 0.05 and withheld["start"] < span["end"]
            assert not inside, (span, withheld, leaked)
    assert not leaked


def _transcribe(folder: Path, model: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli, ["transcribe", str(folder), "--model", str(model), "--threads", "2", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads((folder / "transcript.json").read_text(encoding="utf-8"))
    return data


def _audio_starting_late(part: Path, late: float) -> None:
    """The part with its audio stream starting `late` seconds after its picture, the sound
    still where it was on the timeline (the first `late` seconds were silence): as a camera
    or an encoder that starts its sound late writes it. The tests' own ffmpeg."""
    wav, out = part.with_suffix(".wav"), part.with_name("late.mp4")
    run = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    subprocess.run([*run, "-i", str(part), "-ss", str(late), "-vn", str(wav)], check=True)
    args = [*run, "-i", str(part), "-itsoffset", str(late), "-i", str(wav)]
    args += ["-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-ac", "1", str(out)]
    subprocess.run(args, check=True)
    wav.unlink()
    out.replace(part)  # a new file: the hard link to the shared session is not written through


def test_speech_keeps_its_time_when_a_parts_audio_stream_starts_after_its_picture(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path
) -> None:
    """Issue 19 / README `transcribe`: times in a transcript are seconds on the recording's
    timeline; the sound is placed as the index places the parts. A part whose sound starts
    1.5 s into it (silence before) must give the same times as the same part with the
    silence encoded."""
    plain = _transcribe(copy_session(speech_session, tmp_path / "plain"), whisper_model)
    folder = copy_session(speech_session, tmp_path / "late")
    _audio_starting_late(folder / "recording" / "part-1.mp4", 1.5)
    late = _transcribe(folder, whisper_model)

    def first(data: dict[str, Any]) -> float:
        start: float = data["spans"][0]["segments"][0]["start"]
        return start

    assert abs(first(late) - first(plain)) < 0.5, (first(plain), first(late))


@pytest.fixture(scope="module")
def transcribed_folder(
    speech_session: SpeechSession, whisper_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = copy_session(speech_session, tmp_path_factory.mktemp("checked") / "session")
    _transcribe(folder, whisper_model)
    return folder


def _check_edited(folder: Path, tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Any:
    """`videoacta transcript check` on a copy of `folder` whose transcript.json `edit` changed
    by hand."""
    copy = tmp_path / "edited"
    shutil.copytree(folder, copy)
    path = copy / "transcript.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return CliRunner().invoke(cli, ["transcript", "check", str(copy)])


def _span(data: dict[str, Any], kind: str, n: int = 0) -> dict[str, Any]:
    span: dict[str, Any] = [s for s in data["spans"] if s["kind"] == kind][n]
    return span


def test_transcript_check_refuses_a_span_named_for_someone_else_than_its_speaker(
    transcribed_folder: Path, tmp_path: Path
) -> None:
    """README `transcribe`: each intervention is its own span "with its speaker, name, group and
    item" from the log; `transcript check`: "the intervention spans the vote log's". The span's
    name is what the captions, the viewer and the acta's annex print as the speaker."""

    def rename(data: dict[str, Any]) -> None:
        _span(data, "intervention").update(name="Somebody Else", group="no-such-group")

    result = _check_edited(transcribed_folder, tmp_path, rename)
    assert result.exit_code == int(ExitCode.INPUT), result.output
    assert "spans[" in result.output


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param({"kind": "presiding", "n": 2, "speaker": "m5"}, id="chair-span-to-m5"),
        pytest.param({"kind": "unattributed", "n": 0, "speaker": "m1"}, id="opening-to-chair"),
    ],
)
def test_transcript_check_keeps_the_logs_attribution_of_spans_between_interventions(
    transcribed_folder: Path, tmp_path: Path, edit: dict[str, Any]
) -> None:
    """Issue 19 "Attributed by the log": speech outside any intervention goes to the chair's
    span (whoever presides then) or to "unattributed" (README: before the opening and after the
    closing); a reviewer corrects the speaker per segment, not who the log says had the floor."""

    def reattribute(data: dict[str, Any]) -> None:
        span = _span(data, edit["kind"], edit["n"])
        span.update(kind="presiding", speaker=edit["speaker"])
        for segment in span["segments"]:
            segment["speaker"] = edit["speaker"]

    result = _check_edited(transcribed_folder, tmp_path, reattribute)
    assert result.exit_code == int(ExitCode.INPUT), result.output


def _limited_memory() -> None:
    """In the child: at most 4 GiB of address space, so that a file read whole fails at once
    (whatever this machine's memory) instead of filling it."""
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def test_a_model_whose_config_json_is_huge_is_a_one_line_error(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path
) -> None:
    """README `transcribe`: a model folder that is not such a model is refused in one line
    naming the path, exit 3; house rules: never a traceback. A config.json of 64 GiB (sparse:
    no disk) is read whole by model.py (`read_bytes()[: 1 << 20]`)."""
    model = tmp_path / "model"
    shutil.copytree(whisper_model, model)
    with (model / "config.json").open("r+b") as handle:
        handle.truncate(64 << 30)
    folder = copy_session(speech_session, tmp_path / "session")
    command = [sys.executable, "-m", "videoacta", "transcribe", str(folder), "--model", str(model)]
    result = subprocess.run(
        [*command, "--quiet"], capture_output=True, text=True, preexec_fn=_limited_memory
    )
    assert "Traceback" not in result.stderr, result.stderr[-500:]
    assert result.returncode == int(ExitCode.INPUT), result.stderr[-500:]
    assert len(result.stderr.strip().splitlines()) == 1
    assert "config.json" in result.stderr
    assert not (folder / "transcript.json").exists()


def _speeches_overlapping(folder: Path) -> None:
    """m3 takes the floor two seconds before m2 gives it up (the log allows two speakers)."""
    path = folder / "votes.jsonl"
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    ended = next(e for e in events if e["type"] == "speech_ended" and e["speaker"] == "m2")
    started = next(e for e in events if e["type"] == "speech_started" and e["speaker"] == "m3")
    at = dt.datetime.fromisoformat(ended["time"]) - dt.timedelta(seconds=2)
    started["time"] = at.isoformat()
    events.remove(started)
    events.insert(events.index(ended), started)
    _rewrite(path, "".join(json.dumps(e) + "\n" for e in events))


def test_a_transcript_made_by_transcribe_passes_transcript_check_when_speeches_overlap(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path
) -> None:
    """README: `transcribe` makes every intervention of the log its own span; `transcript
    check` (and `build`, which uses it) wants spans without overlap. The log lets two members
    hold the floor at once: what `transcribe` writes must be usable by `build`."""
    folder = copy_session(speech_session, tmp_path / "session")
    _speeches_overlapping(folder)
    _transcribe(folder, whisper_model)
    result = CliRunner().invoke(cli, ["transcript", "check", str(folder)])
    assert result.exit_code == 0, result.output


def test_a_model_whose_config_has_a_negative_token_id_is_a_one_line_error(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path
) -> None:
    """README `transcribe`: a model folder that is not such a model is refused in one line
    naming the path, exit 3. A config.json edited to suppress token -5 at the start
    (`suppress_ids_begin`) passes model.py's check and CTranslate2 dies of SIGSEGV mid-run:
    no message at all (and a Dask worker would die with it). Run in a child: it crashes."""
    model = tmp_path / "model"
    shutil.copytree(whisper_model, model)
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    config["suppress_ids_begin"] = [-5]
    (model / "config.json").write_text(json.dumps(config), encoding="utf-8")
    folder = copy_session(speech_session, tmp_path / "session")
    command = [sys.executable, "-m", "videoacta", "transcribe", str(folder), "--model", str(model)]
    result = subprocess.run([*command, "--threads", "2", "--quiet"], capture_output=True, text=True)
    assert result.returncode == int(ExitCode.INPUT), (result.returncode, result.stderr[-500:])
    assert len(result.stderr.strip().splitlines()) == 1
    assert "config.json" in result.stderr or str(model) in result.stderr


def _cpu_minute() -> None:
    """In the child: one minute of CPU, then SIGXCPU; a bounded check needs a few seconds."""
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


def test_transcript_check_of_a_file_within_its_limits_ends(
    transcribed_folder: Path, tmp_path: Path
) -> None:
    """transcript_file.py: the file is "read as hostile input within limits" (256 MiB, arrays
    of 200,000 entries). A 20 MB transcript.json of 100,000 one-second spans and 100,000
    withheld entries makes check_transcript compare every span with every withheld item
    (10^10 steps, about an hour): `transcript check`, `build` and the editor hang on it."""
    copy = tmp_path / "session"
    shutil.copytree(transcribed_folder, copy)
    path = copy / "transcript.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    many = 100_000
    data["spans"] = [
        {"kind": "unattributed", "speaker": None, "start": 0.0, "end": 1.0} for _ in range(many)
    ]
    data["withheld"] += [{"item": 1, "start": 43.0, "end": 44.0} for _ in range(many)]
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "videoacta", "transcript", "check", str(copy)],
        capture_output=True, text=True, preexec_fn=_cpu_minute,
    )  # fmt: skip
    assert result.returncode == int(ExitCode.INPUT), (result.returncode, result.stderr[-300:])


def test_language_en_as_the_error_advises_lets_an_english_model_transcribe(
    speech_session: SpeechSession, whisper_model: Path, tmp_path: Path
) -> None:
    """With `[transcript] detect_language = true`, an English-only model is refused with
    "give a multilingual model, or --language en"; README: "The language is `--language xx`,
    else ...". Following the advice gives the same refusal again (exit 3): the flag given
    does not override the session's detection, and there is no --no-detect-language."""
    folder = copy_session(speech_session, tmp_path / "session")
    toml = folder / "session.toml"
    _rewrite(toml, toml.read_text(encoding="utf-8") + "\n[transcript]\ndetect_language = true\n")
    command = ["transcribe", str(folder), "--model", str(whisper_model), "--threads", "2"]
    refused = CliRunner().invoke(cli, [*command, "--quiet"])
    assert "--language en" in refused.output
    result = CliRunner().invoke(cli, [*command, "--language", "en", "--quiet"])
    assert result.exit_code == 0, result.output
