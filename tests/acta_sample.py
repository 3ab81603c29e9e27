"""The sample session's index folder and its rendered acta, made once per test run.

A pytest plugin for every test (tests/conftest.py): the pipeline is imported inside the fixtures,
so collecting the pure core's tests does not load it."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from videoacta.core.published import publication
from videoacta.core.tally import TallyRun
from videoacta.core.timeline import build_timeline
from videoacta.core.video_index import (
    Index,
    IndexedPart,
    IndexedRecording,
    SessionRef,
    place_interventions,
    place_items,
    place_votes,
)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample session's index folder, made by `videoacta index` (do not write into it)."""
    from videoacta import pipeline

    folder = tmp_path_factory.mktemp("sample-index") / "index"
    pipeline.run_index(SAMPLE, folder)
    return folder


@pytest.fixture(scope="session")
def rendered_sample(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the index folder with the acta rendered into it (do not write into it)."""
    from videoacta import pipeline

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


def synthetic_index(run: TallyRun, *, duration: float = 3600.0) -> Index:
    """An index of `run` on one recording part that starts when the session opens (no media)."""
    session, proceedings = run.session, run.proceedings
    start = proceedings.opened - dt.timedelta(seconds=5)
    timeline = build_timeline([start], [duration], 0.0)
    part = IndexedPart(
        file="recording/part-1.mp4",
        size=1_000_000,
        sha256="0" * 64,
        duration=duration,
        offset=0.0,
        start=start,
        start_source="session",
        end=start + dt.timedelta(seconds=duration),
        container="mov,mp4,m4a,3gp,3g2,mj2",
        video_codec="h264",
        audio_codec="aac",
        width=1280,
        height=720,
    )
    reference = SessionRef.of(session, proceedings)
    view = publication(session, proceedings, run.tally)
    return Index(
        session=reference,
        duration=duration,
        clock_offset=0.0,
        parts=(part,),
        recording=IndexedRecording(
            file="recording.mp4",
            size=1_000_000,
            sha256="1" * 64,
            duration=duration,
            container="mp4",
        ),
        items=place_items(session, proceedings, run.tally, timeline, view),
        interventions=place_interventions(view, timeline),
        votes=place_votes(run.tally, timeline),
    )
