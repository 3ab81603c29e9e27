"""Trusted lists (ETSI TS 119 612) the tests make and sign themselves: a national list granting
the test root as a CA/QC service for electronic signatures (QSCD per the certificates) and the
test time-stamping unit as TSA/QTST, and a list of the lists pointing to it; each signed XAdES
enveloped (signxml) by the tests' own scheme operator key (cryptography)."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree

TSL = "http://uri.etsi.org/02231/v2#"
TSLX = "http://uri.etsi.org/02231/v2/additionaltypes#"
ECC = "http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#"
URI = "http://uri.etsi.org/TrstSvc"
GRANTED = f"{URI}/TrustedList/Svcstatus/granted"
WITHDRAWN = f"{URI}/TrustedList/Svcstatus/withdrawn"
CA_QC = f"{URI}/Svctype/CA/QC"
QTST = f"{URI}/Svctype/TSA/QTST"
SINCE = dt.datetime(2016, 7, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Operator:
    """A scheme operator: its key and self-signed certificate."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @classmethod
    def make(cls, name: str = "TEST Trusted List Scheme Operator") -> Operator:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
                             x509.NameAttribute(NameOID.COMMON_NAME, name)])  # fmt: skip
        cert = (
            x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
            .not_valid_after(dt.datetime(2060, 1, 1, tzinfo=dt.UTC))
            .sign(key, hashes.SHA256())
        )  # fmt: skip
        return cls(key, cert)

    def pem(self, folder: Path) -> Path:
        path = folder / f"tlso-{self.cert.serial_number % 10**6}.pem"
        path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        return path


@dataclass(frozen=True)
class Service:
    """One service of the list: its type, certificate, status and since when."""

    kind: str
    cert_pem: bytes
    status: str = GRANTED
    since: dt.datetime = SINCE
    esign: bool = True  # AdditionalServiceInformation ForeSignatures (CA/QC)


def _el(parent: etree._Element, tag: str, text: str | None = None, ns: str = TSL,
        **attrs: str) -> etree._Element:  # fmt: skip
    node = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    node.text = text
    return node


def _name(parent: etree._Element, tag: str, text: str) -> None:
    _el(_el(parent, tag), "Name", text, **{"{http://www.w3.org/XML/1998/namespace}lang": "en"})


def _der64(cert_pem: bytes) -> str:
    cert = x509.load_pem_x509_certificate(cert_pem)
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def _scheme(root: etree._Element, *, lotl: bool, territory: str, next_update: dt.datetime,
            pointers: list[tuple[str, Operator]]) -> None:  # fmt: skip
    info = _el(root, "SchemeInformation")
    _el(info, "TSLVersionIdentifier", "5")
    _el(info, "TSLSequenceNumber", "7")
    kind = "EUlistofthelists" if lotl else "EUgeneric"
    _el(info, "TSLType", f"{URI}/TrustedList/TSLType/{kind}")
    _name(info, "SchemeOperatorName", "TEST scheme operator")
    _el(_el(info, "SchemeInformationURI"), "URI", "https://tl.example.invalid/about",
        **{"{http://www.w3.org/XML/1998/namespace}lang": "en"})  # fmt: skip
    _el(info, "SchemeTerritory", territory)
    if pointers:
        listed = _el(info, "PointersToOtherTSL")
        for where, operator in pointers:
            pointer = _el(listed, "OtherTSLPointer")
            ids = _el(_el(pointer, "ServiceDigitalIdentities"), "ServiceDigitalIdentity")
            pem = operator.cert.public_bytes(serialization.Encoding.PEM)
            _el(_el(ids, "DigitalId"), "X509Certificate", _der64(pem))
            _el(pointer, "TSLLocation", f"https://tl.example.invalid/{where}.xml")
            more = _el(pointer, "AdditionalInformation")
            _el(_el(more, "OtherInformation"), "SchemeTerritory", where)
            _el(_el(more, "OtherInformation"), "MimeType", "application/vnd.etsi.tsl+xml", ns=TSLX)
    _el(info, "ListIssueDateTime", "2026-01-01T00:00:00Z")
    _el(_el(info, "NextUpdate"), "dateTime", next_update.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _service(services: etree._Element, service: Service) -> None:
    info = _el(_el(services, "TSPService"), "ServiceInformation")
    _el(info, "ServiceTypeIdentifier", service.kind)
    _name(info, "ServiceName", f"TEST {service.kind.rsplit('/', 2)[-2:][0]} service")
    _el(_el(_el(info, "ServiceDigitalIdentity"), "DigitalId"), "X509Certificate",
        _der64(service.cert_pem))  # fmt: skip
    _el(info, "ServiceStatus", service.status)
    _el(info, "StatusStartingTime", service.since.strftime("%Y-%m-%dT%H:%M:%SZ"))
    if service.kind == CA_QC and service.esign:
        extension = _el(_el(info, "ServiceInformationExtensions"), "Extension", Critical="true")
        asi = _el(extension, "AdditionalServiceInformation")
        _el(asi, "URI", f"{URI}/TrustedList/SvcInfoExt/ForeSignatures",
            **{"{http://www.w3.org/XML/1998/namespace}lang": "en"})  # fmt: skip


def trusted_list(
    services: list[Service], *, territory: str = "ES", lotl: bool = False,
    next_update: dt.datetime = dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
    pointers: list[tuple[str, Operator]] | None = None,
) -> etree._Element:  # fmt: skip
    """The list, unsigned."""
    root = etree.Element(f"{{{TSL}}}TrustServiceStatusList", nsmap={"tsl": TSL}, Id="TL")
    root.set("TSLTag", "http://uri.etsi.org/19612/TSLTag")
    _scheme(root, lotl=lotl, territory=territory, next_update=next_update,
            pointers=pointers or [])  # fmt: skip
    providers = _el(root, "TrustServiceProviderList")
    if services:
        provider = _el(providers, "TrustServiceProvider")
        _name(_el(provider, "TSPInformation"), "TSPName", "TEST trust service provider")
        tsp_services = _el(provider, "TSPServices")
        for service in services:
            _service(tsp_services, service)
    return root


def signed(root: etree._Element, operator: Operator) -> bytes:
    """The list signed XAdES enveloped, as TS 119 612 requires, by `operator`."""
    from signxml.xades.xades import XAdESSigner

    key = operator.key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())  # fmt: skip
    cert = operator.cert.public_bytes(serialization.Encoding.PEM)
    signer = XAdESSigner()
    result = signer.sign(root, key=key, cert=[cert.decode()])
    return bytes(etree.tostring(result, xml_declaration=True, encoding="UTF-8"))
