"""Signing: levels, certification then countersignature, PKCS#12 and PKCS#11, one-line errors.

Every signature made here is validated afterwards (`sign_both`, `assert_verified`).
"""

import asyncio
import io
import re
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.packages import PASSPHRASE_ENV, SignBoth, assert_verified, options, trust
from tests.pki import PIN, TSA_PASSWORD, TSA_USER, Pki, SoftHsm
from videoacta.core.identity import Role
from videoacta.credentials import SecretSource
from videoacta.errors import ExitCode, SigningError
from videoacta.package import DOCUMENT
from videoacta.signing.pdf_signing import (
    Level,
    SignOptions,
    check_certificate,
    effective_level,
    sign_package,
)
from videoacta.signing.signers import Pkcs11Signer, Pkcs12Signer, TimeStampServer


def signatures(folder: Path) -> list[tuple[str, str | None]]:
    reader = PdfFileReader(io.BytesIO((folder / DOCUMENT).read_bytes()))
    return [
        (sig.field_name, sig.docmdp_level.name if sig.docmdp_level else None)
        for sig in reader.embedded_signatures
    ]


@pytest.mark.parametrize(
    ("level", "timestamped", "revocation", "doc_timestamps"),
    [
        (Level.B_B, False, False, 0),
        (Level.B_T, True, False, 0),
        (Level.B_LT, True, True, 0),
        (Level.B_LTA, True, True, 2),
    ],
)
def test_each_level_certifies_then_countersigns(
    unsigned_package: Path,
    sign_both: SignBoth,
    level: Level,
    timestamped: bool,
    revocation: bool,
    doc_timestamps: int,
) -> None:
    report = sign_both(unsigned_package, level)
    regular = [check for check in report.signatures if check.kind == "signature"]
    assert [(check.field, check.role) for check in regular] == [
        ("Signature_Secretary", "secretary"),
        ("Signature_Chair", "chair"),
    ]
    secretary, chair = regular
    assert secretary.certification == "fill_forms"
    assert chair.certification is None
    assert secretary.signer == "TEST Secretària Puig"
    assert chair.signer == "TEST Alcaldessa Núñez"
    assert secretary.modification_level in {"FORM_FILLING", "LTA_UPDATES"}
    assert secretary.docmdp_ok
    assert [check.timestamp is not None for check in regular] == [timestamped, timestamped]
    assert [check.revocation_data for check in regular] == [revocation, revocation]
    timestamps = [check for check in report.signatures if check.kind == "document time-stamp"]
    assert len(timestamps) == doc_timestamps
    assert all(check.bottom_line for check in timestamps)
    assert report.empty_fields == ()


def test_the_chair_keeps_the_secretarys_signature_valid(
    unsigned_package: Path, pki: Pki, tsa_url: str, passphrase_env: None
) -> None:
    sign_package(unsigned_package, options(pki, Role.SECRETARY, tsa=tsa_url))
    half = assert_verified_partially(unsigned_package, pki)
    assert half == ["Signature_Chair"]
    assert signatures(unsigned_package) == [("Signature_Secretary", "FILL_FORMS")]
    result = sign_package(unsigned_package, options(pki, Role.CHAIR, tsa=tsa_url))
    assert (result.field, result.level, result.signer) == (
        "Signature_Chair",
        Level.B_T,
        "TEST Alcaldessa Núñez",
    )
    assert signatures(unsigned_package) == [
        ("Signature_Secretary", "FILL_FORMS"),
        ("Signature_Chair", None),
    ]
    assert_verified(unsigned_package, pki)


def assert_verified_partially(folder: Path, pki: Pki) -> list[str]:
    from videoacta.verify.verifier import verify_package

    report = verify_package(folder, trust=trust(pki))
    assert report.verdict == "incomplete", report.findings
    assert all(check.bottom_line for check in report.signatures)
    return list(report.empty_fields)


def test_pkcs11_token_signs(
    unsigned_package: Path, pki: Pki, softhsm: SoftHsm, tsa_url: str, passphrase_env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sign_package(unsigned_package, options(pki, Role.SECRETARY, tsa=tsa_url))
    monkeypatch.setenv("VIDEOACTA_TEST_PIN", PIN)
    token = Pkcs11Signer(
        module=softhsm.module, token_label=softhsm.token, key_label=softhsm.key_label,
        pin=SecretSource.env("VIDEOACTA_TEST_PIN"),
    )  # fmt: skip
    chair = SignOptions(
        role=Role.CHAIR, signer=token, tsa=TimeStampServer(url=tsa_url), level=Level.B_LT,
        trust=trust(pki),
    )  # fmt: skip
    result = sign_package(unsigned_package, chair)
    assert result.signer == "TEST Alcaldessa Núñez"
    assert_verified(unsigned_package, pki)


def test_pkcs11_wrong_pin(
    unsigned_package: Path, pki: Pki, softhsm: SoftHsm, passphrase_env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sign_package(unsigned_package, options(pki, Role.SECRETARY))
    monkeypatch.setenv("VIDEOACTA_TEST_PIN", "0000")
    token = Pkcs11Signer(
        module=softhsm.module, token_label=softhsm.token, key_label="chair",
        pin=SecretSource.env("VIDEOACTA_TEST_PIN"),
    )  # fmt: skip
    with pytest.raises(SigningError) as raised:
        sign_package(unsigned_package, SignOptions(role=Role.CHAIR, signer=token))
    assert str(raised.value) == (
        f"PKCS#11 token 'videoacta-test' ({softhsm.module}): "
        "wrong PIN (read from environment variable VIDEOACTA_TEST_PIN)"
    )
    assert "0000" not in str(raised.value)


def test_pkcs11_unknown_key(
    unsigned_package: Path, pki: Pki, softhsm: SoftHsm, passphrase_env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sign_package(unsigned_package, options(pki, Role.SECRETARY))
    monkeypatch.setenv("VIDEOACTA_TEST_PIN", PIN)
    token = Pkcs11Signer(
        module=softhsm.module, token_label=softhsm.token, key_label="nobody",
        pin=SecretSource.env("VIDEOACTA_TEST_PIN"),
    )  # fmt: skip
    with pytest.raises(SigningError, match="nobody"):
        sign_package(unsigned_package, SignOptions(role=Role.CHAIR, signer=token))


def test_time_stamp_server_with_basic_auth(
    unsigned_package: Path, pki: Pki, tsa_url: str, passphrase_env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TSA_PASSWORD", TSA_PASSWORD)
    server = TimeStampServer(
        url=tsa_url + "auth", username=TSA_USER, password=SecretSource.env("TSA_PASSWORD")
    )
    secretary = options(pki, Role.SECRETARY).model_copy(update={"tsa": server})
    assert sign_package(unsigned_package, secretary).level is Level.B_T
    monkeypatch.setenv("TSA_PASSWORD", "wrong")
    chair = options(pki, Role.CHAIR).model_copy(update={"tsa": server})
    with pytest.raises(SigningError) as raised:
        sign_package(unsigned_package, chair)
    assert str(raised.value) == f"time-stamp server {tsa_url}auth: HTTP 401 Unauthorized"


def test_wrong_passphrase(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "not the passphrase")
    before = (unsigned_package / DOCUMENT).read_bytes()
    with pytest.raises(SigningError) as raised:
        sign_package(unsigned_package, options(pki, Role.SECRETARY))
    source = f"environment variable {PASSPHRASE_ENV}"
    assert str(raised.value) == f"{pki['secretary.p12']}: wrong passphrase (read from {source})"
    assert raised.value.exit_code == ExitCode.SIGNING == 6
    assert (unsigned_package / DOCUMENT).read_bytes() == before


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("chair first", "the secretary certifies first; the chair signs after"),
        ("twice", "the secretary has already signed (field Signature_Secretary)"),
        ("expired", "the certificate of TEST Expired Signer expired on 2021-01-01"),
        ("not a p12", "not a PKCS#12 (.p12/.pfx) file"),
        ("no tsa", "level B-LT needs a time-stamp server (--tsa URL)"),
        ("dead tsa", "time-stamp server"),
    ],
)
def test_refusals_are_one_line_and_leave_the_file_alone(
    unsigned_package: Path, pki: Pki, passphrase_env: None, case: str, message: str
) -> None:
    role, extra = Role.SECRETARY, {}
    who = None
    if case == "chair first":
        role = Role.CHAIR
    elif case == "twice":
        sign_package(unsigned_package, options(pki, Role.SECRETARY))
    elif case == "expired":
        who = "expired"
    elif case == "no tsa":
        extra = {"level": Level.B_LT}
    chosen = options(pki, role, who=who, **extra)
    if case == "not a p12":
        chosen = chosen.model_copy(update={"signer": Pkcs12Signer(path=pki.root)})
    if case == "dead tsa":
        chosen = chosen.model_copy(update={"tsa": TimeStampServer(url="http://127.0.0.1:9/")})
    before = (unsigned_package / DOCUMENT).read_bytes()
    with pytest.raises(SigningError, match=re.escape(message)) as raised:
        sign_package(unsigned_package, chosen)
    assert "\n" not in str(raised.value)
    assert (unsigned_package / DOCUMENT).read_bytes() == before


def test_untrusted_signer_is_refused_when_trust_roots_are_given(
    unsigned_package: Path, pki: Pki, passphrase_env: None
) -> None:
    with pytest.raises(SigningError, match="could not be validated"):
        sign_package(unsigned_package, options(pki, Role.SECRETARY, who="stranger"))


def test_default_level() -> None:
    signer = Pkcs12Signer(path=Path("x.p12"))
    assert effective_level(SignOptions(role=Role.CHAIR, signer=signer)) is Level.B_B
    with_tsa = SignOptions(role=Role.CHAIR, signer=signer, tsa=TimeStampServer(url="http://t/"))
    assert effective_level(with_tsa) is Level.B_T


def test_check_certificate_names_the_signer(pki: Pki) -> None:
    from pyhanko.keys import load_cert_from_pemder

    cert = load_cert_from_pemder(str(pki["chair.pem"]))
    assert check_certificate(cert) == "TEST Alcaldessa Núñez"


def test_signs_and_verifies_from_inside_a_running_event_loop(
    unsigned_package: Path, pki: Pki, passphrase_env: None
) -> None:
    async def inside() -> None:
        sign_package(unsigned_package, options(pki, Role.SECRETARY))
        sign_package(unsigned_package, options(pki, Role.CHAIR))
        assert_verified(unsigned_package, pki)

    asyncio.run(inside())
