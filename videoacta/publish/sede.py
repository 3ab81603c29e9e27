"""What `videoacta publish` writes for the council's sede to answer a CSV query, as static files.

    OUT/csv/index.html            asks for the code, normalises it, looks it up in the browser
    OUT/csv/<SHA-256 of code>/    acta.pdf (the signed file, as it is) and record.json

The folder of a code is named by the code's SHA-256: a listing shows no code, and the path is as
unguessable as the code. The CSV is read from the manifest embedded in acta.pdf (signed), never
from the unsigned manifest.json beside it.
"""

import hashlib
import json
from importlib.resources import files
from pathlib import Path

from videoacta import outputs
from videoacta.core import csv_code
from videoacta.core.csv_code import Csv
from videoacta.core.terms import Frozen
from videoacta.errors import InputError, VideoactaError
from videoacta.package import DOCUMENT, MANIFEST, SIGNATURES, is_signed_document, parse_manifest
from videoacta.signing.attached import embedded_file

RECORD_FORMAT = "videoacta-csv/1"
PAGE = "csv.html"
KEPT_YEARS = 5  # RD 203/2021 art. 21: the sede keeps answering for at least five years


class PublishedCsv(Frozen):
    """Where the acta of a CSV was published."""

    printed: str
    folder: Path
    sha256: str


def publish_package(package: Path, out: Path) -> PublishedCsv:
    """Write the sede's CSV files of the signed package `package` into `out`."""
    document = package / DOCUMENT
    if not is_signed_document(document):
        raise InputError(str(document), "is not signed: publish the acta once it is signed")
    data = document.read_bytes()
    csv = _csv(document, data)
    folder = out / "csv" / csv_code.lookup_name(csv.code)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(str(folder), f"cannot be made: {error.strerror}") from None
    record = _record(csv, data, package / SIGNATURES)
    outputs.write_bytes_atomic(folder / DOCUMENT, data)
    outputs.write_text_atomic(folder / "record.json", outputs.json_text(record))
    page = files("videoacta.publish").joinpath("static", PAGE).read_text(encoding="utf-8")
    outputs.write_text_atomic(out / "csv" / "index.html", page)
    return PublishedCsv(printed=csv.printed, folder=folder, sha256=record["sha256"])


def _csv(document: Path, data: bytes) -> Csv:
    """The CSV of the manifest the signed acta embeds."""
    try:
        embedded = embedded_file(data, MANIFEST)
        manifest = None if embedded is None else parse_manifest(embedded)
    except VideoactaError as error:
        raise InputError(str(document), f"its manifest cannot be read: {error}") from None
    if manifest is None or manifest.csv is None:
        raise InputError(str(document), "has no CSV: give the session a [sede] and build again")
    return manifest.csv


def _record(csv: Csv, data: bytes, signatures: Path) -> dict[str, object]:
    """What the sede answers about the code: the document's digest, its signers, the rule."""
    return {
        "format": RECORD_FORMAT,
        "csv": csv.printed,
        "document": DOCUMENT,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "regulation": csv.regulation,
        "kept_years": KEPT_YEARS,
        "signatures": _signatures(signatures),
    }


def _signatures(path: Path) -> object:
    """signatures.json as the package has it (the signers, derived from the PDF), or None."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
