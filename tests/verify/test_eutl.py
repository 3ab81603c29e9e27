"""`verify --eutl`: a trusted list the tests make and sign says which signer and time-stamp was
qualified; a list that cannot be trusted or read is refused in one line, exit 3."""

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.packages import PASSPHRASE_ENV, make_package, options
from tests.pki import PASSPHRASE, Pki
from tests.verify.conftest import SignedAt
from tests.verify.eutl import CA_QC, QTST, WITHDRAWN, Operator, Service, signed, trusted_list
from videoacta.cli import cli
from videoacta.core.identity import Role
from videoacta.signing.pdf_signing import Level, sign_package


@pytest.fixture(scope="module")
def operator() -> Operator:
    return Operator.make()


def write_list(folder: Path, pki: Pki, operator: Operator, **changes: object) -> Path:
    """A signed list granting the test root (CA/QC) and the test TSA (TSA/QTST)."""
    services = [Service(CA_QC, pki.root.read_bytes()), Service(QTST, pki["tsa.pem"].read_bytes())]
    for index, service in enumerate(services):
        if service.kind in changes:
            services[index] = Service(service.kind, service.cert_pem, **changes[service.kind])  # type: ignore[arg-type]
    path = folder / "tl-es.xml"
    path.write_bytes(signed(trusted_list(services), operator))
    return path


def run(package: Path, pki: Pki, *extra: str) -> tuple[int, str, str]:
    argv = ["verify", str(package), "--trust", str(pki.root), *extra]
    result = CliRunner().invoke(cli, argv)
    return result.exit_code, result.stdout, result.stderr


def test_secretary_qualified_chair_not_time_stamps_qualified(
    signed_at: SignedAt, pki: Pki, operator: Operator, tmp_path: Path
) -> None:
    package = signed_at(Level.B_LTA)
    tl = write_list(tmp_path, pki, operator)
    code, out, _ = run(
        package, pki, "--eutl", str(tl), "--eutl-signer", str(operator.pem(tmp_path))
    )
    assert code == 0, out
    lines = out.splitlines()
    secretary = [line for line in lines if line.startswith("    Signature_Secretary: signature by")]
    chair = [line for line in lines if line.startswith("    Signature_Chair: signature by")]
    assert len(secretary) == 1, out
    assert ": qualified (QES: " in secretary[0], out
    assert "(its time-stamp)" in secretary[0]
    assert len(chair) == 1, out
    assert ": not qualified: not a qualified certificate" in chair[0], out
    stamps = [
        line
        for line in lines
        if line.startswith("    ") and "time-stamp by TEST Time-Stamping Unit" in line
    ]
    assert len(stamps) >= 3
    assert all(": qualified (a qualified time-stamp" in s for s in stamps)
    assert any("document time-stamp by" in line for line in stamps)
    assert lines[-1].startswith("VALID: ")
    assert lines[-1].endswith(
        f"· secretary's signature qualified (QES), chair's signature not qualified, "
        f"{len(stamps)} of {len(stamps)} time-stamps qualified (EU trusted lists)"
    )
    code, out, _ = run(package, pki, "--json", "--eutl", str(tl), "--eutl-signer",
                       str(operator.pem(tmp_path)))  # fmt: skip
    import json

    report = json.loads(out)
    kinds = {(item["role"], item["kind"]): item for item in report["qualified"]}
    assert kinds[("secretary", "signature")]["qualified"] is True
    assert kinds[("secretary", "signature")]["level"] == "QES"
    assert kinds[("chair", "signature")]["qualified"] is False
    assert report["trusted_lists"][0]["territory"] == "ES"
    assert report["verdict"] == "valid"


def test_time_stamps_not_qualified_when_the_list_withdraws_the_tsa(
    signed_at: SignedAt, pki: Pki, operator: Operator, tmp_path: Path
) -> None:
    tl = write_list(tmp_path, pki, operator, **{QTST: {"status": WITHDRAWN}})
    code, out, _ = run(signed_at(Level.B_LTA), pki, "--eutl", str(tl), "--eutl-signer",
                       str(operator.pem(tmp_path)))  # fmt: skip
    assert code == 0
    stamps = [
        line
        for line in out.splitlines()
        if line.startswith("    ") and "time-stamp by TEST Time-Stamping" in line
    ]
    assert stamps
    assert all(
        ": not qualified: its time-stamping unit is no TSA/QTST service" in s for s in stamps
    )
    assert out.splitlines()[-1].endswith(
        f"0 of {len(stamps)} time-stamps qualified (EU trusted lists)"
    )


def test_a_service_granted_after_the_signature_does_not_qualify_it(
    signed_at: SignedAt, pki: Pki, operator: Operator, tmp_path: Path
) -> None:
    later = dt.datetime(2090, 1, 1, tzinfo=dt.UTC)
    tl = write_list(tmp_path, pki, operator, **{CA_QC: {"since": later}, QTST: {"since": later}})
    code, out, _ = run(signed_at(Level.B_T), pki, "--eutl", str(tl), "--eutl-signer",
                       str(operator.pem(tmp_path)))  # fmt: skip
    assert code == 0
    secretary = next(
        line for line in out.splitlines() if line.startswith("    Signature_Secretary: signature")
    )
    assert "not qualified: the CA/QC service TEST CA service was not granted at" in secretary
    assert "TSA/QTST service TEST TSA service was not granted at" in out


def test_without_eutl_nothing_changes(signed_at: SignedAt, pki: Pki) -> None:
    code, out, _ = run(signed_at(Level.B_T), pki)
    assert code == 0
    assert "qualified" not in out
    assert "trusted list" not in out
    code, out, _ = run(signed_at(Level.B_T), pki, "--json")
    assert '"qualified": null' in out


def hostile(tmp_path: Path, pki: Pki, operator: Operator) -> dict[str, bytes]:
    good = write_list(tmp_path, pki, operator).read_bytes()
    stranger = Operator.make("TEST Other Operator")
    services = [Service(CA_QC, pki.root.read_bytes())]
    return {
        "broken.xml": good.replace(b"TEST trust service provider", b"TEST trust service provideR"),
        "other-key.xml": signed(trusted_list(services), stranger),
        "not-xml.xml": b"%PDF-1.7 this is not XML",
        "unsigned.xml": good.split(b"<ds:Signature")[0] + b"</tsl:TrustServiceStatusList>",
        "not-a-tl.xml": b"<html><body>a list</body></html>",
        "bomb.xml": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#">&c;'
        b"</tsl:TrustServiceStatusList>",
        "external.xml": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM '
        b'"file:///etc/passwd">]><tsl:TrustServiceStatusList '
        b'xmlns:tsl="http://uri.etsi.org/02231/v2#">&x;</tsl:TrustServiceStatusList>',
        "expired.xml": signed(
            trusted_list(services, next_update=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)), operator
        ),
        "huge.xml": b"<a>" + b" " * (33 * 1024 * 1024) + b"</a>",
    }


EXPECTED = {
    "broken.xml": "its signature does not verify with the 1 scheme operator certificate",
    "other-key.xml": "its signature does not verify",
    "not-xml.xml": "not XML",
    "unsigned.xml": "the trusted list is not signed",
    "not-a-tl.xml": "not a trusted list (ETSI TS 119 612): its root is html",
    "bomb.xml": "DOCTYPE or entities",
    "external.xml": "DOCTYPE or entities",
    "expired.xml": "out of date: its NextUpdate 2025-01-01 00:00 UTC has passed",
    "huge.xml": "larger than 32 MiB",
}


def test_hostile_lists_are_refused_in_one_line(
    signed_at: SignedAt, pki: Pki, operator: Operator, tmp_path: Path
) -> None:
    package = signed_at(Level.B_T)
    signer = operator.pem(tmp_path)
    for name, data in hostile(tmp_path, pki, operator).items():
        path = tmp_path / name
        path.write_bytes(data)
        code, out, err = run(package, pki, "--eutl", str(path), "--eutl-signer", str(signer))
        assert code == 3, (name, out, err)
        assert err.startswith(f"Error: {path}: "), (name, err)
        assert EXPECTED[name] in err, (name, err)
        assert err.count("\n") == 1, (name, err)
        assert "Traceback" not in err, (name, err)
        assert out == "", name


def test_a_national_list_needs_a_signer_or_the_lotl(
    signed_at: SignedAt, pki: Pki, operator: Operator, tmp_path: Path
) -> None:
    tl = write_list(tmp_path, pki, operator)
    code, _, err = run(signed_at(Level.B_T), pki, "--eutl", str(tl))
    assert code == 3
    assert f"Error: {tl}: no certificate to check its signature with" in err


def test_a_folder_with_the_lotl_and_the_national_list(
    signed_at: SignedAt, pki: Pki, operator: Operator, tmp_path: Path
) -> None:
    """As an operator downloads them: the LOTL (checked with its signer's certificate) names the
    national list's scheme operator, whose certificate checks the national list."""
    folder = tmp_path / "lists"
    folder.mkdir()
    write_list(folder, pki, operator)
    commission = Operator.make("TEST LOTL Operator")
    lotl = trusted_list([], territory="EU", lotl=True, pointers=[("ES", operator)])
    (folder / "eu-lotl.xml").write_bytes(signed(lotl, commission))
    code, out, err = run(signed_at(Level.B_T), pki, "--eutl", str(folder), "--eutl-signer",
                         str(commission.pem(tmp_path)))  # fmt: skip
    assert code == 0, err
    assert "EU trusted list EU (LOTL)" in out
    assert "EU trusted list ES:" in out
    assert "secretary's signature qualified (QES)" in out.splitlines()[-1]
    # A national list whose operator the LOTL does not name is refused.
    stranger = Operator.make("TEST Other Operator")
    (folder / "tl-es.xml").write_bytes(signed(trusted_list([]), stranger))
    code, _, err = run(signed_at(Level.B_T), pki, "--eutl", str(folder), "--eutl-signer",
                       str(commission.pem(tmp_path)))  # fmt: skip
    assert code == 3
    assert "tl-es.xml: its signature does not verify" in err


def test_a_signature_without_a_time_stamp_is_judged_at_the_verification_time(
    pki: Pki, operator: Operator, tmp_path: Path
) -> None:
    """B-B without a TSA: no time-stamp covers the signature, so the signing time it claims
    (which the signer could backdate) is not trusted: it is judged now, and the line says so."""
    tl = write_list(tmp_path, pki, operator)
    package = make_package(tmp_path / "2026-10-29-ple")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSPHRASE_ENV, PASSPHRASE)
        for role in (Role.SECRETARY, Role.CHAIR):
            sign_package(package, options(pki, role, level=Level.B_B))  # no TSA
    code, out, _ = run(package, pki, "--eutl", str(tl), "--eutl-signer",
                       str(operator.pem(tmp_path)))  # fmt: skip
    assert code == 0, out
    secretary = next(
        line for line in out.splitlines() if line.startswith("    Signature_Secretary: signature")
    )
    assert "(the verification time: no time-stamp covers it" in secretary, secretary
    assert "signer claims" not in out


def test_a_national_list_signed_by_the_lotl_key_is_refused_when_the_lotl_names_another(
    signed_at: SignedAt, pki: Pki, tmp_path: Path
) -> None:
    """The LOTL (checked with --eutl-signer, the Commission's key) names `spain` as the ES
    list's operator: an ES list signed by the Commission key is refused, since --eutl-signer
    applies only to a territory no LOTL given names; signed by `spain`, it is read."""
    folder = tmp_path / "lists"
    folder.mkdir()
    spain, commission = Operator.make("TEST ES Operator"), Operator.make("TEST LOTL Operator")
    lotl = trusted_list([], territory="EU", lotl=True, pointers=[("ES", spain)])
    (folder / "eu-lotl.xml").write_bytes(signed(lotl, commission))
    services = [Service(CA_QC, pki.root.read_bytes()), Service(QTST, pki["tsa.pem"].read_bytes())]
    (folder / "tl-es.xml").write_bytes(signed(trusted_list(services), commission))
    signer = str(commission.pem(tmp_path))
    code, out, err = run(signed_at(Level.B_T), pki, "--eutl", str(folder), "--eutl-signer", signer)
    assert code == 3, out
    assert "tl-es.xml: its signature does not verify" in err
    (folder / "tl-es.xml").write_bytes(signed(trusted_list(services), spain))
    code, out, _ = run(signed_at(Level.B_T), pki, "--eutl", str(folder), "--eutl-signer", signer)
    assert code == 0, out
