"""A malformed acta.pdf is a verdict with the reader's own words, never a traceback: what pyHanko
(and Python on the objects it hands over) raises is caught at each read of the file. The messages
are those verify gave before the reads were narrowed (issue 13): the same verdict, word for word."""

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.packages import make_package, trust
from tests.pki import Pki
from tests.verify.conftest import SignedAt
from videoacta.core.identity import Role
from videoacta.errors import SigningError
from videoacta.package import DOCUMENT, MANIFEST
from videoacta.signing import signatories
from videoacta.signing.pdf_signing import Level
from videoacta.verify.verifier import verify_package

BYTE_RANGE = re.compile(rb"/ByteRange\s*\[[^\]]*\]")
Change = Callable[[IncrementalPdfFileWriter], None]


def last_byte_range_as(data: bytes, entry: bytes) -> bytes:
    """The chair's /ByteRange rewritten in place (same length): what pyHanko keeps raw."""
    found = list(BYTE_RANGE.finditer(data))[-1]
    return data[: found.start()] + entry.ljust(found.end() - found.start()) + data[found.end() :]


def updated(data: bytes, change: Change) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def embedded_names(value: Callable[[generic.ArrayObject], generic.PdfObject]) -> Change:
    """The /Names array of the EmbeddedFiles name tree replaced by `value(old)`."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        tree = writer.root["/Names"]["/EmbeddedFiles"]
        tree[pdf_name("/Names")] = value(tree["/Names"])
        writer.update_container(tree)

    return change


def file_spec(entry: str, value: generic.PdfObject | None) -> Change:
    """The manifest's file specification with `entry` set to `value` (None: removed)."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        ref = writer.root["/Names"]["/EmbeddedFiles"]["/Names"].raw_get(1)
        spec = ref.get_object()
        if value is None:
            del spec[entry]
        else:
            spec[pdf_name(entry)] = value
        writer.mark_update(ref)

    return change


def garbage_dss(writer: IncrementalPdfFileWriter) -> None:
    stream = writer.add_object(generic.StreamObject(stream_data=b"garbage not der"))
    dss = {pdf_name("/Certs"): generic.ArrayObject([stream])}
    writer.root[pdf_name("/DSS")] = generic.DictionaryObject(dss)
    writer.update_root()


DAMAGED = "is signed, but damaged: "
SIGNED = {
    "indirect ByteRange": (
        lambda data: last_byte_range_as(data, b"/ByteRange 999 0 R"),
        (DOCUMENT, DAMAGED + "'IndirectObject' object is not iterable"),
    ),
    "ByteRange of names": (
        lambda data: last_byte_range_as(data, b"/ByteRange [/A /B /C /D]"),
        (DOCUMENT, DAMAGED + "invalid literal for int() with base 10: '/A'"),
    ),
    "ByteRange a number": (
        lambda data: last_byte_range_as(data, b"/ByteRange 5"),
        (DOCUMENT, DAMAGED + "'NumberObject' object is not iterable"),
    ),
    "ByteRange of three": (
        lambda data: last_byte_range_as(data, b"/ByteRange [0 10 20]"),
        ("Signature_Chair", "the signature cannot be read: List has odd number of elements"),
    ),
    "ByteRange a string": (
        lambda data: last_byte_range_as(data, b"/ByteRange (0123)"),
        (
            "Signature_Chair",
            "the signature cannot be read: 'str' object cannot be interpreted as an integer",
        ),
    ),
    "garbage appended": (
        lambda data: data + b"garbage\n",
        (DOCUMENT, "8 bytes follow the final %%EOF"),
    ),
    "a DSS of garbage": (
        lambda data: updated(data, garbage_dss),
        (DOCUMENT, DAMAGED + "Insufficient data - 97 bytes requested but only 13 available"),
    ),
}


@pytest.mark.parametrize("case", SIGNED)
def test_a_malformed_signed_document_keeps_its_verdict_and_message(
    signed_at: SignedAt, pki: Pki, tmp_path: Path, case: str
) -> None:
    package = shutil.copytree(signed_at(Level.B_T), tmp_path / "package")
    damage, expected = SIGNED[case]
    document = package / DOCUMENT
    document.write_bytes(damage(document.read_bytes()))
    report = verify_package(package, trust=trust(pki))
    assert report.verdict == "tampered"
    assert [(f.subject, f.message) for f in report.findings if f.verdict == "tampered"] == [
        expected
    ]


def signer_check_refusal(data: bytes, pki: Pki) -> str:
    """Why `sign --as secretary` refuses the document `data`, before anything is signed."""
    _, _, der = pem.unarmor(pki["secretary.pem"].read_bytes())
    with pytest.raises(SigningError) as refused:
        signatories.check_signer(data, Role.SECRETARY, x509.Certificate.load(der), None)
    return str(refused.value)


CANNOT = f"the embedded {MANIFEST} cannot be read: "
UNSIGNED = {
    "an odd /Names": (
        embedded_names(lambda old: generic.ArrayObject(list(old)[:1])),
        "zip() argument 2 is shorter than argument 1",
    ),
    "/Names a string": (
        embedded_names(lambda old: generic.TextStringObject("ab")),
        "'str' object has no attribute 'get_object'",
    ),
    "/Names a number": (
        embedded_names(lambda old: generic.NumberObject(3)),
        "'NumberObject' object is not iterable",
    ),
    "a file specification a number": (
        embedded_names(lambda old: generic.ArrayObject([old[0], generic.NumberObject(3)])),
        "a file specification is not a dictionary",
    ),
    "no /EF": (file_spec("/EF", None), "'/EF'"),
    "/EF an array": (
        file_spec("/EF", generic.ArrayObject()),
        "list indices must be integers or slices, not str",
    ),
    "/EF /F not a stream": (
        file_spec("/EF", generic.DictionaryObject({pdf_name("/F"): generic.NumberObject(1)})),
        "'NumberObject' object has no attribute 'data'",
    ),
}


@pytest.mark.parametrize("case", UNSIGNED)
def test_a_malformed_embedded_manifest_keeps_its_verdict_and_message(
    unsigned_package: Path, pki: Pki, case: str
) -> None:
    change, message = UNSIGNED[case]
    document = unsigned_package / DOCUMENT
    document.write_bytes(updated(document.read_bytes(), change))
    report = verify_package(unsigned_package)
    assert report.verdict == "unreadable"
    assert [(f.subject, f.message) for f in report.findings if f.verdict == "unreadable"] == [
        (DOCUMENT, CANNOT + message)
    ]
    assert signer_check_refusal(document.read_bytes(), pki) == CANNOT + message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\nnot a pdf at all", "Could not read malformed PDF file"),
        (b"", "Illegal PDF header"),
    ],
)
def test_a_document_that_is_no_pdf_is_unreadable_with_the_reader_s_words(
    unsigned_package: Path, pki: Pki, data: bytes, message: str
) -> None:
    (unsigned_package / DOCUMENT).write_bytes(data)
    report = verify_package(unsigned_package)
    assert report.verdict == "unreadable"
    assert [(f.subject, f.message) for f in report.findings] == [(DOCUMENT, message)]
    assert signer_check_refusal(data, pki) == CANNOT + message


def field_value(index: int, value: generic.PdfObject) -> Change:
    """The value (/V) of the document's `index`-th signature field replaced by `value`."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        ref = writer.root["/AcroForm"]["/Fields"].raw_get(index)
        ref.get_object()[pdf_name("/V")] = value
        writer.mark_update(ref)

    return change


@pytest.mark.parametrize("value", [generic.NumberObject(7), pdf_name("/Sig")])
@pytest.mark.parametrize("signed", [False, True])
def test_a_signature_field_whose_value_is_no_dictionary_is_tampered_not_a_crash(
    signed_at: SignedAt, pki: Pki, tmp_path: Path, value: generic.PdfObject, signed: bool
) -> None:
    """pyHanko asserts a field's value is a dictionary: a file that says otherwise is a verdict
    (and the signer checks of `sign` and `verify` read past it), never an AssertionError."""
    source = signed_at(Level.B_T) if signed else make_package(tmp_path / "unsigned")
    package = shutil.copytree(source, tmp_path / "package")
    document = package / DOCUMENT
    document.write_bytes(updated(document.read_bytes(), field_value(1, value)))
    report = verify_package(package, trust=trust(pki))
    assert report.verdict == "tampered"
    assert (
        "Signature_Chair",
        "the signature cannot be read: its value is not a signature dictionary",
    ) in [(f.subject, f.message) for f in report.findings]
    names = set(signatories.signed_fields(document.read_bytes()))
    assert names == ({"Signature_Secretary"} if signed else set())


def first_page_forged(writer: IncrementalPdfFileWriter) -> None:
    """Page 1 shows other words: what the signatures no longer reaching it would hide."""
    ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    forged = generic.StreamObject(stream_data=b"BT /F1 40 Tf 50 400 Td (FORGED) Tj ET")
    ref.get_object()[pdf_name("/Contents")] = writer.add_object(forged)
    writer.mark_update(ref)


def acro_form_removed(writer: IncrementalPdfFileWriter) -> None:
    del writer.root["/AcroForm"]
    writer.update_root()


def fields_a_number(writer: IncrementalPdfFileWriter) -> None:
    writer.root["/AcroForm"][pdf_name("/Fields")] = generic.NumberObject(5)
    writer.update_container(writer.root["/AcroForm"])


def and_then(*changes: Change) -> Change:
    def change(writer: IncrementalPdfFileWriter) -> None:
        for each in changes:
            each(writer)

    return change


HIDDEN = {
    "/AcroForm removed": acro_form_removed,
    "/Fields a number": fields_a_number,
    "page 1 forged, /AcroForm removed": and_then(first_page_forged, acro_form_removed),
    "page 1 forged, /Fields a number": and_then(first_page_forged, fields_a_number),
}


@pytest.mark.parametrize("case", HIDDEN)
def test_signatures_made_unreachable_are_tampered_not_missing(
    signed_at: SignedAt, pki: Pki, tmp_path: Path, case: str
) -> None:
    """Before, no signature reached was `incomplete` (exit 13), the forged page unchecked."""
    package = shutil.copytree(signed_at(Level.B_T), tmp_path / "package")
    document = package / DOCUMENT
    document.write_bytes(updated(document.read_bytes(), HIDDEN[case]))
    report = verify_package(package, trust=trust(pki))
    assert report.verdict == "tampered"
    assert report.verdict.exit_code == 10
    assert report.signatures == ()
    assert [(f.subject, f.message) for f in report.findings if f.verdict == "tampered"] == [
        (DOCUMENT, "signatures present in revision 3 are no longer reachable")
    ]


@pytest.mark.parametrize("case", HIDDEN)
def test_an_unsigned_document_without_its_fields_is_still_incomplete(
    unsigned_package: Path, case: str
) -> None:
    document = unsigned_package / DOCUMENT
    document.write_bytes(updated(document.read_bytes(), HIDDEN[case]))
    report = verify_package(unsigned_package)
    assert report.verdict == "incomplete"
    assert report.verdict.exit_code == 13
    assert [(f.subject, f.message) for f in report.findings] == [(DOCUMENT, "is not signed")]


def secretary_value(entry: str, value: generic.PdfObject) -> Change:
    """The secretary's signature dictionary with `entry` set to `value`."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        ref = writer.root["/AcroForm"]["/Fields"][0].raw_get("/V")
        ref.get_object()[pdf_name(entry)] = value
        writer.mark_update(ref)

    return change


def made_up_value(writer: IncrementalPdfFileWriter) -> None:
    """The chair's field filled with a signature dictionary no one signed, plausible in shape."""
    numbers = generic.ArrayObject(generic.NumberObject(n) for n in (0, 10, 20, 10))
    made_up = {
        "/Type": pdf_name("/Sig"),
        "/Filter": pdf_name("/Adobe.PPKLite"),
        "/SubFilter": pdf_name("/ETSI.CAdES.detached"),
        "/ByteRange": numbers,
        "/Contents": generic.ByteStringObject(b"\x30\x03\x02\x01\x01"),
    }
    value = generic.DictionaryObject({pdf_name(key): item for key, item in made_up.items()})
    field_value(1, writer.add_object(value))(writer)


def chair_named(writer: IncrementalPdfFileWriter) -> None:
    ref = writer.root["/AcroForm"]["/Fields"].raw_get(1)
    ref.get_object()[pdf_name("/T")] = generic.NumberObject(3)
    writer.mark_update(ref)


def ocsps(writer: IncrementalPdfFileWriter) -> None:
    entries = {pdf_name("/OCSPs"): generic.ArrayObject([generic.NumberObject(1)])}
    writer.root[pdf_name("/DSS")] = generic.DictionaryObject(entries)
    writer.update_root()


UNEXPLAINED = (
    "changed after signing: content that the DocMDP policy does not allow: "
    "There are unexplained xrefs in revision 4: object 27 (Sig)"
)
NOT_NAMES = "changed after signing: content that the DocMDP policy does not allow: "
NOT_NAMES += "Names must be strings"
UNKNOWN = "the signature cannot be read: {} is not a recognized SubFilter type in signatures"
VOID = "'Void' object is not subscriptable"
HOSTILE = {
    "/SubFilter an array": (
        secretary_value("/SubFilter", generic.ArrayObject([pdf_name("/ETSI.CAdES.detached")])),
        [
            ("Signature_Chair", UNEXPLAINED),
            ("Signature_Secretary", UNKNOWN.format("['/ETSI.CAdES.detached']")),
        ],
    ),
    "/SubFilter a dictionary": (
        secretary_value("/SubFilter", generic.DictionaryObject()),
        [("Signature_Chair", UNEXPLAINED), ("Signature_Secretary", UNKNOWN.format("{}"))],
    ),
    "a made-up /V": (
        made_up_value,
        [
            ("Signature_Chair", f"the signature cannot be read: {VOID}"),
            (DOCUMENT, f"the embedded {MANIFEST} cannot be read: {VOID}"),
        ],
    ),
    "/DSS /OCSPs [1]": (
        ocsps,
        [(DOCUMENT, DAMAGED + "'NumberObject' object has no attribute 'read_data'")],
    ),
    "/T a number": (chair_named, [("Signature_Secretary", NOT_NAMES), ("3", NOT_NAMES)]),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_signed_document_is_a_verdict_not_a_traceback(
    signed_at: SignedAt, pki: Pki, tmp_path: Path, case: str
) -> None:
    """Each crashed verify with a TypeError, an AttributeError or a ValidationError before."""
    package = shutil.copytree(signed_at(Level.B_T), tmp_path / "package")
    document = package / DOCUMENT
    change, expected = HOSTILE[case]
    document.write_bytes(updated(document.read_bytes(), change))
    report = verify_package(package, trust=trust(pki))
    assert report.verdict == "tampered"
    assert report.verdict.exit_code == 10
    assert [(f.subject, f.message) for f in report.findings if f.verdict == "tampered"] == expected
