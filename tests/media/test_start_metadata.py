"""The start of a part from the metadata ffprobe reads in media generated at test time."""

import datetime as dt
import zoneinfo

import pytest

from tests.generated_media import Media
from videoacta.core.evidence import StartSource, part_start
from videoacta.core.session import RecordingPart
from videoacta.media.probe import probe

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


def at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 10, 29, hour, 0, tzinfo=MADRID)


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        ("quicktime", StartSource.QUICKTIME_CREATIONDATE, at(19)),
        ("dated", StartSource.CREATION_TIME, at(19)),  # 18:00 UTC is 19:00 in Madrid
    ],
)
def test_start_from_probed_metadata(
    media: Media, name: str, source: StartSource, expected: dt.datetime
) -> None:
    path = getattr(media, name)
    part = RecordingPart(file=path.name)
    chosen = part_start(part, probe(path), tz=MADRID, clock_offset=0.0)
    assert (chosen.source, chosen.start) == (source, expected)
