"""The SAMPLE PKI in samples/pki works as documented: it signs at B-LT and verifies."""

import datetime as dt
import re
from pathlib import Path

import pytest
from cryptography import x509

from tests.conftest import ROOT
from tests.packages import make_package
from tests.pki import Pki
from videoacta.core.identity import Role, signatories_of
from videoacta.credentials import SecretSource
from videoacta.inputs.session_folder import load_session
from videoacta.signing.pdf_signing import Level, SignOptions, sign_package
from videoacta.signing.signers import Pkcs12Signer, TimeStampServer
from videoacta.signing.trust import TrustSettings
from videoacta.verify.verifier import verify_package

PKI = ROOT / "samples" / "pki"
README = (PKI / "README.md").read_text(encoding="utf-8")


def test_the_documented_passphrase_opens_both_files(monkeypatch: pytest.MonkeyPatch) -> None:
    passphrase = re.search(r"PKCS#12 files is \*\*`([^`]+)`\*\*", README)
    assert passphrase
    from cryptography.hazmat.primitives.serialization import pkcs12

    for role in ("secretary", "chair"):
        data = (PKI / f"SAMPLE-{role}.p12").read_bytes()
        _, cert, _ = pkcs12.load_key_and_certificates(data, passphrase[1].encode())
        assert cert is not None
        assert cert.subject.rfc4514_string().startswith("CN=SAMPLE ")


def test_every_file_says_sample_and_does_not_expire_soon() -> None:
    for path in PKI.glob("SAMPLE-*.pem"):
        if path.name.endswith(".key.pem"):
            continue
        cert = x509.load_pem_x509_certificate(path.read_bytes())
        assert "SAMPLE" in cert.subject.rfc4514_string()
        assert cert.not_valid_after_utc > dt.datetime(2070, 1, 1, tzinfo=dt.UTC)
    crl = x509.load_der_x509_crl((PKI / "SAMPLE-root-ca.crl").read_bytes())
    assert crl.next_update_utc is not None
    assert crl.next_update_utc > dt.datetime(2070, 1, 1, tzinfo=dt.UTC)
    tsa = x509.load_pem_x509_certificate((PKI / "SAMPLE-tsa.pem").read_bytes())
    usage = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert usage.critical
    assert list(usage.value) == [x509.ExtendedKeyUsageOID.TIME_STAMPING]


def test_sample_pki_signs_at_b_lt_and_verifies(
    tmp_path: Path, tsa_url: str, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = signatories_of(load_session(ROOT / "samples" / "2026-10-29-ple-ordinari"))
    unsigned_package = make_package(tmp_path / "sample", signatories=sample)
    monkeypatch.setenv("VIDEOACTA_PASSPHRASE", "videoacta-sample")
    roots = (PKI / "SAMPLE-root-ca.pem", pki.root)  # the test TSA is issued by the test root
    trust = TrustSettings(roots=roots, crls=(PKI / "SAMPLE-root-ca.crl", pki.crl))
    for role in Role:
        signer = Pkcs12Signer(
            path=PKI / f"SAMPLE-{role.value}.p12",
            passphrase=SecretSource.env("VIDEOACTA_PASSPHRASE"),
        )
        options = SignOptions(
            role=role, signer=signer, tsa=TimeStampServer(url=tsa_url), level=Level.B_LT,
            trust=trust,
        )  # fmt: skip
        sign_package(unsigned_package, options)
    report = verify_package(unsigned_package, trust=trust)
    assert report.verdict == "valid", report.findings
    assert [check.signer for check in report.signatures] == [
        "SAMPLE Montserrat Puigdollers i Ferrer",
        "SAMPLE Núria Soler i Bosch",
    ]
    assert all(check.revocation_data for check in report.signatures)
    # the sample certificates are those of the sample session's secretary and chair
    assert [(check.expected, check.matched_by) for check in report.signers] == [
        (sample.secretary, "name"),
        (sample.chair, "name"),
    ]
