"""Transcripts for tests, made by hand from an index: one intervention span a speech of the
index, each with known sentences spread over it, and every item in camera withheld."""

import datetime as dt

from videoacta.core.transcript import Generator, Segment, Span, SpanKind, Transcript, Withheld
from videoacta.core.video_index import Index

SENTENCES = (
    "Good evening, I support this motion & the amendment <as written>.",
    "The budget for the new library is reasonable and necessary for the town.",
    "We ask the council to publish the contracts of the Café del Mercat.",
    "Thank you, chair; our group will vote against the proposal tonight.",
)
GENERATOR = Generator(
    engine="hand-made test transcript",
    model="none",
    model_digest="sha256:" + "0" * 64,
    created=dt.datetime(2026, 10, 29, 21, 0, tzinfo=dt.UTC),
)
REVIEWER = "Marta Puig i Ferrer"
REVIEWED_AT = dt.datetime(2026, 10, 30, 9, 30, tzinfo=dt.UTC)


def sentence(n: int) -> str:
    return SENTENCES[n % len(SENTENCES)]


def transcript_of(index: Index, *, per_span: int = 2, reviewed: bool = False) -> Transcript:
    """A transcript of `index`: each intervention a span of `per_span` segments, sentence n of
    the whole transcript being `sentence(n)`; items in camera withheld."""
    withheld = tuple(
        Withheld(item=item.number, start=item.start, end=item.end)
        for item in index.items
        if item.in_camera and item.start is not None and item.end is not None
    )
    spans, n = [], 0
    for speech in sorted(index.interventions, key=lambda s: s.start):
        if any(speech.start < w.end and w.start < speech.end for w in withheld):
            continue
        step = (speech.end - speech.start) / per_span
        segments = []
        for k in range(per_span):
            start = speech.start + k * step
            segments.append(
                Segment(id=f"s{n:05d}", start=round(start, 3), end=round(start + step * 0.9, 3),
                        text=sentence(n), speaker=speech.speaker, confidence=0.9)
            )  # fmt: skip
            n += 1
        spans.append(
            Span(kind=SpanKind.INTERVENTION, speaker=speech.speaker, name=speech.name,
                 group=speech.group, item=speech.item, start=speech.start, end=speech.end,
                 segments=tuple(segments))
        )  # fmt: skip
    transcript = Transcript(
        session=index.session.id, language="en", duration=index.duration, generator=GENERATOR,
        spans=tuple(spans), withheld=withheld,
    )  # fmt: skip
    return transcript.marked_reviewed(REVIEWER, REVIEWED_AT) if reviewed else transcript
