"""The render stage: the acta and its data files, written into an index folder.

Reads `index.json` from the folder `videoacta index` made, then writes, each atomically
(a temporary sibling renamed into place): votes.popolo.json and votes.csv, manifest.json (every
other file of the folder with its size and SHA-256, and the original recording parts), and last
acta.pdf, which embeds the manifest, index.json and the two vote files as PDF/A-3 associated
files: the same bytes as beside it.
"""

from pathlib import Path

from pydantic import ValidationError

from videoacta import opendata, outputs, package
from videoacta.document import render_acta
from videoacta.errors import InputError, OutputError
from videoacta.identity import signatories_of
from videoacta.index import INDEX_FORMAT, Index
from videoacta.labels import labels
from videoacta.models import Frozen, Language
from videoacta.pdfa import Attachment
from videoacta.tally import TallyRun

INDEX_FILE = "index.json"
JSON, CSV = "application/json", "text/csv"


class Rendered(Frozen):
    """What `videoacta render` wrote."""

    document: Path
    pages: int
    language: Language
    files: tuple[Path, ...]


def load_index(folder: Path, run: TallyRun) -> tuple[Index, bytes]:
    """The index folder's index.json, checked to be of this session; and its exact bytes."""
    path = folder / INDEX_FILE
    if not path.is_file():
        raise InputError(str(path), "not found; make the index folder with `videoacta index`")
    data = path.read_bytes()
    try:
        index = Index.model_validate_json(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(str(path), f"{where}: {first['msg']}") from None
    if index.format != INDEX_FORMAT:
        raise InputError(str(path), f"format {index.format!r} is not {INDEX_FORMAT!r}")
    if index.session.id != run.session.id:
        raise InputError(
            str(path), f"is the index of session {index.session.id!r}, not {run.session.id!r}"
        )
    return index, data


def check_replaceable(document: Path, *, force: bool) -> None:
    """Refuse to overwrite an acta without `force`, and a signed one ever."""
    if package.is_signed_document(document):
        raise OutputError(f"{document}: is signed; render into a new index folder instead")
    if document.exists() and not force:
        raise OutputError(f"{document}: already exists; use --force to replace it")


def render_folder(
    folder: Path, run: TallyRun, *, language: Language | None = None, force: bool = False
) -> Rendered:
    """`videoacta render`: the vote files, the manifest and acta.pdf, into an index folder.

    The manifest is made in memory and written with the PDF, once the PDF is rendered: a failed
    render leaves at most the vote files rewritten (with the same contents for the same inputs).
    """
    index, _ = load_index(folder, run)
    check_replaceable(folder / package.DOCUMENT, force=force)
    opendata.write_exports(folder, session=run.session, tally=run.tally)
    parts = [package.RecordingPart(file=p.file, size=p.size, sha256=p.sha256) for p in index.parts]
    manifest = package.build_manifest(
        folder, recording_parts=parts, signatories=signatories_of(run.session)
    )
    return write_acta(
        folder, run, index, language=language, manifest=package.manifest_bytes(manifest)
    )


def write_acta(
    folder: Path,
    run: TallyRun,
    index: Index,
    *,
    language: Language | None = None,
    manifest: bytes | None = None,
) -> Rendered:
    """Render acta.pdf into a folder that holds its data files; with `manifest`, write it
    (as manifest.json) just before the PDF, else embed the folder's manifest.json."""
    language = language or run.session.language
    names = (package.MANIFEST, INDEX_FILE, opendata.POPOLO_FILE, opendata.CSV_FILE)
    contents = {} if manifest is None else {package.MANIFEST: manifest}
    missing = [n for n in names if n not in contents and not (folder / n).is_file()]
    if missing:
        raise OutputError(f"{folder}: {', '.join(missing)} must be written before acta.pdf")
    contents |= {n: (folder / n).read_bytes() for n in names if n not in contents}
    acta = render_acta(run, index, language=language, attachments=_attachments(language, contents))
    if manifest is not None:
        outputs.write_bytes_atomic(folder / package.MANIFEST, manifest)
    document = folder / package.DOCUMENT
    outputs.write_bytes_atomic(document, acta.data)
    files = tuple(folder / name for name in names if name != INDEX_FILE)
    return Rendered(document=document, pages=acta.pages, language=language, files=files)


# name: MIME type and AFRelationship; the document is made from index.json (its source).
ATTACHED = {
    package.MANIFEST: (JSON, "Data"),
    INDEX_FILE: (JSON, "Source"),
    opendata.POPOLO_FILE: (JSON, "Data"),
    opendata.CSV_FILE: (CSV, "Data"),
}


def _attachments(language: Language, contents: dict[str, bytes]) -> tuple[Attachment, ...]:
    describe = labels(language).attachment
    return tuple(
        Attachment(
            name=name,
            data=contents[name],
            mime=mime,
            relationship=relationship,
            description=describe[name],
        )
        for name, (mime, relationship) in ATTACHED.items()
    )
