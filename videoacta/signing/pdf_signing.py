"""Sign acta.pdf: the secretary certifies, the chair countersigns, each in its own field.

The document comes with two empty signature fields, `Signature_Secretary` and
`Signature_Chair`. The secretary's signature is a certification (DocMDP: form filling allowed),
so it must come first; the chair's is an approval signature added later as an incremental
update, which keeps the first one valid. Levels are PAdES baseline B-B, B-T (a time-stamp from
an RFC 3161 server), B-LT (plus the validation data in the DSS) and B-LTA (plus a document
time-stamp). The file is replaced atomically: a failure leaves it as it was.
"""

import datetime as dt
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from asn1crypto import x509 as asn1_x509
from pydantic import AfterValidator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from videoacta.core.identity import Role, Signatories, check_substitute
from videoacta.core.terms import Frozen, Language
from videoacta.credentials import Prompt
from videoacta.errors import SigningError
from videoacta.outputs import write_bytes_atomic
from videoacta.package import DOCUMENT
from videoacta.signing.attributes import SignaturePolicy, signed_attributes
from videoacta.signing.pyhanko_calls import document_read, off_event_loop, pyhanko_errors
from videoacta.signing.sidecar import write_sidecar
from videoacta.signing.signatories import check_signer, recorded_or_none, signed_fields
from videoacta.signing.signers import SignerSpec, TimeStampServer, open_signer, timestamper
from videoacta.signing.stamp import office, reason_text, signed_text, stamp_role, stamp_style
from videoacta.signing.trust import TrustSettings, validation_context
from videoacta.signing.vocabulary import FIELDS as FIELDS
from videoacta.signing.vocabulary import Level as Level

# Room for the CMS signature: RSA signature, certificate chain and time-stamp token fit easily
# (revocation data goes to the DSS, not here). A fixed size spares pyHanko a dry-run signature
# (and time-stamp request) to estimate it, a fifth of the time of a signature.
SIGNATURE_BYTES = 32 * 1024


def _not_the_offline_warning(record: logging.LogRecord) -> bool:
    """Drop pyHanko's warning that nothing is fetched: offline is how videoacta always signs."""
    return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_not_the_offline_warning)


class SignOptions(Frozen):
    """Everything one signature needs but the document."""

    role: Role
    signer: SignerSpec
    tsa: TimeStampServer | None = None
    level: Level | None = None
    trust: TrustSettings = TrustSettings()
    language: Language = Language.EN
    location: str | None = None
    # Why someone else signs for the role (see identity.py): one line, in the signature's reason.
    substitute: Annotated[str, AfterValidator(check_substitute)] | None = None
    policy: SignaturePolicy | None = None  # in the signed attributes: PAdES-EPES


class SignResult(Frozen):
    document: Path
    field: str
    role: Role
    level: Level
    signer: str
    signed_at: dt.datetime
    root: str | None = None  # the self-signed root in the signer's chain, if it holds one
    substitute: str | None = None


def effective_level(options: SignOptions) -> Level:
    """The level asked for, else B-T with a time-stamp server and B-B without."""
    level = options.level or (Level.B_T if options.tsa else Level.B_B)
    if level is not Level.B_B and options.tsa is None:
        raise SigningError(f"level {level} needs a time-stamp server (--tsa URL)")
    return level


def sign_package(
    folder: Path,
    options: SignOptions,
    *,
    prompt: Prompt | None = None,
    signer: signers.Signer | None = None,
) -> SignResult:
    """Sign the acta.pdf of a package folder in the field of `options.role`."""
    return sign_document(folder / DOCUMENT, options, prompt=prompt, signer=signer)


@contextmanager
def opened_signer(
    options: SignOptions, *, prompt: Prompt | None = None
) -> Iterator[tuple[signers.Signer, str]]:
    """Open the signer once (one passphrase or PIN) and check its certificate, to sign later.

    `videoacta build` opens it before the long stages: a wrong passphrase or an expired
    certificate fails at once, and the viewer page can name who certifies.
    """
    effective_level(options)
    with (
        pyhanko_errors(Path(DOCUMENT), tsa=options.tsa),
        open_signer(options.signer, prompt=prompt) as signer,
    ):
        yield signer, check_certificate(signer.signing_cert)


@contextmanager
def _signer(
    options: SignOptions, prompt: Prompt | None, opened: signers.Signer | None
) -> Iterator[signers.Signer]:
    if opened is not None:
        yield opened
        return
    with open_signer(options.signer, prompt=prompt) as signer:
        yield signer


def sign_document(
    path: Path,
    options: SignOptions,
    *,
    prompt: Prompt | None = None,
    signer: signers.Signer | None = None,
    data: bytes | None = None,
    signatories: Signatories | None = None,
) -> SignResult:
    """Sign the PDF at `path` in place (atomically) in its pre-created field for the role.

    `signer` is one opened by `opened_signer`; without it the signer is opened here. `data` is
    the PDF's bytes and `signatories` who the session names, when the caller has just written
    the one and counted the other (`build`): neither is read back out of the PDF. Without
    them, the file is read and the signatories come from the manifest it embeds (`sign`).
    """
    level = effective_level(options)
    data = _read(path) if data is None else data
    field = FIELDS[options.role]
    with pyhanko_errors(path, tsa=options.tsa):
        check_readable(data, check_fields(data, options.role, path), path)
        signatories = signatories or recorded_or_none(data)
        with _signer(options, prompt, signer) as signer:
            name = check_certificate(signer.signing_cert)
            check_signer(data, options.role, signer.signing_cert, options.substitute, signatories)
            root = chain_root(signer)
            tsa = timestamper(options.tsa, prompt=prompt) if options.tsa else None
            title = _title(options, signatories)
            pdf_signer = signers.PdfSigner(
                _metadata(options, level, field, title), signer, timestamper=tsa,
                stamp_style=stamp_style(options.language),
            )  # fmt: skip
            texts = _stamp_texts(options, title, signatories, time_stamped=tsa is not None)
            signed = off_event_loop(lambda: _signed(pdf_signer, data, path, texts))
    remove_leftovers(path)
    write_bytes_atomic(path, signed.getvalue(), outside=True)
    write_sidecar(path, signed.getvalue())
    now = dt.datetime.now(dt.UTC)
    return SignResult(
        document=path, field=field, role=options.role, level=level, signer=name, signed_at=now,
        root=root,
        substitute=options.substitute,
    )  # fmt: skip


def _signed(
    pdf_signer: signers.PdfSigner, data: bytes, path: Path, texts: dict[str, str]
) -> io.BytesIO:
    """pyHanko's signature of `data` as an incremental update; what it raises on a hostile
    document is a SigningError."""
    with document_read(path):
        signed: io.BytesIO = pdf_signer.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(data), strict=False),
            existing_fields_only=True,
            bytes_reserved=SIGNATURE_BYTES,
            appearance_text_params=texts,
        )
    return signed


def chain_root(signer: signers.Signer) -> str | None:
    """The name and SHA-256 fingerprint of the self-signed root in the signer's chain, if any."""
    certificates = [signer.signing_cert, *signer.cert_registry]
    for cert in certificates:
        if cert is not None and cert.subject == cert.issuer:
            name = cert.subject.native.get("common_name", cert.subject.human_friendly)
            return f"{name} (SHA-256 {cert.sha256_fingerprint.replace(' ', ':')})"
    return None


def remove_leftovers(path: Path) -> None:
    """Remove the temporary copies of `path` a killed run left beside it (`.acta.pdf.*.tmp`)."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


def _title(options: SignOptions, signatories: Signatories | None) -> str | None:
    """The office the session gives the role's person; a substitute signs under the role's name."""
    if options.substitute is not None or signatories is None:
        return None
    return signatories.of(options.role).title


def _stamp_texts(
    options: SignOptions, title: str | None, known: Signatories | None, *, time_stamped: bool
) -> dict[str, str]:
    """The stamp's role and time lines (its signer's name is pyHanko's, from the certificate)."""
    zone = known.timezone if known is not None else None
    now = dt.datetime.now(dt.UTC)
    return {
        "role": stamp_role(options.role, options.language, options.substitute, title),
        "signed": signed_text(now, options.language, zone, time_stamped=time_stamped),
    }


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise SigningError(f"{path}: cannot read: {error.strerror}") from None


def _metadata(
    options: SignOptions, level: Level, field: str, title: str | None = None
) -> signers.PdfSignatureMetadata:
    long_term = level in (Level.B_LT, Level.B_LTA)
    context = None
    if long_term or options.trust.roots:
        context = validation_context(options.trust, hard_fail=long_term)
    return signers.PdfSignatureMetadata(
        field_name=field,
        certify=options.role is Role.SECRETARY,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason_text(options.role, options.language, options.substitute, title),
        location=options.location,
        embed_validation_info=long_term,
        use_pades_lta=level is Level.B_LTA,
        validation_context=context,
        cades_signed_attr_spec=signed_attributes(
            options.role, office(options.role, options.language, title), options.policy
        ),
    )


def check_fields(data: bytes, role: Role, path: Path) -> frozenset[str]:
    """The role's field exists and is empty; the chair signs only after the secretary.
    Returns the names of the filled signature fields."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    with document_read(path):
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        filled = {name: value is not None for name, value, _ in fields.enumerate_sig_fields(reader)}
    field = FIELDS[role]
    if field not in filled:
        raise SigningError(f"{path}: has no signature field {field}")
    if filled[field]:
        raise SigningError(f"{path}: the {role} has already signed (field {field})")
    if role is Role.CHAIR and not filled.get(FIELDS[Role.SECRETARY], False):
        raise SigningError(f"{path}: the secretary certifies first; the chair signs after")
    return frozenset(name for name, is_filled in filled.items() if is_filled)


def check_readable(data: bytes, filled: frozenset[str], path: Path) -> None:
    """Refuse a document with a filled field whose signature cannot be read: its signer could
    not be compared (the chair is never the person who certified), so nothing is skipped."""
    readable = signed_fields(data)
    for name in sorted(filled):
        if name not in readable:
            raise SigningError(
                f"{path}: cannot be signed: the signature in field {name} cannot be read"
            )


def check_certificate(cert: asn1_x509.Certificate | None, *, now: dt.datetime | None = None) -> str:
    """The certificate's name; refuse one that is expired or not valid yet."""
    if cert is None:
        raise SigningError("the signer has no certificate")
    name = str(cert.subject.native.get("common_name", cert.subject.human_friendly))
    now = now or dt.datetime.now(dt.UTC)
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if now > not_after:
        raise SigningError(f"the certificate of {name} expired on {not_after:%Y-%m-%d}")
    if now < not_before:
        raise SigningError(f"the certificate of {name} is not valid before {not_before:%Y-%m-%d}")
    return name
