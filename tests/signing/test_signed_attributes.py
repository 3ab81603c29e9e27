"""The CAdES signed attributes: the AGE 1.9 policy (or another), the claimed office and the
commitment type, parsed from the CMS of real signatures; pyHanko, pdfsig and verify still
find them valid; the policy options' refusals."""

import io
import subprocess
from pathlib import Path
from typing import Any

import pyhanko.sign.ades.cades_asn1  # noqa: F401 - registers the CAdES attribute types
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.packages import assert_verified, options
from tests.pki import Pki
from tests.system import require
from videoacta.core.identity import Role
from videoacta.core.terms import Language
from videoacta.package import DOCUMENT
from videoacta.signing import config
from videoacta.signing.attributes import AGE_1_9, SignaturePolicy
from videoacta.signing.pdf_signing import sign_package
from videoacta.verify.report import render_text

AGE_HASH = "1bbae8b9c7fad34f9fd37affa346c0390e9602cd"  # base64 G7roucf600+f03r/o0bAOQ6WAs0=


def _attributes(pdf: Path) -> dict[str, dict[str, Any]]:
    """Each signature's signed attributes, by field: type -> the first value."""
    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()))
    return {
        str(sig.field_name): {
            a["type"].native: a["values"][0] for a in sig.signer_info["signed_attrs"]
        }
        for sig in reader.embedded_signatures
    }


def _sign_both(pki: Pki, folder: Path, policy: SignaturePolicy | None) -> None:
    for role in (Role.SECRETARY, Role.CHAIR):
        sign_package(folder, options(pki, role, policy=policy, language=Language.CA))


def test_the_age_policy_role_and_commitment_are_signed(
    pki: Pki, unsigned_package: Path, passphrase_env: None
) -> None:
    _sign_both(pki, unsigned_package, AGE_1_9)
    found = _attributes(unsigned_package / DOCUMENT)
    for field, commitment, office in (
        ("Signature_Secretary", "proof_of_origin", "Secretaria"),
        ("Signature_Chair", "proof_of_approval", "Presidència"),
    ):
        attrs = found[field]
        assert "signing_time" not in attrs  # the AGE 1.9 PAdES profile refuses it
        policy = attrs["signature_policy_identifier"].chosen
        assert policy["sig_policy_id"].dotted == "2.16.724.1.3.1.1.2.1.9"
        assert policy["sig_policy_hash"]["digest_algorithm"]["algorithm"].native == "sha1"
        assert policy["sig_policy_hash"]["digest"].native.hex() == AGE_HASH
        assert [q["sig_qualifier"].native for q in policy["sig_policy_qualifiers"]] == [
            "https://sede.administracion.gob.es/politica_de_firma_anexo_1.pdf"
        ]
        assert attrs["commitment_type"]["commitment_type_id"].native == commitment
        role = attrs["signer_attributes_v2"]["claimed_attributes"][0]["values"][0]
        assert role["role_name"].chosen.native["common_name"] == office
    report = assert_verified(unsigned_package, pki)
    secretary = report.signatures[0].attributes
    assert secretary is not None
    assert secretary.policy is not None
    assert (secretary.policy.known, secretary.policy.digest) == ("AGE 1.9", AGE_HASH)
    assert (secretary.roles, secretary.commitment) == (("Secretaria",), "origin")
    assert report.signatures[1].attributes is not None
    assert report.signatures[1].attributes.commitment == "approval"
    text = render_text(report)
    assert "signature policy AGE 1.9: OID 2.16.724.1.3.1.1.2.1.9, sha1 " + AGE_HASH in text
    assert "commitment: proof of approval" in text
    pdfsig = subprocess.run(
        [require("pdfsig"), str(unsigned_package / DOCUMENT)], capture_output=True, text=True
    ).stdout
    assert pdfsig.count("Signature is Valid") == 2


def test_another_policy_and_none(pki: Pki, tmp_path: Path, passphrase_env: None) -> None:
    from tests.packages import make_package

    other = config.sign_options(
        "secretary",
        {"pkcs12": pki["secretary.p12"], "passphrase_env": "X", "policy_oid": "1.3.6.1.4.1.99.1",
         "policy_hash": "SHA256:" + "ab" * 32, "policy_url": "https://ajuntament.example/pf.pdf"},
    )  # fmt: skip
    assert other is not None
    assert other.policy is not None
    folder = make_package(tmp_path / "p")
    sign_package(folder, options(pki, Role.SECRETARY, policy=other.policy))
    sign_package(folder, options(pki, Role.CHAIR))
    found = _attributes(folder / DOCUMENT)
    policy = found["Signature_Secretary"]["signature_policy_identifier"].chosen
    assert (policy["sig_policy_id"].dotted, policy["sig_policy_hash"]["digest"].native.hex()) == (
        "1.3.6.1.4.1.99.1", "ab" * 32,
    )  # fmt: skip
    assert "signature_policy_identifier" not in found["Signature_Chair"]
    report = assert_verified(folder, pki)
    assert report.signatures[0].attributes is not None
    assert report.signatures[0].attributes.policy is not None
    assert report.signatures[0].attributes.policy.known is None
    assert "signature policy unknown to videoacta: OID 1.3.6.1.4.1.99.1" in render_text(report)


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ({"policy": "bogus"}, "--policy: 'bogus' is not one of: age"),
        ({"policy": "age", "policy_oid": "1.2.3"}, "not both"),
        ({"policy_hash": "sha1:" + "00" * 20}, "need --policy-oid"),
        ({"policy_oid": "1.2.3"}, "--policy-oid needs --policy-hash"),
        ({"policy_oid": "1.2.3", "policy_hash": "md5:00"}, "expected ALGORITHM:HEX"),
        ({"policy_oid": "1.2.3", "policy_hash": "sha1:00"}, "expected ALGORITHM:HEX"),
        ({"policy_oid": "banana", "policy_hash": "sha1:" + "00" * 20}, "not an OID"),
        ({"policy_oid": "1.2", "policy_hash": "sha1:" + "00" * 20, "policy_url": "a\nb"}, "url"),
    ],
)
def test_policy_options_are_refused_in_one_line(
    pki: Pki, given: dict[str, str], error: str
) -> None:
    values = {"pkcs12": pki["secretary.p12"], "passphrase_env": "X", **given}
    with pytest.raises(config.ConfigError, match=error) as raised:
        config.sign_options("secretary", values)
    assert "\n" not in str(raised.value)
