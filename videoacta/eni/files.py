"""eni/<file>.eni.xml: the certified recording and each data file as an ENI document.

The expediente indexes them beside the acta (expediente.py); each gets its own ENI document
(documento-e v1.0) with the same identifier the index gives it:

- content: the recording by `referenciaFichero` (its name in the package: gigabytes are never
  base64'd into XML); a data file up to `INLINE_LIMIT` as `ValorBinario`, so its document
  stands alone as an archive ingests it, a larger one by reference too;
- NombreFormato from the NTI Catálogo de estándares: MPEG-4 for the recording (its container,
  ISO/IEC 14496-14), Comma Separated Values for votes.csv; JSON and WebVTT are not in the
  catálogo: they are UTF-8 text, so TXT;
- TipoDocumental TD99 (Otros): none of TD01 to TD20 is a recording or a data set;
- firmas: the files are not signed themselves; their SHA-512 is in the expediente's index,
  which the secretary signs (XAdES enveloped, TF03). Each document's one firma says so: TF03
  whose ReferenciaFirma ("referencia interna al fichero que incluye la firma", firmasEni.xsd)
  is that signature, `expediente.eni.xml#FIRMA_0`.

These documents are made after signing, from the signed acta: never listed in the manifest.
"""

import base64
import datetime as dt
from pathlib import Path

from lxml import etree

from videoacta.core.eni import EniRecord
from videoacta.eni.document import metadata
from videoacta.eni.vocabulary import CONTENT_ID, DOCUMENT_NS, OTHER, XADES_ENVELOPED, element
from videoacta.package import EXPEDIENTE_ENI, FILE_ENI_FOLDER, file_eni

INLINE_LIMIT = 8 << 20  # bytes: a data file up to this size is held in its document
INDEX_SIGNATURE = f"{EXPEDIENTE_ENI}#FIRMA_0"
FORMATS = {
    "recording.mp4": "MPEG-4",
    "votes.csv": "Comma Separated Values",
    "index.json": "TXT",
    "votes.popolo.json": "TXT",
    "chapters.vtt": "TXT",
}

__all__ = ["FILE_ENI_FOLDER", "file_document", "file_eni", "held_content"]


def file_document(
    folder: Path, name: str, *, record: EniRecord, captured: dt.datetime
) -> etree._Element:
    """The ENI document of the package's file `name` (not the acta), filed at `captured`."""
    identifier = record.document_id(captured.year, name)
    root = etree.Element(f"{{{DOCUMENT_NS['enidoc']}}}documento", nsmap=DOCUMENT_NS)
    root.set("Id", identifier)
    ns = DOCUMENT_NS["enifile"]
    content = element(root, ns, "contenido", Id=CONTENT_ID)
    path = folder / name
    if name != "recording.mp4" and path.stat().st_size <= INLINE_LIMIT:
        element(content, ns, "ValorBinario", base64.b64encode(path.read_bytes()).decode())
    else:
        element(content, ns, "referenciaFichero", name)
    element(content, ns, "NombreFormato", FORMATS[name])
    metadata(root, identifier, record.organ, captured, OTHER)
    signatures = element(root, DOCUMENT_NS["enids"], "firmas")
    firma = element(signatures, DOCUMENT_NS["enids"], "firma", Id="FIRMA_0")
    element(firma, DOCUMENT_NS["enids"], "TipoFirma", XADES_ENVELOPED)
    signed = element(
        element(firma, DOCUMENT_NS["enids"], "ContenidoFirma"),
        DOCUMENT_NS["enids"], "FirmaConCertificado",
    )  # fmt: skip
    element(signed, DOCUMENT_NS["enids"], "ReferenciaFirma", INDEX_SIGNATURE)
    return root


def held_content(data: bytes) -> tuple[str | None, bytes | str | None]:
    """A file's ENI document read back: its Identificador and its content (the bytes it holds,
    or the name it refers to); (None, None) where it cannot be read."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None, None
    identifier = root.findtext(
        f"{{{DOCUMENT_NS['enidocmeta']}}}metadatos/{{{DOCUMENT_NS['enidocmeta']}}}Identificador"
    )
    content = root.find(f"{{{DOCUMENT_NS['enifile']}}}contenido")
    if content is None:
        return identifier, None
    reference = content.findtext(f"{{{DOCUMENT_NS['enifile']}}}referenciaFichero")
    if reference is not None:
        return identifier, reference
    value = content.findtext(f"{{{DOCUMENT_NS['enifile']}}}ValorBinario")
    try:
        return identifier, base64.b64decode("".join((value or "").split()), validate=True)
    except ValueError:
        return identifier, None
