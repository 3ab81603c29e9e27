"""The timeline, table-driven: parts, pauses, clock offsets, items in and out of the recording."""

import datetime as dt

import pytest

from videoacta.core.timeline import Placement, Snap, build_timeline
from videoacta.errors import TimelineError

TZ = dt.timezone(dt.timedelta(hours=1))


def at(clock: str) -> dt.datetime:
    """A time on 2026-10-29 from 'HH:MM:SS'."""
    hours, minutes, seconds = (int(n) for n in clock.split(":"))
    return dt.datetime(2026, 10, 29, hours, minutes, seconds, tzinfo=TZ)


# Two parts: 19:00:00 for 160 s (to 19:02:40), a pause, then 19:03:10 for 150 s (to 19:05:40).
TWO_PARTS = build_timeline([at("19:00:00"), at("19:03:10")], [160.0, 150.0], 0.0)


@pytest.mark.parametrize(
    ("clock", "offset", "snap"),
    [
        ("19:00:00", 0.0, Snap.INSIDE),
        ("19:01:00", 60.0, Snap.INSIDE),
        ("19:02:40", 160.0, Snap.INSIDE),
        ("19:02:50", 160.0, Snap.PAUSE),
        ("19:03:10", 160.0, Snap.INSIDE),
        ("19:04:10", 220.0, Snap.INSIDE),
        ("18:59:00", 0.0, Snap.BEFORE),
        ("19:06:00", 310.0, Snap.AFTER),
    ],
)
def test_locate(clock: str, offset: float, snap: Snap) -> None:
    located = TWO_PARTS.locate(at(clock))
    assert (located.offset, located.snap) == (offset, snap)


@pytest.mark.parametrize(
    ("clock_offset", "clock", "offset"),
    [
        (0.0, "19:00:30", 30.0),
        (5.0, "19:00:30", 35.0),  # the camera runs 5 s ahead of the voting system
        (-5.0, "19:00:30", 25.0),
        (5.0, "19:03:10", 165.0),
    ],
)
def test_clock_offset(clock_offset: float, clock: str, offset: float) -> None:
    timeline = build_timeline([at("19:00:00"), at("19:03:10")], [160.0, 150.0], clock_offset)
    assert timeline.locate(at(clock)).offset == offset


@pytest.mark.parametrize(
    ("start", "end", "span", "placement", "notes"),
    [
        ("19:00:10", "19:01:00", (10.0, 60.0), Placement.RECORDED, ()),
        ("19:02:30", "19:03:30", (150.0, 180.0), Placement.RECORDED, ()),
        (
            "19:02:45",
            "19:03:30",
            (160.0, 180.0),
            Placement.PARTIAL,
            (
                "item starts in a pause between recording parts",
                "item is only partly in the recording",
            ),
        ),
        (
            "19:02:45",
            "19:03:00",
            (160.0, 160.0),
            Placement.NOT_RECORDED,
            ("item starts in a pause between recording parts", "item is not in the recording"),
        ),
        (
            "18:50:00",
            "18:55:00",
            (0.0, 0.0),
            Placement.NOT_RECORDED,
            ("item is not in the recording",),
        ),
        (
            "19:06:00",
            "19:07:00",
            (310.0, 310.0),
            Placement.NOT_RECORDED,
            ("item is not in the recording",),
        ),
        (
            "18:59:00",
            "19:00:20",
            (0.0, 20.0),
            Placement.PARTIAL,
            ("item is only partly in the recording",),
        ),
        (
            "19:05:00",
            "19:07:00",
            (270.0, 310.0),
            Placement.PARTIAL,
            ("item is only partly in the recording",),
        ),
        (
            "19:05:00",
            None,
            (270.0, 310.0),
            Placement.PARTIAL,
            (
                "item was never closed: it runs to the end of the recording",
                "item is only partly in the recording",
            ),
        ),
    ],
    ids=[
        "inside",
        "across the pause",
        "starts in the pause",
        "inside the pause",
        "before",
        "after",
        "starts before",
        "ends after",
        "never closed",
    ],
)
def test_span(
    start: str,
    end: str | None,
    span: tuple[float, float],
    placement: Placement,
    notes: tuple[str, ...],
) -> None:
    result = TWO_PARTS.span(at(start), at(end) if end else None, "item")
    assert (result.start, result.end) == span
    assert result.placement is placement
    assert result.notes == notes


def test_duration_is_the_sum_of_the_parts() -> None:
    assert TWO_PARTS.duration == 310.0


def test_overlapping_parts_are_refused() -> None:
    with pytest.raises(TimelineError, match=r"recording part 2 starts at .* before part 1 ends"):
        build_timeline([at("19:00:00"), at("19:01:00")], [160.0, 150.0], 0.0)
