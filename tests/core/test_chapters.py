"""Chapter arithmetic and escaping (tests/media/test_chapter_titles.py takes hostile titles
through a real ffmpeg and ffprobe)."""

import pytest

from videoacta.core.chapters import (
    Chapter,
    escape_ffmetadata,
    escape_vtt,
    ffmetadata,
    lay_out,
    vtt_timestamp,
    webvtt,
)

TRICKY = "Moció «l·l»; a=b #1 \\ ñ --> fi"


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(1, "a", 0.0, 10.0), (2, "b", 10.0, 20.0)], [(1, 0.0, 10.0), (2, 10.0, 100.0)]),
        ([(2, "b", 10.0, 20.0), (1, "a", 0.0, 10.0)], [(1, 0.0, 10.0), (2, 10.0, 100.0)]),
        ([(1, "a", 5.0, 15.0), (2, "b", 10.0, 20.0)], [(1, 0.0, 10.0), (2, 10.0, 100.0)]),
        ([(1, "a", 5.0, 5.0), (2, "b", 5.0, 20.0)], [(1, 0.0, 100.0)]),
        ([(1, "a", -3.0, 10.0), (2, "b", 90.0, 120.0)], [(1, 0.0, 90.0), (2, 90.0, 100.0)]),
        ([(1, "a", 100.0, 120.0)], []),
        ([(1, "a", 20.0, 30.0), (2, "b", 50.0, 60.0)], [(1, 0.0, 50.0), (2, 50.0, 100.0)]),
        ([(1, "a", 0.0, 10.0), (2, "b", 0.0004, 20.0)], [(1, 0.0, 100.0)]),
    ],
    ids=[
        "in order",
        "sorted",
        "overlap",
        "same start",
        "clamped",
        "outside",
        "gaps absorbed",
        "under a millisecond apart",
    ],
)
def test_lay_out(
    spans: list[tuple[int, str, float, float]], expected: list[tuple[int, float, float]]
) -> None:
    chapters = lay_out(spans, duration=100.0)
    assert [(c.item, c.start, c.end) for c in chapters] == expected


def test_ffmetadata_escaping() -> None:
    assert escape_ffmetadata(TRICKY) == "Moció «l·l»\\; a\\=b \\#1 \\\\ ñ --> fi"
    assert escape_ffmetadata("two\nlines") == "two\\\nlines"
    assert escape_ffmetadata("cr\rlf") == "cr\\\rlf"
    assert escape_ffmetadata("nul\x00bell\x07tab\tc1\x85") == "nul bell tab c1 "
    assert escape_ffmetadata("ends\\") == "ends\\\\ "


def test_ffmetadata_file() -> None:
    text = ffmetadata([Chapter(item=3, title=TRICKY, start=1.5, end=62.25)], "Ple; 10/2026")
    assert text.splitlines() == [
        ";FFMETADATA1",
        "title=Ple\\; 10/2026",
        "",
        "[CHAPTER]",
        "TIMEBASE=1/1000",
        "START=1500",
        "END=62250",
        "title=Moció «l·l»\\; a\\=b \\#1 \\\\ ñ --> fi",
    ]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.0, "00:00:00.000"),
        (61.5, "00:01:01.500"),
        (3725.0006, "01:02:05.001"),
        (59.9996, "00:01:00.000"),
    ],
)
def test_vtt_timestamp(seconds: float, text: str) -> None:
    assert vtt_timestamp(seconds) == text


def test_vtt_escaping() -> None:
    assert escape_vtt(TRICKY) == "Moció «l·l»; a=b #1 \\ ñ --&gt; fi"
    assert escape_vtt("a <b> & c\nd") == "a &lt;b&gt; &amp; c d"
    assert escape_vtt("a\r\n\r\nb\x00c\x1fd\x85e\u2028f") == "a b c d e f"


def test_a_hostile_title_is_one_cue_line() -> None:
    title = "x\r\n\r\n00:00:00.000 --> 99:00:00.000\nEVIL\n\nNOTE"
    text = webvtt([Chapter(item=1, title=title, start=0, end=1)])
    cue = "x 00:00:00.000 --&gt; 99:00:00.000 EVIL NOTE"
    assert text == f"WEBVTT\n\nitem-1\n00:00:00.000 --> 00:00:01.000\n{cue}\n"


def test_webvtt_file() -> None:
    text = webvtt(
        [
            Chapter(item=1, title="Acta", start=0, end=10),
            Chapter(item=2, title=TRICKY, start=10, end=75.5),
        ]
    )
    assert text == (
        "WEBVTT\n\n"
        "item-1\n00:00:00.000 --> 00:00:10.000\nActa\n\n"
        "item-2\n00:00:10.000 --> 00:01:15.500\nMoció «l·l»; a=b #1 \\ ñ --&gt; fi\n"
    )
