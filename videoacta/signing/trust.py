"""Trust roots and local revocation data, turned into pyHanko validation contexts.

There is no network on the machines that sign or verify minutes, so nothing is fetched: the
trust roots come from `--trust` files (PEM or DER; with none, the system's store is used), the
CRLs and OCSP responses from local files and from the document's own DSS.
"""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from pyhanko_certvalidator import ValidationContext

from videoacta.core.terms import Frozen
from videoacta.errors import SigningError


class TrustSettings(Frozen):
    """Files of trust roots (certificates), extra certificates, CRLs and OCSP responses."""

    roots: tuple[Path, ...] = ()
    certs: tuple[Path, ...] = ()
    crls: tuple[Path, ...] = ()
    ocsps: tuple[Path, ...] = ()


def _blobs(path: Path) -> list[bytes]:
    """The DER objects in a file: one DER, or every PEM block."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SigningError(f"{path}: cannot read: {error.strerror}") from None
    if asn1_pem.detect(data):
        return [der for _, _, der in asn1_pem.unarmor(data, multiple=True)]
    return [data]


def _load(paths: Iterable[Path], kind: Any, what: str) -> list[Any]:
    loaded = []
    for path in paths:
        for der in _blobs(path):
            try:
                item = kind.load(der)
                item.native  # noqa: B018  (parses lazily: force it so errors surface here)
            except ValueError:
                raise SigningError(f"{path}: not a {what} (PEM or DER)") from None
            loaded.append(item)
    return loaded


def load_certificates(paths: Iterable[Path]) -> list[asn1_x509.Certificate]:
    """Certificates from PEM (one or more) or DER files."""
    return _load(paths, asn1_x509.Certificate, "certificate")


def context_kwargs(settings: TrustSettings) -> dict[str, Any]:
    """The keyword arguments of a ValidationContext, without the document's own DSS."""
    kwargs: dict[str, Any] = {
        "other_certs": load_certificates(settings.certs),
        "crls": _load(settings.crls, asn1_crl.CertificateList, "CRL"),
        "ocsps": _load(settings.ocsps, asn1_ocsp.OCSPResponse, "OCSP response"),
        "allow_fetching": False,
        # A signature without revocation data (B-B, B-T) is judged on its chain alone; a
        # certificate that the data present shows revoked fails all the same.
        "revocation_mode": "soft-fail",
    }
    if settings.roots:
        kwargs["trust_roots"] = load_certificates(settings.roots)
    return kwargs


def validation_context(settings: TrustSettings, *, hard_fail: bool = False) -> ValidationContext:
    """A validation context; `hard_fail` demands revocation data for every certificate (B-LT)."""
    kwargs = context_kwargs(settings)
    if hard_fail:
        kwargs["revocation_mode"] = "hard-fail"
    return ValidationContext(**kwargs)
