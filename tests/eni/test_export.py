"""acta.eni.xml and expediente.eni.xml of a signed package: valid, signed, verified."""

from __future__ import annotations

import base64
from pathlib import Path

from lxml import etree

from tests.eni.conftest import VALIDATE, validate
from tests.packages import FILES

NS = {
    "enidoc": "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e",
    "enifile": "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e/contenido",
    "enidocmeta": "http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e/metadatos",
    "enids": "http://administracionelectronica.gob.es/ENI/XSD/v1.0/firma",
    "eniexpmeta": "http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e/metadatos",
    "ic": "http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e/indice-e/contenido",
}


def test_both_files_are_valid_against_the_xsds_and_strict_profile(exported: Path) -> None:
    assert VALIDATE.is_file()
    result = validate(exported / "acta.eni.xml", exported / "expediente.eni.xml")
    assert result.returncode == 0, result.stdout
    assert "acta.eni.xml: VALID against DocumentoEni.xsd" in result.stdout
    assert "expediente.eni.xml: VALID against ExpedienteEni.xsd" in result.stdout


def test_the_document_holds_the_signed_acta_and_its_metadata(exported: Path) -> None:
    root = etree.parse(str(exported / "acta.eni.xml")).getroot()
    value = root.findtext("enifile:contenido/enifile:ValorBinario", namespaces=NS)
    assert base64.b64decode(value) == (exported / "acta.pdf").read_bytes()
    assert root.findtext("enifile:contenido/enifile:NombreFormato", namespaces=NS) == "PDF"
    meta = root.find("enidocmeta:metadatos", NS)
    identifier = meta.findtext("enidocmeta:Identificador", namespaces=NS)
    captured = meta.findtext("enidocmeta:FechaCaptura", namespaces=NS)
    assert identifier.startswith(f"ES_L01089990_{captured[:4]}_2026102")
    assert len(identifier.split("_")[3]) == 30
    assert meta.findtext("enidocmeta:Organo", namespaces=NS) == "L01089990"
    assert meta.findtext("enidocmeta:OrigenCiudadanoAdministracion", namespaces=NS) == "true"
    assert meta.findtext("enidocmeta:EstadoElaboracion/enidocmeta:ValorEstadoElaboracion",
                         namespaces=NS) == "EE01"  # fmt: skip
    assert meta.findtext("enidocmeta:TipoDocumental", namespaces=NS) == "TD10"
    firmas = root.findall("enids:firmas/enids:firma", NS)
    assert [f.get("Id") for f in firmas] == ["FIRMA_0", "FIRMA_1"]  # secretary, chair
    assert {f.findtext("enids:TipoFirma", namespaces=NS) for f in firmas} == {"TF06"}


def test_the_index_lists_the_documents_in_order_with_their_sha512(exported: Path) -> None:
    import hashlib

    root = etree.parse(str(exported / "expediente.eni.xml")).getroot()
    documents = root.findall(".//ic:DocumentoIndizado", NS)
    names = ["acta.pdf", "recording.mp4", "index.json", "votes.popolo.json", "votes.csv",
             "chapters.vtt"]  # fmt: skip
    assert [d.findtext("ic:OrdenDocumentoExpediente", namespaces=NS) for d in documents] == [
        "1", "2", "3", "4", "5", "6",
    ]  # fmt: skip
    digests = [d.findtext("ic:ValorHuella", namespaces=NS) for d in documents]
    data = {**FILES, "acta.pdf": (exported / "acta.pdf").read_bytes()}
    assert digests == [hashlib.sha512(data[name]).hexdigest() for name in names]
    meta = root.find("eniexpmeta:metadatosExp", NS)
    assert meta.findtext("eniexpmeta:Clasificacion", namespaces=NS) == "2012345"
    assert meta.findtext("eniexpmeta:Identificador", namespaces=NS).startswith(
        "ES_L01089990_2026_EXP_2026102"
    )


def test_the_index_signature_verifies_with_the_age_policy_and_role(exported: Path) -> None:
    from videoacta.eni.xades import verify_index

    content, cert, role = verify_index((exported / "expediente.eni.xml").read_bytes())
    assert content.tag.endswith("}IndiceContenido")
    assert "Puig i Ferrer" in cert.subject.rfc4514_string()
    assert role == "Secretario/a"
    text = base64.b64decode(
        etree.parse(str(exported / "expediente.eni.xml")).getroot()
        .findtext(".//enids:FirmaBase64", namespaces=NS)
    ).decode()  # fmt: skip
    assert "urn:oid:2.16.724.1.3.1.1.2.1.9" in text
    assert "G7roucf600+f03r/o0bAOQ6WAs0=" in text
    assert "https://sede.administracion.gob.es/politica_de_firma_anexo_1.pdf" in text


def test_a_changed_digest_in_the_index_is_refused(exported: Path) -> None:
    import pytest

    from videoacta.eni.xades import IndexSignatureError, verify_index

    data = (exported / "expediente.eni.xml").read_bytes()
    tampered = data.replace(b"<eniconexpind:ValorHuella>", b"<eniconexpind:ValorHuella>0", 1)
    assert tampered != data
    with pytest.raises(IndexSignatureError, match="does not verify"):
        verify_index(tampered)
