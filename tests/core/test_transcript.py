"""transcript.json's model and its check against the session and the index (pure)."""

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from tests.builders import session
from videoacta.core.transcript import (
    Generator,
    Segment,
    Span,
    SpanKind,
    Transcript,
    Withheld,
    content_digest,
    heard_pieces,
    status_label,
)
from videoacta.core.transcript_check import check_transcript
from videoacta.core.video_index import Index

UTC = dt.UTC
T0 = dt.datetime(2026, 10, 29, 18, 0, tzinfo=UTC)
SESSION = session()


def _index(in_camera: bool = False) -> Index:
    """An index of 100 s: item 1 at 0-40 s, item 3 at 60-100 s; m2 speaks at 10-20 s, m3 at
    65-80 s; item 3 in camera when asked (then its intervention is not in the index)."""

    def item(number: int, start: float, end: float, camera: bool) -> dict[str, Any]:
        return {
            "number": number, "title": "t", "kind": "proposal", "status": "dealt",
            "in_camera": camera, "placement": "recorded", "start": start, "end": end,
            "wall_start": T0 + dt.timedelta(seconds=start),
            "wall_end": T0 + dt.timedelta(seconds=end), "result": None,
        }  # fmt: skip

    def speech(speaker: str, item: int, start: float, end: float) -> dict[str, Any]:
        return {
            "speaker": speaker, "name": speaker, "group": "A", "item": item, "start": start,
            "end": end, "wall_start": T0 + dt.timedelta(seconds=start),
            "wall_end": T0 + dt.timedelta(seconds=end),
        }  # fmt: skip

    interventions = [speech("m2", 1, 10, 20)] + ([] if in_camera else [speech("m3", 3, 65, 80)])
    return Index.model_validate(
        {
            "session": {
                "id": SESSION.id, "body": "b", "number": "1", "date": SESSION.date,
                "timezone": "UTC", "opened": T0, "closed": T0 + dt.timedelta(seconds=100),
            },
            "duration": 100.0, "clock_offset": 0.0, "parts": [],
            "items": [item(1, 0, 40, False), item(3, 60, 100, in_camera)],
            "interventions": interventions, "votes": [],
        }
    )  # fmt: skip


def _segment(sid: str, start: float, end: float, text: str, speaker: str | None) -> Segment:
    return Segment(id=sid, start=start, end=end, text=text, speaker=speaker, confidence=0.8)


def _named(speaker: str) -> dict[str, Any]:
    """A member's name and group's id as the session gives them (a span holds them)."""
    member = next(m for m in SESSION.members if m.id == speaker)
    return {"name": member.name, "group": member.group}


def _transcript(in_camera: bool = False) -> Transcript:
    spans = [
        Span(kind=SpanKind.PRESIDING, speaker="m1", **_named("m1"), item=1, start=0, end=10,
             segments=(_segment("s1", 1, 4, "Comença la sessió.", "m1"),)),
        Span(kind=SpanKind.INTERVENTION, speaker="m2", **_named("m2"), item=1, start=10, end=20,
             segments=(_segment("s2", 10.5, 14, "Proposo aprovar-ho.", "m2"),
                       _segment("s3", 14, 19, "Gràcies.", "m2"))),
    ]  # fmt: skip
    if not in_camera:
        spans.append(
            Span(kind=SpanKind.INTERVENTION, speaker="m3", **_named("m3"), item=3, start=65, end=80,
                 segments=(_segment("s4", 66, 70, "No hi estic d'acord.", "m3"),))
        )  # fmt: skip
    return Transcript(
        session=SESSION.id,
        language="ca",
        duration=100.0,
        generator=Generator(engine="e", model="m", model_digest="sha256:" + "0" * 64, created=T0),
        spans=tuple(spans),
        withheld=(Withheld(item=3, start=60, end=100),) if in_camera else (),
    )


def _edit(transcript: Transcript, span: int, segment: int, **changes: Any) -> Transcript:
    spans = list(transcript.spans)
    segments = list(spans[span].segments)
    segments[segment] = segments[segment].model_copy(update=changes)
    spans[span] = spans[span].model_copy(update={"segments": tuple(segments)})
    return transcript.model_copy(update={"spans": tuple(spans)})


def test_a_consistent_transcript_has_no_problem() -> None:
    assert check_transcript(_transcript(), SESSION, _index()) == ()
    assert check_transcript(_transcript(True), SESSION, _index(True)) == ()


def test_a_review_holds_until_the_content_changes() -> None:
    automatic = _transcript()
    assert not automatic.reviewed
    assert status_label(automatic) == "automatic"
    reviewed = automatic.marked_reviewed("Marta Puig i Ferrer", T0)
    assert reviewed.reviewed
    assert status_label(reviewed) == "reviewed"
    assert reviewed.review.content_digest == content_digest(automatic)
    edited = _edit(reviewed, 1, 0, text="Proposo rebutjar-ho.", edited=True)
    assert not edited.reviewed
    assert status_label(edited) == "automatic"
    assert _edit(reviewed, 1, 0, speaker="m4").reviewed is False


def test_the_segments_come_in_the_order_of_the_recording() -> None:
    assert [s.id for s in _transcript().segments()] == ["s1", "s2", "s3", "s4"]


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ({"end": 9.0}, "spans[1].segments[0].end: 9.00 is not after its start"),
        ({"start": 8.0}, "spans[1].segments[0]: 8.00-14.00 is outside its span 10.00-20.00"),
        ({"start": 15.0, "end": 16.0}, "spans[1].segments[1].start: 14.00 overlaps"),
        ({"text": "  "}, "spans[1].segments[0].text: empty"),
        ({"text": "a --> b"}, "spans[1].segments[0].text: a control character"),
        ({"text": "a\nb"}, "spans[1].segments[0].text: a control character"),
        ({"speaker": "m99"}, "spans[1].segments[0].speaker: 'm99' is not a member"),
        ({"id": "s3"}, "spans[1].segments[1].id: 's3' is used twice"),
    ],
)
def test_each_problem_of_a_segment_names_its_field(edit: dict[str, Any], problem: str) -> None:
    problems = check_transcript(_edit(_transcript(), 1, 0, **edit), SESSION, _index())
    assert any(p.startswith(problem) for p in problems), problems


def test_text_in_an_item_debated_in_camera_is_refused() -> None:
    leaked = _transcript().model_copy(update={"withheld": (Withheld(item=3, start=60, end=100),)})
    problems = check_transcript(leaked, SESSION, _index(True))
    assert "spans[2]: inside item 3, debated in camera" in problems


def test_an_item_in_camera_must_be_withheld() -> None:
    problems = check_transcript(_transcript(True), SESSION, _index(False))
    assert "withheld: item 3 was not debated in camera" in problems
    bare = _transcript(True).model_copy(update={"withheld": ()})
    assert "withheld: item 3 was debated in camera and is not withheld" in check_transcript(
        bare, SESSION, _index(True)
    )
    short = _transcript(True).model_copy(update={"withheld": (Withheld(item=3, start=70, end=90),)})
    assert any("is 60.00-100.00 in the recording" in p for p in check_transcript(
        short, SESSION, _index(True)
    ))  # fmt: skip


def test_a_log_changed_since_asks_to_transcribe_again() -> None:
    moved = _transcript().model_copy(
        update={"spans": (_transcript().spans[0], _transcript().spans[1].model_copy(
            update={"start": 11.0, "segments": ()}), _transcript().spans[2])}
    )  # fmt: skip
    problems = check_transcript(moved, SESSION, _index())
    assert any(p.endswith("transcribe again") for p in problems)


def test_spans_session_and_duration_are_checked() -> None:
    other = _transcript().model_copy(update={"session": "other", "duration": 50.0})
    problems = check_transcript(other, SESSION, _index())
    assert problems[0] == "session: 'other' is not this session ('test-session')"
    assert problems[1] == "duration: 50.00 s, the recording lasts 100.00 s"
    assert any("is after the recording's end" in p for p in problems)
    first, *rest = _transcript().spans
    nobody = _transcript().model_copy(
        update={"spans": (first.model_copy(update={"speaker": None}), *rest)}
    )
    assert "spans[0].speaker: a presiding span needs its speaker" in check_transcript(
        nobody, SESSION, _index()
    )


@pytest.mark.parametrize(
    "bad",
    [{"start": -1.0}, {"end": float("nan")}, {"text": "x" * 2001}, {"confidence": 1.5},
     {"speaker": "no spaces allowed"}, {"start": "1.0"}],
)  # fmt: skip
def test_the_model_refuses_bad_values(bad: dict[str, Any]) -> None:
    data = {"id": "s1", "start": 1.0, "end": 2.0, "text": "x", "speaker": None} | bad
    with pytest.raises(ValidationError):
        Segment.model_validate(data)


def _renamed(transcript: Transcript, span: int, **changes: Any) -> Transcript:
    spans = list(transcript.spans)
    spans[span] = spans[span].model_copy(update=changes)
    return transcript.model_copy(update={"spans": tuple(spans)})


@pytest.mark.parametrize(
    ("span", "changes", "problem"),
    [
        (1, {"name": "Núria Núñez Roca"}, "spans[1].name: 'Núria Núñez Roca' is not how the "
         "session names 'm2'"),
        (1, {"name": "A\n\n00:00:00.000 --> 00:00:09.000\nB"}, "spans[1].name: 'A\\n\\n00:00"),
        (1, {"name": None}, "spans[1].name: none is not how the session names 'm2'"),
        (1, {"group": "A"}, "spans[1].group: 'A' is not 'm2''s group in the session ('B')"),
        (0, {"speaker": "sec", "name": "Marta Puig i Ferrer"}, "spans[0].group: 'A' is not "
         "'sec''s group in the session (none)"),
    ],
)  # fmt: skip
def test_a_span_is_named_as_the_session_names_its_speaker(
    span: int, changes: dict[str, Any], problem: str
) -> None:
    """The captions, the viewer and the annex print a span's name and group: a hand edit may
    not give a member's speech another's name, nor a name that breaks a caption."""
    problems = check_transcript(_renamed(_transcript(), span, **changes), SESSION, _index())
    assert any(p.startswith(problem) for p in problems), problems
    assert all("\n" not in p for p in problems)


def test_an_unattributed_span_names_nobody() -> None:
    nobody = Span(kind=SpanKind.UNATTRIBUTED, speaker=None, name="Anna", start=90, end=95)
    transcript = _transcript().model_copy(update={"spans": (*_transcript().spans, nobody)})
    problems = check_transcript(transcript, SESSION, _index())
    assert problems == ("spans[3].name: an unattributed span has none",)


@pytest.mark.parametrize(
    ("review", "field"),
    [
        ({"status": "reviewed", "reviewed_by": "M", "content_digest": "sha256:" + "0" * 64},
         "reviewed_at"),
        ({"status": "reviewed", "reviewed_at": T0, "content_digest": "sha256:" + "0" * 64},
         "reviewed_by"),
        ({"status": "reviewed", "reviewed_by": " ", "reviewed_at": T0,
          "content_digest": "sha256:" + "0" * 64}, "reviewed_by"),
        ({"status": "reviewed", "reviewed_by": "M", "reviewed_at": T0}, "content_digest"),
        ({"status": "reviewed", "reviewed_by": "M", "reviewed_at": T0.replace(tzinfo=None),
          "content_digest": "sha256:" + "0" * 64}, "reviewed_at"),
        ({"status": "automatic", "reviewed_by": "M"}, "reviewed_by"),
        ({"reviewed_at": T0}, "reviewed_at"),
    ],
)  # fmt: skip
def test_a_review_has_who_when_and_what_or_none_of_them(review: dict[str, Any], field: str) -> None:
    """A review reviewed without its time (or anything else) is refused by the model, naming the
    field: no output may take it for reviewed while another does not."""
    data = _transcript().model_dump(mode="python") | {"review": review}
    with pytest.raises(ValidationError) as raised:
        Transcript.model_validate(data)
    assert raised.value.errors()[0]["msg"].removeprefix("Value error, ").startswith(field)


@pytest.mark.parametrize(
    ("speeches", "withheld", "pieces"),
    [
        ([(0, 10), (8, 20)], [], [(0, 0, 8), (1, 8, 20)]),  # the later cuts the earlier
        ([(0, 100), (10, 20)], [], [(0, 0, 10), (1, 10, 20), (0, 20, 100)]),  # and it resumes
        ([(0, 10)], [(5, 7)], [(0, 0, 5), (0, 7, 10)]),  # an item in camera cuts a speech
        ([(0, 10), (3, 4)], [(2, 5), (4.5, 6)], [(0, 0, 2), (0, 6, 10)]),
    ],
)
def test_heard_pieces_never_overlap_nor_enter_an_item_in_camera(
    speeches: list[tuple[float, float]],
    withheld: list[tuple[float, float]],
    pieces: list[tuple[int, float, float]],
) -> None:
    assert heard_pieces(speeches, withheld) == pieces
