"""Hostile review of issue 19: captions of a transcript.json edited by hand (core, pure)."""

from tests.core.test_captions import NAMES, transcript
from videoacta.core.captions import cues
from videoacta.core.transcript import Segment, Span, SpanKind, Withheld


def test_no_caption_is_extended_into_an_item_in_camera_after_very_short_speech() -> None:
    """README: "Nothing of an item debated in camera is in either: ... no caption is kept in or
    extended into its span" (and core/captions.py: "A caption never lies in an item debated in
    camera"). A segment of 3 ms with a long text (check_transcript only asks end > start) right
    before an item in camera is split into captions of 1 ms pushed past its start; the last one
    is then extended for reading, seconds into the item (10001-13935 ms here)."""
    seg = Segment(id="s1", start=9.997, end=10.0, text=" ".join(["word"] * 60), speaker="m1")
    span = Span(kind=SpanKind.INTERVENTION, speaker="m1", name=NAMES["m1"], start=9.0, end=10.0,
                segments=(seg,))  # fmt: skip
    made = cues(transcript([span], 30.0, (Withheld(item=2, start=10.0, end=20.0),)), NAMES)
    inside = [(cue.start, cue.end) for cue in made if cue.start < 20_000 and cue.end > 10_000]
    assert inside == [], f"captions in item 2 (10000-20000 ms, in camera): {inside}"


def test_a_name_with_line_breaks_is_one_line_of_a_caption() -> None:
    """core/captions.py, whatever it is given (the check refuses such a name first): a voice
    and its label are one line, so no caption holds a line a player takes for a cue's times."""
    seg = Segment(id="s1", start=1.0, end=3.0, text="Good evening.", speaker="m1")
    forged = "Anna\n\n00:00:00.000 --> 00:00:09.000\nFAKE"
    span = Span(kind=SpanKind.INTERVENTION, speaker="m1", name=forged, start=0.0, end=4.0,
                segments=(seg,))  # fmt: skip
    made = cues(transcript([span], 5.0))
    assert [cue.voice for cue in made] == ["Anna 00:00:00.000 --> 00:00:09.000 FAKE"]
    assert all("\n" not in line for cue in made for line in cue.lines)
