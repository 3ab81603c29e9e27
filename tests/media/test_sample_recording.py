"""The sample session's recording matches its session.toml and its vote log."""

import datetime as dt
import json

import pytest

from tests.conftest import SAMPLE
from videoacta.core.evidence import StartSource, part_starts
from videoacta.core.media_info import MediaInfo
from videoacta.inputs.session_folder import load_session
from videoacta.media.probe import check_joinable, probe


def event_time(kind: str) -> dt.datetime:
    lines = (SAMPLE / "votes.jsonl").read_text(encoding="utf-8").splitlines()
    return next(
        dt.datetime.fromisoformat(e["time"]) for e in map(json.loads, lines) if e["type"] == kind
    )


@pytest.fixture(scope="module")
def parts() -> list[MediaInfo]:
    session = load_session(SAMPLE)
    return [probe(SAMPLE / part.file) for part in session.recording.parts]


def test_sample_parts_join_and_are_small(parts: list[MediaInfo]) -> None:
    check_joinable(parts)
    assert [p.path.name for p in parts] == ["part-1.mp4", "part-2.mp4"]
    assert sum(p.size for p in parts) < 6_000_000
    assert all(p.video and (p.video.width, p.video.height) == (320, 180) for p in parts)


def test_sample_parts_cover_the_session_around_the_recess(parts: list[MediaInfo]) -> None:
    starts = part_starts(load_session(SAMPLE), parts)
    assert [s.source for s in starts] == [StartSource.SESSION, StartSource.SESSION]
    ends = [s.start + dt.timedelta(seconds=p.duration) for s, p in zip(starts, parts, strict=True)]
    assert abs((ends[0] - event_time("recess_started")).total_seconds()) < 0.1
    assert starts[1].start == event_time("recess_ended")
    assert starts[0].start <= event_time("session_opened")
    assert ends[1] > event_time("session_closed")


def test_sample_creation_times_agree_with_session_toml(parts: list[MediaInfo]) -> None:
    starts = part_starts(load_session(SAMPLE), parts)
    assert [s.unused[0].source for s in starts] == [StartSource.CREATION_TIME] * 2
    assert [s.unused[0].time for s in starts] == [s.start for s in starts]
