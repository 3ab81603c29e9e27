"""The acta's CSV: its code made from the content the acta is rendered from, and the council's
key read from its file.

The content digest is SHA-256 over the session, its proceedings, the acta's language, the
videoacta version and every other file's name and SHA-256 (index.json, the vote files...):
everything the acta is made of, known before the manifest, which records the code. So the same
inputs give the same code under the same key, and any change of them another one.
"""

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from videoacta.artefacts import Artefact
from videoacta.core import csv_code
from videoacta.core.csv_code import Csv
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Language
from videoacta.errors import InputError
from videoacta.version import __version__

KEY_FILE_MAX = 4096


@dataclass(frozen=True, kw_only=True)
class CsvSettings:
    """The council's CSV key (None: a random code each build) and the code's generation (one
    more than before: a new code asked for the same content)."""

    key: bytes | None = None
    generation: int = 0


RANDOM = CsvSettings()  # no key: a random code each build


def read_key(path: Path) -> bytes:
    """The council's key from a file of hex digits (at least 64: 256 bits); never shown."""
    try:
        with path.open("rb") as file:
            text = file.read(KEY_FILE_MAX + 1)
    except OSError as error:
        raise InputError(str(path), f"cannot read the CSV key: {error.strerror}") from None
    try:
        key = bytes.fromhex(text.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        raise InputError(str(path), "a CSV key is hex digits (the file is not shown)") from None
    if len(key) < csv_code.KEY_BYTES or len(text) > KEY_FILE_MAX:
        raise InputError(str(path), "a CSV key holds 64 to 4000 hex digits (256 bits or more)")
    return key


def content_digest(run: TallyRun, artefacts: Sequence[Artefact], language: Language) -> str:
    """SHA-256 (hex) of what the acta is rendered from (see the module's docstring)."""
    digest = hashlib.sha256(f"{__version__}\n{language.value}\n".encode())
    digest.update(run.session.model_dump_json().encode())
    digest.update(run.proceedings.model_dump_json().encode())
    files = sorted((a.name, a.digest.sha256) for a in artefacts)
    digest.update(json.dumps(files).encode())
    return digest.hexdigest()


def acta_csv(
    run: TallyRun, artefacts: Sequence[Artefact], language: Language, settings: CsvSettings
) -> Csv | None:
    """The acta's CSV, when the session names a sede; else None."""
    sede = run.session.sede
    if sede is None:
        return None
    if settings.key is None:
        return csv_code.csv_of(csv_code.random_code(secrets.token_bytes(20)), sede)
    content = content_digest(run, artefacts, language)
    code = csv_code.keyed_code(
        settings.key, content, scope=run.session.id, generation=settings.generation
    )
    return csv_code.csv_of(code, sede)
