"""transcript.json fixtures: spans made from an index's interventions, with known sentences.

`sample_in_camera` copies the sample session with item 4 debated in camera (as the viewer's
tests do), so that one folder has interventions, a secret ballot and a withheld item.
`transcript_for` gives each intervention two segments of known text, its speaker's, and
withholds every item in camera: a transcript `check_transcript` finds nothing wrong with.
"""

import datetime as dt
from pathlib import Path

from tests.publish.conftest import IN_CAMERA as IN_CAMERA
from tests.publish.conftest import sample_in_camera as sample_in_camera
from videoacta.core.transcript import (
    Generator,
    Segment,
    Span,
    SpanKind,
    Transcript,
    Withheld,
)
from videoacta.editor.transcript_review import folder_index
from videoacta.inputs.transcript_file import write_transcript

SENTENCES = (
    "Good evening, we begin the session.",
    "I ask the council to approve the minutes.",
    "Our group will vote in favour of this proposal.",
    "We have doubts about the budget of the plan.",
)
CREATED = dt.datetime(2026, 10, 30, 9, 0, tzinfo=dt.UTC)
GENERATOR = Generator(
    engine="tests.editor.transcript_fixture",
    model="known-sentences",
    model_digest="sha256:" + "0" * 64,
    created=CREATED,
)


def sentence(n: int) -> str:
    """The known text of the n-th segment (from 0)."""
    return f"{SENTENCES[n % len(SENTENCES)]} ({n + 1})"


def transcript_for(folder: Path) -> Transcript:
    """A clean transcript of `folder`: two segments per intervention of its index."""
    session, index = folder_index(folder)
    spans = []
    for k, speech in enumerate(index.interventions):
        middle = round((speech.start + speech.end) / 2, 2)
        segments = tuple(
            Segment(
                id=f"s{2 * k + n + 1:05d}",
                start=start,
                end=end,
                text=sentence(2 * k + n),
                speaker=speech.speaker,
                confidence=0.9,
            )
            for n, (start, end) in enumerate(((speech.start, middle), (middle, speech.end)))
        )
        spans.append(
            Span(
                kind=SpanKind.INTERVENTION,
                speaker=speech.speaker,
                name=speech.name,
                group=speech.group,
                item=speech.item,
                start=speech.start,
                end=speech.end,
                segments=segments,
            )
        )
    withheld = tuple(
        Withheld(item=item.number, start=item.start, end=item.end)
        for item in index.items
        if item.in_camera and item.start is not None and item.end is not None
    )
    return Transcript(
        session=session.id,
        language="en",
        duration=index.duration,
        generator=GENERATOR,
        spans=tuple(spans),
        withheld=withheld,
    )


def write_sample(target: Path) -> tuple[Path, Transcript]:
    """The sample in camera at `target`, with its clean transcript.json written."""
    folder = sample_in_camera(target)
    transcript = transcript_for(folder)
    write_transcript(folder, transcript)
    return folder, transcript
