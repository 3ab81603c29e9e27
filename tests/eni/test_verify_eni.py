"""`videoacta verify` checks the ENI files when the package holds them; `videoacta eni`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.packages import PASSPHRASE_ENV, assert_verified, make_package
from tests.pki import Pki
from videoacta.cli import cli


def verify(folder: Path, pki: Pki) -> tuple[int, str]:
    argv = ["verify", str(folder), "--trust", str(pki.root), "--crl", str(pki.crl)]
    result = CliRunner().invoke(cli, argv)
    return result.exit_code, result.stdout


def test_the_cli_exports_and_verify_checks_the_index(
    eni_package: Path, pki: Pki, passphrase_env: None
) -> None:
    argv = ["eni", str(eni_package), "--pkcs12", str(pki["secretary.p12"]),
            "--passphrase-env", PASSPHRASE_ENV, "--json"]  # fmt: skip
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.stderr
    written = json.loads(result.stdout)
    assert written["documents"] == 6
    assert written["signer"] == "TEST Secretària Puig"
    report = assert_verified(eni_package, pki)
    assert report.eni is not None
    assert report.eni.files == ("acta.eni.xml", "expediente.eni.xml")
    assert report.eni.documents == 6
    code, text = verify(eni_package, pki)
    assert code == 0
    assert (
        "index of 6 documents signed (XAdES-EPES, AGE policy v1.9) by TEST Secretària Puig" in text
    )


def test_a_tampered_index_makes_the_package_tampered(exported: Path, pki: Pki) -> None:
    path = exported / "expediente.eni.xml"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"<eniconexpind:ValorHuella>", b"<eniconexpind:ValorHuella>0", 1))
    code, text = verify(exported, pki)
    assert code == 10
    assert "TAMPERED: expediente.eni.xml: the index's signature does not verify" in text


def test_a_changed_data_file_makes_the_index_stale(exported: Path, pki: Pki) -> None:
    from videoacta.eni.check import check_eni
    from videoacta.eni.export import package_manifest
    from videoacta.signing.trust import TrustSettings

    (exported / "votes.csv").write_bytes(b"item,round,member,option\n1,1,m01,no\n")
    data = (exported / "acta.pdf").read_bytes()
    checked = check_eni(exported, data, package_manifest(data), TrustSettings(roots=(pki.root,)))
    assert checked is not None
    stale = (
        "does not match the package: acta.pdf or a file changed after `videoacta eni`; run it again"
    )
    assert [(p.subject, p.message) for p in checked.problems] == [
        ("expediente.eni.xml", f"the signed index {stale}"),
        ("eni/votes.csv.eni.xml", f"does not hold votes.csv: {stale}"),  # its own document too
    ]


def test_an_acta_eni_of_another_pdf_is_reported(exported: Path, pki: Pki) -> None:
    path = exported / "acta.eni.xml"
    path.write_bytes(
        path.read_bytes().replace(b"<enifile:ValorBinario>JVBE", b"<enifile:ValorBinario>JVBF", 1)
    )
    code, text = verify(exported, pki)
    assert code == 10
    assert "TAMPERED: acta.eni.xml: does not match the package" in text


def test_the_chair_cannot_sign_the_index(eni_package: Path, pki: Pki, passphrase_env: None) -> None:
    from tests.packages import options
    from videoacta.core.identity import Role
    from videoacta.eni.export import export_package
    from videoacta.errors import SigningError

    with pytest.raises(SigningError, match="is not that of Marta Puig i Ferrer, whom the session"):
        export_package(eni_package, options(pki, Role.SECRETARY, who="chair"))
    assert not (eni_package / "expediente.eni.xml").exists()


def test_a_package_without_eni_terms_is_refused(
    tmp_path: Path, sign_both, pki: Pki, passphrase_env: None
) -> None:  # type: ignore[no-untyped-def]
    from videoacta.signing.pdf_signing import Level

    folder = make_package(tmp_path / "p")
    sign_both(folder, Level.B_B)
    argv = ["eni", str(folder), "--pkcs12", str(pki["secretary.p12"]), "--passphrase-env",
            PASSPHRASE_ENV]  # fmt: skip
    result = CliRunner().invoke(cli, argv)
    assert result.stderr.startswith("Error: acta.pdf: its manifest records no ENI terms: add [eni]")
    assert result.exit_code != 0


def test_an_acta_the_chair_has_not_signed_is_refused(
    tmp_path: Path, pki: Pki, passphrase_env: None
) -> None:
    from tests.eni.conftest import RECORD
    from tests.packages import options
    from videoacta.core.identity import Role
    from videoacta.eni.export import export_package
    from videoacta.errors import SigningError
    from videoacta.signing.pdf_signing import sign_package

    folder = make_package(tmp_path / "p", eni=RECORD)
    sign_package(folder, options(pki, Role.SECRETARY))
    with pytest.raises(SigningError, match="Signature_Chair is not signed yet"):
        export_package(folder, options(pki, Role.SECRETARY))
