"""`build --eni` end to end on the sample with `[eni]`: the acta's XMP carries the ENI metadata
(declared with a PDF/A extension schema), and every ENI file is valid and verified."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from tests.builders import sample_for_test_pki
from tests.conftest import SAMPLE
from tests.eni.conftest import validate
from tests.pki import PASSPHRASE, Pki
from tests.system import require
from videoacta.cli import cli
from videoacta.errors import ExitCode

SESSION_ID = "2026-10-29-ple-ordinari"
ENI_TABLE = '\n[eni]\norgan = "L01089990"\nclassification = "2012345"\n'
ENI_XMP = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e/metadatos#"
DOC_META = "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e/metadatos"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFA_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
# Schemas PDF/A predefines (XMP's own, PDF/A identification and extension): need no declaration.
PREDEFINED = {
    "http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/xap/1.0/",
    "http://ns.adobe.com/pdf/1.3/", "http://www.aiim.org/pdfa/ns/id/",
    "http://www.aiim.org/pdfa/ns/extension/", PDFA_SCHEMA, PDFA_PROPERTY, RDF,
    "http://www.w3.org/XML/1998/namespace", "adobe:ns:meta/",
}  # fmt: skip
FILES = ("recording.mp4", "index.json", "votes.popolo.json", "votes.csv", "chapters.vtt")


def invoke(*args: Any, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def signer(pki: Pki, who: str) -> list[str]:
    return ["--pkcs12", str(pki[f"{who}.p12"]), "--passphrase-env", "PASS"]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = sample_for_test_pki(SAMPLE, tmp_path_factory.mktemp("session") / SESSION_ID)
    with (folder / "session.toml").open("a", encoding="utf-8") as toml:
        toml.write(ENI_TABLE)
    return folder


@pytest.fixture(scope="module")
def filed(pki: Pki, session: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with [eni], built, certified and filed in one command."""
    out = tmp_path_factory.mktemp("build")
    result = invoke(
        "build", session, "--out", out, "--quiet", "--eni", *signer(pki, "secretary"),
        env={"PASS": PASSPHRASE},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Filed as ENI ES_L01089990_2026_" in result.stdout
    return out / SESSION_ID


def xmp_root(pdf: Path) -> etree._Element:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return etree.fromstring(document.Root.Metadata.read_bytes())


def test_build_eni_writes_every_eni_file_valid_against_the_xsds(filed: Path) -> None:
    made = [filed / "acta.eni.xml", filed / "expediente.eni.xml"]
    made += [filed / "eni" / f"{name}.eni.xml" for name in FILES]
    result = validate(*made)
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("VALID against") == 7
    assert "WARN" not in result.stdout


def test_the_recording_is_referenced_and_a_data_file_held(filed: Path) -> None:
    recording = etree.parse(str(filed / "eni" / "recording.mp4.eni.xml")).getroot()
    assert recording.findtext(".//{*}referenciaFichero") == "recording.mp4"
    assert recording.findtext(".//{*}NombreFormato") == "MPEG-4"
    assert recording.findtext(".//{*}TipoDocumental") == "TD99"
    votes = etree.parse(str(filed / "eni" / "votes.csv.eni.xml")).getroot()
    assert (
        base64.b64decode(votes.findtext(".//{*}ValorBinario")) == (filed / "votes.csv").read_bytes()
    )
    assert votes.findtext(".//{*}ReferenciaFirma") == "expediente.eni.xml#FIRMA_0"


def test_the_files_documents_carry_the_identifiers_the_index_gives(filed: Path) -> None:
    index = etree.parse(str(filed / "expediente.eni.xml")).getroot()
    listed = [d.findtext("{*}IdentificadorDocumento") for d in index.iter("{*}DocumentoIndizado")]
    own = [
        etree.parse(str(filed / "eni" / f"{name}.eni.xml")).getroot().get("Id") for name in FILES
    ]
    assert listed[1:] == own
    assert len(set(listed)) == 6


def test_the_xmp_carries_the_eni_metadata_and_agrees_with_the_document(filed: Path) -> None:
    import pikepdf

    with pikepdf.open(filed / "acta.pdf") as pdf, pdf.open_metadata() as meta:
        values = {name: meta.get(f"{{{ENI_XMP}}}{name}") for name in (
            "VersionNTI", "Identificador", "Organo", "FechaCaptura",
            "OrigenCiudadanoAdministracion", "EstadoElaboracion", "TipoDocumental",
        )}  # fmt: skip
        created = meta.get("xmp:CreateDate")
    document = etree.parse(str(filed / "acta.eni.xml")).getroot()
    assert values["Identificador"] == document.findtext(f".//{{{DOC_META}}}Identificador")
    assert values["FechaCaptura"] == document.findtext(f".//{{{DOC_META}}}FechaCaptura")
    assert values["FechaCaptura"] == created
    assert values["Organo"] == "L01089990"
    # A URI: pyHanko's revisions write it as rdf:resource, which pikepdf does not read.
    version = next(xmp_root(filed / "acta.pdf").iter(f"{{{ENI_XMP}}}VersionNTI"))
    assert (version.get(f"{{{RDF}}}resource") or version.text) == (
        "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e"
    )
    assert (values["OrigenCiudadanoAdministracion"], values["EstadoElaboracion"]) == (
        "True", "EE01",
    )  # fmt: skip
    assert values["TipoDocumental"] == "TD10"


def test_every_property_outside_the_predefined_schemas_is_declared(filed: Path) -> None:
    """The PDF/A rule veraPDF would check (ISO 19005-2 6.6.2.3): each property of another
    namespace is declared in pdfaExtension:schemas, with its value type and category, under the
    prefix it is written with."""
    root = xmp_root(filed / "acta.pdf")
    used = set()
    for description in root.iter(f"{{{RDF}}}Description"):
        if description.getparent().tag != f"{{{RDF}}}RDF":
            continue  # inside a structure: the extension schema's own fields
        names = [*description.attrib, *(child.tag for child in description)]
        used |= {n for n in names if isinstance(n, str) and n.startswith("{")}
    used = {(n[1:].split("}")[0], n.split("}")[1]) for n in used}
    used = {(ns, name) for ns, name in used if ns not in PREDEFINED}
    declared = _declared(root)
    assert (ENI_XMP, "FechaCaptura") in used
    for ns, name in used:
        assert (ns, name) in declared, (ns, name)
        value_type, category, prefix = declared[(ns, name)]
        assert value_type
        assert category in ("internal", "external")
        assert re.search(rf'xmlns:{prefix}="{re.escape(ns)}"', etree.tostring(root).decode())


def _declared(root: etree._Element) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(namespace, property) → (valueType, category, prefix) of every declared property."""
    found = {}
    for schema in root.iter(f"{{{PDFA_SCHEMA}}}namespaceURI"):
        holder = schema.getparent()
        namespace = schema.get(f"{{{RDF}}}resource") or schema.text
        prefix = holder.get(f"{{{PDFA_SCHEMA}}}prefix") or holder.findtext(
            f"{{{PDFA_SCHEMA}}}prefix"
        )
        for prop in holder.iter():
            name = prop.get(f"{{{PDFA_PROPERTY}}}name") or prop.findtext(f"{{{PDFA_PROPERTY}}}name")
            if name and prop is not holder:
                value_type = prop.get(f"{{{PDFA_PROPERTY}}}valueType")
                category = prop.get(f"{{{PDFA_PROPERTY}}}category")
                found[(namespace, name)] = (value_type, category, prefix)
    return found


def test_the_filed_acta_passes_qpdf_and_pdfsig(filed: Path) -> None:
    check = subprocess.run([require("qpdf"), "--check", str(filed / "acta.pdf")],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout
    sig = subprocess.run([require("pdfsig"), str(filed / "acta.pdf")],
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert "Signature Validation: Signature is Valid." in sig.stdout


def test_page_one_looks_the_same_with_and_without_eni(filed: Path, tmp_path: Path) -> None:
    plain = invoke("build", SAMPLE, "--out", tmp_path / "plain", "--quiet")
    assert plain.exit_code == 0, plain.stderr
    pages = []
    for pdf in (filed / "acta.pdf", tmp_path / "plain" / SESSION_ID / "acta.pdf"):
        prefix = tmp_path / pdf.parent.parent.name
        subprocess.run([require("pdftoppm"), "-f", "1", "-l", "1", "-r", "60", "-png", str(pdf),
                        str(prefix)], check=True)  # fmt: skip
        pages.append(next(tmp_path.glob(f"{prefix.name}*.png")).read_bytes())
    assert pages[0] == pages[1]


def test_build_eni_verifies_then_valid_once_countersigned_and_filed_again(
    filed: Path, pki: Pki, tmp_path: Path
) -> None:
    package = tmp_path / SESSION_ID
    shutil.copytree(filed, package)
    trust = ["--trust", str(pki.root)]
    first = invoke("verify", package, *trust, "--json")
    assert '"verdict": "incomplete"' in first.stdout  # the chair's field only
    assert "tampered" not in first.stdout
    env = {"PASS": PASSPHRASE}
    chair = invoke("sign", package, "--as", "chair", *signer(pki, "chair"), env=env)
    assert chair.exit_code == 0, chair.stderr
    between = invoke("verify", package, *trust)
    assert "files acta.pdf as it was before a later signature" in between.stdout
    again = invoke("eni", package, *signer(pki, "secretary"), env=env)
    assert again.exit_code == 0, again.stderr
    last = invoke("verify", package, *trust)
    assert last.exit_code == 0, last.stdout
    assert last.stdout.splitlines()[-1].startswith("VALID")


def test_a_changed_data_file_document_is_tampering(filed: Path, pki: Pki, tmp_path: Path) -> None:
    package = tmp_path / SESSION_ID
    shutil.copytree(filed, package)
    path = package / "eni" / "votes.csv.eni.xml"
    text = path.read_text(encoding="utf-8")
    held = re.search(r"<enifile:ValorBinario>([^<]*)<", text)
    assert held is not None
    changed = base64.b64decode(held.group(1)).replace(b"yes", b"no", 1)
    path.write_text(text.replace(held.group(1), base64.b64encode(changed).decode()), "utf-8")
    result = invoke("verify", package, "--trust", pki.root)
    assert "TAMPERED: eni/votes.csv.eni.xml: does not hold votes.csv" in result.stdout
    assert result.exit_code == ExitCode.TAMPERED


def test_another_identifier_or_a_stray_document_is_tampering(
    filed: Path, pki: Pki, tmp_path: Path
) -> None:
    package = tmp_path / SESSION_ID
    shutil.copytree(filed, package)
    path = package / "eni" / "chapters.vtt.eni.xml"
    path.write_text(path.read_text("utf-8").replace("ES_L01089990_2026_", "ES_L01089990_2025_"))
    (package / "eni" / "extra.eni.xml").write_text("<x/>", "utf-8")
    result = invoke("verify", package, "--trust", pki.root)
    assert "TAMPERED: eni/chapters.vtt.eni.xml: names ES_L01089990_2025_" in result.stdout
    assert "TAMPERED: eni/extra.eni.xml: is not a document of the expediente" in result.stdout


def test_eni_without_a_signer_is_a_usage_error(session: Path, tmp_path: Path) -> None:
    result = invoke("build", session, "--out", tmp_path, "--eni")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: --eni needs a signer: --pkcs12 FILE, or --pkcs11-module"
    )
    assert not list(tmp_path.iterdir())


def test_eni_without_an_eni_table_is_refused_before_building(pki: Pki, tmp_path: Path) -> None:
    result = invoke("build", SAMPLE, "--out", tmp_path / "out", "--eni",
                    *signer(pki, "secretary"), env={"PASS": PASSPHRASE})  # fmt: skip
    assert result.stderr == (
        "Error: session.toml: build --eni needs [eni] (organ, classification)\n"
    )
    assert result.exit_code == ExitCode.INPUT
    assert not (tmp_path / "out").exists()
