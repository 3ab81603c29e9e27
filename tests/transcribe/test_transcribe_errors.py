"""Hostile inputs of `videoacta transcribe`: one line naming the fault, its exit code, nothing
written, no traceback."""

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.transcribe.conftest import copy_session
from tests.transcribe.speech_session import SpeechSession
from videoacta.cli import cli
from videoacta.errors import ExitCode


def refused(
    folder: Path, model: Path, code: ExitCode, *words: str, extra: tuple[str, ...] = ()
) -> str:
    before = sorted(p.name for p in folder.iterdir())
    result = CliRunner().invoke(
        cli, ["transcribe", str(folder), "--model", str(model), "--quiet", *extra]
    )
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    error = result.stderr
    assert error.startswith("Error: ")
    assert error.count("\n") == 1, error
    assert "Traceback" not in result.output
    for word in words:
        assert word in error, error
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written, no temp file
    return error


@pytest.fixture
def session(speech_session: SpeechSession, tmp_path: Path) -> Path:
    return copy_session(speech_session, tmp_path / "session")


def pytorch_folder(folder: Path, model: Path) -> Path:
    folder.mkdir()
    shutil.copy(model / "tokenizer.json", folder)
    (folder / "config.json").write_text('{"model_type": "whisper", "architectures": []}')
    (folder / "pytorch_model.bin").write_bytes(b"\x80\x02" + b"\0" * 64)
    return folder


def corrupt_folder(folder: Path, model: Path) -> Path:
    folder.mkdir()
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copy(model / name, folder)
    (folder / "model.bin").write_bytes(b"not a CTranslate2 model\n" * 100)
    return folder


def a_file(path: Path, model: Path) -> Path:
    path.write_text("a file")
    return path


def empty_folder(path: Path, model: Path) -> Path:
    path.mkdir()
    return path


def missing(path: Path, model: Path) -> Path:
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (missing, ("no such model folder",)),
        (a_file, ("not a folder",)),
        (empty_folder, ("not a CTranslate2 Whisper model", "model.bin")),
        (pytorch_folder, ("not a CTranslate2 Whisper model", "model.bin")),
        (corrupt_folder, ("cannot load the model",)),
    ],
)
def test_a_model_folder_that_cannot_be_used_is_refused(
    session: Path, whisper_model: Path, tmp_path: Path, make: Callable[[Path, Path], Path],
    words: tuple[str, ...],
) -> None:  # fmt: skip
    model = make(tmp_path / "model", whisper_model)
    refused(session, model, ExitCode.INPUT, str(model), *words)


def test_an_unreadable_model_folder_is_refused(
    session: Path, whisper_model: Path, tmp_path: Path
) -> None:
    """Run as an ordinary user sees it: root drops the two capabilities that let it ignore file
    permissions (as tests/editor/test_server_files.py does)."""
    import os

    no_dac = (
        ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
         "--inh-caps", "-dac_override,-dac_read_search"]
        if os.geteuid() == 0 else []
    )  # fmt: skip
    model = corrupt_folder(tmp_path / "model", whisper_model)
    model.chmod(0)
    try:
        argv = [*no_dac, sys.executable, "-m", "videoacta", "transcribe", str(session)]
        done = subprocess.run(
            [*argv, "--model", str(model), "--quiet"], capture_output=True, text=True, check=False
        )
    finally:
        model.chmod(0o755)
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"Error: {model}")
    assert "cannot read" in done.stderr
    assert not (session / "transcript.json").exists()


def test_a_language_the_model_lacks_is_refused(session: Path, whisper_model: Path) -> None:
    toml = session / "session.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "ca"'))
    refused(session, whisper_model, ExitCode.INPUT, "English-only", "'ca'")
    refused(
        session, whisper_model, ExitCode.INPUT, "English-only", "'es'", extra=("--language", "es")
    )
    refused(
        session,
        whisper_model,
        ExitCode.INPUT,
        "detect",
        extra=("--language", "en", "--detect-language"),
    )


def test_a_recording_without_sound_is_refused(session: Path, whisper_model: Path) -> None:
    part = session / "recording" / "part-1.mp4"
    silent = session.parent / "silent.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(part), "-an", "-c", "copy", str(silent)], check=True
    )
    part.unlink()
    shutil.move(silent, part)
    refused(session, whisper_model, ExitCode.MEDIA, "part-1.mp4", "no audio stream")


def test_without_the_extra_the_error_says_what_to_install(
    session: Path, whisper_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # as if it were not installed
    refused(session, whisper_model, ExitCode.INPUT, "pip install 'videoacta[transcribe]'")


def test_a_bad_language_option_is_a_usage_error(session: Path, whisper_model: Path) -> None:
    refused(session, whisper_model, ExitCode.USAGE, "--language", extra=("--language", "English"))
