"""Debian tools some tests need: CI installs them and must never skip; elsewhere a test skips."""

import os
import shutil

import pytest

PACKAGES = {
    "chromium": "chromium",
    "qpdf": "qpdf",
    "pdftoppm": "poppler-utils",
    "pdfsig": "poppler-utils",
    "pdftotext": "poppler-utils",
    "softhsm2-util": "softhsm2",
    "pkcs11-tool": "opensc",
}


def missing(what: str) -> None:
    """Fail under CI (`.ci/run` installs everything), skip on a machine without the package."""
    message = f"{what} is needed: apt-get install -y {PACKAGES.get(what, what)}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require(tool: str) -> str:
    """The path of a tool on PATH, or a skip (a failure under CI) naming its Debian package."""
    found = shutil.which(tool)
    if found is None:
        missing(tool)
    assert found is not None
    return found
