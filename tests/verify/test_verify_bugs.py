"""A bug is a traceback, never a verdict: verify turns into findings only the errors that
describe the package (EmbeddedFileError, ManifestError, UnreadableDocument); a ValueError raised
by videoacta's own code propagates, as does one in the signer check of `sign`."""

from pathlib import Path

import pytest
from asn1crypto import pem, x509

from tests.pki import Pki
from videoacta.core.identity import Role
from videoacta.errors import ManifestError
from videoacta.package import DOCUMENT, MANIFEST
from videoacta.signing import signatories
from videoacta.verify import verifier
from videoacta.verify.verdict import Verdict

BUG = "a bug in videoacta, not a fault of the package"


def bug(*args: object) -> None:
    raise ValueError(BUG)


@pytest.mark.parametrize("check", ["embedded_file", "parse_manifest"])
def test_a_value_error_inside_verify_s_checks_propagates(
    unsigned_package: Path, monkeypatch: pytest.MonkeyPatch, check: str
) -> None:
    monkeypatch.setattr(verifier, check, bug)
    with pytest.raises(ValueError, match=BUG):
        verifier.verify_package(unsigned_package)


def test_a_manifest_error_is_still_a_verdict(
    unsigned_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(data: bytes) -> None:
        raise ManifestError("format: Input should be 'videoacta-manifest/1'")

    monkeypatch.setattr(verifier, "parse_manifest", refuse)
    report = verifier.verify_package(unsigned_package)
    assert report.verdict is Verdict.UNREADABLE
    message = f"the embedded {MANIFEST} is not a manifest: format: Input should be"
    assert report.findings[-1].message.startswith(message)


def test_a_value_error_in_the_signer_check_propagates(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, der = pem.unarmor(pki["secretary.pem"].read_bytes())
    monkeypatch.setattr(signatories, "parse_manifest", bug)
    data = (unsigned_package / DOCUMENT).read_bytes()
    with pytest.raises(ValueError, match=BUG):
        signatories.check_signer(data, Role.SECRETARY, x509.Certificate.load(der), None)
