"""Shared fixtures."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "2026-10-29-ple-ordinari"

# Each plugin imports its heavy libraries (ffmpeg's layer, PDF, PKI) inside its functions, so the
# pure core's tests load none of them; tests/core/conftest.py refuses a core test that asks for one
# of their fixtures.
pytest_plugins = [
    "tests.generated_media",  # the `media` fixture: recordings generated with ffmpeg lavfi
    "tests.pki",  # a generated PKI, a local RFC 3161 server, a SoftHSM2 token
    "tests.packages",  # test packages with a small acta.pdf, signed or not
    "tests.acta_sample",  # the sample session's index folder and its rendered acta
    "pytester",  # run pytest on a test written at test time (tests/test_core_imports.py)
]


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE
