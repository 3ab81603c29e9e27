"""The ENI namespaces and values (NTI de Documento y de Expediente electrónico, XSD v1.0), and
the AGE signature policy v1.9 the index's XAdES signature claims (shared/schemas/eni/FACTS.md)."""

from lxml import etree

from videoacta.core.eni import XMP_NAMESPACE, XMP_PREFIX

ENI = "http://administracionelectronica.gob.es/ENI/XSD/v1.0"
DOCUMENT_NS = {
    "enidoc": f"{ENI}/documento-e",
    "enifile": f"{ENI}/documento-e/contenido",
    "enidocmeta": f"{ENI}/documento-e/metadatos",  # + "#": the XMP's (core/eni.py)
    "enids": f"{ENI}/firma",
}
EXPEDIENTE_NS = {
    "eniexp": f"{ENI}/expediente-e",
    "eniexpind": f"{ENI}/expediente-e/indice-e",
    "eniconexpind": f"{ENI}/expediente-e/indice-e/contenido",
    "eniexpmeta": f"{ENI}/expediente-e/metadatos",
    "enids": f"{ENI}/firma",
}
DS = "http://www.w3.org/2000/09/xmldsig#"
ENI_XMP_NS = XMP_NAMESPACE  # the acta's XMP (videoacta/document/eni_xmp.py)
ENI_XMP_PREFIX = XMP_PREFIX
CONTENT_ID = "CONTENIDO_DOCUMENTO"  # the content's Id a PAdES (TF06) firma references, as InSide
ACTA = "TD10"  # TipoDocumental: Acta
OTHER = "TD99"  # TipoDocumental: Otros (the recording and the data files)
ORIGINAL = "EE01"  # EstadoElaboracion: Original
PADES = "TF06"
XADES_ENVELOPED = "TF03"
CLOSED = "E02"  # the expediente's Estado: Cerrado
SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"
# AGE policy v1.9: OID (as XAdES writes it), SHA-1 hash of the policy document, its URL.
AGE_POLICY_OID = "urn:oid:2.16.724.1.3.1.1.2.1.9"
AGE_POLICY_SHA1 = "G7roucf600+f03r/o0bAOQ6WAs0="
AGE_POLICY_URL = "https://sede.administracion.gob.es/politica_de_firma_anexo_1.pdf"
AGE_POLICY_NAME = "Política de firma electrónica y de certificados de la AGE v1.9"


def element(
    parent: etree._Element, namespace: str, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    """A child element of `parent` in `namespace`, with its text and attributes."""
    child = etree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
    if text is not None:
        child.text = text
    return child


def xml_bytes(root: etree._Element) -> bytes:
    """The document's bytes: UTF-8 with its declaration."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
