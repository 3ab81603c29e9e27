"""The public rendition's timeline arithmetic (pure), one line per case."""

import pytest

from videoacta.core.public_cut import complement, merged, overlaps, to_cut


@pytest.mark.parametrize(
    ("spans", "expected"),
    [([], ()), ([(5, 8), (1, 2)], ((1, 2), (5, 8))), ([(1, 3), (3, 4)], ((1, 4),)),
     ([(1, 5), (2, 3)], ((1, 5),))],
)  # fmt: skip
def test_merged(spans: list[tuple[float, float]], expected: tuple[tuple[float, float]]) -> None:
    assert merged(spans) == expected


@pytest.mark.parametrize(
    ("spans", "expected"),
    [((), ((0, 10),)), (((2, 4),), ((0, 2), (4, 10))), (((0, 4), (6, 10)), ((4, 6),))],
)  # fmt: skip
def test_complement(spans: tuple[tuple[float, float], ...], expected: object) -> None:
    assert complement(spans, 10.0) == expected


@pytest.mark.parametrize(
    ("span", "hit"),
    [((0, 2), False), ((1.9, 2.01), True), ((4, 5), False), ((3, 3), True), ((4, 4), False)],
)  # fmt: skip
def test_overlaps_a_packet_at_the_boundary_is_a_leak(span: tuple[float, float], hit: bool) -> None:
    assert overlaps(span, [(2.0, 4.0)]) is hit


@pytest.mark.parametrize(("at", "expected"), [(1, 1), (3, 2), (5, 2), (7, 3), (20, 5)])
def test_to_cut_maps_a_removed_moment_to_the_next_kept_one(at: float, expected: float) -> None:
    assert to_cut(at, [(0, 2), (6, 9)]) == expected
