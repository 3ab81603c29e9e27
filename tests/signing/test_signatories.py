"""The signers must be the people the session names: `sign` refuses, `verify` says so (exit 14).

Real certificates (tests/pki.py) naming real-looking people; every package is verified after.
To make a package that `sign` would refuse (as another tool, or an older videoacta, could), the
identity check of `sign` is switched off with `unchecked`.
"""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.builders import sample_for_test_pki, session_data, write_folder
from tests.conftest import SAMPLE
from tests.media.test_index import session_log
from tests.packages import assert_verified, make_package, options
from tests.pki import PASSPHRASE, Pki
from tests.system import require
from videoacta.batch import runspec
from videoacta.cli import cli
from videoacta.core.identity import Person, Role, Signatories
from videoacta.errors import ExitCode, InputError, SigningError
from videoacta.inputs.session_folder import load_session
from videoacta.package import DOCUMENT
from videoacta.signing import pdf_signing
from videoacta.signing.pdf_signing import sign_package

STANDS_IN = "Alcalde accidental per absència de l'alcaldessa, decret 12/2026"
pytestmark = pytest.mark.usefixtures("passphrase_env")


def unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sign as a tool that does not check who signs."""
    monkeypatch.setattr(pdf_signing, "check_signer", lambda *args: None)


def sign_as(folder: Path, pki: Pki, role: Role, who: str, substitute: str | None = None) -> None:
    sign_package(folder, options(pki, role, who=who, substitute=substitute))


def verify(folder: Path, pki: Pki, root: Path | None = None) -> tuple[int, dict[str, Any]]:
    argv = ["verify", str(folder), "--trust", str(root or pki.root), "--json"]
    result = CliRunner().invoke(cli, argv)
    return result.exit_code, json.loads(result.stdout)


def findings(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f["verdict"], f["subject"], f["message"]) for f in report["findings"]]


def signers(report: dict[str, Any]) -> list[tuple[str | None, str | None, str | None]]:
    """Per field: who signed, how they match the session's person, a substitute's reason."""
    return [(s["signer"], s["matched_by"], s["substitute"]) for s in report["signers"]]


# -- sign refuses, before anything is written ------------------------------------------------


@pytest.mark.parametrize(
    ("role", "who", "substitute", "message"),
    [
        (
            Role.SECRETARY, "chair", None,
            "the certificate of TEST Alcaldessa Núñez (IDCES-87654321X) is not that of Marta Puig "
            "i Ferrer, whom the session names as the secretary; someone standing in signs with "
            "--substitute REASON",
        ),
        (
            Role.SECRETARY, "chair", "secretària accidental",
            "TEST Alcaldessa Núñez (IDCES-87654321X) is the session's chair and cannot stand in "
            "for the secretary",
        ),
        (
            Role.SECRETARY, "secretary", "secretària accidental",
            "this is the certificate of Marta Puig i Ferrer: --substitute is for someone "
            "standing in",
        ),
    ],
)  # fmt: skip
def test_sign_refuses_a_certificate_that_is_not_the_role_s_person(
    unsigned_package: Path, pki: Pki, role: Role, who: str, substitute: str | None, message: str
) -> None:
    before = (unsigned_package / DOCUMENT).read_bytes()
    with pytest.raises(SigningError) as raised:
        sign_as(unsigned_package, pki, role, who, substitute)
    assert str(raised.value) == message
    assert raised.value.exit_code == ExitCode.SIGNING == 6
    assert (unsigned_package / DOCUMENT).read_bytes() == before


@pytest.mark.parametrize(
    ("who", "substitute", "message"),
    [
        (
            "secretary", None,
            "the certificate of TEST Secretària Puig (IDCES-12345678Z) is not that of Núria Núñez "
            "Roca, whom the session names as the chair; someone standing in signs with "
            "--substitute REASON",
        ),
        (
            "secretary", STANDS_IN,
            "TEST Secretària Puig (IDCES-12345678Z) is the session's secretary and cannot stand "
            "in for the chair",
        ),
        (
            "expired", STANDS_IN,  # another certificate of the secretary's
            "the certificate of TEST Expired Signer expired on 2021-01-01",
        ),
    ],
)  # fmt: skip
def test_sign_refuses_the_secretary_in_the_chair_field(
    unsigned_package: Path, pki: Pki, who: str, substitute: str | None, message: str
) -> None:
    sign_as(unsigned_package, pki, Role.SECRETARY, "secretary")
    before = (unsigned_package / DOCUMENT).read_bytes()
    with pytest.raises(SigningError) as raised:
        sign_as(unsigned_package, pki, Role.CHAIR, who, substitute)
    assert str(raised.value) == message
    assert (unsigned_package / DOCUMENT).read_bytes() == before


def test_a_substitute_cannot_sign_both_fields(unsigned_package: Path, pki: Pki) -> None:
    sign_as(unsigned_package, pki, Role.SECRETARY, "deputy", "secretari accidental")
    before = (unsigned_package / DOCUMENT).read_bytes()
    with pytest.raises(SigningError) as raised:
        sign_as(unsigned_package, pki, Role.CHAIR, "deputy", STANDS_IN)
    assert str(raised.value) == (
        "the secretary (TEST Tinent Vidal (IDCES-11111111H)) and the chair (TEST Tinent Vidal "
        "(IDCES-11111111H)) are the same person: the chair's field needs another person"
    )
    assert (unsigned_package / DOCUMENT).read_bytes() == before


# -- matching: names spelt otherwise, identity numbers -----------------------------------------


def test_a_name_spelt_otherwise_matches(tmp_path: Path, pki: Pki) -> None:
    named = Signatories(
        secretary=Person(name="PUIG FERRER, Marta"), chair=Person(name="nuria nunez i roca")
    )
    folder = make_package(tmp_path / "p", signatories=named)
    sign_as(folder, pki, Role.SECRETARY, "secretary")
    sign_as(folder, pki, Role.CHAIR, "chair")
    report = assert_verified(folder, pki)
    assert [(check.expected, check.matched_by) for check in report.signers] == [
        (named.secretary, "name"),
        (named.chair, "name"),
    ]


def test_the_identity_number_wins_over_the_name(tmp_path: Path, pki: Pki) -> None:
    named = Signatories(
        secretary=Person(name="M. Puig", id_number="12345678Z"),  # not the certificate's name
        chair=Person(name="Núria Núñez Roca", id_number="X1234567L"),  # the name, not the number
    )
    folder = make_package(tmp_path / "p", signatories=named)
    sign_as(folder, pki, Role.SECRETARY, "secretary")
    with pytest.raises(SigningError, match=r"is not that of Núria Núñez Roca \(X1234567L\)"):
        sign_as(folder, pki, Role.CHAIR, "chair")
    code, report = verify(folder, pki)
    assert (code, report["verdict"]) == (13, "incomplete")
    assert signers(report) == [("TEST Secretària Puig", "id_number", None), (None, None, None)]
    assert report["signers"][0]["serial_number"] == "IDCES-12345678Z"


def test_id_number_in_session_toml(tmp_path: Path) -> None:
    data = session_data()
    data["secretary"]["id_number"] = "IDCES-12345678Z"
    data["members"][0]["id_number"] = "87654321-x"
    session = load_session(write_folder(tmp_path / "ok", data, session_log()))
    assert (session.secretary.id_number, session.members[0].id_number) == ("12345678Z", "87654321X")
    data["members"][1]["id_number"] = "1234"
    with pytest.raises(InputError) as raised:
        load_session(write_folder(tmp_path / "bad", data, session_log()))
    assert str(raised.value) == (
        "session.toml: members[1].id_number: '1234' is not a DNI, NIE or NIF such as 12345678Z "
        "or IDCES-12345678Z"
    )
    assert raised.value.exit_code == ExitCode.INPUT
    data["members"][1]["id_number"] = "12345678-Z"
    with pytest.raises(InputError) as raised:
        load_session(write_folder(tmp_path / "twice", data, session_log()))
    assert str(raised.value) == "session.toml: id_number: identity number '12345678Z' appears twice"


# -- verify: who should sign, who signed, whether they match -----------------------------------


def test_roles_swapped_is_a_signer_mismatch(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    unchecked(monkeypatch)
    sign_as(unsigned_package, pki, Role.SECRETARY, "chair")
    sign_as(unsigned_package, pki, Role.CHAIR, "secretary")
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (ExitCode.SIGNER_MISMATCH, "signer_mismatch")
    assert ExitCode.SIGNER_MISMATCH == 14
    assert [s["bottom_line"] for s in report["signatures"]] == [True, True]  # intact, trusted
    assert findings(report) == [
        (
            "signer_mismatch", "Signature_Secretary",
            "the certificate of TEST Alcaldessa Núñez (IDCES-87654321X) is not that of Marta Puig "
            "i Ferrer, whom the session names as the secretary, and no substitution is recorded",
        ),
        (
            "signer_mismatch", "Signature_Chair",
            "the certificate of TEST Secretària Puig (IDCES-12345678Z) is not that of Núria Núñez "
            "Roca, whom the session names as the chair, and no substitution is recorded",
        ),
    ]  # fmt: skip
    assert signers(report) == [("TEST Alcaldessa Núñez", None, None),
                               ("TEST Secretària Puig", None, None)]  # fmt: skip


@pytest.mark.parametrize("substitute", [None, STANDS_IN])
def test_the_secretary_in_both_fields_is_a_signer_mismatch(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch, substitute: str | None
) -> None:
    unchecked(monkeypatch)
    sign_as(unsigned_package, pki, Role.SECRETARY, "secretary")
    sign_as(unsigned_package, pki, Role.CHAIR, "secretary", substitute)
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (14, "signer_mismatch")
    [(verdict, subject, message)] = findings(report)
    assert (verdict, subject) == ("signer_mismatch", "Signature_Chair")
    assert message.startswith("the certificate of TEST Secretària Puig" if substitute is None
                              else "TEST Secretària Puig (IDCES-12345678Z) is the session's "
                              "secretary and cannot stand in for the chair")  # fmt: skip


def test_one_person_in_both_fields_is_a_mismatch_even_as_substitute(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    unchecked(monkeypatch)
    sign_as(unsigned_package, pki, Role.SECRETARY, "deputy", "secretari accidental")
    sign_as(unsigned_package, pki, Role.CHAIR, "deputy", STANDS_IN)
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (14, "signer_mismatch")
    assert findings(report) == [
        ("signer_mismatch", "Signature_Chair", "the secretary (TEST Tinent Vidal "
         "(IDCES-11111111H)) and the chair (TEST Tinent Vidal (IDCES-11111111H)) are the same "
         "person"),
    ]  # fmt: skip


def test_an_older_package_names_nobody_but_still_needs_two_people(
    tmp_path: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_package(tmp_path / "old", signatories=None)
    sign_as(folder, pki, Role.SECRETARY, "deputy")  # nothing to compare with: allowed
    with pytest.raises(SigningError, match="are the same person"):
        sign_as(folder, pki, Role.CHAIR, "deputy")
    sign_as(folder, pki, Role.CHAIR, "chair")
    report = assert_verified(folder, pki)
    assert [(check.expected, check.matched_by) for check in report.signers] == [(None, None)] * 2
    other = make_package(tmp_path / "old2", signatories=None)
    unchecked(monkeypatch)
    sign_as(other, pki, Role.SECRETARY, "chair")
    sign_as(other, pki, Role.CHAIR, "chair")
    assert verify(other, pki)[0] == 14


def test_tampered_outranks_a_mismatch_and_a_mismatch_outranks_untrusted(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    unchecked(monkeypatch)
    sign_as(unsigned_package, pki, Role.SECRETARY, "chair")
    untrusted_code, untrusted = verify(unsigned_package, pki, pki["other-root.pem"])
    assert (untrusted_code, untrusted["verdict"]) == (14, "signer_mismatch")
    assert "untrusted" in {verdict for verdict, *_ in findings(untrusted)}
    video = unsigned_package / "recording.mp4"
    video.write_bytes(video.read_bytes()[:-1] + b"\x00")
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (10, "tampered")
    assert {verdict for verdict, *_ in findings(report)} >= {"signer_mismatch", "tampered"}


# -- substitutes: recorded in the signature, shown in the stamp, the report and the viewer -----


def test_a_substitute_chair_signs_and_verifies(unsigned_package: Path, pki: Pki) -> None:
    sign_as(unsigned_package, pki, Role.SECRETARY, "secretary")
    env = {"PASS": PASSPHRASE}
    argv = ["sign", str(unsigned_package), "--as", "chair", "--pkcs12", str(pki["deputy.p12"]),
            "--passphrase-env", "PASS", "--substitute", STANDS_IN]  # fmt: skip
    signed = CliRunner().invoke(cli, argv, env=env)
    assert signed.exit_code == 0, signed.stderr
    assert f"(TEST Tinent Vidal, standing in: {STANDS_IN})" in signed.stdout
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (0, "valid")
    assert signers(report) == [
        ("TEST Secretària Puig", "name", None),
        ("TEST Tinent Vidal", None, STANDS_IN),
    ]
    text = CliRunner().invoke(cli, ["verify", str(unsigned_package), "--trust", str(pki.root)])
    assert (
        "  Signature_Chair: the session names Núria Núñez Roca; signed by TEST Tinent Vidal "
        f"(IDCES-11111111H): another person; signs as a substitute: {STANDS_IN}"
    ) in text.stdout.splitlines()
    stamp = subprocess.run(
        [require("pdftotext"), str(unsigned_package / DOCUMENT), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    role = "Presidència, vist i plau"  # a substitute signs under the role's name, not the title
    assert f"TEST Tinent Vidal\n{role}\nSubstitució: Alcalde accidental per absència de\n" in (
        stamp
    )


def test_the_substitute_is_a_run_spec_key(tmp_path: Path, pki: Pki) -> None:
    spec = tmp_path / "spec.toml"
    head = f'inbox = "in"\noutput = "out"\n[signer]\npkcs12 = "{pki["deputy.p12"]}"\n'
    spec.write_text(head + 'passphrase_env = "P"\nsubstitute = "secretari accidental"\n')
    assert runspec.load_spec(spec).sign_options().substitute == "secretari accidental"  # type: ignore[union-attr]
    spec.write_text(head + 'passphrase_env = "P"\nsubstitute = "  "\n')
    with pytest.raises(InputError, match="signer: substitute: give the reason"):
        runspec.load_spec(spec)


def test_build_refuses_another_s_certificate_before_anything_is_written(
    pki: Pki, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv = ["build", str(SAMPLE), "--out", str(out), "--quiet", "--pkcs12", str(pki["chair.p12"]),
            "--passphrase-env", "PASS"]  # fmt: skip
    result = CliRunner().invoke(cli, argv, env={"PASS": PASSPHRASE})
    assert result.exit_code == ExitCode.SIGNING
    assert result.stderr == (
        "Error: the certificate of TEST Alcaldessa Núñez (IDCES-87654321X) is not that of "
        "Montserrat Puigdollers i Ferrer, whom the session names as the secretary; someone "
        "standing in signs with --substitute REASON\n"
    )
    assert list(out.iterdir()) == []


def test_build_with_a_substitute_secretary(pki: Pki, tmp_path: Path) -> None:
    session = sample_for_test_pki(SAMPLE, tmp_path / "session")
    reason = "Secretari accidental, decret 7/2026"
    argv = ["build", str(session), "--out", str(tmp_path / "out"), "--quiet", "--pkcs12",
            str(pki["deputy.p12"]), "--passphrase-env", "PASS", "--substitute", reason]  # fmt: skip
    result = CliRunner().invoke(cli, argv, env={"PASS": PASSPHRASE})
    assert result.exit_code == 0, result.stderr
    package = tmp_path / "out" / "2026-10-29-ple-ordinari"
    page = (package / "index.html").read_text(encoding="utf-8")
    assert '<small class="substitute"><span data-l10n="substitute"' in page
    assert f"Substitució: {reason}</span>" in page
    sign_as(package, pki, Role.CHAIR, "chair")
    code, report = verify(package, pki)
    assert (code, report["verdict"]) == (0, "valid")
    assert signers(report) == [
        ("TEST Tinent Vidal", None, reason),
        ("TEST Alcaldessa Núñez", "id_number", None),
    ]
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["signatories"] == {
        "secretary": {
            "name": "Montserrat Puigdollers i Ferrer",
            "id_number": "12345678Z",
            "title": "Secretària general",
        },
        "chair": {"name": "Núria Soler i Bosch", "id_number": "87654321X", "title": "Alcaldessa"},
        "timezone": "Europe/Madrid",
    }
    shutil.rmtree(package)
