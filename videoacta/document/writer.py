"""acta.pdf: the written minutes of a video-minutes package, as a PDF/A-3B document.

In order: the heading block, attendance and quorum, the agenda index (each item's place in the
recording, linked, and its page), one section per item with its interventions, votes and
incidents, the recording's integrity block, the embedded data, and two empty signature fields.
Everything comes from the session, the tally and the index: no clock, no system locale, so the
same inputs give the same bytes.
"""

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.outline import OutlineSection
from fpdf.prefs import ViewerPreferences

from videoacta.core import text
from videoacta.core.published import Publication
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Frozen, Language
from videoacta.core.video_index import Index
from videoacta.document import back, front, items
from videoacta.document.context import Context
from videoacta.document.labels import formatting as fmt
from videoacta.document.labels import labels
from videoacta.document.layout import ActaPDF, Layout
from videoacta.document.pdfa import Attachment, Metadata, prepare, xmp
from videoacta.errors import InputError
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
) -> RenderedActa:
    """Lay out the acta, embed `attachments`, and ready the file for signing."""
    ctx = Context(run, index, labels(language), view)
    pdf = _document(ctx)
    layout = Layout(pdf)
    pdf.add_page()
    front.heading_block(ctx, layout)
    pdf.start_section(ctx.labels.attendance)
    front.attendance(ctx, layout)
    _reserve_agenda(ctx, layout)
    items.items(ctx, layout)
    pdf.start_section(ctx.labels.integrity)
    back.integrity(ctx, layout)
    pdf.start_section(ctx.labels.embedded)
    back.embedded(ctx, layout, attachments)
    pdf.start_section(ctx.labels.signatures)
    boxes = back.signatures(ctx, layout)
    for attachment in attachments:
        _embed(ctx, pdf, attachment)
    data = bytes(pdf.output())
    _check_glyphs(pdf)
    return RenderedActa(data=prepare(data, boxes), pages=pdf.pages_count)


def _check_glyphs(pdf: ActaPDF) -> None:
    """Refuse an acta in which a character was not drawn: fpdf2 only logs it and draws nothing.

    The input is checked against the same fonts (videoacta.core.text), so this is a last line of
    defence against text that reached the page another way.
    """
    for font in pdf.fonts.values():
        missing = getattr(font, "missing_glyphs", None)
        if missing:
            raise InputError("acta.pdf", text.refusal(chr(missing[0])))


def _document(ctx: Context) -> ActaPDF:
    session, labels_ = ctx.session, ctx.labels
    short_date = fmt.date(session.date, ctx.formats, weekday=False)
    kind = labels_.session_kind[session.kind]
    running = (session.body.name, f"{front.title(ctx)} · {short_date}")
    if len(running[1]) > 70:
        running = (session.body.name, f"{session.number} · {short_date}")
    pdf = ActaPDF(running)
    meta = Metadata(
        title=front.title(ctx),
        author=session.body.name,
        subject=labels_.subject.format(date=short_date, kind=kind),
        language=labels_.language.value,
        created=ctx.proceedings.closed,
        tool=f"videoacta {__version__}",
    )
    pdf.set_title(meta.title)
    pdf.set_author(meta.author)
    pdf.set_subject(meta.subject)
    pdf.set_lang(meta.language)
    pdf.set_creator(meta.tool)
    pdf.set_producer(meta.tool)
    pdf.set_creation_date(meta.created)
    pdf.set_xmp_metadata(xmp(meta))
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    return pdf


def _reserve_agenda(ctx: Context, layout: Layout) -> None:
    """Keep room for the agenda index, drawn last, once every item's page is known.

    The room needed is measured by laying the index out on a scratch document from the same
    height of the page: its page numbers have a fixed column, so the real one takes as many.
    """
    scratch = ActaPDF(layout.pdf.running)
    scratch.add_page()
    scratch.set_y(layout.pdf.y)
    front.agenda(ctx, Layout(scratch))

    def draw(pdf: FPDF, outline: list[OutlineSection]) -> None:
        front.agenda(ctx, layout)

    layout.pdf.start_section(ctx.labels.agenda)
    layout.pdf.insert_toc_placeholder(draw, pages=scratch.page)


def _embed(ctx: Context, pdf: ActaPDF, attachment: Attachment) -> None:
    pdf.embed_file(
        bytes=attachment.data,
        basename=attachment.name,
        mime_type=attachment.mime,
        associated_file_relationship=attachment.relationship,
        desc=attachment.description,
        creation_date=ctx.proceedings.closed,
        modification_date=ctx.proceedings.closed,
        compress=True,
    )
