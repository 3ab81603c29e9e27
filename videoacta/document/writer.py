"""acta.pdf: the written minutes of a video-minutes package, a tagged PDF/A-3a + PDF/UA-1.

In order: the heading block, attendance and quorum, the agenda index (each item's place in the
recording, linked, and its page), one section per item with its interventions, votes and
incidents, the recording's integrity block, the embedded data, and two empty signature fields.
The sections are recorded as blocks (videoacta.document.layout), typeset by Typst
(videoacta.document.typeset), then readied for signing in one pass (videoacta.document.pdfa).
Everything comes from the session, the tally and the index: no clock, no system locale, so the
same inputs give the same bytes.
"""

from collections.abc import Sequence
from typing import Any

from videoacta.core.csv_code import Csv
from videoacta.core.eni import EniRecord
from videoacta.core.published import Publication
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Frozen, Language
from videoacta.core.transcript import Transcript
from videoacta.core.video_index import Index
from videoacta.document import back, fields, front, items
from videoacta.document.annex import transcript_annex
from videoacta.document.context import Context
from videoacta.document.eni_xmp import eni_xmp
from videoacta.document.layout import PAGE_HEIGHT, POINTS_PER_MM, Layout, SignatureSlot
from videoacta.document.pdfa import Attachment, Metadata, finish
from videoacta.document.typeset import Placed, typeset
from videoacta.labels import formatting as fmt
from videoacta.labels import labels
from videoacta.version import __version__


class RenderedActa(Frozen):
    data: bytes
    pages: int


def render_acta(
    run: TallyRun,
    index: Index,
    *,
    language: Language,
    attachments: Sequence[Attachment],
    view: Publication | None = None,
    csv: Csv | None = None,
    eni: EniRecord | None = None,
    annex: Transcript | None = None,
) -> RenderedActa:
    """Lay out the acta, embed `attachments`, and ready the file for signing; `csv` is
    printed in the footer of every page, `eni`'s metadata written in the XMP; `annex`, a
    reviewed transcript, annexed after the signatures."""
    ctx = Context(run, index, labels(language), view)
    layout = Layout()
    front.heading_block(ctx, layout)
    front.attendance(ctx, layout)
    agenda_at = len(layout.blocks)
    items.items(ctx, layout)
    back.integrity(ctx, layout)
    back.embedded(ctx, layout, attachments)
    slots = back.signatures(ctx, layout)
    if annex is not None:
        transcript_annex(ctx, layout, annex)
    _agenda(ctx, layout, agenda_at)
    meta = _metadata(ctx, eni)
    model_meta = {**_model_meta(ctx, meta), **_csv_meta(ctx, csv)}
    model = {"lang": meta.language, "meta": model_meta, "blocks": layout.settled()}
    made = typeset(model, attachments, created=ctx.proceedings.closed)
    boxes = [_box(slots, placed) for placed in made.boxes]
    data, pages = finish(made.data, boxes, meta)
    return RenderedActa(data=data, pages=pages)


def _agenda(ctx: Context, layout: Layout, at: int) -> None:
    """The agenda index, recorded once every item's link is known, set where it belongs: from
    the top of a page."""
    tail = len(layout.blocks)
    layout.page_break()
    front.agenda(ctx, layout)
    agenda = layout.blocks[tail:]
    del layout.blocks[tail:]
    layout.blocks[at:at] = agenda


def _metadata(ctx: Context, eni: EniRecord | None) -> Metadata:
    short_date = fmt.date(ctx.session.date, ctx.formats, weekday=False)
    kind = ctx.labels.session_kind[ctx.session.kind]
    created = ctx.proceedings.closed.astimezone(ctx.zone)
    return Metadata(
        title=front.title(ctx),
        author=ctx.session.body.name,
        subject=ctx.labels.subject.format(date=short_date, kind=kind),
        language=ctx.labels.language.value,
        created=created,
        tool=f"videoacta {__version__}",
        eni=None if eni is None else eni_xmp(eni, created),
    )


def _model_meta(ctx: Context, meta: Metadata) -> dict[str, Any]:
    """The document's title, author and subject, and its running header (from page 2)."""
    short_date = fmt.date(ctx.session.date, ctx.formats, weekday=False)
    running = (ctx.session.body.name, f"{meta.title} · {short_date}")
    if len(running[1]) > 70:
        running = (ctx.session.body.name, f"{ctx.session.number} · {short_date}")
    return {"title": meta.title, "author": meta.author, "subject": meta.subject, "running": running}


def _csv_meta(ctx: Context, csv: Csv | None) -> dict[str, Any]:
    """The footer's CSV line, for the template: the code as printed and where to verify it."""
    if csv is None:
        return {}
    return {"csv": {"code": csv.printed, "url": csv.url, "verify": ctx.labels.csv_verify}}


def _box(slots: Sequence[SignatureSlot], placed: Placed) -> fields.SignatureBox:
    slot = next(s for s in slots if s.field == placed.field)
    return fields.box(slot, placed.page - 1, placed.x, placed.y, PAGE_HEIGHT * POINTS_PER_MM)
