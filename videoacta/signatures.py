"""Check every signature of a PDF with pyHanko, offline, and judge each on its bottom line.

A signature is valid only when pyHanko's `bottom_line` holds: intact, cryptographically valid,
trusted (chained to a trust root, not revoked, not expired), its time-stamp likewise, and every
change made after it allowed by the document's DocMDP policy. When it does not hold, the
details say whether the file was tampered with or the signer is not trusted.
"""

import datetime as dt
import io
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.diff_analysis import DiffResult
from pyhanko.sign.general import ValueErrorWithMessage
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import ValidationContext

from videoacta.models import Frozen
from videoacta.signing import FIELDS, off_event_loop, one_line
from videoacta.trust import TrustSettings, context_kwargs
from videoacta.verdict import Verdict

ROLES = {field: role for role, field in FIELDS.items()}
CHANGES = {
    "NONE": "nothing",
    "LTA_UPDATES": "only validation data and document time-stamps",
    "FORM_FILLING": "only form filling and later signatures",
    "ANNOTATIONS": "annotations",
    "OTHER": "content that the DocMDP policy does not allow",
}


class TimeStampCheck(Frozen):
    time: dt.datetime
    authority: str
    intact: bool
    trusted: bool


class SignatureCheck(Frozen):
    """What pyHanko found about one signature (or document time-stamp) and its verdict."""

    field: str
    role: str | None
    kind: str
    signer: str
    certification: str | None
    intact: bool
    valid: bool
    trusted: bool
    revoked: bool
    trust_anchor: str | None
    signing_time: dt.datetime | None
    timestamp: TimeStampCheck | None
    revocation_data: bool
    coverage: str
    modification_level: str | None
    docmdp_ok: bool | None
    changed_after: str
    bottom_line: bool
    verdict: Verdict
    problem: str | None = None


class DocumentCheck(Frozen):
    signatures: tuple[SignatureCheck, ...]
    empty_fields: tuple[str, ...]


class UnreadableDocument(Exception):
    """The PDF cannot be parsed at all."""


def check_document(path: Path, trust: TrustSettings) -> DocumentCheck:
    """Validate every signature and document time-stamp in the PDF at `path`."""
    try:
        reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
        embedded = list(reader.embedded_signatures)
        empty = tuple(name for name, *_ in fields.enumerate_sig_fields(reader, filled_status=False))
        dss = _dss(reader)
    except (OSError, PdfError, ValueError) as error:
        raise UnreadableDocument(f"{path.name}: {one_line(error)}") from None
    kwargs = context_kwargs(trust)
    checks = off_event_loop(lambda: tuple(_check(signature, dss, kwargs) for signature in embedded))
    return DocumentCheck(signatures=checks, empty_fields=empty)


def _dss(reader: PdfFileReader) -> DocumentSecurityStore | None:
    try:
        return DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return None


def _context(dss: DocumentSecurityStore | None, kwargs: dict[str, Any]) -> ValidationContext:
    return ValidationContext(**kwargs) if dss is None else dss.as_validation_context(kwargs)


def _check(
    signature: EmbeddedPdfSignature, dss: DocumentSecurityStore | None, kwargs: dict[str, Any]
) -> SignatureCheck:
    is_timestamp = signature.sig_object_type == "/DocTimeStamp"
    try:
        if is_timestamp:
            status: Any = validate_pdf_timestamp(signature, _context(dss, kwargs))
        else:
            status = validate_pdf_signature(signature, _context(dss, kwargs))
    except (ValueErrorWithMessage, PdfError, ValueError, KeyError) as error:
        return _broken(signature, one_line(error))
    return _from_status(signature, status, dss, is_timestamp=is_timestamp)


def _from_status(
    signature: EmbeddedPdfSignature,
    status: Any,
    dss: DocumentSecurityStore | None,
    *,
    is_timestamp: bool,
) -> SignatureCheck:
    level = status.modification_level
    check = SignatureCheck(
        field=signature.field_name,
        role=ROLES.get(signature.field_name),
        kind="document time-stamp" if is_timestamp else "signature",
        signer=_name(signature),
        certification=_certification(signature),
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        revoked=status.revoked,
        trust_anchor=_anchor(status),
        signing_time=None if is_timestamp else status.signer_reported_dt,
        timestamp=_timestamp(status, is_timestamp=is_timestamp),
        revocation_data=_has_revocation_data(signature, dss),
        coverage=status.coverage.name if status.coverage is not None else "UNCLEAR",
        modification_level=level.name if level is not None else None,
        docmdp_ok=status.docmdp_ok,
        changed_after=_changes(status),
        bottom_line=_bottom_line(status, is_timestamp=is_timestamp),
        verdict=Verdict.VALID,
    )
    verdict, problem = judge(check)
    return check.model_copy(update={"verdict": verdict, "problem": problem})


def _bottom_line(status: Any, *, is_timestamp: bool) -> bool:
    """pyHanko's bottom line; a document time-stamp has none, so it is made the same way."""
    if not is_timestamp:
        return bool(status.bottom_line)
    allowed = status.docmdp_ok is not False  # not judged for time-stamps: the DocMDP signature is
    return bool(status.intact and status.valid and status.trusted and allowed)


def judge(check: SignatureCheck) -> tuple[Verdict, str | None]:
    """The verdict on one signature: its bottom line, and if that fails, why."""
    if check.bottom_line:
        return Verdict.VALID, None
    if not (check.intact and check.valid):
        return Verdict.TAMPERED, "the signed bytes do not match the signature"
    if check.coverage == "UNCLEAR" or check.docmdp_ok is False:
        return Verdict.TAMPERED, f"changed after signing: {check.changed_after}"
    stamp = check.timestamp
    if stamp is not None and not stamp.intact:
        return Verdict.TAMPERED, "the time-stamp does not match the signature"
    if check.revoked:
        return Verdict.UNTRUSTED, "the signer's certificate is revoked"
    if not check.trusted:
        return Verdict.UNTRUSTED, "the certificate does not chain to a trusted root, or is expired"
    if stamp is not None and not stamp.trusted:
        return Verdict.UNTRUSTED, "the time-stamp authority is not trusted"
    return Verdict.UNTRUSTED, "pyHanko's bottom line is not valid"


def _broken(signature: EmbeddedPdfSignature, message: str) -> SignatureCheck:
    return SignatureCheck(
        field=signature.field_name, role=ROLES.get(signature.field_name), kind="signature",
        signer=_name(signature), certification=None, intact=False, valid=False, trusted=False,
        revoked=False, trust_anchor=None, signing_time=None, timestamp=None,
        revocation_data=False, coverage="UNCLEAR", modification_level=None, docmdp_ok=None,
        changed_after="unknown", bottom_line=False, verdict=Verdict.TAMPERED,
        problem=f"the signature cannot be read: {message}",
    )  # fmt: skip


def _name(signature: EmbeddedPdfSignature) -> str:
    try:
        subject = signature.signer_cert.subject
    except (ValueError, KeyError, AttributeError):
        return "unknown"
    return str(subject.native.get("common_name", subject.human_friendly))


def _certification(signature: EmbeddedPdfSignature) -> str | None:
    level = signature.docmdp_level
    return level.name.lower() if level is not None else None


def _anchor(status: Any) -> str | None:
    path = getattr(status, "validation_path", None)
    if path is None:
        return None
    return str(path.trust_anchor.authority.name.human_friendly) if path.trust_anchor else None


def _timestamp(status: Any, *, is_timestamp: bool) -> TimeStampCheck | None:
    stamp = status if is_timestamp else status.timestamp_validity
    if stamp is None:
        return None
    return TimeStampCheck(
        time=stamp.timestamp,
        authority=str(stamp.signing_cert.subject.human_friendly),
        intact=stamp.intact and stamp.valid,
        trusted=stamp.trusted,
    )


def _has_revocation_data(
    signature: EmbeddedPdfSignature, dss: DocumentSecurityStore | None
) -> bool:
    if dss is None:
        return False
    key = DocumentSecurityStore.sig_content_identifier(signature.pkcs7_content)
    return key in dss.vri_entries or bool(dss.crls or dss.ocsps)


def _changes(status: Any) -> str:
    if status.coverage is not None and status.coverage.name == "ENTIRE_FILE":
        return "nothing: the signature covers the whole file"
    level = status.modification_level
    text = CHANGES.get(level.name, level.name) if level is not None else "not analysed"
    diff = status.diff_result
    if isinstance(diff, DiffResult) and diff.changed_form_fields:
        text += f" (fields: {', '.join(sorted(diff.changed_form_fields))})"
    elif diff is not None and not isinstance(diff, DiffResult):
        text += f": {one_line(diff)}"
    return text
