"""The sample session's index folder and its rendered acta, made once per test run."""

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from videoacta import pipeline


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample session's index folder, made by `videoacta index` (do not write into it)."""
    folder = tmp_path_factory.mktemp("sample-index") / "index"
    pipeline.run_index(SAMPLE, folder)
    return folder


@pytest.fixture(scope="session")
def rendered_sample(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the index folder with the acta rendered into it (do not write into it)."""
    folder = tmp_path_factory.mktemp("sample-acta") / "index"
    shutil.copytree(sample_index, folder)
    pipeline.run_render(SAMPLE, folder)
    return folder


@pytest.fixture
def index_copy(sample_index: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample's index folder, to render into."""
    folder = tmp_path / "index"
    shutil.copytree(sample_index, folder)
    return folder
