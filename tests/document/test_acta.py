"""`videoacta render`: secrecy, determinism, languages, signing into the fields, refusals."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader

from tests.conftest import SAMPLE
from tests.packages import SignBoth
from videoacta import pipeline
from videoacta.cli import cli
from videoacta.core.terms import Language
from videoacta.core.video_index import Index
from videoacta.document import pdfa, writer
from videoacta.signing import stamp
from videoacta.signing.pdf_signing import Level

SECRET_ITEM = 6
OUTPUTS = ("acta.pdf", "manifest.json", "votes.popolo.json", "votes.csv", "index.json")


def _text(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())


def _section(text: str, number: int) -> str:
    """The text of an item's section, from its heading to the next item's."""
    session = pipeline.run_tally(SAMPLE).session
    titles = {item.number: item.title for item in session.items}
    start = text.rindex(f"{number}. {titles[number]}")
    end = text.index(f"{number + 1}. {titles[number + 1]}", start)
    return text[start:end]


def test_a_secret_ballot_shows_totals_and_who_took_part_never_a_choice(
    rendered_sample: Path,
) -> None:
    run = pipeline.run_tally(SAMPLE)
    section = _section(_text(rendered_sample / "acta.pdf"), SECRET_ITEM)
    assert "Votació secreta (ROF 102)" in section
    assert "Han votat (19):" in section
    assert "Vot de cada membre" not in section
    assert "Per grups" not in section
    assert "Canvis de vot" not in section
    for choice in ("a favor", "en contra", "abstenció"):
        for member in run.session.members:
            assert f"{member.name} {choice}" not in section
    rows = list(csv.DictReader(io.StringIO((rendered_sample / "votes.csv").read_text("utf-8"))))
    assert rows
    assert all(row["item"] != str(SECRET_ITEM) for row in rows)
    popolo = json.loads((rendered_sample / "votes.popolo.json").read_text("utf-8"))
    events = [e for e in popolo["vote_events"] if e["motion"]["identifier"] == str(SECRET_ITEM)]
    assert events
    for event in events:
        assert "votes" not in event
        assert event["group_results"] == []
        assert event["round"]["changes"] == []


def test_no_output_file_pairs_a_member_with_a_choice_in_the_secret_ballot(
    rendered_sample: Path,
) -> None:
    attached = pdfa.attachments((rendered_sample / "acta.pdf").read_bytes())
    run = pipeline.run_tally(SAMPLE)
    secret_event = f"{run.session.id}/item-{SECRET_ITEM}/round-1"
    for name, data in [
        *attached.items(),
        *((n, (rendered_sample / n).read_bytes()) for n in OUTPUTS),
    ]:
        if name.endswith(".pdf"):
            continue
        text = data.decode("utf-8")
        for line in text.splitlines():
            assert not (secret_event in line and "," in line and name.endswith(".csv")), name
        if name.endswith(".json"):
            _no_secret_votes(json.loads(text), secret_event)


def _no_secret_votes(value: object, secret_event: str) -> None:
    if isinstance(value, dict):
        if value.get("id") == secret_event:
            assert "votes" not in value
        for child in value.values():
            _no_secret_votes(child, secret_event)
    elif isinstance(value, list):
        for child in value:
            _no_secret_votes(child, secret_event)


def test_the_same_inputs_give_the_same_document(index_copy: Path, rendered_sample: Path) -> None:
    pipeline.run_render(SAMPLE, index_copy)
    first = (index_copy / "acta.pdf").read_bytes()
    pipeline.run_render(SAMPLE, index_copy, force=True)
    second = (index_copy / "acta.pdf").read_bytes()
    assert pdfa.attachments(first) == pdfa.attachments(second)
    assert _text(index_copy / "acta.pdf") == _text(rendered_sample / "acta.pdf")
    assert first == second


@pytest.mark.parametrize(
    ("language", "facts"),
    [
        (
            Language.ES,
            (
                "Acta de la sesión ordinaria n.º 10/2026",
                "jueves, 29 de octubre de 2026",
                "Miembros presentes (19)",
                "Aprobado con el voto de calidad",
                "2.240.335 bytes (2,2 MB)",
                "Visto bueno",
                "mayoría absoluta del número legal de miembros: 11 votos — alcanzada",
            ),
        ),
        (
            Language.EN,
            (
                "Minutes of the ordinary session no. 10/2026",
                "Thursday 29 October 2026",
                "Members present (19)",
                "Passed by the casting vote",
                "2,240,335 bytes (2.2 MB)",
                "Approved (visto bueno)",
                "absolute majority of the legal number of members: 11 votes — reached",
            ),
        ),
    ],
)
def test_languages(sample_index: Path, language: Language, facts: tuple[str, ...]) -> None:
    run = pipeline.run_tally(SAMPLE)
    index = Index.model_validate_json((sample_index / "index.json").read_bytes())
    acta = writer.render_acta(run, index, language=language, attachments=())
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(acta.data)).pages).split()
    )
    for fact in facts:
        assert fact in text, fact
    xmp = PdfReader(io.BytesIO(acta.data)).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert f"<rdf:li>{language.value}</rdf:li>".encode() in xmp


def _self_signed(name: str) -> signers.SimpleSigner:
    """A throwaway RSA key and self-signed certificate (RSA keeps the file at PDF 1.7)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    private = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return signers.SimpleSigner(
        signing_cert=cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(private),
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )


def _sign(data: bytes, field: str, signer: signers.SimpleSigner, *, certify: bool) -> bytes:
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        certify=certify,
        docmdp_permissions=MDPPerm.FILL_FORMS,
        subfilter=SigSeedSubFilter.PADES,
    )
    style = stamp.stamp_style(Language.CA)
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    texts = {"role": field, "signed": stamp.signed_text(dt.datetime.now(dt.UTC), Language.CA, None)}
    return pdf_signer.sign_pdf(writer, appearance_text_params=texts).getvalue()


def test_pyhanko_signs_both_fields_and_the_second_keeps_the_first_valid(
    rendered_sample: Path,
) -> None:
    secretary, chair = _self_signed("Secretària"), _self_signed("Alcaldessa")
    data = (rendered_sample / "acta.pdf").read_bytes()
    data = _sign(data, "Signature_Secretary", secretary, certify=True)
    data = _sign(data, "Signature_Chair", chair, certify=False)
    assert data.startswith(b"%PDF-1.7")
    signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert [s.field_name for s in signatures] == ["Signature_Secretary", "Signature_Chair"]
    for signature, signer in zip(signatures, (secretary, chair), strict=True):
        context = ValidationContext(trust_roots=[signer.signing_cert], allow_fetching=False)
        status = validate_pdf_signature(signature, context)
        assert status.bottom_line, status.pretty_print_details()
        assert status.docmdp_ok
    assert signatures[0].field_name == "Signature_Secretary"
    assert (
        validate_pdf_signature(
            signatures[0],
            ValidationContext(trust_roots=[secretary.signing_cert], allow_fetching=False),
        ).modification_level.name
        == "FORM_FILLING"
    )
    assert (
        pdfa.attachments(data)["manifest.json"] == (rendered_sample / "manifest.json").read_bytes()
    )


def test_the_package_signed_and_time_stamped_verifies(
    index_copy: Path, sign_both: SignBoth
) -> None:
    pipeline.run_render(SAMPLE, index_copy)
    # secretary, chair, each with DSS and a stamp; the test certificates stand in for the sample's
    report = sign_both(index_copy, Level.B_LTA, substitute="test certificates")
    fields = [check.field for check in report.signatures]
    assert [f for f in fields if f and f.startswith("Signature_")] == [
        "Signature_Secretary",
        "Signature_Chair",
    ]
    assert report.verdict == "valid"


def test_render_refuses_an_existing_acta_without_force(rendered_sample: Path) -> None:
    result = CliRunner().invoke(cli, ["render", str(SAMPLE), "--out", str(rendered_sample)])
    assert result.exit_code == 5
    assert "already exists; use --force" in result.stderr


def test_render_never_replaces_a_signed_acta(index_copy: Path) -> None:
    pipeline.run_render(SAMPLE, index_copy)
    signed = _sign(
        (index_copy / "acta.pdf").read_bytes(),
        "Signature_Secretary",
        _self_signed("Secretària"),
        certify=True,
    )
    (index_copy / "acta.pdf").write_bytes(signed)
    result = CliRunner().invoke(cli, ["render", str(SAMPLE), "--out", str(index_copy), "--force"])
    assert result.exit_code == 5
    assert "is signed" in result.stderr
    assert (index_copy / "acta.pdf").read_bytes() == signed


def test_render_needs_the_index_of_the_same_session(tmp_path: Path, index_copy: Path) -> None:
    result = CliRunner().invoke(cli, ["render", str(SAMPLE), "--out", str(tmp_path)])
    assert result.exit_code == 3
    assert "index.json: not found" in result.stderr
    data = json.loads((index_copy / "index.json").read_text("utf-8"))
    data["session"]["id"] = "2026-11-26-ple-ordinari"
    (index_copy / "index.json").write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(SAMPLE), "--out", str(index_copy)])
    assert result.exit_code == 3
    assert "is the index of session '2026-11-26-ple-ordinari'" in result.stderr
    assert not (index_copy / "acta.pdf").exists()


def test_render_command_in_another_language(index_copy: Path) -> None:
    result = CliRunner().invoke(
        cli, ["render", str(SAMPLE), "--out", str(index_copy), "--lang", "es", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    written = json.loads(result.stdout)
    assert written["language"] == "es"
    assert written["pages"] > 5
    assert "Acta de la sesión ordinaria" in _text(index_copy / "acta.pdf")


def test_a_failed_render_writes_neither_the_manifest_nor_the_pdf(
    index_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("layout failed")

    monkeypatch.setattr("videoacta.document.render_stage.render_acta", fail)
    with pytest.raises(RuntimeError, match="layout failed"):
        pipeline.run_render(SAMPLE, index_copy)
    assert not (index_copy / "acta.pdf").exists()
    assert not (index_copy / "manifest.json").exists()
    assert not [p for p in index_copy.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("through_a_link", [False, True])
def test_render_refuses_a_named_pipe_in_the_index_folder_without_blocking(
    index_copy: Path, through_a_link: bool
) -> None:
    """A FIFO would block the hashing pass forever: it is refused by its type, never opened."""
    import os
    import subprocess
    import sys

    pipe = index_copy / ("pipe" if not through_a_link else "posters/pipe")
    os.mkfifo(pipe)
    if through_a_link:
        (index_copy / "link").symlink_to(pipe)
    command = ["render", str(SAMPLE), "--out", str(index_copy), "--quiet"]
    done = subprocess.run(
        [sys.executable, "-m", "videoacta", *command], capture_output=True, text=True, timeout=120
    )
    what = (
        "links to something that is not a regular file"
        if through_a_link
        else ("is not a regular file")
    )
    where = index_copy / ("link" if through_a_link else "pipe")
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == f"Error: {where}: {what}: an index folder holds only files\n"
    assert not (index_copy / "acta.pdf").exists()
    assert not (index_copy / "manifest.json").exists()
