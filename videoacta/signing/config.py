"""Signer settings given as flat values (the CLI's signer options, a run spec's `[signer]`).

The keys are those of `videoacta sign`'s options: pkcs12, pkcs11_module, token_label, key_label,
cert_label, passphrase_env, passphrase_file, tsa_url, tsa_user, tsa_password_env,
tsa_password_file, tsa_header, level, trust, certs, crl, lang, location, substitute, policy,
policy_oid, policy_hash, policy_url. Missing keys take their defaults (none; `lang` ca).
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from videoacta.core.identity import Role, check_substitute
from videoacta.core.terms import Language
from videoacta.core.text import check_line
from videoacta.credentials import NOT_AN_ENV_NAME, SecretSource, is_env_name
from videoacta.errors import ExitCode, TextRefused, VideoactaError
from videoacta.signing.attributes import POLICIES, SignaturePolicy, parse_policy_hash
from videoacta.signing.pdf_signing import Level, SignOptions
from videoacta.signing.signers import Pkcs11Signer, Pkcs12Signer, SignerSpec, TimeStampServer
from videoacta.signing.trust import TrustSettings

SCALARS = (
    "pkcs12", "pkcs11_module", "token_label", "key_label", "cert_label", "passphrase_env",
    "passphrase_file", "tsa_url", "tsa_user", "tsa_password_env", "tsa_password_file", "level",
    "location", "substitute", "policy", "policy_oid", "policy_hash", "policy_url",
)  # fmt: skip
DEFAULTS: dict[str, Any] = {
    **dict.fromkeys(SCALARS),
    **dict.fromkeys(("tsa_header", "trust", "certs", "crl"), ()),
    "lang": "ca",
}
LOCATION_MAX = 200  # as a substitute's reason: both go into the signature and its stamp


class ConfigError(VideoactaError):
    """Signer settings that contradict each other or lack a value; `str()` is the sentence.
    The CLI shows it as a usage error."""

    exit_code = ExitCode.USAGE


def _secret(option: str, env: str | None, file: Path | None, question: str) -> SecretSource:
    if env and file:
        raise ConfigError("give a secret either from an environment variable or a file")
    if env:
        if not is_env_name(env):
            raise ConfigError(f"{option}: {NOT_AN_ENV_NAME}")
        return SecretSource.env(env)
    return SecretSource.file(file) if file else SecretSource.prompt(question)


def _signer(values: Mapping[str, Any]) -> SignerSpec | None:
    if values["pkcs12"] and values["pkcs11_module"]:
        raise ConfigError("give --pkcs12 or --pkcs11-module, not both")
    secret = _secret(
        "--passphrase-env", values["passphrase_env"], values["passphrase_file"],
        "Passphrase or PIN: ",
    )  # fmt: skip
    if values["pkcs12"]:
        return Pkcs12Signer(path=values["pkcs12"], passphrase=secret)
    if not values["pkcs11_module"]:
        return None
    if not (values["token_label"] and values["key_label"]):
        raise ConfigError("--pkcs11-module needs --token-label and --key-label")
    return Pkcs11Signer(
        module=values["pkcs11_module"], token_label=values["token_label"],
        key_label=values["key_label"], cert_label=values["cert_label"], pin=secret,
        chain=values["certs"],
    )  # fmt: skip


def _tsa(values: Mapping[str, Any]) -> TimeStampServer | None:
    """The time-stamp server; its options are refused without --tsa, its password without
    --tsa-user, rather than ignored (a password variable ignored would not be withheld)."""
    if (values["tsa_password_env"] or values["tsa_password_file"]) and not values["tsa_user"]:
        raise ConfigError("--tsa-password-env and --tsa-password-file need --tsa-user")
    if not values["tsa_url"]:
        if values["tsa_user"] or values["tsa_header"]:
            raise ConfigError("--tsa-user and --tsa-header need --tsa URL")
        return None
    password = None
    if values["tsa_user"]:
        question = "Password of the time-stamp server: "
        password = _secret(
            "--tsa-password-env", values["tsa_password_env"], values["tsa_password_file"],
            question,
        )  # fmt: skip
    return TimeStampServer(
        url=_check_tsa_url(values["tsa_url"]), username=values["tsa_user"], password=password,
        headers=_headers(values["tsa_header"]),
    )  # fmt: skip


def _headers(given: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """`Name: value` pairs; an error names the header, never its value (it may be a token)."""
    headers = []
    for n, header in enumerate(given, start=1):
        name, colon, value = header.partition(":")
        if not colon:
            raise ConfigError(
                f"--tsa-header number {n}: expected 'Name: value' (the text is not shown, "
                "in case it holds a token)"
            )
        headers.append((name.strip(), value.strip()))
    return tuple(headers)


def _check_tsa_url(url: str) -> str:
    """The URL, refused (and never shown) if it holds a user name or password: those go in
    --tsa-user and --tsa-password-env (or -file), so that no message ever shows them."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed [ of an IPv6 address
        raise ConfigError("--tsa: not a URL (the text is not shown)") from None
    if parts.username is not None or parts.password is not None:
        raise ConfigError(
            "--tsa: a user name or password in the URL is not allowed (the URL is not shown); "
            "give them with --tsa-user and --tsa-password-env or --tsa-password-file"
        )
    return url


def sign_options(role: str, values: Mapping[str, Any]) -> SignOptions | None:
    """SignOptions from the signer options (keys as the CLI's), or None without a signer."""
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        raise ConfigError(f"unknown signer settings: {', '.join(sorted(unknown))}")
    values = {**DEFAULTS, **values}
    signer, tsa = _signer(values), _tsa(values)
    if signer is None:
        return None
    trust = TrustSettings(roots=values["trust"], certs=values["certs"], crls=values["crl"])
    level, language = _vocabulary(values)
    substitute, location = _texts(values)
    return SignOptions(
        role=Role(role), signer=signer, tsa=tsa, level=level, trust=trust,
        language=language, location=location, substitute=substitute, policy=_policy(values),
    )  # fmt: skip


def _vocabulary(values: Mapping[str, Any]) -> tuple[Level | None, Language]:
    """The signature level and the stamp's language, each a value of its vocabulary."""
    try:
        level = Level(values["level"].upper()) if values["level"] else None
        return level, Language(values["lang"])
    except ValueError as error:  # the enum's own refusal: "'x' is not a valid Level"
        raise ConfigError(str(error)) from None


def _texts(values: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The substitute's reason and the location, each checked by the text rules."""
    substitute, location = values["substitute"], values["location"]
    try:
        substitute = None if substitute is None else check_substitute(substitute)
        location = None if location is None else check_line("location", location, LOCATION_MAX)
    except TextRefused as error:
        raise ConfigError(str(error)) from None
    return substitute, location


def _policy(values: Mapping[str, Any]) -> SignaturePolicy | None:
    """The signature policy: a named one (`age`), or one given by OID and hash (and URL)."""
    named, oid, digest, url = (
        values[k] for k in ("policy", "policy_oid", "policy_hash", "policy_url")
    )
    if named is not None:
        if oid or digest or url:
            raise ConfigError("give --policy NAME or --policy-oid with --policy-hash, not both")
        if named.lower() not in POLICIES:
            raise ConfigError(f"--policy: {named!r} is not one of: {', '.join(POLICIES)}")
        return POLICIES[named.lower()]
    if not oid:
        if digest or url:
            raise ConfigError("--policy-hash and --policy-url need --policy-oid")
        return None
    if not digest:
        raise ConfigError("--policy-oid needs --policy-hash ALGORITHM:HEX")
    return _custom_policy(oid, digest, url)


def _custom_policy(oid: str, digest: str, url: str | None) -> SignaturePolicy:
    try:
        algorithm, hex_digest = parse_policy_hash(digest)
        url = None if url is None else check_line("--policy-url", url, LOCATION_MAX)
        return SignaturePolicy(oid=oid, hash_algorithm=algorithm, digest=hex_digest, url=url)
    except TextRefused as error:
        raise ConfigError(str(error)) from None
    except ValidationError:
        raise ConfigError("--policy-oid: not an OID (digits joined by dots: 1.2.3.4)") from None
    except ValueError as error:
        raise ConfigError(str(error)) from None
