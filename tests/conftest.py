"""Shared fixtures."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "2026-10-29-ple-ordinari"

pytest_plugins = [
    "tests.generated_media",  # the `media` fixture: recordings generated with ffmpeg lavfi
    "tests.pki",  # a generated PKI, a local RFC 3161 server, a SoftHSM2 token
    "tests.packages",  # test packages with a small acta.pdf, signed or not
    "tests.acta_sample",  # the sample session's index folder and its rendered acta
]


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE
