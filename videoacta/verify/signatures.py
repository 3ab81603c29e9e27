"""Check every signature of a PDF with pyHanko, offline, and judge each on its bottom line.

A signature is valid only when pyHanko's `bottom_line` holds: intact, cryptographically valid,
trusted (chained to a trust root, not revoked, not expired), its time-stamp likewise, and every
change made after it allowed by the document's DocMDP policy. When it does not hold, the
details say whether the file was tampered with or the signer is not trusted.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.diff_analysis import DiffResult
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import ValidationContext

from videoacta.errors import UnreadableDocument
from videoacta.signing.embedded import MALFORMED, NOT_A_SIGNATURE, signature_value
from videoacta.signing.pyhanko_calls import off_event_loop, one_line
from videoacta.signing.trust import TrustSettings, context_kwargs
from videoacta.signing.vocabulary import FIELDS
from videoacta.verify.attributes import signed_attributes
from videoacta.verify.changes import STRICT_POLICY, byte_range_end, name_objects
from videoacta.verify.revisions import file_problems
from videoacta.verify.signature_checks import (
    DocumentCheck,
    SignatureCheck,
    TimeStampCheck,
    judge,
    judge_later_changes,
)
from videoacta.verify.verdict import Verdict

# What pyHanko (and Python on the PDF objects it hands over) raises on reading a malformed file
# (embedded.py): each is caught around the read alone, never around videoacta's own code, whose
# mistakes are tracebacks, not verdicts. A signature that raises one is broken; the document,
# unreadable.
SIGNATURE_ERRORS = MALFORMED  # ValueErrorWithMessage included
READ_ERRORS = (OSError, *SIGNATURE_ERRORS)
ROLES = {field: role for role, field in FIELDS.items()}
CHANGES = {
    "NONE": "nothing",
    "LTA_UPDATES": "only validation data and document time-stamps",
    "FORM_FILLING": "only form filling and later signatures",
    "ANNOTATIONS": "annotations",
    "OTHER": "content that the DocMDP policy does not allow",
}


def check_document(path: Path, trust: TrustSettings) -> DocumentCheck:
    """Validate every signature and document time-stamp in the PDF at `path`."""
    with _unreadable():
        data = path.read_bytes()
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    embedded, broken = _embedded(reader)
    with _unreadable():
        empty = tuple(
            str(name) for name, *_ in fields.enumerate_sig_fields(reader, filled_status=False)
        )
    dss = _dss(reader)
    problems = file_problems(data, reader, max(map(_covered, embedded), default=0))
    if not embedded and not broken:
        problems += lost_signatures(data, reader)
    kwargs = context_kwargs(trust)
    checks = off_event_loop(lambda: tuple(_check(signature, dss, kwargs) for signature in embedded))
    return DocumentCheck(
        signatures=(*judge_later_changes(checks), *broken),
        empty_fields=empty,
        problems=problems,
    )


def lost_signatures(data: bytes, reader: PdfFileReader) -> tuple[str, ...]:
    """For a document where no signature is reachable: the signatures an earlier revision held
    (or, if no revision can say, the byte ranges the file still holds) are gone, so it was
    tampered with, never merely not signed yet."""
    revision = _first_signed_revision(reader)
    if revision is not None:
        return (f"signatures present in revision {revision + 1} are no longer reachable",)
    if byte_range_end(data) is not None:
        return ("holds a signature's byte range, but no signature is reachable",)
    return ()


def _first_signed_revision(reader: PdfFileReader) -> int | None:
    """The first revision before the last with a filled signature field, by pyHanko's reading
    of that revision (one that cannot be read says nothing)."""
    for revision in range(reader.xrefs.total_revisions - 1):
        try:
            historical = reader.get_historical_resolver(revision)
            filled = next(fields.enumerate_sig_fields(historical, filled_status=True), None)
        except MALFORMED:
            continue
        if filled is not None:
            return revision
    return None


@contextmanager
def _unreadable() -> Iterator[None]:
    """Around a read of the file (and nothing else): what it raises makes it unreadable."""
    try:
        yield
    except READ_ERRORS as error:
        raise UnreadableDocument(one_line(error)) from None


def _embedded(
    reader: PdfFileReader,
) -> tuple[list[EmbeddedPdfSignature], tuple[SignatureCheck, ...]]:
    """The signatures in signing order, and those too damaged to be read, each on its own."""
    found, broken = [], []
    with _unreadable():
        filled = list(fields.enumerate_sig_fields(reader, filled_status=True))
    for found_name, value, field in filled:
        name = str(found_name)  # a /T that is a number, say, is still named in the report
        try:
            if signature_value(value) is None:  # pyHanko asserts it is a dictionary
                broken.append(_broken(name, NOT_A_SIGNATURE))
                continue
            signature = EmbeddedPdfSignature(reader, field, name)
        except SIGNATURE_ERRORS as error:
            broken.append(_broken(name, one_line(error)))
        else:
            found.append(signature)
    return sorted(found, key=lambda signature: signature.signed_revision), tuple(broken)


def _covered(signature: EmbeddedPdfSignature) -> int:
    """Where the signature's /ByteRange ends. pyHanko keeps the entry as the file has it (an
    indirect object, a name, a number...): converting it is a read of the file."""
    with _unreadable():
        byte_range = [int(value) for value in signature.byte_range]
    return byte_range[2] + byte_range[3] if len(byte_range) == 4 else 0


def _dss(reader: PdfFileReader) -> DocumentSecurityStore | None:
    with _unreadable():
        try:
            return DocumentSecurityStore.read_dss(reader)
        except NoDSSFoundError:
            return None


def _check(
    signature: EmbeddedPdfSignature, dss: DocumentSecurityStore | None, kwargs: dict[str, Any]
) -> SignatureCheck:
    is_timestamp = signature.sig_object_type == "/DocTimeStamp"
    # Built from our trust settings outside the try even when the DSS replaces it below, so
    # that a mistake in our keywords is a traceback, never a broken signature.
    context = ValidationContext(**kwargs)
    try:
        if dss is not None:  # pyHanko adds what the document's DSS holds: a read of the file
            context = dss.as_validation_context(kwargs)
        if is_timestamp:
            status: Any = validate_pdf_timestamp(signature, context, diff_policy=STRICT_POLICY)
        else:
            status = validate_pdf_signature(signature, context, diff_policy=STRICT_POLICY)
    except SIGNATURE_ERRORS as error:
        return _broken(signature.field_name, one_line(error), _name(signature))
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
        changed_after=_changes(status, signature.reader),
        changed_fields=_changed_fields(status),
        bottom_line=_bottom_line(status, is_timestamp=is_timestamp),
        attributes=None if is_timestamp else signed_attributes(signature),
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


def _broken(field: str, message: str, signer: str = "unknown") -> SignatureCheck:
    return SignatureCheck(
        field=field, role=ROLES.get(field), kind="signature",
        signer=signer, certification=None, intact=False, valid=False, trusted=False,
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


def _changed_fields(status: Any) -> tuple[str, ...]:
    diff = status.diff_result
    return tuple(sorted(diff.changed_form_fields)) if isinstance(diff, DiffResult) else ()


def _changes(status: Any, reader: PdfFileReader) -> str:
    if status.coverage is not None and status.coverage.name == "ENTIRE_FILE":
        return "nothing: the signature covers the whole file"
    level = status.modification_level
    text = CHANGES.get(level.name, level.name) if level is not None else "not analysed"
    diff = status.diff_result
    if isinstance(diff, DiffResult) and diff.changed_form_fields:
        text += f" (fields: {', '.join(sorted(diff.changed_form_fields))})"
    elif diff is not None and not isinstance(diff, DiffResult):
        text += f": {name_objects(_first_line(diff), reader)}"
    return text


def _first_line(error: BaseException) -> str:
    """The first line of pyHanko's verdict on a change: what it is (the rest is its path)."""
    lines = str(error).strip().splitlines()
    return lines[0].rstrip(".") if lines else type(error).__name__
