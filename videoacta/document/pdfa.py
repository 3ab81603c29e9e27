"""PDF/A-3B plumbing around fpdf2: XMP metadata, and one pypdf pass that readies the file to sign.

fpdf2 writes the document; this module writes its XMP (fpdf2's own takes the clock as the
modification date), and then rewrites the file once with pypdf, before any signature:

- every annotation becomes an indirect object (fpdf2 writes link annotations inline in the
  page's /Annots, and pyHanko's change analysis rejects later revisions that touch such pages);
- the two empty signature fields are added (a widget each, with an appearance stream, printable,
  as PDF/A wants), for pyHanko to sign into;
- the header stays `%PDF-1.7` and the file identifier is fpdf2's, a hash of the content.

The result is one revision: no incremental update comes before the first signature.
"""

import datetime as dt
import hashlib
import io
import re
from collections.abc import Sequence
from functools import cached_property
from typing import cast
from xml.sax.saxutils import escape

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from videoacta.core.terms import Frozen

HEADER = "%PDF-1.7"
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
PRINT_FLAG = 4


class Attachment(Frozen):
    """A file embedded as a PDF/A-3 associated file (its /AFRelationship: Data or Source)."""

    name: str
    data: bytes
    mime: str
    relationship: str
    description: str

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class SignatureBox(Frozen):
    """An empty signature field: its name, page (from 0), rectangle in points, and tooltip."""

    name: str
    page: int
    rect: tuple[float, float, float, float]
    label: str


class Metadata(Frozen):
    title: str
    author: str
    subject: str
    language: str
    created: dt.datetime
    tool: str


def xml_text(text: str) -> str:
    """Text as XML character data, well-formed whatever it holds: `& < >` as entities, line
    breaks and other controls as spaces, and what XML 1.0 cannot hold at all as U+FFFD."""
    return escape(_NOT_XML.sub("\ufffd", _CONTROLS.sub(" ", text)))


def xmp(meta: Metadata) -> str:
    """The document's XMP packet body: Dublin Core, dates from the session, PDF/A-3B id."""
    stamp = meta.created.isoformat(timespec="seconds")
    return f"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt>
        <rdf:li xml:lang="x-default">{xml_text(meta.title)}</rdf:li>
      </rdf:Alt></dc:title>
      <dc:creator><rdf:Seq><rdf:li>{xml_text(meta.author)}</rdf:li></rdf:Seq></dc:creator>
      <dc:description><rdf:Alt>
        <rdf:li xml:lang="x-default">{xml_text(meta.subject)}</rdf:li>
      </rdf:Alt></dc:description>
      <dc:language><rdf:Bag><rdf:li>{xml_text(meta.language)}</rdf:li></rdf:Bag></dc:language>
      <xmp:CreatorTool>{xml_text(meta.tool)}</xmp:CreatorTool>
      <xmp:CreateDate>{stamp}</xmp:CreateDate>
      <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
      <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
      <pdf:Producer>{xml_text(meta.tool)}</pdf:Producer>
      <pdfaid:part>3</pdfaid:part>
      <pdfaid:conformance>B</pdfaid:conformance>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>"""


def prepare(data: bytes, boxes: Sequence[SignatureBox]) -> bytes:
    """Rewrite fpdf2's output once: annotations indirect, the signature fields added."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader, keep_initial_header=True)
    for page in writer.pages:
        _indirect_annotations(writer, page)
    fields = ArrayObject(_signature_field(writer, box) for box in boxes)
    if fields:
        form = DictionaryObject({NameObject("/Fields"): fields})
        writer.root_object[NameObject("/AcroForm")] = writer._add_object(form)
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()
    if not result.startswith(HEADER.encode()):
        raise AssertionError(f"the acta's header is not {HEADER}")
    return result


def _indirect_annotations(writer: PdfWriter, page: PageObject) -> None:
    annotations = page.get("/Annots")
    if annotations is None:
        return
    indirect = ArrayObject()
    for annotation in annotations.get_object():
        if isinstance(annotation, IndirectObject):
            indirect.append(annotation)
        else:
            indirect.append(writer._add_object(annotation))
    page[NameObject("/Annots")] = indirect


def _signature_field(writer: PdfWriter, box: SignatureBox) -> PdfObject:
    """A merged field and widget: /FT /Sig, empty (no /V), printable, with an empty appearance."""
    page = writer.pages[box.page]
    x1, y1, x2, y2 = box.rect
    appearance = DecodedStreamObject()
    appearance.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, x2 - x1, y2 - y1)),
            NameObject("/Resources"): DictionaryObject(),
        }
    )
    appearance.set_data(b"")
    field = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject(box.name),
            NameObject("/TU"): TextStringObject(box.label),
            NameObject("/F"): NumberObject(PRINT_FLAG),
            NameObject("/Rect"): ArrayObject(FloatObject(round(v, 3)) for v in box.rect),
            NameObject("/P"): page.indirect_reference,
            NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)}),
        }
    )
    reference = writer._add_object(field)
    annotations = page.get("/Annots")
    listed = (
        cast(ArrayObject, annotations.get_object()) if annotations is not None else ArrayObject()
    )
    listed.append(reference)
    page[NameObject("/Annots")] = listed
    return reference


def attachments(data: bytes) -> dict[str, bytes]:
    """The files embedded in a PDF, by name (the last one of a name, if repeated)."""
    found = PdfReader(io.BytesIO(data)).attachments
    return {name: bytes(contents[-1]) for name, contents in found.items() if contents}
