"""`videoacta eni`: the signed acta as acta.eni.xml and the package as expediente.eni.xml, its
index signed with the secretary's key. Read from the package and its signed manifest alone.

The acta is filed (FechaCaptura) when it was made: the FechaCaptura its XMP carries (its
creation time, written at render with the ENI terms); for a package rendered before the XMP
held it, when the secretary certified it. The same time however often it is exported, so its
identifier stays the same. Export after the last signature: a later one changes acta.pdf, and
`verify` then reports the ENI files as out of date.
"""

import datetime as dt
import io
from pathlib import Path

import pikepdf
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.signers import Signer

from videoacta.core.eni import EniRecord
from videoacta.core.identity import Role
from videoacta.core.terms import Frozen
from videoacta.credentials import Prompt
from videoacta.eni.document import acta_document
from videoacta.eni.expediente import documents_of, expediente
from videoacta.eni.files import FILE_ENI_FOLDER, file_document, file_eni
from videoacta.eni.vocabulary import ENI_XMP_NS, xml_bytes
from videoacta.eni.xades import sign_index
from videoacta.errors import EmbeddedFileError, ManifestError, SigningError
from videoacta.outputs import write_bytes_atomic
from videoacta.package import ACTA_ENI, DOCUMENT, EXPEDIENTE_ENI, MANIFEST, Manifest, parse_manifest
from videoacta.signing.attached import embedded_file
from videoacta.signing.certifier import Certifier
from videoacta.signing.embedded import MALFORMED, embedded_signatures
from videoacta.signing.pdf_signing import SignOptions, opened_signer
from videoacta.signing.signatories import certified_person, refuse_signer
from videoacta.signing.vocabulary import FIELDS


class EniExport(Frozen):
    """What `videoacta eni` wrote: the two files, the identifiers, who signed the index."""

    document: Path
    expediente: Path
    identifier: str
    expediente_id: str
    documents: int
    signer: str


def export_package(
    folder: Path, options: SignOptions, *, prompt: Prompt | None = None,
    now: dt.datetime | None = None,
) -> EniExport:  # fmt: skip
    """Write acta.eni.xml, expediente.eni.xml and eni/<file>.eni.xml into the package `folder`,
    the index signed by the secretary (`options`: a PKCS#12 file or a token)."""
    with opened_signer(options, prompt=prompt) as (signer, name):
        return file_package(folder, signer, name, substitute=options.substitute, now=now)


def file_package(
    folder: Path, signer: Signer, name: str, *, substitute: str | None = None,
    now: dt.datetime | None = None, complete: bool = True,
) -> EniExport:  # fmt: skip
    """The ENI files of the package `folder`, the index signed with the opened `signer` (who
    must be the secretary, or a `substitute`); `complete` False files an acta whose chair has
    not signed yet (`build --eni`: file it again after the visto bueno)."""
    data = _read(folder / DOCUMENT)
    manifest = package_manifest(data)
    record = eni_terms(manifest)
    captured, signatures = filed_at(data, complete=complete)
    document = acta_document(data, record=record, captured=captured, signatures=signatures)
    names = documents_of(folder, {entry.path for entry in manifest.files})
    others = {n: file_document(folder, n, record=record, captured=captured) for n in names[1:]}
    now = now or dt.datetime.now(dt.UTC).astimezone(captured.tzinfo)
    index = expediente(
        folder, names, record=record, captured=captured, now=now.replace(microsecond=0)
    )
    person = certified_person(signer.signing_cert)
    refuse_signer(Role.SECRETARY, person, manifest.signatories, substitute)
    title = manifest.signatories.secretary.title if manifest.signatories else None
    sign_index(index, signer, role=title or "Secretario/a")
    (folder / FILE_ENI_FOLDER).mkdir(exist_ok=True)
    for other, root in others.items():
        write_bytes_atomic(folder / file_eni(other), xml_bytes(root), outside=True)
    write_bytes_atomic(folder / ACTA_ENI, xml_bytes(document), outside=True)
    write_bytes_atomic(folder / EXPEDIENTE_ENI, xml_bytes(index), outside=True)
    return EniExport(
        document=folder / ACTA_ENI, expediente=folder / EXPEDIENTE_ENI,
        identifier=document.get("Id"), expediente_id=index.get("Id"), documents=len(names),
        signer=name,
    )  # fmt: skip


def file_certified(folder: Path, certifier: Certifier) -> EniExport:
    """`build --eni`: the ENI files of the package just certified, made with the certifier's
    signer. The chair's field is still empty: file the package again after the visto bueno."""
    return file_package(
        folder, certifier.signer, certifier.name, substitute=certifier.options.substitute,
        complete=False,
    )  # fmt: skip


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise SigningError(f"{path}: cannot read: {error.strerror}") from None


def package_manifest(data: bytes) -> Manifest:
    """The manifest acta.pdf embeds (the signed one)."""
    try:
        embedded = embedded_file(data, MANIFEST)
        if embedded is None:
            raise ManifestError(f"holds no embedded {MANIFEST}")
        return parse_manifest(embedded)
    except (EmbeddedFileError, ManifestError) as error:
        raise SigningError(f"{DOCUMENT}: {error}") from None


def eni_terms(manifest: Manifest) -> EniRecord:
    """The ENI terms the signed manifest records, or why the package cannot be filed."""
    if manifest.eni is None:
        raise SigningError(
            f"{DOCUMENT}: its manifest records no ENI terms: add [eni] to session.toml "
            "(organ, classification) and build the package again"
        )
    return manifest.eni


def xmp_captured(data: bytes) -> dt.datetime | None:
    """The FechaCaptura acta.pdf's XMP carries (with its offset), or None if it holds none."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as meta:
            text = meta.get(f"{{{ENI_XMP_NS}}}FechaCaptura")
    except (pikepdf.PdfError, ValueError) as error:
        raise SigningError(f"{DOCUMENT}: its XMP cannot be read: {error}") from None
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        raise SigningError(f"{DOCUMENT}: its XMP's FechaCaptura is not a date: {text}") from None
    if moment.tzinfo is None:
        raise SigningError(f"{DOCUMENT}: its XMP's FechaCaptura has no offset: {text}")
    return moment


def filed_at(data: bytes, *, complete: bool = True) -> tuple[dt.datetime, int]:
    """When acta.pdf was filed (the ENI capture time: its XMP's FechaCaptura, else when the
    secretary certified it) and how many signatures it holds; SigningError if a signature
    field is still empty or the time cannot be read."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        empty = [name for name, value, _ in fields.enumerate_sig_fields(reader) if value is None]
        signatures = embedded_signatures(reader)
        by_field = {signature.field_name: signature for signature in signatures}
        certified = by_field.get(FIELDS[Role.SECRETARY])
        captured = None if certified is None else certified.self_reported_timestamp
    except MALFORMED as error:
        raise SigningError(f"{DOCUMENT}: cannot be read: {error}") from None
    if empty and complete:
        raise SigningError(
            f"{DOCUMENT}: {', '.join(sorted(empty))} is not signed yet; file it after the last "
            "signature"
        )
    captured = xmp_captured(data) or captured
    if captured is None:
        raise SigningError(f"{DOCUMENT}: the secretary's signature names no signing time")
    return captured.replace(microsecond=0), len(signatures)
