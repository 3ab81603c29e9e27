"""The acta's annex: the reviewed transcript of the debate (`[transcript] annex = true`).

Only a transcript reviewed and unchanged since is annexed (`Transcript.reviewed`; the build
refuses the annex otherwise, naming session.toml's `transcript.annex`). It starts on a page of
its own, after the signatures: who reviewed it and when, then each intervention, one row a
segment: its times in the recording, who spoke (name and group or office, on the first row of
each turn and when a reviewer gave a segment to someone else), what was said.
"""

from videoacta.core.transcript import Span, Transcript
from videoacta.document.context import Context
from videoacta.document.layout import MUTED, Cell, Column, Layout, Table
from videoacta.errors import InputError
from videoacta.labels import formatting as fmt
from videoacta.labels.transcript import transcript_words


def transcript_annex(ctx: Context, layout: Layout, transcript: Transcript) -> None:
    """The annex, from a reviewed transcript."""
    reviewer = transcript.reviewer()
    if reviewer is None:  # the build refuses the annex before (inputs/transcript_file.py)
        raise InputError("transcript.json", "review: the annex needs a reviewed transcript")
    by, at = reviewer
    words = transcript_words(ctx.labels.language)
    day = fmt.date(at.astimezone(ctx.zone).date(), ctx.formats, weekday=False)
    layout.page_break()
    layout.heading(words.annex, 1)
    layout.paragraph(words.reviewed.format(by=by, date=day), style="B")
    layout.paragraph(words.intro, size=8.5, color=MUTED)
    columns = (Column(words.time, 0.16), Column(words.speaker, 0.26), Column(words.text, 0.58))
    rows: list[tuple[str, Cell | str, str]] = []
    for span in transcript.spans:
        rows += _rows(ctx, span)
    if rows:
        layout.table(Table(columns, rows))


def _rows(ctx: Context, span: Span) -> list[tuple[str, Cell | str, str]]:
    rows: list[tuple[str, Cell | str, str]] = []
    previous: str | None = None
    for segment in span.segments:
        speaker = segment.speaker or span.speaker
        who: Cell | str = ""
        if speaker != previous or not rows:
            who = _who(ctx, span, speaker)
        previous = speaker
        times = fmt.span(fmt.offset(segment.start), fmt.offset(segment.end))
        rows.append((times, who, segment.text))
    return rows


def _who(ctx: Context, span: Span, speaker: str | None) -> Cell | str:
    if speaker is None:
        return ""
    name = span.name if speaker == span.speaker and span.name else ctx.name(speaker)
    office = ctx.group_or_office(speaker)
    return Cell(f"{name}\n{office}" if office else name, style="B")
