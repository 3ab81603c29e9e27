"""signatures.json: who signed acta.pdf, as read from acta.pdf, for the viewer page to show.

The page cannot name the signatures itself (the manifest, which acta.pdf embeds, covers it), so
`sign` writes this small file beside acta.pdf after each signature: for each signature its
field, role, signer (the certificate's name), the signing time the signer claims, the PAdES
level, and the time-stamp authority's time if there is one. It is derived from the PDF, never
listed in the manifest and never trusted: `verify` reads the PDF again and reports a sidecar
that disagrees.
"""

import datetime as dt
import io
from pathlib import Path

from asn1crypto import cms
from pydantic import ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from videoacta.core.identity import Role
from videoacta.core.terms import Frozen
from videoacta.outputs import write_bytes_atomic
from videoacta.package import SIGNATURES
from videoacta.signing.embedded import MALFORMED, embedded_signatures
from videoacta.signing.stamp import substitution
from videoacta.signing.vocabulary import FIELDS, Level

SIDECAR_FORMAT = "videoacta-signatures/1"
ROLES = {field: role for role, field in FIELDS.items()}
TIMESTAMP_TOKEN = "signature_time_stamp_token"


class SignatureRecord(Frozen):
    """One signature of acta.pdf, as the file holds it (nothing here is validated)."""

    field: str
    role: Role
    signer: str
    signed_at: dt.datetime | None = None  # claimed by the signer
    level: Level
    timestamped_at: dt.datetime | None = None  # the time-stamp authority's time
    substitute: str | None = None


class Sidecar(Frozen):
    format: str = SIDECAR_FORMAT
    document: str = "acta.pdf"
    signatures: tuple[SignatureRecord, ...] = ()


def records(data: bytes) -> tuple[SignatureRecord, ...]:
    """The signatures of the PDF `data` in signing order; an unreadable one is left out."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        found = embedded_signatures(reader)
    except MALFORMED:
        return ()
    stamps = {s.signed_revision for s in found if s.sig_object_type == "/DocTimeStamp"}
    read = [_record(reader, signature, stamps) for signature in found]
    return tuple(record for record in read if record is not None)


def _record(
    reader: PdfFileReader, signature: EmbeddedPdfSignature, stamps: set[int]
) -> SignatureRecord | None:
    role = ROLES.get(signature.field_name)
    if role is None or signature.sig_object_type == "/DocTimeStamp":
        return None
    try:
        subject = signature.signer_cert.subject
        signer = str(subject.native.get("common_name", subject.human_friendly))
        stamped = _timestamp(signature.signer_info)
        reason = signature.sig_object.get("/Reason")
        claimed = signature.self_reported_timestamp
    except MALFORMED:
        return None
    return SignatureRecord(
        field=signature.field_name, role=role, signer=signer, signed_at=claimed,
        level=_level(reader, signature.signed_revision, stamped is not None, stamps),
        timestamped_at=stamped, substitute=substitution(None if reason is None else str(reason)),
    )  # fmt: skip


def _timestamp(signer_info: cms.SignerInfo) -> dt.datetime | None:
    """The time of the signature's time-stamp token (an unsigned attribute), if it has one."""
    unsigned = signer_info["unsigned_attrs"]
    if not unsigned or unsigned.native is None:
        return None
    for attribute in unsigned:
        if attribute["type"].native == TIMESTAMP_TOKEN:
            token: cms.SignedData = attribute["values"][0]["content"]
            moment: dt.datetime = token["encap_content_info"]["content"].parsed["gen_time"].native
            return moment
    return None


def _level(reader: PdfFileReader, revision: int, stamped: bool, stamps: set[int]) -> Level:
    """B-B without a time-stamp; B-LT when the next revision adds validation data (the DSS), as
    pyHanko writes it right after the signature; B-LTA when that revision is also a document
    time-stamp (pyHanko writes both in one revision)."""
    following = revision + 1
    if not stamped:
        return Level.B_B
    if following >= reader.total_revisions or "/DSS" not in reader.get_historical_root(following):
        return Level.B_T
    return Level.B_LTA if following in stamps else Level.B_LT


def sidecar_of(data: bytes) -> Sidecar:
    return Sidecar(signatures=records(data))


def sidecar_bytes(sidecar: Sidecar) -> bytes:
    return (sidecar.model_dump_json(indent=2) + "\n").encode("utf-8")


def write_sidecar(document: Path, data: bytes) -> Path:
    """Write signatures.json beside the signed `document` (its bytes: `data`), atomically."""
    sidecar = sidecar_bytes(sidecar_of(data))
    return write_bytes_atomic(document.parent / SIGNATURES, sidecar, outside=True)


def parse_sidecar(data: bytes) -> Sidecar | None:
    """The sidecar's model, or None if the bytes are not one."""
    try:
        return Sidecar.model_validate_json(data)
    except ValidationError:
        return None
