"""`videoacta sign` on a hostile acta.pdf: one line `Error: PATH: cannot be signed: …`, exit 6,
the file unchanged, never a traceback (review 3, finding 3); and a filled field whose signature
cannot be read is refused, never skipped, which would skip the "same person" check (finding 16).
Each case is one incremental update the way an attacker would write it, with pyHanko."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject, NumberObject, pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.packages import PASSPHRASE_ENV, make_package, options
from tests.pki import Pki
from videoacta.cli import cli
from videoacta.core.identity import Role
from videoacta.errors import ExitCode, SigningError
from videoacta.package import DOCUMENT
from videoacta.signing import signatories
from videoacta.signing.pdf_signing import sign_package

Change = Callable[[IncrementalPdfFileWriter], None]
SECRETARY, CHAIR = 0, 1  # the fields' places in /AcroForm /Fields
BUG = "a bug in videoacta, not a fault of the document"
pytestmark = pytest.mark.usefixtures("passphrase_env")


def in_root(key: str, value: Callable[[], generic.PdfObject]) -> Change:
    def change(writer: IncrementalPdfFileWriter) -> None:
        writer.root[pdf_name(key)] = value()
        writer.update_root()

    return change


def in_field(index: int, key: str, value: Callable[[], generic.PdfObject]) -> Change:
    def change(writer: IncrementalPdfFileWriter) -> None:
        ref = writer.root["/AcroForm"]["/Fields"].raw_get(index)
        ref.get_object()[pdf_name(key)] = value()
        writer.mark_update(ref)

    return change


def in_signature(index: int, key: str, value: Callable[[], generic.PdfObject]) -> Change:
    """Set `key` in the signature dictionary (/V) of a filled field."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        field = writer.root["/AcroForm"]["/Fields"].raw_get(index).get_object()
        ref = field.raw_get("/V")
        ref.get_object()[pdf_name(key)] = value()
        writer.mark_update(ref)

    return change


def number() -> NumberObject:
    return NumberObject(3)


def docmdp(permission: int) -> ArrayObject:
    params = DictionaryObject({pdf_name("/P"): NumberObject(permission)})
    reference = {"/TransformMethod": pdf_name("/DocMDP"), "/TransformParams": params}
    return ArrayObject([DictionaryObject({pdf_name(k): v for k, v in reference.items()})])


BOTH = {
    "AcroForm a number": in_root("/AcroForm", number),
    "AcroForm a name": in_root("/AcroForm", lambda: pdf_name("/X")),
    "Perms a number": in_root("/Perms", number),
    "Perms DocMDP a number": in_root(
        "/Perms", lambda: DictionaryObject({pdf_name("/DocMDP"): number()})
    ),
}
CHAIR_ONLY = {
    "chair field Kids a number": in_field(CHAIR, "/Kids", number),
    "chair field Kids [3]": in_field(CHAIR, "/Kids", lambda: ArrayObject([number()])),
    "chair field Lock a number": in_field(CHAIR, "/Lock", number),
    "secretary Reference a number": in_signature(SECRETARY, "/Reference", number),
    "secretary Reference [1]": in_signature(
        SECRETARY, "/Reference", lambda: ArrayObject([NumberObject(1)])
    ),
    "secretary Reference [<<>>]": in_signature(
        SECRETARY, "/Reference", lambda: ArrayObject([DictionaryObject()])
    ),
    "secretary DocMDP P bad": in_signature(SECRETARY, "/Reference", lambda: docmdp(9)),
}


def tamper(document: Path, change: Change) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(document.read_bytes()), strict=False)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    document.write_bytes(out.getvalue())
    return out.getvalue()


def sign(folder: Path, pki: Pki, role: Role) -> tuple[int, str]:
    argv = ["sign", str(folder), "--as", role.value, "--pkcs12", str(pki[f"{role.value}.p12"]),
            "--passphrase-env", PASSPHRASE_ENV]  # fmt: skip
    result = CliRunner().invoke(cli, argv)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def assert_refused(folder: Path, pki: Pki, role: Role, data: bytes, words: str) -> None:
    """Exit 6, exactly one line `Error: PATH: cannot be signed: …`, the file unchanged."""
    code, stderr = sign(folder, pki, role)
    assert code == ExitCode.SIGNING, stderr
    assert stderr.startswith(f"Error: {folder / DOCUMENT}: cannot be signed: {words}"), stderr
    assert stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr
    assert (folder / DOCUMENT).read_bytes() == data


@pytest.mark.parametrize("case", BOTH)
def test_the_secretary_cannot_sign_a_hostile_document(
    unsigned_package: Path, pki: Pki, case: str
) -> None:
    data = tamper(unsigned_package / DOCUMENT, BOTH[case])
    assert_refused(unsigned_package, pki, Role.SECRETARY, data, "")


@pytest.mark.parametrize("case", {**BOTH, **CHAIR_ONLY})
def test_the_chair_cannot_sign_a_hostile_document(
    unsigned_package: Path, pki: Pki, case: str
) -> None:
    sign_package(unsigned_package, options(pki, Role.SECRETARY))
    data = tamper(unsigned_package / DOCUMENT, {**BOTH, **CHAIR_ONLY}[case])
    assert_refused(unsigned_package, pki, Role.CHAIR, data, "")


def test_an_unreadable_certification_is_refused_not_skipped(tmp_path: Path, pki: Pki) -> None:
    """The secretary's /SubFilter made a number: pyHanko no longer reads that signature, so
    the chair could not be compared with the person who certified. The chair may not sign at
    all, neither the chair nor (in a package that names nobody, where only the "same person"
    check stands) the certifier again."""
    folder = make_package(tmp_path / "p", signatories=None)
    sign_package(folder, options(pki, Role.SECRETARY))
    data = tamper(folder / DOCUMENT, in_signature(SECRETARY, "/SubFilter", number))
    assert "Signature_Secretary" not in signatories.signed_fields(data)
    words = "the signature in field Signature_Secretary cannot be read"
    assert_refused(folder, pki, Role.CHAIR, data, words)
    with pytest.raises(SigningError, match=words):
        sign_package(folder, options(pki, Role.CHAIR, who="secretary"))
    assert (folder / DOCUMENT).read_bytes() == data


def test_a_certification_with_a_bad_type_is_still_compared(tmp_path: Path, pki: Pki) -> None:
    """The secretary's /Type made a number: pyHanko still reads the signature, and the
    certifier may not sign again as the chair."""
    folder = make_package(tmp_path / "p", signatories=None)
    sign_package(folder, options(pki, Role.SECRETARY))
    data = tamper(folder / DOCUMENT, in_signature(SECRETARY, "/Type", number))
    with pytest.raises(SigningError, match="the chair's field needs another person"):
        sign_package(folder, options(pki, Role.CHAIR, who="secretary"))
    assert (folder / DOCUMENT).read_bytes() == data


@pytest.mark.parametrize("error", [KeyError, TypeError, ValueError, AttributeError])
def test_a_bug_in_the_readability_check_propagates(
    unsigned_package: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    """Only pyHanko's calls are inside the narrow try: an error in videoacta's own code around
    them is a traceback, never `cannot be signed`."""
    sign_package(unsigned_package, options(pki, Role.SECRETARY))

    def bug(data: bytes) -> dict[str, signatories.SignedField]:
        raise error(BUG)

    monkeypatch.setattr("videoacta.signing.pdf_signing.signed_fields", bug)
    data = (unsigned_package / DOCUMENT).read_bytes()
    with pytest.raises(error, match=BUG):
        sign_package(unsigned_package, options(pki, Role.CHAIR))
    assert (unsigned_package / DOCUMENT).read_bytes() == data
