"""PDF/A-3a + PDF/UA-1 plumbing around Typst: the metadata, and one pikepdf pass before signing.

Typst writes the tagged document; the pass (`finish`) then, once, before any signature:

- adds the two empty signature fields, tagged (videoacta.document.fields);
- writes the XMP and the document information dictionary in agreement: title, author, subject,
  language, tool, and the dates in the session's time zone (Typst writes them in UTC), keeping
  the PDF/A-3 (conformance A) and PDF/UA-1 identifiers;
- saves with object streams (a quarter of the size), the file identifier from the content.

The result is one revision: no incremental update comes before the first signature.
"""

import datetime as dt
import hashlib
import io
import re
from collections.abc import Sequence
from functools import cached_property
from xml.sax.saxutils import escape

import pikepdf

from videoacta.core.terms import Frozen
from videoacta.document import eni_xmp
from videoacta.document.eni_xmp import EniXmp
from videoacta.document.fields import SignatureBox, add_fields

HEADER = "%PDF-1.7"
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_XMP_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
_XMP_END = '\n<?xpacket end="w"?>'


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


class Metadata(Frozen):
    title: str
    author: str
    subject: str
    language: str
    created: dt.datetime
    tool: str
    eni: EniXmp | None = None


def xml_text(text: str) -> str:
    """Text as XML character data, well-formed whatever it holds: `& < >` as entities, line
    breaks and other controls as spaces, and what XML 1.0 cannot hold at all as U+FFFD."""
    return escape(_NOT_XML.sub("\ufffd", _CONTROLS.sub(" ", text)))


def _pdf_text(text: str) -> str:
    """Text for the information dictionary: the same characters the XMP holds."""
    return _NOT_XML.sub("\ufffd", _CONTROLS.sub(" ", text))


def xmp(meta: Metadata) -> str:
    """The document's XMP packet body: Dublin Core, dates from the session, PDF/A-3A and
    PDF/UA-1 ids (pdfuaid declared as a PDF/A extension schema, as PDF/A-3 asks); with
    `meta.eni`, the ENI metadata, declared the same way (eni_xmp)."""
    stamp = meta.created.isoformat(timespec="seconds")
    eni = meta.eni
    eni_ns = "" if eni is None else f"\n        {eni_xmp.namespace_declaration()}"
    eni_values = "" if eni is None else f"\n{eni_xmp.properties(eni)}"
    eni_schema = "" if eni is None else eni_xmp.extension_schema()
    return f"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
        xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
        xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
        xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
        xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"{eni_ns}>
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
      <pdfaid:conformance>A</pdfaid:conformance>
      <pdfuaid:part>1</pdfuaid:part>{eni_values}
      <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
        <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
          <pdfaProperty:name>part</pdfaProperty:name>
          <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
          <pdfaProperty:category>internal</pdfaProperty:category>
          <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li></rdf:Seq></pdfaSchema:property>
      </rdf:li>{eni_schema}</rdf:Bag></pdfaExtension:schemas>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>"""  # noqa: E501


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date string (D:YYYYMMDDHHmmSS+HH'mm'), in the moment's own offset."""
    offset = moment.strftime("%z") or "+0000"
    return f"D:{moment:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'"


def finish(data: bytes, boxes: Sequence[SignatureBox], meta: Metadata) -> tuple[bytes, int]:
    """Typst's file, once rewritten: the signature fields added, the metadata in agreement,
    object streams; and its page count."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        add_fields(pdf, boxes)
        _metadata(pdf, meta)
        out = io.BytesIO()
        pdf.save(
            out, min_version="1.7", force_version="1.7", deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )  # fmt: skip
        pages = len(pdf.pages)
    return out.getvalue(), pages


def _metadata(pdf: pikepdf.Pdf, meta: Metadata) -> None:
    packet = (_XMP_BEGIN + xmp(meta) + _XMP_END).encode("utf-8")
    name = pikepdf.Name
    pdf.Root.Metadata = pdf.make_stream(packet, Type=name.Metadata, Subtype=name.XML)
    info = {"/Title": meta.title, "/Author": meta.author, "/Subject": meta.subject}
    # No /Producer: each signature's revision (pyHanko) sets the XMP's to its own name and
    # appends it to an /Info one; left out, both get the same name and still agree (PDF/A-3).
    info["/Creator"] = meta.tool
    dates = {"/CreationDate": pdf_date(meta.created), "/ModDate": pdf_date(meta.created)}
    strings = {key: pikepdf.String(_pdf_text(value)) for key, value in (info | dates).items()}
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(strings))
    pdf.Root.Lang = pikepdf.String(meta.language)


def attachments(data: bytes) -> dict[str, bytes]:
    """The files embedded in a PDF, by name."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = pdf.attachments
        return {name: found[name].get_file().read_bytes() for name in found}
