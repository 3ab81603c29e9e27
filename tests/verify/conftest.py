"""Packages signed once per test module, at a given level, for the tests that only read them."""

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.packages import PASSPHRASE_ENV, make_package, options
from tests.pki import PASSPHRASE, Pki
from videoacta.core.identity import Role
from videoacta.signing.pdf_signing import Level, sign_package

SignedAt = Callable[[Level], Path]


@pytest.fixture(scope="module")
def signed_at(pki: Pki, tsa_url: str, tmp_path_factory: pytest.TempPathFactory) -> SignedAt:
    """A package signed by the secretary and the chair at a level (made once per module):
    B-T has no DSS, B-LT embeds its validation data in one."""
    made: dict[Level, Path] = {}

    def signed(level: Level) -> Path:
        if level not in made:
            folder = make_package(tmp_path_factory.mktemp("signed") / "2026-10-29-ple")
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv(PASSPHRASE_ENV, PASSPHRASE)
                for role in (Role.SECRETARY, Role.CHAIR):
                    sign_package(folder, options(pki, role, tsa=tsa_url, level=level))
            made[level] = folder
        return made[level]

    return signed
