"""`videoacta verify`: one verdict and its exit code for an untouched package and each tampering."""

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.conftest import SAMPLE
from tests.packages import FILES, PASSPHRASE_ENV, SignBoth, acta_pdf, make_package, options
from tests.pki import PASSPHRASE, Pki
from tests.system import require
from videoacta import package, pipeline
from videoacta.cli import cli
from videoacta.core.identity import Role
from videoacta.package import DOCUMENT, MANIFEST
from videoacta.signing import pdf_signing
from videoacta.signing.pdf_signing import Level, sign_package
from videoacta.signing.trust import TrustSettings


def verify(folder: Path, pki: Pki, *extra: str) -> tuple[int, dict[str, Any]]:
    argv = ["verify", str(folder), "--trust", str(pki.root), "--crl", str(pki.crl), "--json"]
    result = CliRunner().invoke(cli, [*argv, *extra])
    return result.exit_code, json.loads(result.stdout)


def findings(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f["verdict"], f["subject"], f["message"]) for f in report["findings"]]


def flip_byte(path: Path, offset: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    offset = len(data) // 2 if offset is None else offset
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_untouched_package_is_valid(signed_package: Path, pki: Pki) -> None:
    code, report = verify(signed_package, pki)
    assert (code, report["verdict"], report["findings"]) == (0, "valid", [])
    assert report["files_checked"] == len(FILES)
    assert [s["field"] for s in report["signatures"]] == ["Signature_Secretary", "Signature_Chair"]
    assert all(s["bottom_line"] and s["trusted"] and s["intact"] for s in report["signatures"])
    assert report["recording_parts"][0]["file"] == "part1.mp4"


def test_human_report(signed_package: Path, pki: Pki) -> None:
    result = CliRunner().invoke(cli, ["verify", str(signed_package), "--trust", str(pki.root)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "VALID: every signature, the manifest and every file hold"
    assert "  Signature_Secretary: signature by TEST Secretària Puig (secretary): valid" in lines
    assert "    certifies the document (DocMDP: fill_forms)" in lines


@pytest.mark.parametrize("name", [*sorted(FILES), MANIFEST])
def test_one_byte_flipped_in_each_kind_of_file(signed_package: Path, pki: Pki, name: str) -> None:
    flip_byte(signed_package / name)
    code, report = verify(signed_package, pki)
    assert (code, report["verdict"]) == (10, "tampered")
    expected = {
        MANIFEST: ("tampered", MANIFEST, f"differs from the manifest embedded in {DOCUMENT}"),
    }.get(name, ("tampered", name, "SHA-256 does not match the manifest"))
    assert findings(report) == [expected]


def test_one_byte_flipped_in_the_signed_document(signed_package: Path, pki: Pki) -> None:
    document = signed_package / DOCUMENT
    flip_byte(document, document.read_bytes().index(b"stream", 1000) + 20)
    code, report = verify(signed_package, pki)
    assert (code, report["verdict"]) == (10, "tampered")
    assert ("tampered", "Signature_Secretary", "the signed bytes do not match the signature") in (
        findings(report)
    )


def test_file_removed(signed_package: Path, pki: Pki) -> None:
    (signed_package / "votes.csv").unlink()
    code, report = verify(signed_package, pki)
    assert (code, findings(report)) == (10, [("tampered", "votes.csv", "is missing")])


def test_file_added(signed_package: Path, pki: Pki) -> None:
    (signed_package / "posters" / "02.jpg").write_bytes(b"extra")
    code, report = verify(signed_package, pki)
    expected = [("tampered", "posters/02.jpg", "is not listed in the manifest")]
    assert (code, findings(report)) == (10, expected)


def test_file_grown(signed_package: Path, pki: Pki) -> None:
    with (signed_package / "index.html").open("ab") as handle:
        handle.write(b"<!-- -->")
    code, report = verify(signed_package, pki)
    size = len(FILES["index.html"])
    expected = [("tampered", "index.html", f"is {size + 8} bytes, the manifest says {size}")]
    assert (code, findings(report)) == (10, expected)


def test_page_content_replaced_by_an_incremental_update(signed_package: Path, pki: Pki) -> None:
    document = signed_package / DOCUMENT
    with document.open("r+b") as handle:
        writer = IncrementalPdfFileWriter(handle)
        page = writer.root["/Pages"]["/Kids"][0]
        forged = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (FORGED) Tj ET")
        page["/Contents"] = writer.add_object(forged)
        writer.update_container(page)
        writer.write_in_place()
    code, report = verify(signed_package, pki)
    assert (code, report["verdict"]) == (10, "tampered")
    problems = {subject: message for _, subject, message in findings(report)}
    assert problems["Signature_Secretary"].startswith("changed after signing: content that the")
    assert all(s["intact"] for s in report["signatures"])


def _package_with_manifest(folder: Path, manifest: bytes) -> Path:
    (folder / MANIFEST).write_bytes(manifest)
    (folder / DOCUMENT).write_bytes(acta_pdf(manifest))
    return folder


def test_manifest_path_escaping_the_package(
    tmp_path: Path, pki: Pki, sign_both: SignBoth, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "secret.txt").write_text("outside")
    folder = tmp_path / "package"
    make_package(folder)
    manifest = package.parse_manifest((folder / MANIFEST).read_bytes())
    escape = package.ManifestFile(path="../secret.txt", size=7, sha256="0" * 64)
    bad = manifest.model_copy(update={"files": (*manifest.files, escape)})
    _package_with_manifest(folder, package.manifest_bytes(bad))
    monkeypatch.setattr("tests.packages.assert_verified", lambda folder, pki: None)
    sign_both(folder, Level.B_B)
    code, report = verify(folder, pki)
    expected = [("tampered", "../secret.txt", "the manifest lists a path outside the package")]
    assert (code, findings(report)) == (10, expected)


@pytest.mark.parametrize("path", ["../x", "/etc/passwd", "a/../../x", "a\\b", "", "./a", "C:/x"])
def test_unsafe_manifest_paths(path: str) -> None:
    assert not package.is_safe_path(path)


@pytest.mark.parametrize("path", ["index.json", "posters/01.jpg", "a..b/c", ".hidden"])
def test_safe_manifest_paths(path: str) -> None:
    assert package.is_safe_path(path)


def _sign_secretary_as(folder: Path, pki: Pki, who: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    chosen = options(pki, Role.SECRETARY, who=who).model_copy(update={"trust": TrustSettings()})
    sign_package(folder, chosen)


def test_certificate_not_chaining_to_the_trust_root(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sign_secretary_as(unsigned_package, pki, "stranger", monkeypatch)
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (11, "untrusted")
    assert (
        "untrusted",
        "Signature_Secretary",
        "the certificate does not chain to a trusted root, or is expired",
    ) in findings(report)
    assert report["signatures"][0]["intact"]
    assert not report["signatures"][0]["trusted"]
    code, report = verify(unsigned_package, pki, "--trust", str(pki["other-root.pem"]))
    assert report["signatures"][0]["trusted"]  # so it is the root that matters


def test_expired_certificate(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_signing, "check_certificate", lambda cert: "TEST Expired Signer")
    _sign_secretary_as(unsigned_package, pki, "expired", monkeypatch)
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (11, "untrusted")
    assert report["signatures"][0]["signer"] == "TEST Expired Signer"
    assert not report["signatures"][0]["trusted"]


def test_wrong_passphrase_through_the_cli(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WRONG", "nope")
    argv = ["sign", str(unsigned_package), "--as", "secretary", "--pkcs12",
            str(pki["secretary.p12"]), "--passphrase-env", "WRONG"]  # fmt: skip
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 6
    assert result.stderr == (
        f"Error: {pki['secretary.p12']}: wrong passphrase (read from environment variable WRONG)\n"
    )
    assert "nope" not in result.output


def test_unreadable(tmp_path: Path, unsigned_package: Path, pki: Pki) -> None:
    code, report = verify(tmp_path / "nothing", pki)
    assert (code, report["verdict"]) == (12, "unreadable")
    (unsigned_package / DOCUMENT).write_bytes(b"not a pdf at all")
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (12, "unreadable")


def test_incomplete_until_the_chair_signs(
    unsigned_package: Path, pki: Pki, passphrase_env: None
) -> None:
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (13, "incomplete")
    sign_package(unsigned_package, options(pki, Role.SECRETARY))
    code, report = verify(unsigned_package, pki)
    assert (code, findings(report)) == (
        13,
        [("incomplete", "Signature_Chair", "is not signed yet")],
    )


def test_sign_and_verify_through_the_cli(
    unsigned_package: Path, pki: Pki, tsa_url: str, passphrase_env: None
) -> None:
    for role in ("secretary", "chair"):
        argv = ["sign", str(unsigned_package), "--as", role, "--pkcs12", str(pki[f"{role}.p12"]),
                "--passphrase-env", PASSPHRASE_ENV, "--tsa", tsa_url, "--level", "b-lt",
                "--trust", str(pki.root), "--crl", str(pki.crl), "--lang", "es"]  # fmt: skip
        result = CliRunner().invoke(cli, argv)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"Signed {unsigned_package / DOCUMENT} as the {role} ")
    code, report = verify(unsigned_package, pki)
    assert (code, report["verdict"]) == (0, "valid")


def test_passphrase_from_a_prompt(unsigned_package: Path, pki: Pki) -> None:
    argv = ["sign", str(unsigned_package), "--as", "secretary", "--pkcs12",
            str(pki["secretary.p12"])]  # fmt: skip
    result = CliRunner().invoke(cli, argv, input=PASSPHRASE + "\n")
    assert result.exit_code == 0, result.output
    assert PASSPHRASE not in result.output
    assert verify(unsigned_package, pki)[0] == 13


def pdfsig(path: Path) -> str:
    done = subprocess.run(
        [require("pdfsig"), str(path)], capture_output=True, text=True, check=False
    )
    return done.stdout


def test_pdfsig_agrees(signed_package: Path) -> None:
    document = signed_package / DOCUMENT
    report = pdfsig(document)
    assert report.count("Signature Validation: Signature is Valid.") == 2
    assert "Signature Field Name: Signature_Secretary" in report
    assert "Signature Field Name: Signature_Chair" in report
    flip_byte(document, document.read_bytes().index(b"stream", 1000) + 20)
    assert report != (flipped := pdfsig(document))
    assert "Digest Mismatch" in flipped


def test_pdfsig_agrees_on_the_real_acta_of_the_sample_session(
    index_copy: Path, sign_both: SignBoth
) -> None:
    pipeline.run_render(SAMPLE, index_copy)
    # validated by videoacta's verify inside; the test certificates are not the sample's people
    sign_both(index_copy, Level.B_LT, substitute="test certificates")
    report = pdfsig(index_copy / DOCUMENT)
    assert report.count("Signature Validation: Signature is Valid.") == 2, report


def test_signed_document_stays_pdf_a_3b_with_embedded_stamp_fonts(signed_package: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO((signed_package / DOCUMENT).read_bytes()))
    assert reader.pdf_header.startswith("%PDF-1.")  # RSA keeps it below 2.0
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp or b'pdfaid:part="3"' in xmp
    data = (signed_package / DOCUMENT).read_bytes()
    assert data.count(b"/FontFile2") >= 2  # the document's font and the stamps'
