"""A bug in videoacta's own code is a traceback out of `sign`, never a check silently skipped:
only what pyHanko raises on reading the document is caught, at the read itself. Before, an
error in `certified_person` dropped the certifier's field, so `sign --as chair` skipped the
"same person" check; one in the embedded-file walk refused the document as unreadable."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.packages import options
from tests.pki import Pki
from videoacta.core.identity import CertifiedPerson, Role
from videoacta.errors import SigningError
from videoacta.package import DOCUMENT, MANIFEST
from videoacta.signing import attached, signatories
from videoacta.signing.pdf_signing import sign_package

BUG = "a bug in videoacta, not a fault of the document"
ERRORS = [KeyError, TypeError, ValueError, AttributeError]
pytestmark = pytest.mark.usefixtures("passphrase_env")


def certificate(pki: Pki, who: str) -> x509.Certificate:
    _, _, der = pem.unarmor(pki[f"{who}.pem"].read_bytes())
    return x509.Certificate.load(der)


def raising(error: type[Exception]) -> Callable[..., NoReturn]:
    def bug(*args: object) -> NoReturn:
        raise error(BUG)

    return bug


@pytest.mark.parametrize("error", ERRORS)
def test_a_bug_reading_the_certifier_propagates_out_of_sign_as_chair(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    sign_package(unsigned_package, options(pki, Role.SECRETARY))
    chair = certificate(pki, "chair")
    real = signatories.certified_person

    def fails_on_the_certifier(cert: x509.Certificate) -> CertifiedPerson:
        if cert.dump() != chair.dump():
            raise error(BUG)
        return real(cert)

    monkeypatch.setattr(signatories, "certified_person", fails_on_the_certifier)
    data = (unsigned_package / DOCUMENT).read_bytes()
    with pytest.raises(error, match=BUG):
        signatories.check_signer(data, Role.CHAIR, chair, None)
    with pytest.raises(error, match=BUG):
        sign_package(unsigned_package, options(pki, Role.CHAIR))
    assert (unsigned_package / DOCUMENT).read_bytes() == data


@pytest.mark.parametrize("error", ERRORS)
@pytest.mark.parametrize("helper", ["certified_revision", "_leaves", "_named"])
def test_a_bug_in_the_embedded_file_walk_propagates_out_of_sign(
    unsigned_package: Path,
    pki: Pki,
    monkeypatch: pytest.MonkeyPatch,
    helper: str,
    error: type[Exception],
) -> None:
    monkeypatch.setattr(attached, helper, raising(error))
    with pytest.raises(error, match=BUG):
        sign_package(unsigned_package, options(pki, Role.SECRETARY))


def test_a_malformed_document_is_still_refused_with_the_reader_s_words(
    unsigned_package: Path, pki: Pki
) -> None:
    document = unsigned_package / DOCUMENT
    writer = IncrementalPdfFileWriter(io.BytesIO(document.read_bytes()), strict=False)
    ref = writer.root["/Names"]["/EmbeddedFiles"]["/Names"].raw_get(1)
    del ref.get_object()["/EF"]
    writer.mark_update(ref)
    out = io.BytesIO()
    writer.write(out)
    document.write_bytes(out.getvalue())
    with pytest.raises(SigningError) as refused:
        sign_package(unsigned_package, options(pki, Role.SECRETARY))
    assert str(refused.value) == f"the embedded {MANIFEST} cannot be read: '/EF'"
    assert document.read_bytes() == out.getvalue()
