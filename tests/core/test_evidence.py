"""Start-time evidence of recording parts: sources, their order, file names, the clock offset."""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from tests.builders import session
from videoacta.core.evidence import (
    PartStart,
    StartEvidence,
    StartSource,
    choose_start,
    file_name_time,
    part_start,
    part_starts,
    start_evidence,
    start_warnings,
)
from videoacta.core.media_info import MediaInfo
from videoacta.core.session import RecordingPart
from videoacta.errors import MediaError

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
UTC = dt.UTC
T19 = dt.datetime(2026, 10, 29, 19, 0, tzinfo=MADRID)


def at(hour: int, minute: int = 0, second: int = 0, tz: dt.tzinfo = MADRID) -> dt.datetime:
    return dt.datetime(2026, 10, 29, hour, minute, second, tzinfo=tz)


def info(
    name: str = "part-1.mp4",
    creation_time: dt.datetime | None = None,
    quicktime: dt.datetime | None = None,
) -> MediaInfo:
    return MediaInfo(
        path=Path(name),
        format_name="mov,mp4,m4a,3gp,3g2,mj2",
        duration=160.0,
        size=1,
        creation_time=creation_time,
        quicktime_creationdate=quicktime,
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("20261029_190000.mp4", at(19)),
        ("VID_20261029_190512.mp4", at(19, 5, 12)),
        ("20261029-190000.mov", at(19)),
        ("20261029190000.mts", at(19)),
        ("2026-10-29T19-00-00.mp4", at(19)),
        ("2026-10-29 19.00.00.mkv", at(19)),
        ("2026-10-29_19-03-10.mp4", at(19, 3, 10)),
        ("ple 2026-10-29 19h03m10.mp4", at(19, 3, 10)),
        ("recording/2026-10-29/part-1.mp4", None),  # only the file's own name counts
        ("part-1.mp4", None),
        ("2026-10-29.mp4", None),  # a date alone is no start time
        ("20261329_190000.mp4", None),  # no month 13
        ("20261029_250000.mp4", None),
        ("120261029_190000.mp4", None),  # digits run on: not a date
        ("PXL_20261029_180000123.mp4", None),  # milliseconds run on too
    ],
)
def test_file_name_time(name: str, expected: dt.datetime | None) -> None:
    assert file_name_time(name, MADRID) == expected


def test_file_name_time_is_in_the_session_time_zone() -> None:
    summer = file_name_time("20260701_190000.mp4", MADRID)
    winter = file_name_time("20261029_190000.mp4", MADRID)
    assert summer is not None
    assert winter is not None
    assert summer.utcoffset() == dt.timedelta(hours=2)
    assert winter.utcoffset() == dt.timedelta(hours=1)


QT = at(19, 0, 2)
CT = at(18, 0, 4, UTC)
NAMED = "20261029_190006.mp4"


@pytest.mark.parametrize(
    ("declared", "creation", "quicktime", "name", "sources"),
    [
        (T19, CT, QT, NAMED, "session quicktime_creationdate creation_time file_name"),
        (None, CT, QT, NAMED, "quicktime_creationdate creation_time file_name"),
        (None, CT, None, NAMED, "creation_time file_name"),
        (None, None, None, NAMED, "file_name"),
        (T19, None, None, "part-1.mp4", "session"),
        (None, None, None, "part-1.mp4", ""),
    ],
)
def test_evidence_strongest_first(
    declared: dt.datetime | None,
    creation: dt.datetime | None,
    quicktime: dt.datetime | None,
    name: str,
    sources: str,
) -> None:
    found = start_evidence(
        file=name, declared=declared, info=info(name, creation, quicktime), tz=MADRID
    )
    assert " ".join(e.source for e in found) == sources


def test_a_naive_session_start_is_in_the_session_time_zone() -> None:
    (found,) = start_evidence(
        file="part-1.mp4", declared=dt.datetime(2026, 10, 29, 19, 0), info=info(), tz=MADRID
    )
    assert found == StartEvidence(source=StartSource.SESSION, time=T19)
    assert found.time.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("offset", "camera", "vote_clock"),
    [
        (0.0, at(19), at(19)),
        (7.0, at(19, 0, 7), at(19)),  # the camera runs 7 s ahead of the voting system
        (-2.5, at(19), at(19, 0, 2) + dt.timedelta(seconds=0.5)),
        (3600.0, at(20), at(19)),  # local time stored as UTC, corrected by the offset
    ],
)
def test_clock_offset_moves_the_start_onto_the_vote_log_clock(
    offset: float, camera: dt.datetime, vote_clock: dt.datetime
) -> None:
    evidence = [StartEvidence(source=StartSource.CREATION_TIME, time=camera)]
    chosen = choose_start("part-1.mp4", evidence, clock_offset=offset)
    assert (chosen.camera_start, chosen.start, chosen.clock_offset) == (camera, vote_clock, offset)


def test_choose_start_keeps_the_unused_evidence() -> None:
    evidence = [
        StartEvidence(source=StartSource.SESSION, time=T19),
        StartEvidence(source=StartSource.FILE_NAME, time=at(19, 0, 6)),
    ]
    assert choose_start("part-1.mp4", evidence, clock_offset=0.0) == PartStart(
        file="part-1.mp4",
        source=StartSource.SESSION,
        camera_start=T19,
        start=T19,
        clock_offset=0.0,
        unused=(evidence[1],),
    )


def test_no_evidence_is_an_error_saying_what_to_do() -> None:
    with pytest.raises(MediaError) as caught:
        choose_start("recording/part-1.mp4", [], clock_offset=0.0)
    assert str(caught.value) == (
        "recording/part-1.mp4: no start time: it has no creation time and none in its name; "
        "give one as `start` of this part in session.toml [recording]"
    )


@pytest.mark.parametrize(
    ("others", "warnings"),
    [
        ([], []),
        ([at(19, 1, 59)], []),  # within two minutes
        ([at(19, 2, 1)], ["2 min 1 s apart"]),
        ([at(19, 0, 0, UTC)], ["1 h apart"]),  # local time written as UTC
        ([at(18, 57, 20), at(19, 0, 30)], ["2 min 40 s apart"]),  # the time it stopped?
    ],
)
def test_start_warnings(others: list[dt.datetime], warnings: list[str]) -> None:
    unused = tuple(StartEvidence(source=StartSource.CREATION_TIME, time=t) for t in others)
    chosen = PartStart(
        file="part-1.mp4",
        source=StartSource.SESSION,
        camera_start=T19,
        start=T19,
        clock_offset=0.0,
        unused=unused,
    )
    found = start_warnings(chosen)
    assert len(found) == len(warnings)
    for text, apart in zip(found, warnings, strict=True):
        assert text.startswith("part-1.mp4: session says it starts at 2026-10-29T19:00:00+01:00, ")
        assert text.endswith(f"({apart})")


def test_part_start_prefers_the_session_file() -> None:
    part = RecordingPart(file="recording/20261029_185959.mp4", start=T19)
    chosen = part_start(part, info(creation_time=CT), tz=MADRID, clock_offset=0.0)
    assert (chosen.source, chosen.start) == (StartSource.SESSION, T19)
    assert [e.source for e in chosen.unused] == ["creation_time", "file_name"]


def test_part_starts_of_a_session() -> None:
    recording = {
        "clock_offset": 2.0,
        "parts": [
            {"file": "recording/part-1.mp4", "start": T19},  # TOML gives a datetime
            {"file": "recording/20261029_190312.mp4"},
        ],
    }
    starts = part_starts(session(recording=recording), [info(), info()])
    assert [(s.source, s.start) for s in starts] == [
        (StartSource.SESSION, at(18, 59, 58)),
        (StartSource.FILE_NAME, at(19, 3, 10)),
    ]
