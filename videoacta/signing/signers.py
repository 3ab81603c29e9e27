"""Signers (a PKCS#12 file or a PKCS#11 token) and time-stamp servers, opened with pyHanko.

Every failure becomes a one-line `SigningError`; the passphrase or PIN is read from its
`SecretSource` only when the signer is opened, and goes nowhere but to pyHanko.
"""

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from asn1crypto import pkcs12 as asn1_pkcs12
from pyhanko.sign import signers, timestamps

from videoacta.core.terms import Frozen
from videoacta.credentials import Prompt, SecretSource, read_secret
from videoacta.errors import SigningError
from videoacta.signing.trust import load_certificates


class Pkcs12Signer(Frozen):
    """A software certificate: a PKCS#12 (.p12/.pfx) file and where its passphrase comes from."""

    path: Path
    passphrase: SecretSource = SecretSource.prompt("Passphrase of the PKCS#12 file: ")


class Pkcs11Signer(Frozen):
    """A key on a smart card or HSM: the PKCS#11 module, the token, the key and certificate."""

    module: Path
    token_label: str
    key_label: str
    cert_label: str | None = None
    pin: SecretSource = SecretSource.prompt("PIN of the token: ")
    chain: tuple[Path, ...] = ()


SignerSpec = Pkcs12Signer | Pkcs11Signer


class TimeStampServer(Frozen):
    """An RFC 3161 time-stamp server: its URL, optional basic auth and extra headers."""

    url: str
    username: str | None = None
    password: SecretSource | None = None
    headers: tuple[tuple[str, str], ...] = ()
    timeout: float = 30.0


@contextmanager
def open_signer(spec: SignerSpec, *, prompt: Prompt | None = None) -> Iterator[signers.Signer]:
    """Open the signer; a PKCS#11 session stays open until the block ends."""
    if isinstance(spec, Pkcs12Signer):
        yield load_pkcs12(spec, prompt=prompt)
        return
    with pkcs11_signer(spec, prompt=prompt) as signer:
        yield signer


def _secret(source: SecretSource, prompt: Prompt | None) -> str:
    return read_secret(source) if prompt is None else read_secret(source, prompt=prompt)


def load_pkcs12(spec: Pkcs12Signer, *, prompt: Prompt | None = None) -> signers.SimpleSigner:
    """The key and certificates of a PKCS#12 file, decrypted with its passphrase."""
    try:
        data = spec.path.read_bytes()
    except OSError as error:
        raise SigningError(f"{spec.path}: cannot read: {error.strerror}") from None
    if not _is_pkcs12(data):
        raise SigningError(f"{spec.path}: not a PKCS#12 (.p12/.pfx) file")
    passphrase = _secret(spec.passphrase, prompt).encode("utf-8")
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=passphrase or None)
    except (ValueError, TypeError):
        raise SigningError(
            f"{spec.path}: wrong passphrase (read from {spec.passphrase.describe()})"
        ) from None
    if signer.signing_cert is None:  # pragma: no cover - cryptography refuses such files first
        raise SigningError(f"{spec.path}: holds no certificate")
    return signer  # type: ignore[no-any-return]


def _is_pkcs12(data: bytes) -> bool:
    try:
        asn1_pkcs12.Pfx.load(data).native  # noqa: B018  (parse now, not lazily)
    except ValueError:
        return False
    return True


@contextmanager
def pkcs11_signer(spec: Pkcs11Signer, *, prompt: Prompt | None = None) -> Iterator[Any]:
    """A signer on a PKCS#11 token, logged in with its PIN; the session is closed afterwards."""
    from pkcs11 import PKCS11Error  # the extra may be missing: import only when a token is used
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    pin = _secret(spec.pin, prompt)
    where = f"PKCS#11 token '{spec.token_label}' ({spec.module})"
    try:
        session = pkcs11.open_pkcs11_session(
            str(spec.module), token_criteria=TokenCriteria(label=spec.token_label), user_pin=pin
        )
    except (PKCS11Error, OSError, RuntimeError) as error:
        raise SigningError(f"{where}: {_pkcs11_reason(error, spec.pin)}") from None
    try:
        signer = pkcs11.PKCS11Signer(
            session,
            cert_label=spec.cert_label or spec.key_label,
            key_label=spec.key_label,
            ca_chain=load_certificates(spec.chain),
        )
        yield signer
    finally:
        session.close()


def _pkcs11_reason(error: Exception, pin: SecretSource) -> str:
    name = type(error).__name__
    if name == "PinIncorrect":
        return f"wrong PIN (read from {pin.describe()})"
    if name == "PinLocked":
        return "the PIN is locked"
    if isinstance(error, OSError | RuntimeError):
        return f"cannot load the module: {error}"
    return str(error) or name


def timestamper(
    server: TimeStampServer, *, prompt: Prompt | None = None
) -> timestamps.HTTPTimeStamper:
    """A time-stamp client for `server` (basic auth if a username is given)."""
    headers = dict(server.headers)
    if server.username is not None:
        source = server.password or SecretSource.prompt("Password of the time-stamp server: ")
        pair = f"{server.username}:{_secret(source, prompt)}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    return timestamps.HTTPTimeStamper(server.url, timeout=server.timeout, headers=headers or None)
