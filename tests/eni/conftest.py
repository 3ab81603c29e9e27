"""A signed package with ENI terms, exported by `videoacta eni` with the secretary's key."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packages import SignBoth, make_package, options
from tests.pki import Pki
from videoacta.core.eni import EniRecord

VALIDATE = Path(__file__).resolve().parent / "schemas" / "validate.py"  # shared/schemas/eni
RECORD = EniRecord(
    organ="L01089990",
    classification="2012345",
    session_id="2026-10-29-ple",
    opened=dt.datetime(2026, 10, 29, tzinfo=dt.timezone(dt.timedelta(hours=1))),
)


def validate(*files: Path) -> subprocess.CompletedProcess[str]:
    """shared/schemas/eni/validate.py --strict on `files` (absolute paths)."""
    argv = [sys.executable, str(VALIDATE), "--strict", *(str(f.resolve()) for f in files)]
    return subprocess.run(argv, capture_output=True, text=True, check=False)


@pytest.fixture
def eni_package(tmp_path: Path, sign_both: SignBoth) -> Path:
    """A package whose manifest records ENI terms, signed by the secretary and the chair."""
    from videoacta.signing.pdf_signing import Level

    folder = make_package(tmp_path / "2026-10-29-ple", eni=RECORD)
    sign_both(folder, Level.B_T)
    return folder


@pytest.fixture
def exported(eni_package: Path, pki: Pki, passphrase_env: None) -> Path:
    """The package with acta.eni.xml and expediente.eni.xml, the index signed by the secretary."""
    from videoacta.core.identity import Role
    from videoacta.eni.export import export_package

    export_package(eni_package, options(pki, Role.SECRETARY))
    return eni_package
