"""Where a passphrase or PIN comes from: an environment variable, a file, or a prompt.

Never from a command-line argument (other users of the machine can read those), and the value is
never stored in a model, logged or put in an error message: only `SecretSource.describe()` is.
An environment variable named as a secret's source is withheld from every child process
(`ffmpeg.child_environment`): each `SecretSource` records its name when it is made, also when it
is unpickled in a worker process, so the name is known before the secret is first read.
"""

import getpass
import os
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

from videoacta.core.terms import Frozen
from videoacta.errors import SigningError

Prompt = Callable[[str], str]
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
NOT_AN_ENV_NAME = (
    "is not an environment variable name (letters, digits and _, not starting with a digit); "
    "the value is not shown, in case it is the secret itself"
)
_withheld: set[str] = set()


def is_env_name(name: str) -> bool:
    """Whether `name` can be the name of an environment variable."""
    return ENV_NAME.fullmatch(name) is not None


def withheld() -> frozenset[str]:
    """The environment variables named as a secret's source so far in this process."""
    return frozenset(_withheld)


class SecretKind(StrEnum):
    ENV = "env"
    FILE = "file"
    PROMPT = "prompt"


class SecretSource(Frozen):
    """Where to read a secret from: `env` NAME, `file` PATH, or `prompt` (with its question)."""

    kind: SecretKind
    ref: str = ""

    @classmethod
    def env(cls, name: str) -> "SecretSource":
        return cls(kind=SecretKind.ENV, ref=name)

    @classmethod
    def file(cls, path: Path | str) -> "SecretSource":
        return cls(kind=SecretKind.FILE, ref=str(path))

    @classmethod
    def prompt(cls, question: str = "Passphrase: ") -> "SecretSource":
        return cls(kind=SecretKind.PROMPT, ref=question)

    def model_post_init(self, context: Any, /) -> None:
        if self.kind is SecretKind.ENV:
            _withheld.add(self.ref)

    def __setstate__(self, state: dict[Any, Any]) -> None:
        super().__setstate__(state)
        self.model_post_init(None)

    def describe(self) -> str:
        """Where the secret comes from, for messages (never the secret itself)."""
        if self.kind is SecretKind.ENV:
            return f"environment variable {self.ref}"
        if self.kind is SecretKind.FILE:
            return f"file {self.ref}"
        return "the prompt"


def read_secret(source: SecretSource, *, prompt: Prompt = getpass.getpass) -> str:
    """The secret from its source; a file's single trailing newline is not part of it."""
    if source.kind is SecretKind.ENV:
        value = os.environ.get(source.ref)
        if value is None:
            raise SigningError(f"environment variable {source.ref} is not set")
        return value
    if source.kind is SecretKind.FILE:
        try:
            text = Path(source.ref).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SigningError(f"{source.ref}: cannot read the secret: {_reason(error)}") from None
        return text.removesuffix("\n").removesuffix("\r")
    return prompt(source.ref or "Passphrase: ")


def _reason(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
