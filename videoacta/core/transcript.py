"""The transcript of the debate, `transcript.json` (pure): what was said, by whom, when.

Speech recognition gives text with times; the vote log gives who had the floor. A transcript is
a list of spans of the recording, each with its speaker as the log says (`kind = "intervention"`),
or the chair presiding between interventions (`"presiding"`), or nobody known
(`"unattributed"`: before the session opened, after it closed). Each span holds the segments the
engine returned, each with its own times, text, confidence and speaker (a reviewer may correct
the speaker of one segment). Spans where the audio has speech but the engine returned no text are
`flags`, never dropped silently. Items debated in camera are `withheld`: never transcribed.

A machine transcript is "automatic, not reviewed" until the secretary reviews it; the review
records a digest of what was reviewed (`content_digest`), so an edit after the review makes it
automatic again (`Transcript.reviewed` is False) until it is reviewed anew.
"""

import bisect
import datetime as dt
import hashlib
import heapq
import itertools
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator

from videoacta.core.terms import Frozen, Identifier, StrictBool

TRANSCRIPT_FORMAT: Literal["videoacta-transcript/1"] = "videoacta-transcript/1"
MAX_SEGMENT_TEXT = 2000  # characters: whisper segments are at most 30 s of speech
MAX_SEGMENTS = 200_000  # far beyond a 12-hour session
MIN_PIECE = 0.01  # seconds: a shorter piece of an intervention gets no span
Seconds = Annotated[float, Strict(), Field(ge=0, le=1e6, allow_inf_nan=False)]
LanguageCode = Annotated[str, Strict(), Field(pattern=r"^[a-z]{2,3}$")]
Digest = Annotated[str, Strict(), Field(pattern=r"^sha256:[0-9a-f]{64}$")]


class SpanKind(StrEnum):
    INTERVENTION = "intervention"  # the log's speech_started .. speech_ended: its speaker
    PRESIDING = "presiding"  # between interventions in the session: the chair presiding
    UNATTRIBUTED = "unattributed"  # outside the session's hours: nobody known


class FlagKind(StrEnum):
    SPEECH_WITHOUT_TEXT = "speech_without_text"  # voice activity, but the engine returned nothing


class TranscriptSettings(Frozen):
    """`[transcript]` in session.toml: how to transcribe and whether the acta has the annex."""

    language: LanguageCode | None = Field(
        default=None, description="the language spoken (default: the session's language)"
    )
    detect_language: StrictBool = Field(
        default=False, description="detect the language of each intervention instead"
    )
    annex: StrictBool = Field(
        default=False, description="the reviewed transcript as an annex of the acta"
    )


class Generator(Frozen):
    """What made the transcript: the engine and the exact model (a digest of its files)."""

    engine: str = Field(min_length=1, max_length=200)  # "faster-whisper 1.2.1, CTranslate2 4.6.0"
    model: str = Field(min_length=1, max_length=200)  # the model's name (its folder's)
    model_digest: Digest  # SHA-256 over the model folder's files, names and contents
    vad: str | None = Field(default=None, max_length=200)  # the voice-activity detector
    created: dt.datetime
    # seconds of work per second of sound (under 1: faster than real time)
    real_time_factor: float | None = Field(default=None, ge=0, allow_inf_nan=False)


class Segment(Frozen):
    """One stretch of recognised speech: times on the recording's timeline (seconds)."""

    id: Identifier  # stable across reviews: "s00001"
    start: Seconds
    end: Seconds
    text: str = Field(max_length=MAX_SEGMENT_TEXT)
    speaker: Identifier | None  # a member's id; None when nobody is known
    confidence: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    language: LanguageCode | None = None  # when detected per intervention
    edited: StrictBool = False  # changed by a reviewer (text or speaker)


class Flag(Frozen):
    kind: FlagKind
    start: Seconds
    end: Seconds


class Span(Frozen):
    """A span of the recording and who had the floor, with what the engine heard in it."""

    kind: SpanKind
    speaker: Identifier | None  # the log's speaker, or the chair presiding; None: unattributed
    name: str | None = Field(default=None, max_length=200)
    group: str | None = Field(default=None, max_length=200)
    item: int | None = None
    start: Seconds
    end: Seconds
    segments: tuple[Segment, ...] = ()
    flags: tuple[Flag, ...] = ()


class Withheld(Frozen):
    """An item debated in camera: its span is never transcribed (ROF 88.1)."""

    item: int
    start: Seconds
    end: Seconds


class Review(Frozen):
    """Who reviewed the transcript, when, and what (its digest); all three, or none of them."""

    status: Literal["automatic", "reviewed"] = "automatic"
    reviewed_by: str | None = Field(default=None, max_length=200)
    reviewed_at: dt.datetime | None = None
    content_digest: Digest | None = None  # content_digest() of what was reviewed

    @model_validator(mode="after")
    def _complete(self) -> "Review":
        given = {
            "reviewed_by": self.reviewed_by is not None and bool(self.reviewed_by.strip()),
            "reviewed_at": self.reviewed_at is not None,
            "content_digest": self.content_digest is not None,
        }
        reviewed = self.status == "reviewed"
        for field, present in given.items():
            if present != reviewed:
                state = "missing" if reviewed else "given"
                raise ValueError(
                    f"{field}: {state}, and status is {self.status!r} (a review "
                    "has its reviewer, its time and its digest, or none of them)"
                )
        at = self.reviewed_at
        if at is not None and (at.tzinfo is None or at.utcoffset() is None):
            raise ValueError("reviewed_at: a time with its offset from UTC is needed")
        return self


class Transcript(Frozen):
    """What `transcript.json` holds."""

    format: Literal["videoacta-transcript/1"] = TRANSCRIPT_FORMAT
    session: Identifier
    language: LanguageCode
    duration: Seconds  # the recording's, in seconds
    generator: Generator
    spans: tuple[Span, ...]
    withheld: tuple[Withheld, ...] = ()
    review: Review = Review()

    @property
    def reviewed(self) -> bool:
        """Reviewed, and nothing changed since: the review's digest is the content's (a review
        has its reviewer, its time and its digest: `Review`). Every output asks this."""
        return self.review.status == "reviewed" and self.review.content_digest == content_digest(
            self
        )

    def reviewer(self) -> tuple[str, dt.datetime] | None:
        """Who reviewed it and when, if it is `reviewed`; None if it is not (or no longer)."""
        review = self.review
        if not self.reviewed or review.reviewed_by is None or review.reviewed_at is None:
            return None
        return review.reviewed_by, review.reviewed_at

    def segments(self) -> tuple[Segment, ...]:
        """Every segment, in the order of the recording."""
        every = (segment for span in self.spans for segment in span.segments)
        return tuple(sorted(every, key=lambda s: (s.start, s.end, s.id)))

    def marked_reviewed(self, by: str, at: dt.datetime) -> "Transcript":
        """The same transcript, reviewed by `by` at `at` (a tz-aware time)."""
        review = Review(
            status="reviewed", reviewed_by=by, reviewed_at=at, content_digest=content_digest(self)
        )
        return self.model_copy(update={"review": review})


def content_digest(transcript: Transcript) -> str:
    """SHA-256 of what a review vouches for: the spans and the withheld items, canonical JSON."""
    content = {
        "session": transcript.session,
        "language": transcript.language,
        "spans": [span.model_dump(mode="json") for span in transcript.spans],
        "withheld": [w.model_dump(mode="json") for w in transcript.withheld],
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def status_label(transcript: Transcript) -> Literal["automatic", "reviewed"]:
    """ "reviewed" only if reviewed and unchanged since; every output shows this."""
    return "reviewed" if transcript.reviewed else "automatic"


def heard_pieces(
    speeches: Sequence[tuple[float, float]], withheld: Sequence[tuple[float, float]]
) -> list[tuple[int, float, float]]:
    """Which intervention is transcribed when: (its index in `speeches`, start, end), in order,
    never overlapping and never inside a `withheld` interval. When speeches overlap (the log
    lets two members hold the floor), each moment is the latest-begun speech's still running
    (an earlier one resumes after a later one inside it ends); an item in camera cuts every
    speech running into it. Shared by `transcribe` (what it hears) and the check (what it
    expects), so that a transcript made is a transcript that passes."""
    order = sorted(range(len(speeches)), key=lambda n: (speeches[n][0], n))
    bounds = sorted({t for s in speeches for t in s} | {t for w in withheld for t in w})
    cut = _merged(withheld)
    cut_starts = [a for a, _ in cut]
    running: list[tuple[float, int, float]] = []  # (-start, n, end): the latest-begun on top
    pieces: list[tuple[int, float, float]] = []
    at = 0
    for start, end in itertools.pairwise(bounds):
        while at < len(order) and speeches[order[at]][0] <= start:
            n = order[at]
            heapq.heappush(running, (-speeches[n][0], n, speeches[n][1]))
            at += 1
        while running and running[0][2] <= start:
            heapq.heappop(running)
        k = bisect.bisect_right(cut_starts, start) - 1  # bounds hold every cut's edges
        if not running or (k >= 0 and start < cut[k][1]):
            continue
        n = running[0][1]
        if pieces and pieces[-1][0] == n and pieces[-1][2] == start:
            pieces[-1] = (n, pieces[-1][1], end)
        else:
            pieces.append((n, start, end))
    return [piece for piece in pieces if piece[2] - piece[1] > MIN_PIECE]


def _merged(intervals: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The union of `intervals`, as sorted disjoint intervals."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged
