"""Qualified or not: each signer's certificate and each time-stamp of acta.pdf, judged against the
EU trusted lists read (`verify --eutl`) at the moment it was used, with pyHanko's assessment.

A signature is qualified (QES) when its certificate chains to a CA/QC service the lists grant at
the signing moment, is a qualified certificate for electronic signatures (its QCStatements, or
the service's qualifiers) and its key is in a QSCD; a qualified certificate without a QSCD is an
AdES/QC, reported as not qualified. The moment is a trusted one, never the signing time the
signer claims (which could be backdated): the signature's time-stamp when it has one, else the
earliest document time-stamp of a later revision (the proof of existence that covers it), else
the verification time (and the report says which). A time-stamp is qualified
when its time-stamping unit is a TSA/QTST service granted at the time it states. None of this
changes the verdict of integrity: it is reported beside it.
"""

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.general import extract_certificate_info, find_cms_attribute_iter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.qualified.assess import QualificationAssessor
from pyhanko.sign.validation.qualified.tsp import (
    CA_QC_URI,
    QTST_URI,
    QcCertType,
    TSPRegistry,
    TSPTrustManager,
)
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.authority import AuthorityWithCert
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.errors import ValidationError as CertValidationError
from pyhanko_certvalidator.path import ValidationPath

from videoacta.core.terms import Frozen
from videoacta.signing.embedded import MALFORMED, signature_value
from videoacta.signing.pyhanko_calls import one_line, run_coroutine
from videoacta.signing.vocabulary import FIELDS
from videoacta.verify.trusted_lists import TrustedLists

ROLES = {field: role.value for role, field in FIELDS.items()}
OWN = "its time-stamp"
COVERING = "the document time-stamp that covers it; the claimed signing time is not trusted"
NOW = "the verification time: no time-stamp covers it; the claimed signing time is not trusted"
QC_TYPES = {
    QcCertType.QC_ESIGN: "electronic signatures",
    QcCertType.QC_ESEAL: "electronic seals",
    QcCertType.QC_WEB: "website authentication",
}


class Qualification(Frozen):
    """One signer's certificate or one time-stamp, qualified or not, and why."""

    field: str
    role: str | None
    kind: str  # signature, signature time-stamp, document time-stamp
    subject: str  # the certificate's name (the signer's, the time-stamping unit's)
    at: datetime | None
    time_from: str  # what the moment is: its time-stamp, a later document one, the verification
    qualified: bool
    level: str | None  # QES, AdES/QC (not qualified) or QTST
    service: str | None  # the trusted list's service that grants it
    reason: str


def assess_document(
    data: bytes, lists: TrustedLists, now: datetime | None = None
) -> tuple[Qualification, ...]:
    """Every readable signature and time-stamp of the PDF `data`, in signing order (one that
    cannot be read is reported by the verification itself, never here); `now` is the
    verification time, the moment a signature no time-stamp covers is judged at."""
    signatures = _signatures(data)
    stamps = _document_stamps(signatures)
    moment = now or datetime.now(UTC)
    return tuple(
        item
        for signature in signatures
        for item in _assess(signature, lists, _covering(signature, stamps, moment))
    )


def _document_stamps(signatures: list[EmbeddedPdfSignature]) -> list[tuple[int, datetime]]:
    """Each readable document time-stamp: its revision and the time it states."""
    found = []
    for signature in signatures:
        try:
            if signature.sig_object_type == "/DocTimeStamp":
                found.append((signature.signed_revision, _gen_time(signature.signed_data)))
        except MALFORMED:
            continue
    return found


def _covering(
    signature: EmbeddedPdfSignature, stamps: list[tuple[int, datetime]], now: datetime
) -> tuple[datetime, str]:
    """The trusted moment a signature without its own time-stamp existed by: the earliest
    document time-stamp of a later revision, else the verification time."""
    try:
        revision = signature.signed_revision
    except MALFORMED:
        return now, NOW
    later = [at for stamp_revision, at in stamps if stamp_revision > revision]
    return (min(later), COVERING) if later else (now, NOW)


def _signatures(data: bytes) -> list[EmbeddedPdfSignature]:
    found = []
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        filled = list(fields.enumerate_sig_fields(reader, filled_status=True))
    except (OSError, *MALFORMED):
        return []
    for name, value, field in filled:
        try:
            if signature_value(value) is not None:
                found.append(EmbeddedPdfSignature(reader, field, str(name)))
        except MALFORMED:
            continue
    return sorted(found, key=lambda signature: signature.signed_revision)


def _assess(
    signature: EmbeddedPdfSignature, lists: TrustedLists, covering: tuple[datetime, str]
) -> Iterator[Qualification]:
    field, registry = signature.field_name, lists.registry
    role = ROLES.get(field)
    try:
        if signature.sig_object_type == "/DocTimeStamp":
            yield _stamp(field, role, "document time-stamp", signature.signed_data, registry)
            return
        stamps = [token["content"] for token in find_cms_attribute_iter(
            signature.signer_info["unsigned_attrs"], "signature_time_stamp_token")]  # fmt: skip
        yield _signer(signature, role, stamps, registry, covering)
        for stamp in stamps:
            yield _stamp(field, role, "signature time-stamp", stamp, registry)
    except MALFORMED:
        return


def _signer(
    signature: EmbeddedPdfSignature, role: str | None, stamps: list[Any], registry: TSPRegistry,
    covering: tuple[datetime, str],
) -> Qualification:  # fmt: skip
    cert = signature.signer_cert
    at, time_from = (_gen_time(stamps[0]), OWN) if stamps else covering
    found = Qualification(
        field=signature.field_name, role=role, kind="signature", subject=_name(cert), at=at,
        time_from=time_from, qualified=False, level=None, service=None, reason="",
    )  # fmt: skip
    path = _path(cert, signature.other_embedded_certs, registry, at)
    if isinstance(path, str):
        return found.model_copy(update={"reason": path})
    result = QualificationAssessor(registry).check_entity_cert_qualified(path, at)
    status, service = result.status, result.service_definition
    name = service.base_info.service_name if service is not None else None
    update: dict[str, Any] = {"service": name}
    if not status.qualified:
        update["reason"] = ("not a qualified certificate: it declares no QcCompliance, nor do "
                            "the service's qualifiers make it one")  # fmt: skip
    elif status.qc_type != QcCertType.QC_ESIGN:
        update["reason"] = (f"a qualified certificate for {QC_TYPES[status.qc_type]}, "
                            "not for electronic signatures")  # fmt: skip
    elif not status.qc_key_security.is_qscd:
        update["level"] = "AdES/QC"
        update["reason"] = ("a qualified certificate for electronic signatures, but its key is "
                            "not declared in a QSCD (AdES/QC, not a QES)")  # fmt: skip
    else:
        update.update(qualified=True, level="QES", reason=(
            "QES: a qualified certificate for electronic signatures, its key in a QSCD, "
            f"from the CA/QC service {name} granted then"))  # fmt: skip
    return found.model_copy(update=update)


def _path(
    cert: asn1_x509.Certificate,
    others: list[asn1_x509.Certificate],
    registry: TSPRegistry,
    at: datetime,
) -> ValidationPath | str:
    """The certificate's path to a CA/QC service of the lists, or why there is none then."""
    known = registry.known_certificate_authorities
    issuers = [ca for ca in known if ca.is_potential_issuer_of(cert)]
    if not issuers:
        return "no CA/QC service of the trusted lists issued its certificate"
    granted = [sd for ca in issuers for sd in registry.applicable_service_definitions(ca, at)
               if sd.base_info.service_type == CA_QC_URI]  # fmt: skip
    if not granted:
        names = sorted({sd.base_info.service_name for ca in issuers
                        for sd in registry.applicable_service_definitions(ca, None)})  # fmt: skip
        return f"the CA/QC service {', '.join(names)} was not granted at {at:%Y-%m-%d %H:%M:%S %Z}"

    async def validate() -> ValidationPath:
        context = ValidationContext(
            trust_manager=TSPTrustManager(registry), other_certs=others, allow_fetching=False,
            revocation_mode="soft-fail", moment=at,
        )  # fmt: skip
        validator = CertificateValidator(cert, others, validation_context=context)
        return await validator.async_validate_path()

    try:
        return run_coroutine(validate)
    except (PathBuildingError, PathValidationError, CertValidationError) as error:
        return f"its certificate does not chain to a CA/QC service of the lists: {one_line(error)}"


def _stamp(
    field: str, role: str | None, kind: str, signed_data: cms.SignedData, registry: TSPRegistry
) -> Qualification:
    tsu = extract_certificate_info(signed_data).signer_cert
    at = _gen_time(signed_data)
    found = Qualification(
        field=field, role=role, kind=kind, subject=_name(tsu), at=at, time_from="the time-stamp",
        qualified=False, level=None, service=None, reason="",
    )  # fmt: skip
    authority = AuthorityWithCert(tsu)
    granted = [sd for sd in registry.applicable_service_definitions(authority, at)
               if sd.base_info.service_type == QTST_URI]  # fmt: skip
    if granted:
        name = granted[0].base_info.service_name
        reason = f"a qualified time-stamp: the TSA/QTST service {name} granted then"
        return found.model_copy(update={
            "qualified": True, "level": "QTST", "service": name, "reason": reason})  # fmt: skip
    ever = [sd.base_info.service_name for sd in registry.applicable_service_definitions(
        authority, None) if sd.base_info.service_type == QTST_URI]  # fmt: skip
    if ever:
        reason = f"the TSA/QTST service {ever[0]} was not granted at {at:%Y-%m-%d %H:%M:%S %Z}"
    else:
        reason = "its time-stamping unit is no TSA/QTST service of the trusted lists"
    return found.model_copy(update={"reason": reason})


def _gen_time(signed_data: cms.SignedData) -> datetime:
    moment: datetime = signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    return moment


def _name(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject
    return str(subject.native.get("common_name", subject.human_friendly))
