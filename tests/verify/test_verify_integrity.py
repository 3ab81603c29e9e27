"""`videoacta verify` after the signatures: only validation data may follow them, the package
folder holds exactly the manifest's files, and the output is one verdict with its reasons."""

import io
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.validation import add_validation_info

from tests.packages import PASSPHRASE_ENV, options
from tests.pki import PASSPHRASE, Pki
from tests.verify.test_verify import findings, pdfsig, verify
from videoacta.cli import cli
from videoacta.core.identity import Role
from videoacta.package import DOCUMENT
from videoacta.signing.pdf_signing import sign_package
from videoacta.signing.trust import TrustSettings, validation_context

TITLE = "ACTA ANUL·LADA"


def incremental_update(document: Path, change: Any) -> None:
    """Append one incremental update made by `change(writer)`, as an attacker would."""
    with document.open("r+b") as handle:
        writer = IncrementalPdfFileWriter(handle)
        change(writer)
        writer.write_in_place()


def new_title_in_info(writer: IncrementalPdfFileWriter) -> None:
    info = generic.DictionaryObject({pdf_name("/Title"): pdf_string(TITLE)})
    writer.set_info(writer.add_object(info))


def new_title_in_xmp(writer: IncrementalPdfFileWriter) -> None:
    writer.document_meta.title = TITLE


def new_annotation(writer: IncrementalPdfFileWriter) -> None:
    page = writer.root["/Pages"]["/Kids"][0]
    note = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Text"),
        pdf_name("/Rect"): generic.ArrayObject(generic.NumberObject(n) for n in (9, 9, 40, 40)),
        pdf_name("/Contents"): pdf_string(TITLE),
    })  # fmt: skip
    page["/Annots"].append(writer.add_object(note))
    writer.update_container(page)


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (new_title_in_info, "the document information dictionary changed: /Title"),
        (new_title_in_xmp, "the XMP metadata changed: dc:title"),
        (new_annotation, "unexplained xrefs in revision 4: object 5 (Page), object 41 (Annot)"),
    ],
)
def test_a_change_after_both_signatures_is_tampering(
    signed_package: Path, pki: Pki, change: Any, what: str
) -> None:
    incremental_update(signed_package / DOCUMENT, change)
    code, report = verify(signed_package, pki)
    assert (code, report["verdict"]) == (10, "tampered")
    problems = dict((subject, message) for _, subject, message in findings(report))
    assert set(problems) == {"Signature_Secretary", "Signature_Chair"}
    assert what in problems["Signature_Chair"]
    assert problems["Signature_Chair"].startswith("changed after signing: ")
    assert all(s["intact"] and s["valid"] for s in report["signatures"])


def sign_new_field(document: Path, pki: Pki, name: str) -> None:
    """Sign a field that is not one of the package's two, created for the purpose."""
    signer = signers.SimpleSigner.load_pkcs12(
        str(pki["stranger.p12"]), passphrase=PASSPHRASE.encode()
    )
    assert signer is not None
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(document.read_bytes())),
        signers.PdfSignatureMetadata(field_name=name),
        signer=signer,
        new_field_spec=fields.SigFieldSpec(name),
    )
    document.write_bytes(out.getvalue())


def test_only_the_chairs_field_may_be_filled_after_the_certification(
    unsigned_package: Path, pki: Pki, passphrase_env: None
) -> None:
    sign_package(unsigned_package, options(pki, Role.SECRETARY))
    sign_new_field(unsigned_package / DOCUMENT, pki, "Signature_Extra")
    sign_package(unsigned_package, options(pki, Role.CHAIR))
    code, report = verify(unsigned_package, pki)
    assert code == 10
    expected = "after it only the chair's field may be filled; also filled: Signature_Extra"
    assert ("tampered", "Signature_Secretary", expected) in findings(report)


def test_a_signature_after_the_chairs_is_tampering(signed_package: Path, pki: Pki) -> None:
    sign_new_field(signed_package / DOCUMENT, pki, "Signature_Extra")
    code, report = verify(signed_package, pki)
    assert code == 10
    problems = {subject: message for _, subject, message in findings(report)}
    assert problems["Signature_Chair"] == (
        "after it only validation data may be added; changed: only form filling and later "
        "signatures (fields: Signature_Extra)"
    )


@pytest.mark.parametrize(("tail", "extra"), [(b"junk", 4), (b"\n%PDF-1.7 hidden\n", 17)])
def test_bytes_after_the_final_eof(signed_package: Path, pki: Pki, tail: bytes, extra: int) -> None:
    document = signed_package / DOCUMENT
    assert document.read_bytes().endswith(b"%%EOF\n")  # one line end: accepted
    document.write_bytes(document.read_bytes() + tail)
    code, report = verify(signed_package, pki)
    assert (code, findings(report)) == (
        10,
        [("tampered", DOCUMENT, f"{extra} bytes follow the final %%EOF")],
    )


def test_validation_data_and_a_time_stamp_added_later_stay_valid(
    signed_package: Path, pki: Pki, tsa_url: str
) -> None:
    """B-T signed, then made B-LTA later: the DSS, then a document time-stamp."""
    document = signed_package / DOCUMENT
    context = validation_context(TrustSettings(roots=(pki.root,), crls=(pki.crl,)))
    reader = PdfFileReader(io.BytesIO(document.read_bytes()))
    chair = reader.embedded_signatures[-1]
    document.write_bytes(add_validation_info(chair, context).getvalue())
    stamper = signers.PdfTimeStamper(timestamps.HTTPTimeStamper(tsa_url))
    out = stamper.timestamp_pdf(
        IncrementalPdfFileWriter(io.BytesIO(document.read_bytes())), "sha256", context
    )
    document.write_bytes(out.getvalue())
    code, report = verify(signed_package, pki)
    assert (code, report["verdict"], report["findings"]) == (0, "valid", [])
    assert [s["kind"] for s in report["signatures"]][-1] == "document time-stamp"
    assert pdfsig(document).count("Signature Validation: Signature is Valid.") == 2


def test_pdfsig_and_pyhanko_agree_on_the_untouched_package(signed_package: Path, pki: Pki) -> None:
    assert verify(signed_package, pki)[0] == 0
    assert pdfsig(signed_package / DOCUMENT).count("Signature is Valid.") == 2


# Class 4: the package folder holds exactly the manifest's files.


def test_a_folder_replaced_by_a_link_to_its_copy(
    signed_package: Path, pki: Pki, tmp_path: Path
) -> None:
    copy = tmp_path / "posters-copy"
    shutil.copytree(signed_package / "posters", copy)
    shutil.rmtree(signed_package / "posters")
    (signed_package / "posters").symlink_to(copy, target_is_directory=True)
    code, report = verify(signed_package, pki)
    assert (code, findings(report)) == (
        10,
        [
            ("tampered", "posters", "is a symbolic link"),
            ("tampered", "posters/01.jpg", "is inside posters, which is a symbolic link"),
        ],
    )


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("posters/deeper/passwd", "/etc/passwd"),
        ("posters/loop", "."),
        ("index-copy.html", "index.html"),
        ("elsewhere", "/tmp"),
    ],
)
def test_a_link_anywhere_is_tampering(
    signed_package: Path, pki: Pki, link: str, target: str
) -> None:
    path = signed_package / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    code, report = verify(signed_package, pki)
    assert (code, findings(report)) == (10, [("tampered", link, "is a symbolic link")])


def test_a_leftover_temporary_file_is_named(signed_package: Path, pki: Pki) -> None:
    (signed_package / ".acta.pdf.k2x9_qa1.tmp").write_bytes(b"%PDF half written")
    code, report = verify(signed_package, pki)
    message = "is a temporary file left by an interrupted sign, render or build: delete it"
    assert (code, findings(report)) == (10, [("tampered", ".acta.pdf.k2x9_qa1.tmp", message)])


# Kills the real CLI at the moment it would rename the signed acta.pdf into place.
KILLED_AT_RENAME = """
import os, signal, sys
rename = os.replace
def replace(source, target, *args, **kwargs):
    if str(target).endswith("acta.pdf"):
        os.kill(os.getpid(), signal.SIGKILL)
    return rename(source, target, *args, **kwargs)
os.replace = replace
from videoacta.cli import main
sys.argv[0] = "videoacta"
main()
"""


def cli_process(*args: object, code: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line in its own process: stdout, stderr and exit code as a user sees."""
    start = ["-c", code] if code else ["-m", "videoacta"]
    env = {**os.environ, PASSPHRASE_ENV: PASSPHRASE}
    argv = [sys.executable, *start, *(str(arg) for arg in args)]
    return subprocess.run(argv, capture_output=True, text=True, env=env, check=False)


def chair(package: Path, pki: Pki) -> list[object]:
    return ["sign", package, "--as", "chair", "--pkcs12", pki["chair.p12"],
            "--passphrase-env", PASSPHRASE_ENV]  # fmt: skip


def test_a_killed_sign_leaves_nothing_in_the_package(
    unsigned_package: Path, pki: Pki, passphrase_env: None
) -> None:
    sign_package(unsigned_package, options(pki, Role.SECRETARY))
    before = sorted(unsigned_package.iterdir())
    killed = cli_process(*chair(unsigned_package, pki), code=KILLED_AT_RENAME)
    assert killed.returncode == -signal.SIGKILL
    assert sorted(unsigned_package.iterdir()) == before
    code, report = verify(unsigned_package, pki)
    assert (code, findings(report)) == (
        13,
        [("incomplete", "Signature_Chair", "is not signed yet")],
    )
    again = cli_process(*chair(unsigned_package, pki))
    assert again.returncode == 0, again.stderr
    assert verify(unsigned_package, pki)[0] == 0
    for leftover in unsigned_package.parent.glob(".*.tmp"):
        leftover.unlink()  # outside the package: what a killed run leaves does no harm there


def test_sign_removes_what_an_older_killed_sign_left(
    unsigned_package: Path, pki: Pki, passphrase_env: None
) -> None:
    leftover = unsigned_package / ".acta.pdf.0a1b2c3d.tmp"
    leftover.write_bytes(b"%PDF half written")
    sign_package(unsigned_package, options(pki, Role.SECRETARY))
    sign_package(unsigned_package, options(pki, Role.CHAIR))
    assert not leftover.exists()
    assert verify(unsigned_package, pki)[0] == 0


# Class 11: one verdict and its reasons; nothing else on stderr.


def test_no_trust_roots_prints_a_verdict_and_nothing_on_stderr(signed_package: Path) -> None:
    done = cli_process("verify", signed_package)
    assert (done.returncode, done.stderr) == (11, "")
    assert done.stdout.splitlines()[-1].startswith("UNTRUSTED: ")
    verbose = cli_process("-v", "verify", signed_package)
    assert "WARNING pyhanko" in verbose.stderr  # the libraries' warnings belong to -v


@pytest.mark.parametrize("keep", [2 / 3, 0.999])
def test_a_truncated_document_is_tampering(signed_package: Path, pki: Pki, keep: float) -> None:
    document = signed_package / DOCUMENT
    data = document.read_bytes()
    cut = int(len(data) * keep)
    document.write_bytes(data[:cut])
    done = cli_process("verify", signed_package, "--trust", pki.root)
    assert (done.returncode, done.stderr) == (10, "")
    lines = done.stdout.splitlines()
    assert lines[1].startswith("  TAMPERED: acta.pdf: is signed, but damaged: ")
    if keep > 0.99:  # the chair's byte range is still there, and longer than the file
        assert lines[1].endswith(f"; a signature covers {len(data)} bytes, the file has {cut}")
    assert lines[2:] == ["TAMPERED: something was changed after signing"]


@pytest.mark.parametrize("damage", ["flip", "not hex"])
def test_a_damaged_signature_is_tampering(signed_package: Path, pki: Pki, damage: str) -> None:
    document = signed_package / DOCUMENT
    data = bytearray(document.read_bytes())
    at = data.index(b"<", data.index(b"/Contents <")) + 41  # inside the secretary's CMS
    data[at] = ord("z") if damage == "not hex" else ord("0" if data[at] != ord("0") else "1")
    document.write_bytes(bytes(data))
    done = cli_process("verify", signed_package, "--trust", pki.root, "--json")
    assert (done.returncode, done.stderr) == (10, "")
    report = json.loads(done.stdout)
    problems = {subject: message for _, subject, message in findings(report)}
    assert problems["Signature_Secretary"].startswith("the signature cannot be read: ")
    assert problems["Signature_Chair"] == "the signed bytes do not match the signature"


def test_an_unreadable_document_is_one_error_free_verdict(unsigned_package: Path) -> None:
    (unsigned_package / DOCUMENT).write_bytes(b"%PDF-1.7\nnot a pdf at all")
    done = cli_process("verify", unsigned_package)
    assert (done.returncode, done.stderr) == (12, "")


def test_the_crl_given_shows_in_the_report(signed_package: Path, pki: Pki) -> None:
    report = verify(signed_package, pki)[1]
    assert report["crls"] == [str(pki.crl)]
    argv = ["verify", str(signed_package), "--trust", str(pki.root), "--crl", str(pki.crl)]
    text = CliRunner().invoke(cli, argv).stdout
    assert f"  revocation data used: CRL {pki.crl} (--crl)\n" in text
    assert "no revocation data embedded" in text
    without = CliRunner().invoke(cli, argv[:4]).stdout
    assert "revocation data used" not in without


def test_sign_prints_commands_that_paste_as_they_are(
    unsigned_package: Path, pki: Pki, passphrase_env: None
) -> None:
    secretary = cli_process(
        "sign", unsigned_package, "--as", "secretary", "--pkcs12", pki["secretary.p12"],
        "--passphrase-env", PASSPHRASE_ENV,
    )  # fmt: skip
    assert secretary.returncode == 0, secretary.stderr
    assert "…" not in secretary.stdout
    assert f": videoacta sign {unsigned_package} --as chair\n" in secretary.stdout
    assert "chains to TEST Root CA (SHA-256 " in secretary.stdout  # no --trust: says which root
    done = cli_process(*chair(unsigned_package, pki), "--trust", pki.root)
    assert done.returncode == 0, done.stderr
    verify_line = done.stdout.splitlines()[-1]
    assert verify_line == f"Verify it with: videoacta verify {unsigned_package} --trust {pki.root}"
    pasted = shlex.split(verify_line.removeprefix("Verify it with: "))
    assert pasted[0] == "videoacta"
    assert cli_process(*pasted[1:]).returncode == 0
