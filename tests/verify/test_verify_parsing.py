"""`videoacta verify` reports on exactly the bytes that were signed: the embedded manifest is read
by pyHanko from the certified revision, every byte after the last signature is a revision pyHanko
parsed, and every startxref points exactly at its cross-reference section."""

import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers

from tests.packages import acta_pdf
from tests.pki import PASSPHRASE, Pki
from tests.verify.test_verify import findings, verify
from videoacta.package import DOCUMENT, MANIFEST
from videoacta.signing import signatories
from videoacta.signing.pdf_signing import Level


def forge_files(package: Path) -> bytes:
    """Change votes.csv and recording.mp4 on disk, and write a manifest.json that matches them;
    return that forged manifest."""
    forged = {"votes.csv": b"item,round,member,option\n1,1,m01,no\n", "recording.mp4": b"other"}
    manifest = json.loads((package / MANIFEST).read_bytes())
    for entry in manifest["files"]:
        if entry["path"] in forged:
            (package / entry["path"]).write_bytes(forged[entry["path"]])
            entry["size"] = len(forged[entry["path"]])
            entry["sha256"] = hashlib.sha256(forged[entry["path"]]).hexdigest()
    data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    (package / MANIFEST).write_bytes(data)
    return data


def manifest_object(data: bytes) -> int:
    """The object number of the embedded manifest's stream (the EmbeddedFile of manifest.json)."""
    tree = PdfFileReader(io.BytesIO(data), strict=False).root["/Names"]["/EmbeddedFiles"]
    assert tree["/Names"][0] == MANIFEST
    return int(tree["/Names"][1]["/EF"].raw_get("/F").reference.idnum)


def swap_manifest(document: Path, forged: bytes, *, gap: bytes) -> int:
    """The reviewer's parser differential: an update that changes nothing for pyHanko, dead bytes
    redefining the manifest's stream before it, startxref pointing `gap` before `xref`; return
    the byte offset of the dead object."""
    data = document.read_bytes()
    prev = int(re.findall(rb"startxref\s+(\d+)\s+%%EOF", data)[-1])
    trailer = re.findall(rb"trailer\s*<<(.*?)>>\s*startxref", data, re.S)[-1]
    size = re.search(rb"/Size (\d+)", trailer)
    root = re.search(rb"/Root (\d+ \d+ R)", trailer)
    assert size is not None
    assert root is not None
    dead = b"\n%d 0 obj\n<</Type/EmbeddedFile/Length %d>>stream\n" % (
        manifest_object(data), len(forged)
    ) + forged + b"\nendstream\nendobj"  # fmt: skip
    update = dead + gap + b"xref\n0 1\n0000000000 65535 f \ntrailer\n<</Size " + size[1]
    update += b"/Root " + root[1] + b"/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (
        prev, len(data) + len(dead)
    )  # fmt: skip
    document.write_bytes(data + update)
    return len(data) + 1


def test_a_manifest_swapped_by_a_parser_differential_is_tampering(
    signed_package: Path, pki: Pki
) -> None:
    document = signed_package / DOCUMENT
    signed_size = document.stat().st_size
    dead_at = swap_manifest(document, forge_files(signed_package), gap=b"  ")
    code, report = verify(signed_package, pki)
    assert code == 10
    found = findings(report)
    xref_at = dead_at - 1 + len(document.read_bytes()[dead_at - 1 :].split(b"  xref")[0])
    assert (
        "tampered",
        DOCUMENT,
        f"revision 5: startxref points at byte {xref_at}, its cross-reference section "
        f"starts at byte {xref_at + 2}",
    ) in found
    assert any(
        subject == DOCUMENT and message.startswith(f"byte {signed_size + 1}: object ")
        for _, subject, message in found
    )
    # What verify compares the folder with is the certified manifest, not the forged one.
    assert ("tampered", MANIFEST, f"differs from the manifest embedded in {DOCUMENT}") in found
    assert {subject for _, subject, _ in found} >= {"votes.csv", "recording.mp4"}


def test_dead_objects_after_the_signatures_are_named_even_with_an_exact_startxref(
    signed_package: Path, pki: Pki
) -> None:
    document = signed_package / DOCUMENT
    dead_at = swap_manifest(document, forge_files(signed_package), gap=b"\n")
    code, report = verify(signed_package, pki)
    assert code == 10
    manifest = manifest_object(document.read_bytes())
    expected = (
        f"byte {dead_at}: object {manifest} 0 is not in the cross-reference data of the "
        "revisions after the signatures"
    )
    assert ("tampered", DOCUMENT, expected) in findings(report)


def test_bytes_after_the_eof_ending_in_a_fake_startxref(signed_package: Path, pki: Pki) -> None:
    document = signed_package / DOCUMENT
    data = document.read_bytes()
    genuine = re.findall(rb"startxref\s+(\d+)\s+%%EOF", data)[-1]
    content = b"BT /F1 48 Tf 72 400 Td (ACTA ANUL.LADA) Tj ET"
    payload = b"\n999 0 obj\n<</Length %d>>stream\n" % len(content) + content
    payload += b"\nendstream\nendobj\n%" + b"hidden payload " * 70 + b"\n"
    fake_at = len(data) + len(payload)
    document.write_bytes(data + payload + b"startxref\n" + genuine + b"\n%%EOF\n")
    code, report = verify(signed_package, pki)
    assert (code, findings(report)) == (
        10,
        [
            ("tampered", DOCUMENT, f"byte {fake_at}: a startxref that ends no revision after "
             "the signatures"),
            ("tampered", DOCUMENT, f"byte {len(data) + 1}: object 999 0 is not in the "
             "cross-reference data of the revisions after the signatures"),
        ],
    )  # fmt: skip


def replace_manifest(writer: IncrementalPdfFileWriter) -> None:
    spec = writer.root["/Names"]["/EmbeddedFiles"]["/Names"][1]
    ref = spec["/EF"].raw_get("/F")
    stream = ref.get_object()
    stream._data, stream._encoded_data = b"{}", None
    stream.pop("/Filter", None)
    stream.pop("/Params", None)
    writer.mark_update(ref)


def second_manifest(writer: IncrementalPdfFileWriter) -> None:
    names = writer.root["/Names"]
    tree = names["/EmbeddedFiles"]["/Names"]
    copy = generic.ArrayObject(list(tree))
    copy.extend([generic.TextStringObject(MANIFEST), tree.raw_get(1)])
    names["/EmbeddedFiles"][generic.NameObject("/Names")] = copy
    writer.update_container(names)


@pytest.mark.parametrize("change", [replace_manifest, second_manifest])
def test_a_manifest_changed_after_signing_is_tampering_with_the_signatures_shown(
    signed_package: Path, pki: Pki, change: object
) -> None:
    document = signed_package / DOCUMENT
    writer = IncrementalPdfFileWriter(io.BytesIO(document.read_bytes()), strict=False)
    change(writer)  # type: ignore[operator]
    out = io.BytesIO()
    writer.write(out)
    document.write_bytes(out.getvalue())
    code, report = verify(signed_package, pki)
    assert (code, report["verdict"]) == (10, "tampered")
    assert [s["field"] for s in report["signatures"]] == ["Signature_Secretary", "Signature_Chair"]
    problems = {subject: message for _, subject, message in findings(report)}
    assert set(problems) == {"Signature_Secretary", "Signature_Chair"}
    assert problems["Signature_Chair"].startswith("changed after signing: ")
    assert report["files_checked"] == 7


@pytest.mark.parametrize("signed", [False, True])
def test_a_document_whose_manifest_is_not_one_is_reported_with_its_signatures(
    unsigned_package: Path, pki: Pki, signed: bool
) -> None:
    document = unsigned_package / DOCUMENT
    document.write_bytes(acta_pdf(b"{}"))
    if signed:
        signer = signers.SimpleSigner.load_pkcs12(
            str(pki["secretary.p12"]), passphrase=PASSPHRASE.encode()
        )
        assert signer is not None
        out = signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(document.read_bytes())),
            signers.PdfSignatureMetadata(field_name="Signature_Secretary"),
            signer=signer,
        )
        document.write_bytes(out.getvalue())
    code, report = verify(unsigned_package, pki)
    verdict = "tampered" if signed else "unreadable"
    message = f"the embedded {MANIFEST} is not a manifest: tool_version: Field required"
    assert (code, findings(report)[-1]) == (10 if signed else 12, (verdict, DOCUMENT, message))
    assert len(report["signatures"]) == int(signed)


def test_the_signers_are_read_from_the_certified_revision(signed_package: Path, pki: Pki) -> None:
    document = signed_package / DOCUMENT
    certified = signatories.recorded_signatories(document.read_bytes())
    swap_manifest(document, b'{"format": "videoacta-manifest/1"}', gap=b"  ")
    assert signatories.recorded_signatories(document.read_bytes()) == certified
    assert certified is not None
    assert certified.chair.name == "Núria Núñez Roca"


@pytest.mark.parametrize("level", [Level.B_LT, Level.B_LTA])
def test_validation_data_after_the_signatures_stays_valid(
    unsigned_package: Path, pki: Pki, sign_both: object, level: Level
) -> None:
    report = sign_both(unsigned_package, level)  # type: ignore[operator]
    assert (report.verdict, report.findings) == ("valid", ())
