"""`videoacta publish`: the sede's static CSV files of a signed sample package with a CSV, and
its refusals (an unsigned acta, an acta without a CSV)."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLE
from videoacta import pipeline
from videoacta.cli import cli
from videoacta.core import csv_code
from videoacta.core.identity import Role
from videoacta.credentials import SecretSource
from videoacta.document.csv_stamp import CsvSettings
from videoacta.package import DOCUMENT
from videoacta.publish.sede import publish_package
from videoacta.signing.pdf_signing import SignOptions
from videoacta.signing.signers import Pkcs12Signer

PKI = SAMPLE.parent / "pki"
ENV = "VIDEOACTA_SAMPLE_PASSPHRASE"


def _build(tmp_path: Path, *, sede: bool, signed: bool) -> Path:
    session = tmp_path / "session"
    shutil.copytree(SAMPLE, session)
    if sede:
        with (session / "session.toml").open("a", encoding="utf-8") as toml:
            toml.write('\n[sede]\ncsv_url = "https://seu.example/csv?c={code}"\n')
    signer = Pkcs12Signer(path=PKI / "SAMPLE-secretary.p12", passphrase=SecretSource.env(ENV))
    options = SignOptions(role=Role.SECRETARY, signer=signer) if signed else None
    built = pipeline.build(
        session, tmp_path / "out", signing=options, csv=CsvSettings(key=bytes(32))
    )
    return built.package


def test_publish_writes_the_signed_acta_under_the_digest_of_its_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "videoacta-sample")
    package = _build(tmp_path, sede=True, signed=True)
    code = json.loads((package / "manifest.json").read_text())["csv"]["code"]
    result = CliRunner().invoke(cli, ["publish", str(package), "--out", str(tmp_path / "sede")])
    assert result.exit_code == 0, result.output
    assert csv_code.printed(code) in result.output
    folder = tmp_path / "sede" / "csv" / hashlib.sha256(code.encode()).hexdigest()
    acta = (package / DOCUMENT).read_bytes()
    assert (folder / DOCUMENT).read_bytes() == acta
    record = json.loads((folder / "record.json").read_text())
    assert record["sha256"] == hashlib.sha256(acta).hexdigest()
    assert record["csv"] == csv_code.printed(code)
    assert record["size"] == len(acta)
    assert record["signatures"] is not None
    page = (tmp_path / "sede" / "csv" / "index.html").read_text()
    assert "crypto.subtle.digest" in page
    assert code not in page
    assert sorted(p.name for p in (tmp_path / "sede" / "csv").iterdir()) == sorted(
        ["index.html", folder.name]
    )


@pytest.mark.parametrize(
    ("sede", "signed", "error"),
    [(True, False, "is not signed")],
)
def test_publish_refuses_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sede: bool, signed: bool, error: str
) -> None:
    monkeypatch.setenv(ENV, "videoacta-sample")
    package = _build(tmp_path, sede=sede, signed=signed)
    result = CliRunner().invoke(cli, ["publish", str(package), "--out", str(tmp_path / "sede")])
    assert result.exit_code != 0
    assert error in result.output
    assert result.output.count("\n") == 1
    assert not (tmp_path / "sede" / "csv").exists()
    with pytest.raises(Exception, match=error.replace("[", r"\[").replace("]", r"\]")):
        publish_package(package, tmp_path / "sede")


def test_publish_without_a_csv_skips_the_csv_files_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "videoacta-sample")
    package = _build(tmp_path, sede=False, signed=True)
    result = CliRunner().invoke(cli, ["publish", str(package), "--out", str(tmp_path / "sede")])
    assert result.exit_code == 0, result.output
    assert "Note: the acta has no CSV" in result.output
    assert not (tmp_path / "sede" / "csv").exists()
    assert (tmp_path / "sede" / package.name / "recording.mp4").is_file()  # nothing withheld
    with pytest.raises(Exception, match="has no CSV"):
        publish_package(package, tmp_path / "sede")
