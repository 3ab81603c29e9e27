"""The back of the acta: the recording's integrity block, the embedded data, the signatures."""

import datetime as dt
import unicodedata
from collections.abc import Sequence

from videoacta.core.evidence import StartSource
from videoacta.core.video_index import IndexedPart, IndexedRecording
from videoacta.document.context import Context
from videoacta.document.layout import MUTED, Cell, Column, Layout, SignatureSlot, Table
from videoacta.document.pdfa import Attachment
from videoacta.labels import formatting as fmt
from videoacta.labels import media

SECRETARY_FIELD, CHAIR_FIELD = "Signature_Secretary", "Signature_Chair"


def integrity(ctx: Context, layout: Layout) -> None:
    """Each original part, then the packaged recording: format, size, times, SHA-256."""
    labels = ctx.labels
    layout.heading(labels.integrity, 1, keep=72)  # with the intro and the first part
    layout.paragraph(labels.integrity_intro, size=8.5, color=MUTED)
    for number, part in enumerate(ctx.index.parts, start=1):
        # A part's name is kept as written; drawn in NFC, which the fonts draw (no lone U+0301).
        title = f"{labels.part.format(n=number)}: {unicodedata.normalize('NFC', part.file)}"
        layout.facts(_part_facts(ctx, part), label_width=0.26, title=title)
    if ctx.index.recording is not None:
        recording = ctx.index.recording
        title = f"{labels.packaged}: {recording.file}"
        layout.facts(_recording_facts(ctx, recording), label_width=0.26, title=title)


def _streams(ctx: Context, part: IndexedPart) -> str:
    size = f"{part.width}\u00d7{part.height}" if part.width and part.height else ""
    return media.streams(ctx.labels, part.video_codec, part.audio_codec, size)


def _moment(ctx: Context, moment: dt.datetime) -> str:
    local = moment.astimezone(ctx.zone)
    if local.date() == ctx.session.date:
        return ctx.clock(moment)
    return f"{local.date().isoformat()} {ctx.clock(moment)}"


def _part_facts(ctx: Context, part: IndexedPart) -> list[tuple[str, str | Cell]]:
    labels = ctx.labels
    return [
        (labels.format, media.described(part.file, part.container, _streams(ctx, part))),
        (labels.size, fmt.size(part.size, ctx.formats)),
        (labels.duration, fmt.duration(part.duration)),
        (labels.start, _moment(ctx, part.start)),
        (labels.end, _moment(ctx, part.end)),
        (labels.start_source, _source(ctx, part.start_source)),
        (labels.in_recording, labels.offset.format(offset=fmt.offset(part.offset))),
        (labels.sha256, Cell(part.sha256, style="B")),
    ]


def _source(ctx: Context, source: str) -> str:
    try:
        return ctx.labels.start_sources[StartSource(source)]
    except ValueError:
        return source


def _recording_facts(ctx: Context, recording: IndexedRecording) -> list[tuple[str, str | Cell]]:
    labels = ctx.labels
    streams = "; ".join(dict.fromkeys(_streams(ctx, part) for part in ctx.index.parts))
    return [
        (labels.format, media.described(recording.file, recording.container, streams)),
        (labels.size, fmt.size(recording.size, ctx.formats)),
        (labels.duration, fmt.duration(recording.duration)),
        (labels.sha256, Cell(recording.sha256, style="B")),
    ]


def embedded(ctx: Context, layout: Layout, attachments: Sequence[Attachment]) -> None:
    """What the PDF carries as associated files, with the size and SHA-256 of each."""
    labels = ctx.labels
    layout.heading(labels.embedded, 1)
    layout.paragraph(labels.embedded_intro, size=8.5, color=MUTED)
    columns = (Column(labels.file, 0.2), Column(labels.contents, 0.8))
    rows = [
        (
            Cell(a.name, style="B"),
            f"{a.description} ({fmt.size(len(a.data), ctx.formats)})\n{labels.sha256} {a.sha256}",
        )
        for a in attachments
    ]
    layout.table(Table(columns, rows))


def signatories(ctx: Context) -> tuple[SignatureSlot, SignatureSlot]:
    labels, session = ctx.labels, ctx.session
    secretary = session.secretary
    chair = session.member(session.chair)
    return (
        SignatureSlot(
            field=SECRETARY_FIELD,
            caption=labels.certifies,
            name=secretary.name,
            role=secretary.title or labels.secretary_role,
        ),
        SignatureSlot(
            field=CHAIR_FIELD,
            caption=labels.visto_bueno,
            name=chair.name if chair else session.chair,
            role=ctx.chair_title,
        ),
    )


def signatures(ctx: Context, layout: Layout) -> tuple[SignatureSlot, ...]:
    """The certification, and two empty boxes where the signatures will be drawn."""
    labels = ctx.labels
    layout.heading(labels.signatures, 1, keep=80)
    layout.paragraph(labels.certification)
    slots = signatories(ctx)
    layout.signatures(slots)
    return slots
