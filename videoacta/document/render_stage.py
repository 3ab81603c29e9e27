"""The render stage: the acta and its data files, written into an index folder.

Reads `index.json` from the folder `videoacta index` made, then writes, each atomically
(a temporary sibling renamed into place): votes.popolo.json and votes.csv, manifest.json (every
other file of the folder with its size and SHA-256, and the original recording parts), and last
acta.pdf, which embeds the manifest, index.json and the two vote files as PDF/A-3 associated
files: the same bytes as beside it.
"""

import stat
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Protocol

from pydantic import ValidationError

from videoacta import hashing, outputs, package
from videoacta.core.identity import signatories_of
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Frozen, Language
from videoacta.core.video_index import INDEX_FORMAT, Index
from videoacta.document.labels import labels
from videoacta.document.pdfa import Attachment
from videoacta.document.writer import render_acta
from videoacta.errors import InputError, OutputError, shown
from videoacta.hashing import FileDigest
from videoacta.publish import opendata

INDEX_FILE = "index.json"
JSON, CSV = "application/json", "text/csv"


class Described(Protocol):
    """What index.json says of a file: its size and SHA-256."""

    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...


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
    folder: Path,
    run: TallyRun,
    parts: Sequence[Path],
    *,
    language: Language | None = None,
    force: bool = False,
) -> Rendered:
    """`videoacta render`: the vote files, the manifest and acta.pdf, into an index folder.

    `parts` are the session's recording parts (checked against the input contract): index.json
    must give each one's size and SHA-256, and the recording's. The manifest is made in memory
    and written with the PDF, once the PDF is rendered: a failed render leaves at most the vote
    files rewritten (with the same contents for the same inputs).
    """
    index, _ = load_index(folder, run)
    check_replaceable(folder / package.DOCUMENT, force=force)
    names = [part.file for part in run.session.recording.parts]
    known = check_hashes(folder, index, dict(zip(names, parts, strict=True)))
    opendata.write_exports(folder, run=run)
    listed = [package.RecordingPart(file=p.file, size=p.size, sha256=p.sha256) for p in index.parts]
    manifest = package.build_manifest(
        folder, recording_parts=listed, known=known, signatories=signatories_of(run.session)
    )
    return write_acta(
        folder, run, index, language=language, manifest=package.manifest_bytes(manifest)
    )


def check_hashes(folder: Path, index: Index, parts: dict[str, Path]) -> dict[str, FileDigest]:
    """Refuse an index.json whose parts or recording are not these files (size and SHA-256):
    the acta certifies what index.json says. `parts` maps each part's name in session.toml to
    its file. Returns the recording's digest, so that the manifest does not hash it again."""
    source = str(folder / INDEX_FILE)
    listed = [part.file for part in index.parts]
    if listed != list(parts):
        raise InputError(source, f"lists the parts {listed}, not the session's {list(parts)}")
    recording = _recording_file(folder, index)
    digests = hashing.sha256_files([*parts.values(), *([recording] if recording else [])])
    for n, part in enumerate(index.parts):
        _compare(source, f"parts[{n}] ({part.file})", part, digests[parts[part.file]])
    if recording is None or index.recording is None:
        return {}
    _compare(source, f"recording ({recording.name})", index.recording, digests[recording])
    return {recording.name: digests[recording]}


def _recording_file(folder: Path, index: Index) -> Path | None:
    """The packaged recording index.json names: a regular file directly in `folder`."""
    if index.recording is None:
        return None
    name = index.recording.file
    if PurePosixPath(name).name != name or name in {".", ".."} or not _regular(folder / name):
        raise InputError(str(folder / INDEX_FILE), f"recording.file: {shown(name)} is not here")
    return folder / name


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _compare(source: str, what: str, listed: "Described", found: FileDigest) -> None:
    if (listed.size, listed.sha256) != (found.size, found.sha256):
        raise InputError(
            source,
            f"{what}: size {listed.size}, SHA-256 {shown(listed.sha256, 16)} but the file has "
            f"size {found.size}, SHA-256 {found.sha256[:16]}…; run `videoacta index` again",
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
