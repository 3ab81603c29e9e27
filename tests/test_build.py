"""`videoacta build` end to end on the sample session: build, certify, countersign, verify."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.builders import sample_for_test_pki
from tests.conftest import SAMPLE
from tests.pki import PASSPHRASE, Pki
from tests.system import require
from videoacta.cli import cli
from videoacta.errors import ExitCode

SESSION_ID = "2026-10-29-ple-ordinari"


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def signer(pki: Pki, who: str) -> list[str]:
    return [
        "--pkcs12", str(pki[f"{who}.p12"]), "--passphrase-env", "PASS", "--trust", str(pki.root),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def built(pki: Pki, tsa_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample, built and certified at B-LT with the local time-stamp server; its secretary
    and chair carry the test certificates' identity numbers."""
    out = tmp_path_factory.mktemp("build")
    session = sample_for_test_pki(SAMPLE, tmp_path_factory.mktemp("session") / SESSION_ID)
    result = invoke(
        "build", session, "--out", out, "--quiet", *signer(pki, "secretary"),
        "--tsa", tsa_url, "--level", "B-LT", "--crl", pki.crl,
        env={"PASS": PASSPHRASE},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert f"Package: {out / SESSION_ID}" in result.stdout
    assert "at B-LT" in result.stdout
    assert f"videoacta verify {out / SESSION_ID} --trust {pki.root}" in result.stdout
    return out / SESSION_ID


def test_the_package_has_every_file(built: Path) -> None:
    names = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    expected = {
        "acta.pdf", "manifest.json", "index.json", "votes.popolo.json", "votes.csv",
        "chapters.vtt", "recording.mp4", "index.html",
    }  # fmt: skip
    assert expected <= names
    assert {n for n in names if n.startswith("posters/")} == {
        f"posters/{n:02d}.jpg" for n in range(1, 14)
    }
    assert not list(built.parent.glob(".*"))  # no temporary sibling left


def test_certified_then_countersigned_verifies(built: Path, pki: Pki, tmp_path: Path) -> None:
    package = tmp_path / SESSION_ID
    shutil.copytree(built, package)
    incomplete = invoke("verify", package, "--trust", pki.root, "--json")
    assert incomplete.exit_code == 13
    assert json.loads(incomplete.stdout)["verdict"] == "incomplete"
    signed = invoke(
        "sign", package, "--as", "chair", *signer(pki, "chair"), env={"PASS": PASSPHRASE}
    )
    assert signed.exit_code == 0, signed.stderr
    report = invoke("verify", package, "--trust", pki.root, "--json")
    assert report.exit_code == 0, report.stdout
    data = json.loads(report.stdout)
    assert data["verdict"] == "valid"
    assert [s["field"] for s in data["signatures"]] == ["Signature_Secretary", "Signature_Chair"]
    metadata_agrees_after_signing(package / "acta.pdf")
    pdfsig = subprocess.run(
        [require("pdfsig"), str(package / "acta.pdf")], capture_output=True, text=True
    )
    assert pdfsig.stdout.count("Signature is Valid.") == 2


def test_a_flipped_byte_is_tampering(built: Path, pki: Pki, tmp_path: Path) -> None:
    package = tmp_path / SESSION_ID
    shutil.copytree(built, package)
    video = package / "recording.mp4"
    data = bytearray(video.read_bytes())
    data[len(data) // 2] ^= 0xFF
    video.write_bytes(bytes(data))
    report = invoke("verify", package, "--trust", pki.root)
    assert report.exit_code == 10
    assert "recording.mp4" in report.stdout


def test_an_unsigned_build_says_so(tmp_path: Path) -> None:
    result = invoke("build", SAMPLE, "--out", tmp_path, "--quiet")
    assert result.exit_code == 0, result.stderr
    assert "UNSIGNED: the secretary has not certified it yet." in result.stdout
    assert f": videoacta sign {tmp_path / SESSION_ID} --as secretary\n" in result.stdout
    assert "…" not in result.stdout
    again = invoke("build", SAMPLE, "--out", tmp_path, "--quiet")
    assert again.exit_code == ExitCode.OUTPUT
    assert again.stderr == (
        f"Error: {tmp_path / SESSION_ID}: already exists; use --force to replace it\n"
    )
    assert invoke("build", SAMPLE, "--out", tmp_path, "--quiet", "--force").exit_code == 0


def test_a_signed_package_is_never_replaced_silently(built: Path, tmp_path: Path) -> None:
    shutil.copytree(built, tmp_path / SESSION_ID)
    result = invoke("build", SAMPLE, "--out", tmp_path, "--quiet", "--force")
    assert result.exit_code == ExitCode.OUTPUT
    assert "holds a signed package" in result.stderr


def test_a_wrong_passphrase_leaves_nothing(pki: Pki, tmp_path: Path) -> None:
    result = invoke(
        "build", SAMPLE, "--out", tmp_path, "--quiet", *signer(pki, "secretary"),
        env={"PASS": "not it"},
    )  # fmt: skip
    assert result.exit_code == ExitCode.SIGNING
    assert result.stderr.startswith("Error: ")
    assert "passphrase" in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_the_viewer_names_who_certifies(built: Path) -> None:
    page = (built / "index.html").read_text(encoding="utf-8")
    assert '<td class="signer">TEST Secretària Puig</td>' in page


def test_an_unsigned_viewer_says_so(tmp_path: Path) -> None:
    assert invoke("build", SAMPLE, "--out", tmp_path, "--quiet").exit_code == 0
    page = (tmp_path / SESSION_ID / "index.html").read_text(encoding="utf-8")
    assert '<span data-l10n="unsigned">Qui ha de signar, segons la sessió.' in page


def metadata_agrees_after_signing(acta: Path) -> None:
    """After both signatures' revisions, /Info and the XMP still say the same (PDF/A-3)."""
    import datetime as dt

    import pikepdf
    from pikepdf.models.metadata import decode_pdf_date

    with pikepdf.open(acta) as pdf:
        info = {str(key): str(value) for key, value in pdf.docinfo.items()}
        with pdf.open_metadata() as xmp:
            assert info["/Producer"] == xmp["pdf:Producer"]
            assert info["/Title"] == xmp["dc:title"]
            assert info["/Creator"] == xmp["xmp:CreatorTool"]
            for key, name in (("/ModDate", "xmp:ModifyDate"), ("/CreationDate", "xmp:CreateDate")):
                assert decode_pdf_date(info[key]) == dt.datetime.fromisoformat(xmp[name]), key
            assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"], xmp["pdfuaid:part"]) == (
                "3", "A", "1",
            )  # fmt: skip
