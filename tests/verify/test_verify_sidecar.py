"""signatures.json: written by `sign` from acta.pdf, checked by `verify`, never in the verdict."""

import json
from pathlib import Path

import pytest

from tests.packages import SignBoth, make_package, trust
from tests.pki import Pki
from videoacta.package import SIGNATURES
from videoacta.signing.pdf_signing import Level
from videoacta.verify.report import render_text
from videoacta.verify.verifier import verify_package


def _sidecar(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / SIGNATURES).read_text("utf-8"))
    return data


@pytest.mark.parametrize("level", list(Level))
def test_sign_writes_who_signed_at_which_level(
    tmp_path: Path, sign_both: SignBoth, level: Level
) -> None:
    folder = make_package(tmp_path / "2026-10-29-ple")
    report = sign_both(folder, level)  # valid: the sidecar is not in the manifest
    written = _sidecar(folder)
    signatures = written["signatures"]
    assert isinstance(signatures, list)
    assert [(s["field"], s["role"], s["level"]) for s in signatures] == [
        ("Signature_Secretary", "secretary", level.value),
        ("Signature_Chair", "chair", level.value),
    ]
    checks = [c for c in report.signatures if c.kind == "signature"]
    assert [s["signer"] for s in signatures] == [c.signer for c in checks]
    stamped = [s["timestamped_at"] is not None for s in signatures]
    assert stamped == [level is not Level.B_B] * 2
    assert all(s["signed_at"] for s in signatures)
    assert report.sidecar_notes == ()


def test_a_sidecar_that_disagrees_is_reported_not_trusted(signed_package: Path, pki: Pki) -> None:
    written = _sidecar(signed_package)
    signatures = written["signatures"]
    assert isinstance(signatures, list)
    signatures[1]["signer"] = "Someone Else"
    (signed_package / SIGNATURES).write_text(json.dumps(written), encoding="utf-8")
    report = verify_package(signed_package, trust=trust(pki))
    assert report.verdict == "valid"
    assert report.sidecar_notes == (
        "disagrees with acta.pdf on Signature_Chair: the viewer page shows what it says, "
        "not what acta.pdf holds",
    )
    assert "  note: signatures.json: disagrees with acta.pdf on Signature_Chair" in (
        render_text(report)
    )


@pytest.mark.parametrize(
    ("content", "note"),
    [
        (None, "is missing: the viewer page names who is to sign, not who signed"),
        (b"{", "is not a signatures file videoacta wrote: the viewer page shows what it says, "
         "not what acta.pdf holds"),
        (b" " * 300_000, "is not a signatures file videoacta wrote: the viewer page shows what "
         "it says, not what acta.pdf holds"),
    ],
)  # fmt: skip
def test_a_missing_or_hostile_sidecar_is_a_note(
    signed_package: Path, pki: Pki, content: bytes | None, note: str
) -> None:
    path = signed_package / SIGNATURES
    if content is None:
        path.unlink()
    else:
        path.write_bytes(content)
    report = verify_package(signed_package, trust=trust(pki))
    assert report.verdict == "valid"
    assert report.sidecar_notes == (note,)


def test_an_unsigned_package_has_no_sidecar(unsigned_package: Path) -> None:
    assert not (unsigned_package / SIGNATURES).exists()
    assert verify_package(unsigned_package).sidecar_notes == ()
