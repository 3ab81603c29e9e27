"""expediente.eni.xml: the package as an ENI expediente (expediente-e v1.0): its index lists
the acta, the certified recording and the data files, each by its ENI identifier, SHA-512 and
order, and is signed (xades.py); its metadata name the body, the procedure and when it opened.
"""

import datetime as dt
import hashlib
from pathlib import Path

from lxml import etree

from videoacta.core.eni import EniRecord
from videoacta.eni.vocabulary import CLOSED, EXPEDIENTE_NS, SHA512, element
from videoacta.package import DOCUMENT

# The documents of the expediente, in their order: the acta, the recording, the data files.
DOCUMENTS = (
    DOCUMENT, "recording.mp4", "index.json", "votes.popolo.json", "votes.csv", "chapters.vtt",
)  # fmt: skip
CHUNK = 1 << 20


def sha512_file(path: Path) -> str:
    """The lowercase hex SHA-512 of a file, streamed (InSide's ValorHuella)."""
    digest = hashlib.sha512()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def documents_of(folder: Path, listed: set[str]) -> list[str]:
    """The package's documents that the expediente indexes, in order: those it holds."""
    return [name for name in DOCUMENTS if name == DOCUMENT or name in listed]


def expediente(
    folder: Path, names: list[str], *, record: EniRecord, captured: dt.datetime, now: dt.datetime
) -> etree._Element:
    """The expediente of the package in `folder`, indexing `names` (the acta first), filed at
    `captured` (the year of the documents' identifiers), its index made `now`; not signed."""
    identifier = record.expediente_id()
    root = etree.Element(f"{{{EXPEDIENTE_NS['eniexp']}}}expediente", nsmap=EXPEDIENTE_NS)
    root.set("Id", identifier)
    index = element(root, EXPEDIENTE_NS["eniexpind"], "indice", Id=f"INDICE_{identifier}")
    ns = EXPEDIENTE_NS["eniconexpind"]
    content = element(
        index,
        EXPEDIENTE_NS["eniexpind"],
        "IndiceContenido",
        Id=f"EXP_INDICE_CONTENIDO_{identifier}",
    )
    element(content, ns, "FechaIndiceElectronico", now.isoformat(timespec="seconds"))
    for order, name in enumerate(names, start=1):
        document = element(content, ns, "DocumentoIndizado", Id=f"DOC_{order}")
        acta = None if name == DOCUMENT else name
        element(document, ns, "IdentificadorDocumento", record.document_id(captured.year, acta))
        element(document, ns, "ValorHuella", sha512_file(folder / name))
        element(document, ns, "FuncionResumen", SHA512)
        element(
            document, ns, "FechaIncorporacionExpediente", captured.isoformat(timespec="seconds")
        )
        element(document, ns, "OrdenDocumentoExpediente", str(order))
    _metadata(root, identifier, record)
    # Laid out now: the whitespace inside IndiceContenido is signed, never re-indented after.
    etree.indent(root)
    return root


def _metadata(root: etree._Element, identifier: str, record: EniRecord) -> None:
    ns = EXPEDIENTE_NS["eniexpmeta"]
    meta = element(root, ns, "metadatosExp", Id=f"METADATOS_{identifier}")
    element(meta, ns, "VersionNTI", EXPEDIENTE_NS["eniexp"])
    element(meta, ns, "Identificador", identifier)
    element(meta, ns, "Organo", record.organ)
    element(meta, ns, "FechaAperturaExpediente", record.opened.isoformat(timespec="seconds"))
    element(meta, ns, "Clasificacion", record.classification)
    element(meta, ns, "Estado", CLOSED)


def indexed(content: etree._Element) -> list[tuple[str, str, str]]:
    """(identifier, ValorHuella, FuncionResumen) of each document a signed IndiceContenido
    lists, in its order."""
    ns = EXPEDIENTE_NS["eniconexpind"]
    return [
        (
            document.findtext(f"{{{ns}}}IdentificadorDocumento") or "",
            document.findtext(f"{{{ns}}}ValorHuella") or "",
            document.findtext(f"{{{ns}}}FuncionResumen") or "",
        )
        for document in content.iter(f"{{{ns}}}DocumentoIndizado")
    ]
