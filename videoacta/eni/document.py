"""acta.eni.xml: the signed acta.pdf as an ENI document (documento-e v1.0).

The content is the PAdES PDF itself (base64 in `ValorBinario`, Id CONTENIDO_DOCUMENTO); each
signature in it is one TF06 `firma` that references the content, in signing order, as InSide
writes a PAdES document (shared/schemas/eni/FACTS.md §1).
"""

import base64
import datetime as dt
import re

from lxml import etree

from videoacta.core.eni import EniRecord, identifier_year_problem
from videoacta.eni.vocabulary import (
    ACTA,
    CONTENT_ID,
    DOCUMENT_NS,
    ORIGINAL,
    PADES,
    element,
)
from videoacta.errors import SigningError

PDFA_PART = re.compile(rb"<pdfaid:part>\s*(\d)\s*</pdfaid:part>")


def format_name(pdf: bytes) -> str:
    """NombreFormato: the NTI Catálogo's PDFA is ISO 19005-1 and -2 only; the acta is PDF/A-3,
    so it is PDF (as InSide labels it)."""
    found = PDFA_PART.search(pdf)
    return "PDFA" if found is not None and found.group(1) in (b"1", b"2") else "PDF"


def acta_document(
    pdf: bytes, *, record: EniRecord, captured: dt.datetime, signatures: int
) -> etree._Element:
    """The ENI document of the signed acta `pdf`, filed at `captured` (the year of its
    identifier), with one TF06 firma for each of its `signatures`."""
    identifier = record.document_id(captured.year)
    problem = identifier_year_problem(identifier, captured)
    if problem is not None:
        raise SigningError(f"session.toml [eni] identifier: {problem}")
    if signatures < 1:
        raise SigningError("acta.pdf is not signed: an ENI document of an acta needs a signature")
    root = etree.Element(f"{{{DOCUMENT_NS['enidoc']}}}documento", nsmap=DOCUMENT_NS)
    root.set("Id", identifier)
    _content(root, pdf)
    metadata(root, identifier, record.organ, captured)
    firmas = element(root, DOCUMENT_NS["enids"], "firmas")
    for n in range(signatures):
        _pades_firma(firmas, n)
    return root


def _content(root: etree._Element, pdf: bytes) -> None:
    content = element(root, DOCUMENT_NS["enifile"], "contenido", Id=CONTENT_ID)
    element(content, DOCUMENT_NS["enifile"], "ValorBinario", base64.b64encode(pdf).decode())
    element(content, DOCUMENT_NS["enifile"], "NombreFormato", format_name(pdf))


def metadata(
    root: etree._Element, identifier: str, organ: str, captured: dt.datetime, kind: str = ACTA
) -> None:
    """A document's metadatos: an original of the administration, of the documentary `kind`."""
    ns = DOCUMENT_NS["enidocmeta"]
    meta = element(root, ns, "metadatos", Id=f"METADATOS_{identifier}")
    element(meta, ns, "VersionNTI", DOCUMENT_NS["enidoc"])
    element(meta, ns, "Identificador", identifier)
    element(meta, ns, "Organo", organ)
    element(meta, ns, "FechaCaptura", captured.isoformat(timespec="seconds"))
    element(meta, ns, "OrigenCiudadanoAdministracion", "true")  # made by the administration
    state = element(meta, ns, "EstadoElaboracion")
    element(state, ns, "ValorEstadoElaboracion", ORIGINAL)
    element(meta, ns, "TipoDocumental", kind)


def _pades_firma(firmas: etree._Element, n: int) -> None:
    ns = DOCUMENT_NS["enids"]
    firma = element(firmas, ns, "firma", Id=f"FIRMA_{n}")
    element(firma, ns, "TipoFirma", PADES)
    signed = element(element(firma, ns, "ContenidoFirma"), ns, "FirmaConCertificado")
    element(signed, ns, "ReferenciaFirma", f"#{CONTENT_ID}")


def content_of(data: bytes) -> bytes | None:
    """The PDF an acta.eni.xml holds, or None if it holds none that can be read."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    value = root.find(
        f"{{{DOCUMENT_NS['enifile']}}}contenido/{{{DOCUMENT_NS['enifile']}}}ValorBinario"
    )
    if value is None or not value.text:
        return None
    try:
        return base64.b64decode("".join(value.text.split()), validate=True)
    except ValueError:
        return None
