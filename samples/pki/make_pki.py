"""Make the SAMPLE PKI: a root CA, secretary and chair signers, a time-stamping unit and a CRL.

Everything here is a sample for trying videoacta out: no one should trust it. The names, the
validity dates and the serial numbers are fixed, so a rerun differs only in the keys (RSA keys
cannot be derived from a seed with `cryptography`). The tests import the functions below to
make their own PKI with other dates.

    python samples/pki/make_pki.py            # rewrites the files beside this script
"""

import datetime as dt
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HERE = Path(__file__).resolve().parent
PASSPHRASE = "videoacta-sample"
NOT_BEFORE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2074, 12, 31, tzinfo=dt.UTC)
CRL_URL = "http://pki.sample.invalid/SAMPLE-root-ca.crl"
# QCStatements (RFC 3739, ETSI EN 319 412-5) of a qualified certificate for electronic
# signatures with its key in a QSCD: QcCompliance, QcSSCD, QcType esign. DER, as written.
QC_STATEMENTS_OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
QC_STATEMENTS_ESIGN_QSCD = bytes.fromhex(
    "3029"
    "3008060604008e460101"  # QcCompliance 0.4.0.1862.1.1
    "3008060604008e460104"  # QcSSCD 0.4.0.1862.1.4
    "3013060604008e460106"
    "3009060704008e46010601"  # QcType 0.4.0.1862.1.6: esign
)


class Issued:
    """A key and its certificate."""

    def __init__(self, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> None:
        self.key = key
        self.cert = cert


def new_key() -> rsa.RSAPrivateKey:
    """An RSA key: ECDSA would push the signed PDF to 2.0 and out of PDF/A-3."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Person:
    """Who a signer's certificate names besides its common name, as Spanish qualified
    certificates do: given name, surname, and the identity number in serialNumber."""

    def __init__(self, given_name: str, surname: str, serial_number: str | None = None) -> None:
        self.given_name = given_name
        self.surname = surname
        self.serial_number = serial_number

    def attributes(self) -> list[x509.NameAttribute]:
        found = [
            x509.NameAttribute(NameOID.SURNAME, self.surname),
            x509.NameAttribute(NameOID.GIVEN_NAME, self.given_name),
        ]
        if self.serial_number is not None:
            found.insert(0, x509.NameAttribute(NameOID.SERIAL_NUMBER, self.serial_number))
        return found


def name(
    common_name: str, *, organization: str = "SAMPLE videoacta PKI", person: Person | None = None
) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            *(person.attributes() if person else []),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name, key: rsa.RSAPrivateKey, serial: int, validity: tuple[dt.datetime, ...]
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(validity[0])
        .not_valid_after(validity[1])
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )


def issue_root(
    common_name: str = "SAMPLE videoacta Root CA",
    *,
    serial: int = 1,
    validity: tuple[dt.datetime, dt.datetime] = (NOT_BEFORE, NOT_AFTER),
) -> Issued:
    """A self-signed root CA certificate."""
    key = new_key()
    subject = name(common_name)
    cert = (
        _builder(subject, key, serial, validity)
        .issuer_name(subject)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def issue_leaf(
    issuer: Issued,
    common_name: str,
    *,
    serial: int,
    validity: tuple[dt.datetime, dt.datetime] = (NOT_BEFORE, NOT_AFTER),
    time_stamping: bool = False,
    crl_url: str | None = CRL_URL,
    person: Person | None = None,
    qualified: bool = False,
) -> Issued:
    """A signer's certificate (non-repudiation) or, with `time_stamping`, a TSA's; `person`
    adds given name, surname and serialNumber to the subject; `qualified`, the QCStatements of
    a qualified certificate for electronic signatures with its key in a QSCD."""
    key = new_key()
    builder = (
        _builder(name(common_name, person=person), key, serial, validity)
        .issuer_name(issuer.cert.subject)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(non_repudiation=not time_stamping), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    if time_stamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    if qualified:
        statements = x509.UnrecognizedExtension(QC_STATEMENTS_OID, QC_STATEMENTS_ESIGN_QSCD)
        builder = builder.add_extension(statements, critical=False)
    if crl_url is not None:
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return Issued(key, builder.sign(issuer.key, hashes.SHA256()))


def _key_usage(*, cert_sign: bool = False, non_repudiation: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def make_crl(
    issuer: Issued,
    *,
    revoked: tuple[x509.Certificate, ...] = (),
    validity: tuple[dt.datetime, dt.datetime] = (NOT_BEFORE, NOT_AFTER),
) -> x509.CertificateRevocationList:
    """A CRL of `issuer` listing `revoked`; its next update is the end of `validity`."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(validity[0])
        .next_update(validity[1])
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    for cert in revoked:
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(cert.serial_number)
            .revocation_date(validity[0])
            .build()
        )
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(issuer.key, hashes.SHA256())


def pkcs12_bytes(issued: Issued, issuer: Issued, *, label: str, passphrase: str) -> bytes:
    """A PKCS#12 file with the key, its certificate and the issuer's, AES-encrypted."""
    return pkcs12.serialize_key_and_certificates(
        label.encode(),
        issued.key,
        issued.cert,
        [issuer.cert],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def main(folder: Path = HERE) -> None:
    root = issue_root()
    # The names of the sample session's secretary and chair (the mayor, member m01), so that
    # videoacta matches the certificates to them (given name + surname).
    secretary = issue_leaf(
        root, "SAMPLE Montserrat Puigdollers i Ferrer", serial=2,
        person=Person("Montserrat", "Puigdollers i Ferrer"),
    )  # fmt: skip
    chair = issue_leaf(
        root, "SAMPLE Núria Soler i Bosch", serial=3, person=Person("Núria", "Soler i Bosch")
    )
    tsa = issue_leaf(root, "SAMPLE videoacta Time-Stamping Unit", serial=4, time_stamping=True)
    files = {
        "SAMPLE-root-ca.pem": pem(root.cert),
        "SAMPLE-root-ca.crl": make_crl(root).public_bytes(serialization.Encoding.DER),
        "SAMPLE-secretary.pem": pem(secretary.cert),
        "SAMPLE-secretary.p12": pkcs12_bytes(
            secretary, root, label="SAMPLE secretary", passphrase=PASSPHRASE
        ),
        "SAMPLE-chair.pem": pem(chair.cert),
        "SAMPLE-chair.p12": pkcs12_bytes(chair, root, label="SAMPLE chair", passphrase=PASSPHRASE),
        "SAMPLE-tsa.pem": pem(tsa.cert),
        "SAMPLE-tsa.key.pem": key_pem(tsa.key),
    }
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
