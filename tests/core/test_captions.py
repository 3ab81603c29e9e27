"""Captions from a transcript (UNE 153010:2012): properties over generated transcripts, and
examples of line breaks, speakers, escaping, items in camera and the public timeline."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from videoacta.core import captions
from videoacta.core.captions import Cue, cues, public_cues, webvtt
from videoacta.core.transcript import Generator, Segment, Span, SpanKind, Transcript, Withheld

GENERATOR = Generator(
    engine="test", model="test", model_digest="sha256:" + "0" * 64,
    created=dt.datetime(2026, 10, 29, tzinfo=dt.UTC),
)  # fmt: skip
NAMES = {"m1": "Anna Puig", "m2": "Joan Roca & Fills <Jr>", "m3": "Maria"}
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzàéíòúç,.;?", min_size=1, max_size=14)
LONG_WORD = st.text(alphabet="xyz", min_size=38, max_size=90)


def transcript(
    spans: list[Span], duration: float, withheld: tuple[Withheld, ...] = ()
) -> Transcript:
    return Transcript(session="s", language="en", duration=duration, generator=GENERATOR,
                      spans=tuple(spans), withheld=withheld)  # fmt: skip


@st.composite
def transcripts(draw: st.DrawFn) -> Transcript:
    """Spans one after another, each of a speaker and a few segments; sometimes a withheld gap."""
    at, spans, withheld, n = 0.0, [], [], 0
    for k in range(draw(st.integers(1, 6))):
        at += draw(st.floats(0, 5))
        if draw(st.booleans()) and k:
            length = draw(st.floats(1, 30))
            withheld.append(Withheld(item=k, start=round(at, 3), end=round(at + length, 3)))
            at += length + draw(st.floats(0, 2))
        speaker = draw(st.sampled_from(["m1", "m2", "m3"]))
        start, segments = at, []
        for _ in range(draw(st.integers(1, 4))):
            at += draw(st.floats(0, 3))
            length = draw(st.floats(0.05, 40))
            words = draw(st.lists(st.one_of(WORD, WORD, WORD, LONG_WORD), min_size=1, max_size=60))
            who = draw(st.sampled_from([speaker, speaker, "m3"]))
            segments.append(Segment(id=f"s{n}", start=round(at, 3), end=round(at + length, 3),
                                    text=" ".join(words), speaker=who))  # fmt: skip
            at += length
            n += 1
        spans.append(
            Span(kind=SpanKind.INTERVENTION, speaker=speaker, name=NAMES[speaker],
                 start=round(start, 3), end=round(at, 3), segments=tuple(segments))
        )  # fmt: skip
    return transcript(spans, round(at + draw(st.floats(0, 3)), 3), tuple(withheld))


def words_of(made: tuple[Cue, ...]) -> str:
    """The transcript's text as the captions hold it, labels taken off, spaces ignored."""
    text = ""
    for cue in made:
        body = cue.text
        if cue.label is not None:
            label = cue.label
            assert body.replace(" ", "").startswith(label.replace(" ", ""))
            body = body.replace(" ", "")[len(label.replace(" ", "")) :]
        text += body.replace(" ", "")
    return text


@settings(max_examples=150, deadline=None)
@given(transcripts())
def test_captions_keep_the_norms_limits(made: Transcript) -> None:
    result = cues(made, NAMES)
    withheld = [(round(w.start * 1000), round(w.end * 1000)) for w in made.withheld]
    ends = {round(made.duration * 1000)} | {start for start, _ in withheld}
    for n, cue in enumerate(result):
        assert 1 <= len(cue.lines) <= captions.LINES
        assert all(len(line) <= captions.LINE for line in cue.lines)
        assert cue.end - cue.start <= captions.LONGEST
        following = result[n + 1].start if n + 1 < len(result) else None
        if cue.end - cue.start < captions.SHORTEST:  # only where the speech leaves no room
            assert cue.end == following or cue.end in ends or cue.end >= made.duration * 1000
        if following is not None:
            assert cue.end <= following  # in order, never overlapping
        assert not any(cue.start < w_end and w_start < cue.end for w_start, w_end in withheld)
    expected = "".join(s.text.replace(" ", "") for s in made.segments())
    assert words_of(result) == expected


def test_a_long_segment_is_split_with_times_by_characters() -> None:
    text = " ".join(["word"] * 60)  # 299 characters: 5 captions of 2 lines at most
    segment = Segment(id="a", start=10, end=40, text=text, speaker="m1")
    span = Span(kind=SpanKind.INTERVENTION, speaker="m1", name="Anna Puig", start=10, end=40,
                segments=(segment,))  # fmt: skip
    result = cues(transcript([span], 60))
    assert len(result) >= 5
    assert result[0].start == 10_000
    assert result[-1].end >= 40_000
    assert result[0].label == "(Anna Puig)"
    assert all(c.label is None for c in result[1:])
    assert all(c.voice == "Anna Puig" for c in result)


def test_lines_break_after_punctuation_not_after_an_article() -> None:
    text = "We approve the budget of the town and the council will publish it."
    segment = Segment(id="a", start=0, end=5, text=text, speaker=None)
    span = Span(kind=SpanKind.UNATTRIBUTED, speaker=None, start=0, end=5, segments=(segment,))
    (cue,) = cues(transcript([span], 10))
    assert cue.lines == ("We approve the budget of the town", "and the council will publish it.")
    assert cue.voice is None
    assert cue.label is None
    assert not cue.lines[0].endswith((" the", " of"))


def test_a_change_of_speaker_starts_a_new_caption_and_text_is_escaped() -> None:
    one = Segment(id="a", start=0, end=2, text="Yes.", speaker="m1")
    two = Segment(id="b", start=2, end=4, text="No <never> & no.", speaker="m2")
    span = Span(kind=SpanKind.INTERVENTION, speaker="m1", name="Anna Puig", start=0, end=4,
                segments=(one, two))  # fmt: skip
    made = transcript([span], 10)
    result = cues(made, NAMES)
    assert [c.voice for c in result] == ["Anna Puig", "Joan Roca & Fills <Jr>"]
    vtt = webvtt(result, reviewed=made.reviewed, language="en")
    assert vtt.startswith("WEBVTT - automatic, not reviewed\n")
    assert "<v Joan Roca &amp; Fills &lt;Jr&gt;>(Joan Roca &amp; Fills &lt;Jr&gt;)\nNo " in vtt
    assert "&lt;never&gt; &amp; no.</v>" in vtt
    assert "<never>" not in vtt
    reviewed = made.marked_reviewed("Marta", dt.datetime(2026, 10, 30, tzinfo=dt.UTC))
    assert webvtt(cues(reviewed, NAMES), reviewed=reviewed.reviewed, language="en").startswith(
        "WEBVTT\n"
    )


def test_a_short_caption_is_kept_up_to_read_but_not_into_an_item_in_camera() -> None:
    one = Segment(id="a", start=0, end=0.4, text="Yes.", speaker="m1")
    two = Segment(id="b", start=30, end=30.5, text="Agreed, thank you all very much.", speaker="m1")
    span = Span(kind=SpanKind.INTERVENTION, speaker="m1", name="A", start=0, end=31,
                segments=(one, two))  # fmt: skip
    made = transcript([span], 40, (Withheld(item=2, start=31, end=39),))
    first, second = cues(made)
    assert (first.start, first.end) == (0, 1000)  # 1 s at least
    assert (second.start, second.end) == (30_000, 31_000)  # up to the item in camera


def test_public_captions_are_on_the_cut_timeline() -> None:
    kept = ((0.0, 10.0), (20.0, 30.0))
    made = (
        Cue(start=1000, end=2000, voice=None, lines=("a",)),
        Cue(start=12_000, end=13_000, voice=None, lines=("cut",)),
        Cue(start=21_000, end=23_000, voice=None, lines=("b",)),
    )
    assert [(c.start, c.end, c.text) for c in public_cues(made, kept)] == [
        (1000, 2000, "a"),
        (11_000, 13_000, "b"),
    ]
