"""The signers of acta.pdf against the people the session names (identity.py's rule).

Who the session names comes from the manifest embedded in acta.pdf, which the signatures cover:
nothing unsigned is trusted. `sign` refuses a signer who is not that person before anything is
written (a substitute needs a reason, recorded in the signature's /Reason); `verify` reports,
per field, who should sign, who signed, and whether they match. The two fields are always signed
by two different people.
"""

import io
from collections.abc import Iterator

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from videoacta.core.identity import (
    CertifiedPerson,
    MatchedBy,
    Person,
    Role,
    Signatories,
    from_subject,
    match,
    role_problem,
    same_person_problem,
    signing_problem,
)
from videoacta.core.terms import Frozen
from videoacta.errors import EmbeddedFileError, ManifestError, SigningError
from videoacta.package import MANIFEST, parse_manifest
from videoacta.signing.attached import embedded_file
from videoacta.signing.embedded import MALFORMED, embedded_signatures
from videoacta.signing.stamp import substitution
from videoacta.signing.vocabulary import FIELDS

ROLES = {field: role for role, field in FIELDS.items()}


class SignedField(Frozen):
    """A filled signature field: the person its certificate names, and a substitute's reason."""

    field: str
    signer: CertifiedPerson
    substitute: str | None = None


class SignerCheck(Frozen):
    """One field of `verify`'s report: who the session names, who signed, whether they match."""

    field: str
    role: Role
    expected: Person | None = None
    signer: str | None = None
    serial_number: str | None = None
    matched_by: MatchedBy | None = None
    substitute: str | None = None
    problem: str | None = None


def certified_person(cert: asn1_x509.Certificate) -> CertifiedPerson:
    return from_subject(cert.subject.native)


def recorded_signatories(data: bytes) -> Signatories | None:
    """Who the manifest embedded in the PDF (in the revision the secretary certified, if
    signed) names to sign; None for a package made before
    videoacta recorded it. EmbeddedFileError or ManifestError if the manifest cannot be read."""
    embedded = embedded_file(data, MANIFEST)
    return None if embedded is None else parse_manifest(embedded).signatories


def signed_fields(data: bytes) -> dict[str, SignedField]:
    """The filled signature fields of the PDF, by name (unreadable certificates are left out)."""
    try:
        signatures = embedded_signatures(PdfFileReader(io.BytesIO(data), strict=False))
    except MALFORMED:
        return {}
    found = {}
    for signature in signatures:
        read = _read_signed(signature)
        if read is None:
            continue
        cert, reason = read
        found[signature.field_name] = SignedField(
            field=signature.field_name,
            signer=certified_person(cert),
            substitute=substitution(None if reason is None else str(reason)),
        )
    return found


def _read_signed(signature: EmbeddedPdfSignature) -> tuple[asn1_x509.Certificate, object] | None:
    """The signer's certificate (its subject parsed) and the /Reason, as the file holds them;
    None if they cannot be read. Only pyHanko's and asn1crypto's reads are inside the try."""
    try:
        cert = signature.signer_cert
        cert.subject.native  # noqa: B018  (asn1crypto parses lazily: parse the file's bytes here)
        reason = signature.sig_object.get("/Reason")
    except MALFORMED:
        return None
    return cert, reason


def refuse_signer(
    role: Role, signer: CertifiedPerson, expected: Signatories | None, substitute: str | None
) -> None:
    """SigningError when `signer` may not sign for `role` as the session names it."""
    problem = None if expected is None else signing_problem(role, signer, expected, substitute)
    if problem is not None:
        raise SigningError(problem)


def check_signer(
    data: bytes,
    role: Role,
    cert: asn1_x509.Certificate,
    substitute: str | None,
    known: Signatories | None = None,
) -> None:
    """Refuse (SigningError) a certificate that may not sign the PDF `data` for `role`: not the
    session's person without a substitute's reason, or the person who certified already. The
    session's people are `known` when the caller counted the session (`build`); else they are
    read from the manifest the PDF embeds."""
    signer = certified_person(cert)
    refuse_signer(role, signer, known or _recorded(data), substitute)
    if role is not Role.CHAIR:
        return
    certifier = signed_fields(data).get(FIELDS[Role.SECRETARY])
    problem = None if certifier is None else same_person_problem(certifier.signer, signer)
    if problem is not None:
        raise SigningError(f"{problem}: the chair's field needs another person")


def recorded_or_none(data: bytes) -> Signatories | None:
    """Who the embedded manifest names to sign, or None if it cannot be read (`check_signer`
    refuses such a document with the reason)."""
    try:
        return recorded_signatories(data)
    except (EmbeddedFileError, ManifestError):
        return None


def _recorded(data: bytes) -> Signatories | None:
    try:
        return recorded_signatories(data)
    except (EmbeddedFileError, ManifestError) as error:
        raise SigningError(str(error)) from None


def check_signers(data: bytes, expected: Signatories | None) -> tuple[SignerCheck, ...]:
    """Each field's signer against the session's person; a problem makes it a mismatch."""
    filled = signed_fields(data)
    checks = {role: _check(role, filled.get(FIELDS[role]), expected) for role in Role}
    secretary, chair = filled.get(FIELDS[Role.SECRETARY]), filled.get(FIELDS[Role.CHAIR])
    if secretary is not None and chair is not None and checks[Role.CHAIR].problem is None:
        problem = same_person_problem(secretary.signer, chair.signer)
        checks[Role.CHAIR] = checks[Role.CHAIR].model_copy(update={"problem": problem})
    return tuple(checks.values())


def _check(role: Role, signed: SignedField | None, expected: Signatories | None) -> SignerCheck:
    person = None if expected is None else expected.of(role)
    check = SignerCheck(field=FIELDS[role], role=role, expected=person)
    if signed is None:
        return check
    problem = None if expected is None else role_problem(role, signed.signer, expected,
                                                        signed.substitute)  # fmt: skip
    if problem is not None and signed.substitute is None:
        problem += ", and no substitution is recorded"
    return check.model_copy(
        update={
            "signer": signed.signer.common_name,
            "serial_number": signed.signer.serial_number,
            "matched_by": None if person is None else match(person, signed.signer),
            "substitute": signed.substitute,
            "problem": problem,
        }
    )


def signer_lines(checks: tuple[SignerCheck, ...]) -> Iterator[str]:
    """The report's lines: per field, who the session names, who signed, and the outcome."""
    for check in checks:
        named = str(check.expected) if check.expected else "nobody (not recorded in the package)"
        if check.signer is None:
            yield f"  {check.field}: the session names {named}; not signed yet"
            continue
        serial = f" ({check.serial_number})" if check.serial_number else ""
        who = f"signed by {check.signer}{serial}"
        yield f"  {check.field}: the session names {named}; {who}: {_outcome(check)}"


def _outcome(check: SignerCheck) -> str:
    if check.matched_by is not None:
        outcome = f"the same person (by {check.matched_by.replace('_', ' ')})"
    elif check.expected is None:
        outcome = "not compared"
    else:
        outcome = "another person"
    if check.substitute is not None:
        outcome += f"; signs as a substitute: {check.substitute}"
    return outcome
