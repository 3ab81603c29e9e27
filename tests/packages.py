"""Test packages: a small acta.pdf like the real one, the files around it, and signing helpers.

The test document mirrors what videoacta's document stage makes: PDF/A-3B written by fpdf2 with
manifest.json attached as an associated file, normalised once with pypdf, then the two empty
signature fields added with pyHanko.

Loaded as a pytest plugin for every test (tests/conftest.py), so the PDF and signing libraries
and videoacta's edge layers are imported inside the functions that use them: collecting the pure
core's tests loads none of them (tests/core/conftest.py checks it).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest

from tests.pki import PASSPHRASE
from videoacta.core.identity import Person, Role, Signatories

if TYPE_CHECKING:
    from pypdf import PdfWriter

    from tests.pki import Pki
    from videoacta.core.eni import EniRecord
    from videoacta.signing.pdf_signing import Level, SignOptions
    from videoacta.signing.trust import TrustSettings
    from videoacta.verify.verifier import VerifyReport

PASSPHRASE_ENV = "VIDEOACTA_TEST_PASSPHRASE"
FILES = {
    "index.json": b'{"format": "videoacta-index/1"}\n',
    "votes.popolo.json": b'{"vote_events": []}\n',
    "votes.csv": b"item,round,member,option\n1,1,m01,yes\n",
    "chapters.vtt": b"WEBVTT\n\n00:00:00.000 --> 00:00:10.000\n1. Acta anterior\n",
    "recording.mp4": bytes(range(256)) * 64,
    "posters/01.jpg": b"\xff\xd8\xff\xe0 not really a jpeg \xff\xd9",
    "index.html": b"<!doctype html><title>Acta</title>\n",
}
# The recording parts the test manifest names, as manifest.json lists them.
PARTS = ({"file": "part1.mp4", "size": 123, "sha256": "ab" * 32},)
# Who the test package names to sign: the people of the test certificates (tests/pki.py).
SIGNATORIES = Signatories(
    secretary=Person(name="Marta Puig i Ferrer"), chair=Person(name="Núria Núñez Roca")
)


def acta_pdf(manifest: bytes) -> bytes:
    """A one-page PDF/A-3B with manifest.json attached and two empty signature fields."""
    from fpdf import FPDF
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields
    from pypdf import PdfReader, PdfWriter

    from videoacta import package
    from videoacta.signing import stamp

    font = stamp.font_path()
    assert font is not None, "no Noto Sans or DejaVu Sans for the test document"
    pdf = FPDF(enforce_compliance="PDF/A-3B")
    pdf.add_font("Noto", fname=str(font))
    pdf.set_font("Noto", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Acta de la sessió plenària ordinària — Marcel·lí, Núria, França.")
    pdf.link(10, 10, 60, 10, "https://example.invalid/acta")
    pdf.embed_file(
        bytes=manifest, basename=package.MANIFEST, mime_type="application/json",
        associated_file_relationship="Data",
    )  # fmt: skip
    normalised = io.BytesIO()
    indirect_annotations(PdfWriter(clone_from=PdfReader(io.BytesIO(pdf.output())))).write(
        normalised
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(normalised.getvalue()))
    for name, box in (
        ("Signature_Secretary", (60, 60, 290, 140)),
        ("Signature_Chair", (310, 60, 540, 140)),
    ):
        fields.append_signature_field(writer, fields.SigFieldSpec(name, on_page=0, box=box))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def indirect_annotations(writer: PdfWriter) -> PdfWriter:
    """Make every annotation an indirect object: a plain pypdf rewrite keeps fpdf2's direct
    link annotations, and pyHanko's diff analysis rejects a later revision of such a page."""
    from pypdf.generic import ArrayObject, IndirectObject, NameObject

    for page in writer.pages:
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        page[NameObject("/Annots")] = ArrayObject(
            item if isinstance(item, IndirectObject) else writer._add_object(item)
            for item in annotations
        )
    return writer


def make_package(
    folder: Path, *, signatories: Signatories | None = SIGNATORIES, eni: EniRecord | None = None
) -> Path:
    """An unsigned package in `folder` (made atomically, as `build` makes one), whose
    manifest names `signatories` to sign."""
    from videoacta import package
    from videoacta.artefacts import write_artefact

    parts = tuple(package.RecordingPart(**part) for part in PARTS)
    with package.new_package(folder, force=False) as temporary:
        (temporary / "posters").mkdir()
        files = [write_artefact(temporary, name, data) for name, data in FILES.items()]
        manifest = package.manifest_of(
            files, recording_parts=parts, signatories=signatories, eni=eni
        )
        embedded = write_artefact(temporary, package.MANIFEST, package.manifest_bytes(manifest))
        assert embedded.data is not None
        (temporary / package.DOCUMENT).write_bytes(acta_pdf(embedded.data))
    return folder


def trust(pki: Pki) -> TrustSettings:
    from videoacta.signing.trust import TrustSettings

    return TrustSettings(roots=(pki.root,), crls=(pki.crl,))


def options(
    pki: Pki, role: Role, *, who: str | None = None, tsa: str | None = None, **extra: object
) -> SignOptions:
    """Signing options with the PKCS#12 file of `who` (default: the role's own)."""
    from videoacta.credentials import SecretSource
    from videoacta.signing.pdf_signing import SignOptions
    from videoacta.signing.signers import Pkcs12Signer, TimeStampServer

    signer = Pkcs12Signer(
        path=pki[f"{who or role.value}.p12"], passphrase=SecretSource.env(PASSPHRASE_ENV)
    )
    server = TimeStampServer(url=tsa) if tsa else None
    return SignOptions(role=role, signer=signer, tsa=server, trust=trust(pki), **extra)  # type: ignore[arg-type]


def assert_verified(folder: Path, pki: Pki) -> VerifyReport:
    """Every signature the tests make is validated: the package must verify as valid."""
    from videoacta.verify.verifier import verify_package

    report = verify_package(folder, trust=trust(pki))
    assert report.verdict == "valid", report.findings
    assert all(check.bottom_line for check in report.signatures)
    return report


class SignBoth(Protocol):
    def __call__(
        self, folder: Path, level: Level, *, substitute: str | None = None
    ) -> VerifyReport: ...


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)


@pytest.fixture
def sign_both(pki: Pki, tsa_url: str, passphrase_env: None) -> SignBoth:
    """Sign a package as secretary then chair at `level`, and check it verifies; with
    `substitute`, the test certificates stand in for the people the package names."""
    from videoacta.signing.pdf_signing import Level, sign_package

    def sign(folder: Path, level: Level, *, substitute: str | None = None) -> VerifyReport:
        tsa = None if level is Level.B_B else tsa_url
        for role in (Role.SECRETARY, Role.CHAIR):
            chosen = options(pki, role, tsa=tsa, level=level, substitute=substitute)
            sign_package(folder, chosen)
        return assert_verified(folder, pki)

    return sign


@pytest.fixture
def unsigned_package(tmp_path: Path) -> Path:
    return make_package(tmp_path / "2026-10-29-ple")


@pytest.fixture
def signed_package(unsigned_package: Path, sign_both: SignBoth) -> Path:
    """A package signed by the secretary and the chair at B-T."""
    from videoacta.signing.pdf_signing import Level

    sign_both(unsigned_package, Level.B_T)
    return unsigned_package
