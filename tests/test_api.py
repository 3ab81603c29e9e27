"""The library calls of `videoacta/__init__.py`: build, tally and verify_package, as documented."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import videoacta
from tests.builders import sample_for_test_pki
from tests.conftest import SAMPLE
from tests.packages import options, trust
from tests.pki import Pki
from videoacta.core.identity import Role
from videoacta.core.results import Result
from videoacta.errors import InputError
from videoacta.progress import ProgressEvent, Step
from videoacta.signing.pdf_signing import sign_package
from videoacta.verify.verdict import Verdict

SESSION_ID = "2026-10-29-ple-ordinari"


def test_build_then_verify_an_unsigned_package(tmp_path: Path) -> None:
    events: list[ProgressEvent] = []
    built = videoacta.build(str(SAMPLE), str(tmp_path), progress=events.append)
    assert built.package == tmp_path / SESSION_ID
    assert (built.session_id, built.signed, built.signer) == (SESSION_ID, False, None)
    assert (built.package / "index.html").is_file()
    steps = list(dict.fromkeys(event.step for event in events))
    assert steps == [Step.CHECKING, Step.JOINING, Step.HASHING, Step.ACTA]
    assert all(0 <= event.done <= event.total for event in events)
    report = videoacta.verify_package(built.package)
    assert report.verdict is Verdict.INCOMPLETE  # documented: no signature field signed yet
    assert report.signatures == ()
    assert report.empty_fields == ("Signature_Secretary", "Signature_Chair")
    manifest = json.loads((built.package / "manifest.json").read_text(encoding="utf-8"))
    assert report.files_checked == len(manifest["files"]) == 19


def test_build_signed_then_verify_with_trust(
    tmp_path: Path, pki: Pki, tsa_url: str, passphrase_env: None
) -> None:
    """The documented library calls with a signer: the secretary certifies with a PKCS#12 file,
    the chair countersigns, and `verify_package(trust=...)` finds the package valid."""
    session = sample_for_test_pki(SAMPLE, tmp_path / "session" / SESSION_ID)
    signing = options(pki, Role.SECRETARY, tsa=tsa_url)
    events: list[ProgressEvent] = []
    built = videoacta.build(session, tmp_path / "out", signing=signing, progress=events.append)
    assert (built.signed, built.signer, built.level) == (True, "TEST Secretària Puig", "B-T")
    assert str(built.root).startswith("TEST Root CA (SHA-256 ")
    assert list(dict.fromkeys(event.step for event in events))[-2:] == [Step.ACTA, Step.SIGNING]
    certified = videoacta.verify_package(built.package, trust=trust(pki))
    assert certified.verdict is Verdict.INCOMPLETE  # the chair's field is still empty
    assert certified.empty_fields == ("Signature_Chair",)
    sign_package(built.package, options(pki, Role.CHAIR, tsa=tsa_url))
    report = videoacta.verify_package(str(built.package), trust=trust(pki))
    assert report.verdict is Verdict.VALID, report.findings
    assert [check.field for check in report.signatures] == [
        "Signature_Secretary", "Signature_Chair",
    ]  # fmt: skip
    assert all(check.bottom_line for check in report.signatures)


def test_tally_counts_the_sample() -> None:
    counted = videoacta.tally(SAMPLE)
    assert counted.session.id == SESSION_ID
    results = [(r.item, r.number, r.result) for r in counted.tally.rounds]
    assert len(results) == 11
    assert results[-3:] == [
        (9, 1, Result.TIED),
        (9, 2, Result.PASSED_BY_CASTING_VOTE),
        (10, 1, Result.FAILED),
    ]


def test_a_bad_session_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"session\.toml"):
        videoacta.tally(tmp_path)


def test_verify_package_of_a_missing_package_is_a_verdict(tmp_path: Path) -> None:
    assert videoacta.verify_package(tmp_path / "nothing").verdict is Verdict.UNREADABLE


def test_import_videoacta_loads_no_library() -> None:
    """`import videoacta` (which every module and the CLI do) imports no stage."""
    code = (
        "import sys, videoacta\n"
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in {'videoacta', 'pydantic', 'fpdf', 'pyhanko', 'click'}))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "['videoacta', 'videoacta.version']", loaded.stderr


def test_the_public_names_outlive_the_subpackages() -> None:
    """`verify` names the subpackage `videoacta.verify`: importing it would replace a function
    of that name on the package, so the call is `verify_package`."""
    import videoacta.verify.verifier

    assert videoacta.__all__ == ["__version__", "build", "tally", "verify_package"]
    for name in videoacta.__all__[1:]:
        call = getattr(videoacta, name)
        assert callable(call), name
        assert call.__module__ == "videoacta", name
        assert call.__doc__
