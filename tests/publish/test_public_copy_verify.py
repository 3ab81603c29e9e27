"""`videoacta verify` calls a folder a public copy only when EVERY file the signed manifest
withholds is absent: an archive package with its recording deleted (its page still there) is no
public copy, and is not VALID."""

import json
import shutil
from pathlib import Path

from tests.publish.test_public_copy import TRUST, archive
from videoacta.verify.verifier import verify_package

__all__ = ["archive"]


def test_an_archive_with_its_recording_deleted_is_not_valid(archive: Path, tmp_path: Path) -> None:
    """Only recording.mp4 removed from the ARCHIVE package (index.html, the archive's page, is
    still there): no public copy, so the recording is missing (TAMPERED)."""
    package = tmp_path / archive.name
    shutil.copytree(archive, package)
    (package / "recording.mp4").unlink()
    report = verify_package(package, trust=TRUST)
    assert report.verdict == "tampered", [f.message for f in report.findings]
    assert not report.public_copy
    missing = [f for f in report.findings if f.subject == "recording.mp4"]
    assert [f.message for f in missing] == ["is missing"]
    assert not [f for f in report.findings if f.kind == "withheld"]


def test_a_public_copy_with_a_half_withheld_set_is_not_a_public_copy(
    archive: Path, tmp_path: Path
) -> None:
    """The same seen from the flag: a copy missing recording.mp4 but holding index.html (both
    withheld) is not a public copy."""
    package = tmp_path / archive.name
    shutil.copytree(archive, package)
    (package / "recording.mp4").unlink()
    manifest = json.loads((package / "manifest.json").read_text())
    assert (package / "index.html").exists()
    assert "index.html" in manifest["withheld"]
    assert not verify_package(package, trust=TRUST).public_copy
