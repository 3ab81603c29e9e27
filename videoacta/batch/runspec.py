"""The run spec of `videoacta batch`: a TOML file naming the inbox, the output, the signer.

Relative paths are taken from the spec file's folder. Secrets are given only by reference: the
passphrase or PIN comes from an environment variable or a file, never from the spec itself and
never from a prompt (nobody is there to answer it). The `[signer]` keys are those of the signer
options of `videoacta sign` (`--pkcs12` is `pkcs12`, `--tsa` is `tsa_url`), and it signs as the
secretary: the chair's visto bueno is given afterwards, by hand.
"""

import os
from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import Field, StrictBool, ValidationError, field_validator, model_validator

from videoacta import outputs
from videoacta.core.identity import Role
from videoacta.core.terms import Frozen, Language
from videoacta.core.transcript import LanguageCode
from videoacta.credentials import NOT_AN_ENV_NAME, is_env_name
from videoacta.document.csv_stamp import read_key
from videoacta.errors import InputError
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import describe
from videoacta.signing import config
from videoacta.signing.pdf_signing import Level, SignOptions
from videoacta.transcribe.model import check_model
from videoacta.transcribe.stage import MAX_THREADS, TranscribeOptions


class Ready(StrEnum):
    """How a session folder of the inbox says it is complete."""

    MARKER = "marker"  # it holds a READY file, written last by whoever fills the inbox
    CLOSED = "closed"  # votes.jsonl ends with session_closed and no input changed for `settle` s


MAX_RETRIES = 10
MAX_WAIT = 86400.0  # seconds: all the waits of one session's retries together, a day at most


class Retries(Frozen):
    """How often a failed session is tried again, and how long to wait first.

    The waits double, so `count` and `backoff` are bounded together: at most `MAX_RETRIES`
    retries, and their waits add up to a day at most.
    """

    count: int = Field(default=2, ge=0, le=MAX_RETRIES)
    backoff: float = Field(default=30.0, ge=0, le=MAX_WAIT, allow_inf_nan=False)

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if self.total() > MAX_WAIT:
            raise ValueError(
                f"count {self.count} with backoff {self.backoff:g} waits {self.total():g} s in "
                f"all; the waits double, and together may not exceed {MAX_WAIT:g} s (a day)"
            )
        return self

    def total(self) -> float:
        """Seconds of all the waits together: backoff * (2**count - 1)."""
        return self.backoff * (2.0**self.count - 1)

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt `attempt` (1, 2, …): backoff, doubling each time."""
        return self.backoff * 2.0 ** (attempt - 1)


class SignerSection(Frozen):
    """The secretary's signer: a PKCS#12 file or a PKCS#11 token, its secret by reference."""

    pkcs12: Path | None = None
    pkcs11_module: Path | None = None
    token_label: str | None = None
    key_label: str | None = None
    cert_label: str | None = None
    passphrase_env: str | None = None
    passphrase_file: Path | None = None
    tsa_url: str | None = None
    tsa_user: str | None = None
    tsa_password_env: str | None = None
    tsa_password_file: Path | None = None
    tsa_header: tuple[str, ...] = ()
    level: Level | None = None
    trust: tuple[Path, ...] = ()
    certs: tuple[Path, ...] = ()
    crl: tuple[Path, ...] = ()
    lang: Language = Language.CA
    location: str | None = None
    substitute: str | None = None

    @field_validator("passphrase_env", "tsa_password_env")
    @classmethod
    def _env_name(cls, name: str | None) -> str | None:
        if name is not None and not is_env_name(name):
            raise ValueError(NOT_AN_ENV_NAME)  # never the value: it may be the secret itself
        return name

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if bool(self.pkcs12) == bool(self.pkcs11_module):
            raise ValueError("give either pkcs12 or pkcs11_module")
        if self.pkcs11_module and not (self.token_label and self.key_label):
            raise ValueError("pkcs11_module needs token_label and key_label")
        if bool(self.passphrase_env) == bool(self.passphrase_file):
            raise ValueError("give either passphrase_env or passphrase_file: a batch never prompts")
        if (self.tsa_password_env or self.tsa_password_file) and not self.tsa_user:
            raise ValueError("tsa_password_env and tsa_password_file need tsa_user")
        if self.tsa_user and bool(self.tsa_password_env) == bool(self.tsa_password_file):
            raise ValueError("tsa_user needs either tsa_password_env or tsa_password_file")
        if self.level not in (None, Level.B_B) and not self.tsa_url:
            raise ValueError(f"level {self.level} needs a time-stamp server (tsa_url)")
        return self

    def under(self, base: Path) -> "SignerSection":
        """The same section with its relative paths taken from `base`."""
        files = ("pkcs12", "pkcs11_module", "passphrase_file", "tsa_password_file")
        update: dict[str, object] = {
            key: _under(base, getattr(self, key)) for key in files if getattr(self, key)
        }
        for key in ("trust", "certs", "crl"):
            update[key] = tuple(_under(base, path) for path in getattr(self, key))
        return self.model_copy(update=update)


class EniSection(Frozen):
    """`[eni]`: file each signed package as `build --eni` does (needs `[signer]`)."""

    export: StrictBool = False


class TranscribeSection(Frozen):
    """`[transcribe]`: each session without a transcript.json is transcribed on its worker, as
    `build --transcribe --model` does; its input hash then includes the model's digest."""

    model: Path
    language: LanguageCode | None = None  # default: the session's [transcript] or language
    threads: int | None = Field(default=None, ge=1, le=MAX_THREADS, strict=True)

    def options(self) -> TranscribeOptions:
        return TranscribeOptions(model=self.model, language=self.language, threads=self.threads)


class RunSpec(Frozen):
    """What one scheduled batch run processes, where it writes, and how."""

    inbox: Path
    output: Path
    ready: Ready = Ready.MARKER
    settle: float = Field(default=60.0, ge=0, le=86400, allow_inf_nan=False)
    workers: int = Field(default=1, ge=1, le=1024)
    scheduler: str | None = Field(default=None, pattern=r"^(tcp|tls)://\S+$")
    retries: Retries = Retries()
    signer: SignerSection | None = None
    csv_key_file: Path | None = None  # as build's --csv-key-file: the council's CSV key
    csv_generation: int = Field(default=0, ge=0, le=10**6, strict=True)
    eni: EniSection = EniSection()
    transcribe: TranscribeSection | None = None

    def sign_options(self) -> SignOptions | None:
        """The secretary's signing options, or None when packages are left unsigned."""
        if self.signer is None:
            return None
        return config.sign_options(Role.SECRETARY, self.signer.model_dump())

    def under(self, base: Path) -> "RunSpec":
        """The same spec with its relative paths taken from `base`."""
        signer = self.signer.under(base) if self.signer else None
        key = _under(base, self.csv_key_file) if self.csv_key_file else None
        heard = self.transcribe
        if heard is not None:
            heard = heard.model_copy(update={"model": _under(base, heard.model)})
        return self.model_copy(
            update={
                "inbox": _under(base, self.inbox),
                "output": _under(base, self.output),
                "signer": signer,
                "csv_key_file": key,
                "transcribe": heard,
            }
        )


def _under(base: Path, path: Path) -> Path:
    return path if path.is_absolute() else Path(os.path.normpath(base / path))


def load_spec(path: Path) -> RunSpec:
    """Parse and check a run spec; errors name the file and the key at fault."""
    try:
        data = bounded.read_toml(path, str(path))
    except FileNotFoundError as error:
        raise InputError(str(path), f"cannot read: {error.strerror}") from None
    try:
        spec = RunSpec.model_validate(data).under(path.parent.resolve())
    except ValidationError as error:
        raise InputError(str(path), describe(error.errors()[0], data)) from None
    try:
        spec.sign_options()
    except config.ConfigError as error:
        raise InputError(str(path), f"signer: {error}") from None
    if spec.eni.export and spec.signer is None:
        raise InputError(str(path), "eni.export: needs [signer]: the ENI index is signed")
    if spec.csv_key_file is not None:
        try:
            read_key(spec.csv_key_file)  # checked now, read again by each worker
        except InputError as error:
            raise InputError(str(path), f"csv_key_file: {error}") from None
    if spec.transcribe is not None:
        try:
            check_model(spec.transcribe.model)  # checked now, hashed again by each worker
        except InputError as error:
            raise InputError(str(path), f"transcribe.model: {error}") from None
    check_output(spec, path)
    return spec


def check_output(spec: RunSpec, path: Path) -> None:
    """Refuse an `output` that is the inbox, lies inside it (in a session folder), or holds it.

    Links are resolved first, as `outputs.check_apart` does for a single session: the locks, the
    log and the packages of a batch never land among the inputs it reads.
    """
    where = outputs.overlap(spec.output, spec.inbox, "the inbox")
    if where is not None:
        raise InputError(str(path), f"output: {spec.output} {where}; write it elsewhere")
