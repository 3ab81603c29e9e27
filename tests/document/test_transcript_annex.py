"""The acta's annex of the reviewed transcript (`[transcript] annex = true`): laid out in the
acta's language, still a tagged PDF/A whose signatures validate (pyHanko and pdfsig); refused in
one line naming session.toml's `transcript.annex` when the transcript is not reviewed."""

import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from tests.document.structure import problems
from tests.publish.test_public_copy import ENV, PKI, TRUST
from tests.publish.test_transcript_package import session_with
from tests.system import require
from tests.transcripts import REVIEWED_AT, REVIEWER, transcript_of
from videoacta import pipeline
from videoacta.cli import cli
from videoacta.core.identity import Role
from videoacta.core.transcript import Transcript
from videoacta.credentials import SecretSource
from videoacta.signing.pdf_signing import SignOptions, sign_package
from videoacta.signing.signers import Pkcs12Signer
from videoacta.verify.verifier import verify_package


def with_annex(session: Path) -> None:
    toml = session / "session.toml"
    toml.write_text(toml.read_text("utf-8") + "\n[transcript]\nannex = true\n", "utf-8")


def text_of(pdf: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)


@pytest.fixture(scope="module")
def annexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with a reviewed transcript annexed, built and signed by secretary and chair."""
    root = tmp_path_factory.mktemp("annex")
    session, index = session_with(root, "session")
    (session / "transcript.json").write_text(
        transcript_of(index, reviewed=True).model_dump_json(), "utf-8"
    )
    with_annex(session)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV, "videoacta-sample")
        package = pipeline.build(session, root / "out").package
        for role, who in ((Role.SECRETARY, "secretary"), (Role.CHAIR, "chair")):
            signer = Pkcs12Signer(path=PKI / f"SAMPLE-{who}.p12", passphrase=SecretSource.env(ENV))
            sign_package(package, SignOptions(role=role, signer=signer, trust=TRUST))
    return package


def test_the_annex_says_who_reviewed_and_what_was_said(annexed: Path) -> None:
    text = text_of(annexed / "acta.pdf")
    assert "Annex: transcripció del debat" in text
    assert f"Transcripció revisada per {REVIEWER} el 30 d'octubre de 2026." in text
    assert "We ask the council to publish the contracts of the Café del Mercat." in text
    assert "Qui parla" in text


def test_the_annexed_acta_is_tagged_and_its_signatures_validate(annexed: Path) -> None:
    with pikepdf.open(annexed / "acta.pdf") as pdf:
        assert problems(pdf) == []
    check = subprocess.run([require("qpdf"), "--check", str(annexed / "acta.pdf")],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout
    sig = subprocess.run([require("pdfsig"), str(annexed / "acta.pdf")],
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert sig.stdout.count("Signature Validation: Signature is Valid.") == 2, sig.stdout
    report = verify_package(annexed, trust=TRUST)
    assert report.verdict == "valid", report.findings
    assert report.transcript is not None
    assert report.transcript.status == "reviewed"


@pytest.mark.parametrize("transcript", ["automatic", "none"])
def test_the_annex_needs_a_reviewed_transcript(transcript: str, tmp_path: Path) -> None:
    session, index = session_with(tmp_path, "session")
    if transcript == "automatic":
        (session / "transcript.json").write_text(transcript_of(index).model_dump_json(), "utf-8")
    with_annex(session)
    result = CliRunner().invoke(cli, ["build", str(session), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].startswith("Error: session.toml: transcript.annex: ")
    assert not (tmp_path / "out").exists()


def test_an_annexed_text_the_acta_cannot_print_is_refused(tmp_path: Path) -> None:
    session, index = session_with(tmp_path, "session")
    data = transcript_of(index).model_dump(mode="json")
    data["spans"][0]["segments"][0]["text"] = "We agree \U0001f600"
    reviewed = Transcript.model_validate(data).marked_reviewed(REVIEWER, REVIEWED_AT)
    (session / "transcript.json").write_text(reviewed.model_dump_json(), "utf-8")
    with_annex(session)
    result = CliRunner().invoke(cli, ["build", str(session), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    assert "spans[0].segments[0].text: character" in result.stderr
    assert "cannot be printed in the acta" in result.stderr
    assert not (tmp_path / "out").exists()
