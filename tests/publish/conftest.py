"""A package-like folder made from the sample session, served on 127.0.0.1, and a real browser.

The sample is copied with item 4 marked `in_camera` (ROF 88.1), so that one package exercises a
secret ballot (item 6), a nominal vote (item 10) and an item debated in camera.
"""

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import browser  # noqa: F401 - the fixture, module-scoped
from tests.conftest import SAMPLE
from tests.publish.server import serve
from videoacta import pipeline
from videoacta.core.tally import TallyRun
from videoacta.core.video_index import Index
from videoacta.publish.opendata import write_exports
from videoacta.publish.viewer import write_viewer

IN_CAMERA = 4
SECRET = 6
NOMINAL = 10
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@dataclass(frozen=True)
class Published:
    folder: Path
    run: TallyRun
    index: Index


def sample_in_camera(target: Path) -> Path:
    """A copy of the sample session whose item 4 is debated in camera."""
    shutil.copytree(SAMPLE, target)
    toml = target / "session.toml"
    text, count = re.subn(
        rf"(?m)^number = {IN_CAMERA}$", f"number = {IN_CAMERA}\nin_camera = true", toml.read_text()
    )
    assert count == 1
    toml.write_text(text, encoding="utf-8")
    return target


def publish(session_dir: Path, folder: Path) -> Published:
    """What `build` makes for the viewer: the index stage, then the page and the open data."""
    index = pipeline.run_index(session_dir, folder)
    run = pipeline.run_tally(session_dir)
    write_viewer(folder, run=run, index=index)
    write_exports(folder, run=run)
    return Published(folder=folder, run=run, index=index)


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    work = tmp_path_factory.mktemp("published")
    return publish(sample_in_camera(work / "session"), work / "package")


@pytest.fixture(scope="session")
def sample_package(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """The sample session exactly as shipped."""
    return publish(SAMPLE, tmp_path_factory.mktemp("sample") / "package")


@pytest.fixture(scope="session")
def served(published: Published) -> Iterator[str]:
    with serve(published.folder) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
