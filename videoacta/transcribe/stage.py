"""The transcription stage: the session placed on its recording, through the engine, into a
`Transcript` ("automatic, not reviewed"); the real-time factor (seconds of work per second of
sound, as speech recognition reports it: under 1 is faster than real time) goes to the generator
and to the log."""

import datetime as dt
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field

from videoacta.core.terms import Frozen
from videoacta.core.transcript import (
    Flag,
    FlagKind,
    Generator,
    LanguageCode,
    Segment,
    Span,
    SpanKind,
    Transcript,
)
from videoacta.errors import InputError
from videoacta.media import audio
from videoacta.media.index_stage import Placed
from videoacta.progress import Progress, Step, quiet, report
from videoacta.transcribe import model as models
from videoacta.transcribe.spans import plan_spans

if TYPE_CHECKING:  # numpy comes with the extra: the engine is imported only to transcribe
    from videoacta.transcribe.engine import Engine

log = logging.getLogger(__name__)
MAX_THREADS = 256


class TranscribeOptions(Frozen):
    """How to transcribe: the model folder, and what overrides the session's `[transcript]`."""

    model: Path
    language: LanguageCode | None = None  # None: [transcript] language, else the session's
    detect_language: bool | None = None  # None: [transcript] detect_language unless `language`
    threads: int | None = Field(default=None, ge=1, le=MAX_THREADS)  # None: every core


def threads_of(options: TranscribeOptions) -> int:
    return options.threads or os.cpu_count() or 1


def transcribe(
    placed: Placed,
    options: TranscribeOptions,
    *,
    model: models.ModelFolder | None = None,
    progress: Progress = quiet,
) -> Transcript:
    """The transcript of `placed`'s recording; InputError or MediaError before any work if the
    model, the language or the sound cannot be used."""
    model = model or models.check_model(options.model)
    engine_name = models.engine_version()
    session = placed.run.session
    language = options.language or session.transcript.language or session.language.value
    # A language asked for (--language) overrides the session's detection; --detect-language
    # the session's language.
    detect = (
        options.detect_language
        if options.detect_language is not None
        else options.language is None and session.transcript.detect_language
    )
    offsets = [part.offset for part in placed.timeline.parts]
    parts = audio.audio_parts(placed.paths, placed.infos, offsets)
    loaded = models.load(model, threads_of(options))
    if not loaded.model.is_multilingual and (detect or language != "en"):
        what = "detect the language" if detect else f"transcribe '{language}'"
        raise InputError(
            str(options.model), f"an English-only model cannot {what}; give a multilingual "
            "model, or --language en"
        )  # fmt: skip
    from videoacta.transcribe.engine import VAD, Engine

    plan = plan_spans(placed)
    engine = Engine(loaded, parts, language=None if detect else language)
    total = sum(span.end - span.start for span in plan.spans)
    started, done = time.monotonic(), 0.0
    spans: list[Span] = []
    report(progress, Step.TRANSCRIBING, 0, total)
    for span in plan.spans:
        spans.append(_heard(engine, span, first=sum(len(s.segments) for s in spans)))
        done += span.end - span.start
        report(progress, Step.TRANSCRIBING, done, total)
    elapsed = time.monotonic() - started
    factor = round(elapsed / total, 4) if total > 0 else None
    log.info("transcribed %.1f s of sound in %.1f s: real-time factor %s", total, elapsed, factor)
    generator = Generator(
        engine=engine_name, model=model.name, model_digest=model.digest, vad=VAD,
        created=dt.datetime.now(dt.UTC).replace(microsecond=0), real_time_factor=factor,
    )  # fmt: skip
    return Transcript(
        session=session.id, language=language, duration=plan.duration, generator=generator,
        spans=tuple(spans), withheld=plan.withheld,
    )  # fmt: skip


def _heard(engine: "Engine", span: Span, *, first: int) -> Span:
    """The span with the segments the engine heard in it, and its speech left without text."""
    heard = engine.hear(span.start, span.end)
    speaker = None if span.kind is SpanKind.UNATTRIBUTED else span.speaker
    segments = tuple(
        Segment(
            id=f"s{first + n + 1:05d}",
            start=s.start,
            end=s.end,
            text=s.text,
            speaker=speaker,
            confidence=s.confidence,
            language=s.language,
        )
        for n, s in enumerate(heard.segments)
    )
    flags = tuple(
        Flag(kind=FlagKind.SPEECH_WITHOUT_TEXT, start=round(a, 3), end=round(b, 3))
        for a, b in heard.unheard
    )
    return span.model_copy(update={"segments": segments, "flags": flags})
