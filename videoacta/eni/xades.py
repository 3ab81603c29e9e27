"""The index's signature: XAdES-EPES enveloped over IndiceContenido (signxml), claiming the AGE
policy v1.9, made with the secretary's signer (a PKCS#12 key or a PKCS#11 token, through
pyHanko), and its verification.

As InSide does (FACTS.md §2): the expediente without firmas is signed enveloped with a reference
to `#<IndiceContenido Id>`; the ds:Signature is then moved, base64, into the index's
`firma/ContenidoFirma/FirmaConCertificado/FirmaBase64` (TF03). To verify, it is put back as the
root's last child. The whitespace inside IndiceContenido is signed: the document is laid out
before signing and never re-indented after.
"""

import base64
from typing import Any, cast

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree
from signxml.algorithms import DigestAlgorithm, SignatureConstructionMethod, SignatureMethod
from signxml.exceptions import InvalidInput, InvalidSignature
from signxml.xades.xades import (
    XAdESDataObjectFormat,
    XAdESSignatureConfiguration,
    XAdESSignaturePolicy,
    XAdESSigner,
    XAdESVerifier,
)

from videoacta.eni.vocabulary import (
    AGE_POLICY_NAME,
    AGE_POLICY_OID,
    AGE_POLICY_SHA1,
    AGE_POLICY_URL,
    DS,
    EXPEDIENTE_NS,
    XADES_ENVELOPED,
    element,
)
from videoacta.errors import VideoactaError
from videoacta.signing.pyhanko_calls import sign_raw

XADES = "http://uri.etsi.org/01903/v1.3.2#"


def xades_tag(tag: str) -> str:
    """A tag of the XAdES 1.3.2 namespace, as signxml writes it."""
    return f"{{{XADES}}}{tag}"


AGE_POLICY = XAdESSignaturePolicy(
    Identifier=AGE_POLICY_OID,
    Description=AGE_POLICY_NAME,
    DigestMethod=DigestAlgorithm.SHA1,  # the policy document's hash, as the AGE publishes it
    DigestValue=AGE_POLICY_SHA1,
)
# signxml refuses SHA-1 by default; the policy's hash is SHA-1, the signature's own SHA-256.
ACCEPTED = XAdESSignatureConfiguration(
    signature_methods=frozenset({SignatureMethod.RSA_SHA256, SignatureMethod.ECDSA_SHA256}),
    digest_algorithms=frozenset({DigestAlgorithm.SHA256, DigestAlgorithm.SHA1}),
)

INDEX_FORMAT = XAdESDataObjectFormat(Description="Índice de expediente ENI", MimeType="text/xml")


class TokenKey:
    """A private key as signxml calls it (`sign(data, padding=…, algorithm=…)`), whose
    signature is made by a pyHanko signer: a PKCS#11 key never leaves its token."""

    def __init__(self, signer: Any, cert: x509.Certificate) -> None:
        self.signer = signer
        self.key_size = cert.public_key().key_size  # type: ignore[union-attr]

    def sign(self, data: bytes, *args: Any, **kwargs: Any) -> bytes:
        return sign_raw(self.signer, data, "sha256")


class EpesSigner(XAdESSigner):
    """signxml's XAdES signer, with what it leaves out of the AGE policy's identifier: the
    OIDAsURN qualifier and the policy's URL (SigPolicyQualifiers/SPURI)."""

    def add_signature_policy_identifier(
        self, properties: Any, sig_root: Any, signing_settings: Any
    ) -> None:
        super().add_signature_policy_identifier(properties, sig_root, signing_settings)
        policy = properties.find(
            f"{xades_tag('SignaturePolicyIdentifier')}/{xades_tag('SignaturePolicyId')}"
        )
        policy.find(f"{xades_tag('SigPolicyId')}/{xades_tag('Identifier')}").set(
            "Qualifier", "OIDAsURN"
        )
        qualifier = etree.SubElement(
            etree.SubElement(policy, xades_tag("SigPolicyQualifiers")),
            xades_tag("SigPolicyQualifier"),
        )
        etree.SubElement(qualifier, xades_tag("SPURI")).text = AGE_POLICY_URL


def sign_index(root: etree._Element, signer: Any, *, role: str) -> None:
    """Sign the expediente `root`'s IndiceContenido with `signer` (pyHanko's), claiming `role`;
    the signature goes into the index's firmas as FIRMA_0 (TF03)."""
    certs = _chain(signer)
    content = root.find(f".//{{{EXPEDIENTE_NS['eniexpind']}}}IndiceContenido")
    method = (
        SignatureMethod.ECDSA_SHA256
        if isinstance(certs[0].public_key(), ec.EllipticCurvePublicKey)
        else SignatureMethod.RSA_SHA256
    )
    xades = EpesSigner(
        method=SignatureConstructionMethod.enveloped, signature_algorithm=method,
        signature_policy=AGE_POLICY, claimed_roles=[role],
        data_object_format=INDEX_FORMAT,
    )  # fmt: skip
    reference = f"#{content.get('Id')}"
    key = cast(Any, TokenKey(signer, certs[0]))  # signxml's type names cryptography's keys
    signed = xades.sign(
        root, key=key, cert=certs, reference_uri=reference, always_add_key_value=False
    )
    signature = signed.find(f"{{{DS}}}Signature")
    signed.remove(signature)
    _firma(signed, reference, etree.tostring(signature, encoding="UTF-8"))
    root[:] = signed[:]


def _chain(signer: Any) -> list[x509.Certificate]:
    """The signer's certificate, then the others it holds (its chain)."""
    first: asn1_x509.Certificate = signer.signing_cert
    others = [cert for cert in signer.cert_registry if cert.dump() != first.dump()]
    return [x509.load_der_x509_certificate(cert.dump()) for cert in (first, *others)]


def _firma(root: etree._Element, reference: str, signature: bytes) -> None:
    ns = EXPEDIENTE_NS["enids"]
    index = root.find(f"{{{EXPEDIENTE_NS['eniexpind']}}}indice")
    firma = element(element(index, ns, "firmas"), ns, "firma", Id="FIRMA_0", ref=reference)
    element(firma, ns, "TipoFirma", XADES_ENVELOPED)
    signed = element(element(firma, ns, "ContenidoFirma"), ns, "FirmaConCertificado")
    element(signed, ns, "FirmaBase64", base64.b64encode(signature).decode("ascii"))


class IndexSignatureError(VideoactaError, ValueError):
    """The index's signature does not verify; `str()` says why, on one line."""


def signed_index(data: bytes) -> tuple[etree._Element, x509.Certificate]:
    """The expediente as it was signed (its ds:Signature back in place) and the signer's
    certificate from the signature's KeyInfo; IndexSignatureError if they cannot be read."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        firmas = root.find(
            f"{{{EXPEDIENTE_NS['eniexpind']}}}indice/{{{EXPEDIENTE_NS['enids']}}}firmas"
        )
        blob = firmas.find(f".//{{{EXPEDIENTE_NS['enids']}}}FirmaBase64").text
        signature = etree.fromstring(
            base64.b64decode(blob, validate=True),
            etree.XMLParser(resolve_entities=False, no_network=True),
        )
        cert_text = signature.find(f".//{{{DS}}}X509Certificate").text
        cert = x509.load_der_x509_certificate(base64.b64decode("".join(cert_text.split())))
    except (etree.XMLSyntaxError, AttributeError, TypeError, ValueError) as error:
        raise IndexSignatureError(f"the index's signature cannot be read: {error}") from None
    firmas.getparent().remove(firmas)
    root.append(signature)
    return root, cert


def verify_index(data: bytes) -> tuple[etree._Element, x509.Certificate, str | None]:
    """Verify the index's XAdES signature (the AGE policy required) against the certificate it
    names: the signed IndiceContenido, that certificate and the claimed role. The caller
    checks the certificate itself (its chain, its person)."""
    root, cert = signed_index(data)
    try:
        results = XAdESVerifier().verify(
            root, x509_cert=cert, expect_signature_policy=AGE_POLICY, expect_config=ACCEPTED
        )
    except (InvalidSignature, InvalidInput) as error:
        raise IndexSignatureError(f"the index's signature does not verify: {error}") from None
    properties = next(r.signed_properties for r in results if hasattr(r, "signed_properties"))
    if properties.find(f".//{xades_tag('SignaturePolicyIdentifier')}") is None:
        raise IndexSignatureError("the index's signature claims no signature policy")
    content = results[0].signed_xml
    if content is None or content.tag != f"{{{EXPEDIENTE_NS['eniexpind']}}}IndiceContenido":
        raise IndexSignatureError("the index's signature does not cover IndiceContenido")
    return content, cert, properties.findtext(f".//{xades_tag('ClaimedRole')}")
