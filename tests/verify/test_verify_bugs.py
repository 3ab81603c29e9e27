"""A bug is a traceback, never a verdict: verify turns into findings only the errors that
describe the package (EmbeddedFileError, ManifestError, UnreadableDocument, and what pyHanko
raises on reading the file, caught at the read itself); an error raised by videoacta's own code
propagates, as does one in the signer check of `sign`."""

import io
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import SuspiciousModification
from pyhanko.sign.validation.dss import DocumentSecurityStore

from tests.packages import trust
from tests.pki import Pki
from tests.verify.conftest import SignedAt
from videoacta.core.identity import Role
from videoacta.errors import ManifestError
from videoacta.package import DOCUMENT, MANIFEST
from videoacta.signing import attached, signatories
from videoacta.signing.pdf_signing import Level
from videoacta.verify import changes, signatures, verifier
from videoacta.verify.verdict import Verdict

BUG = "a bug in videoacta, not a fault of the package"
# What the old excepts around videoacta's own code turned into verdicts.
ERRORS = [KeyError, TypeError, ValueError, AttributeError]
# videoacta's own helpers that verify calls with the PDF in hand: before, each ran inside a try
# that read its mistake as a verdict on the file (unreadable, tampered, a signer left out).
HELPERS = [
    (signatures, "file_problems"),
    (signatures, "_covered"),
    (signatures, "context_kwargs"),
    (signatories, "certified_person"),
    (attached, "certified_revision"),
    (attached, "_leaves"),
]


def raising(error: type[Exception]) -> Callable[..., NoReturn]:
    def bug(*args: object) -> NoReturn:
        raise error(BUG)

    return bug


@pytest.mark.parametrize("check", ["embedded_file", "parse_manifest"])
def test_a_value_error_inside_verify_s_checks_propagates(
    unsigned_package: Path, monkeypatch: pytest.MonkeyPatch, check: str
) -> None:
    monkeypatch.setattr(verifier, check, raising(ValueError))
    with pytest.raises(ValueError, match=BUG):
        verifier.verify_package(unsigned_package)


@pytest.mark.parametrize("error", ERRORS)
@pytest.mark.parametrize(("module", "helper"), HELPERS)
def test_a_bug_in_a_helper_of_verify_propagates(
    signed_at: SignedAt,
    pki: Pki,
    monkeypatch: pytest.MonkeyPatch,
    module: ModuleType,
    helper: str,
    error: type[Exception],
) -> None:
    package = signed_at(Level.B_T)
    assert verifier.verify_package(package, trust=trust(pki)).verdict is Verdict.VALID
    monkeypatch.setattr(module, helper, raising(error))
    with pytest.raises(error, match=BUG):
        verifier.verify_package(package, trust=trust(pki))


@pytest.mark.parametrize("level", [Level.B_T, Level.B_LT])
def test_a_wrong_keyword_for_the_validation_context_propagates(
    signed_at: SignedAt, pki: Pki, monkeypatch: pytest.MonkeyPatch, level: Level
) -> None:
    """Before, a TypeError from our keywords made every signature `tampered`; with a DSS
    (B-LT) pyHanko builds the context, still from our keywords checked first."""
    package = signed_at(level)
    reader = PdfFileReader(io.BytesIO((package / DOCUMENT).read_bytes()), strict=False)
    has_dss = "/DSS" in reader.root
    assert has_dss is (level is Level.B_LT)
    if has_dss:
        assert DocumentSecurityStore.read_dss(reader).certs
    real = signatures.context_kwargs

    def with_a_typo(settings: Any) -> dict[str, Any]:
        return {**real(settings), "revocation_mod": "soft-fail"}

    monkeypatch.setattr(signatures, "context_kwargs", with_a_typo)
    with pytest.raises(TypeError, match="revocation_mod"):
        verifier.verify_package(package, trust=trust(pki))


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
    monkeypatch.setattr(signatories, "parse_manifest", raising(ValueError))
    data = (unsigned_package / DOCUMENT).read_bytes()
    with pytest.raises(ValueError, match=BUG):
        signatories.check_signer(data, Role.SECRETARY, x509.Certificate.load(der), None)


def rule_raising(error: Exception) -> Callable[..., Any]:
    def apply(self: object, old: object, new: object) -> Any:
        raise error
        yield  # a generator, as pyHanko's rules are

    return apply


@pytest.mark.parametrize("error", ERRORS)
@pytest.mark.parametrize("rule", [changes.InfoRule, changes.XmpRule])
def test_a_bug_in_our_own_diff_rule_propagates(
    signed_at: SignedAt,
    pki: Pki,
    monkeypatch: pytest.MonkeyPatch,
    rule: type,
    error: type[Exception],
) -> None:
    """Before, it was `tampered: the signature cannot be read: 'a bug in videoacta...'`."""
    package = signed_at(Level.B_T)
    monkeypatch.setattr(rule, "apply", rule_raising(error(BUG)))
    with pytest.raises(changes.RuleBug, match=BUG) as raised:
        verifier.verify_package(package, trust=trust(pki))
    assert type(raised.value.__cause__) is error
    assert str(raised.value).startswith(f"{rule.__name__}: ")


def test_a_suspicious_modification_from_our_rule_is_still_a_verdict(
    signed_at: SignedAt, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = signed_at(Level.B_T)
    refused = SuspiciousModification("the document information dictionary changed: /Title")
    monkeypatch.setattr(changes.InfoRule, "apply", rule_raising(refused))
    report = verifier.verify_package(package, trust=trust(pki))
    assert report.verdict is Verdict.TAMPERED
    changed = "changed after signing: content that the DocMDP policy does not allow: "
    assert [(f.subject, f.message) for f in report.findings] == [
        ("Signature_Secretary", changed + "the document information dictionary changed: /Title")
    ]
