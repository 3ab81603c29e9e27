"""The CSV (Código Seguro de Verificación) of an acta: the code, how it is printed and typed, and
the sede's settings for it (pure: the key and the random bytes come from the caller).

A code is 160 bits, written in base32 (A-Z, 2-7: no 0, 1, 8 or 9 to take for O, I, B or g) and
printed in groups of four. With the council's key it is HMAC-SHA256 of the acta's content digest
(the same content and generation give the same code; a change of either, another: RD 203/2021
art. 21); without a key, 160 random bits, a new code each build.
"""

import base64
import hashlib
import hmac
import re
from typing import Annotated

from pydantic import AfterValidator, Field

from videoacta.core.terms import Frozen
from videoacta.core.text import Name

BITS = 160
KEY_BYTES = 32  # the council's key: at least 256 bits
LENGTH = BITS // 5  # 32 base32 characters
PLACEHOLDER = "{code}"
_CODE = re.compile(rf"[A-Z2-7]{{{LENGTH}}}")
_URL = re.compile(r"https?://[^\s{}<>\"'\\]+")
URL_MAX = 300


def check_url_template(template: str) -> str:
    """A sede's verification address with one `{code}` where the code goes."""
    if template.count(PLACEHOLDER) != 1:
        raise ValueError("the verification address must hold {code} once, where the code goes")
    filled = template.replace(PLACEHOLDER, "X")
    if len(template) > URL_MAX or not _URL.fullmatch(filled):
        raise ValueError(f"not an http(s) address of up to {URL_MAX} characters without spaces")
    return template


class Sede(Frozen):
    """session.toml's `[sede]`: where the council's sede verifies a CSV, and under what rule."""

    csv_url: Annotated[str, AfterValidator(check_url_template)] = Field(
        description="the verification address, {code} where the code goes: "
        "https://seu.example.cat/csv?code={code}"
    )
    csv_regulation: Name | None = Field(
        default=None, description="the decree or ordinance that rules the CSV (a BOP reference)"
    )


class Csv(Frozen):
    """An acta's CSV as the manifest records it: the code, its address, its rule."""

    code: Annotated[str, Field(pattern=_CODE.pattern)]
    url: str
    regulation: str | None = None

    @property
    def printed(self) -> str:
        return printed(self.code)


def keyed_code(key: bytes, content: str, *, scope: str, generation: int = 0) -> str:
    """The code of `content` (a digest) under the council's key, in `scope` (the session)."""
    message = f"videoacta-csv/1\n{scope}\n{content}\n{generation}".encode()
    return _encoded(hmac.new(key, message, hashlib.sha256).digest())


def random_code(raw: bytes) -> str:
    """The code made of random bytes (at least 20)."""
    assert len(raw) >= BITS // 8, "a CSV needs 160 random bits"
    return _encoded(raw)


def _encoded(raw: bytes) -> str:
    return base64.b32encode(raw[: BITS // 8]).decode("ascii")


def csv_of(code: str, sede: Sede) -> Csv:
    """The CSV record of `code` at the session's sede."""
    url = sede.csv_url.replace(PLACEHOLDER, code)
    return Csv(code=code, url=url, regulation=sede.csv_regulation)


def printed(code: str) -> str:
    """As printed: groups of four joined by `-`."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalised(typed: str) -> str | None:
    """The code a person typed (spaces, dashes, lower case), or None when it is not one."""
    code = re.sub(r"[\s-]", "", typed).upper()
    return code if _CODE.fullmatch(code) else None


def lookup_name(code: str) -> str:
    """The name a sede serves a code's files under: its SHA-256, so that a listing of the
    folder shows no code (the query page computes it in the browser)."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()
