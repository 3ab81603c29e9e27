"""The render stage: the manifest and acta.pdf, made from the artefacts of the stages before.

`write_acta` builds the manifest from the artefacts' digests, renders acta.pdf with the embedded
artefacts (the manifest, index.json and the two vote files) as PDF/A-3 associated files, the
same bytes as beside it, then writes manifest.json and acta.pdf, each atomically: a failed
render writes neither.

`videoacta render` runs alone on the folder `videoacta index` made: `read_index_folder` reads
its index.json as hostile input and checks it against the files before anything is written.
"""

import stat
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Protocol

from pydantic import Field, ValidationError

from videoacta import hashing, package
from videoacta.artefacts import JSON_DATA, JSON_SOURCE, Artefact
from videoacta.core.eni import EniRecord
from videoacta.core.identity import Signatories
from videoacta.core.published import Publication
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Frozen, Language
from videoacta.core.transcript import Transcript
from videoacta.core.video_index import INDEX_FILE, INDEX_FORMAT, Index
from videoacta.document.csv_stamp import RANDOM, CsvSettings, acta_csv
from videoacta.document.pdfa import Attachment
from videoacta.document.writer import render_acta
from videoacta.errors import InputError, OutputError, shown
from videoacta.hashing import FileDigest
from videoacta.labels import labels
from videoacta.progress import Progress, Step, bytes_hashed, quiet, report


class Described(Protocol):
    """What index.json says of a file: its size and SHA-256."""

    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...


class IndexFolder(Frozen):
    """What `videoacta index` left in a folder, checked: the index and the files as artefacts."""

    index: Index
    artefacts: tuple[Artefact, ...]


class Rendered(Frozen):
    """What `videoacta render` wrote."""

    document: Path
    pages: int
    language: Language
    files: tuple[Path, ...]


class Acta(Frozen):
    """What the render stage made: manifest.json and acta.pdf, the acta's bytes (to certify
    without reading them back) and its page count."""

    artefacts: tuple[Artefact, Artefact]
    data: bytes = Field(repr=False)
    pages: int


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


def read_index_folder(
    folder: Path,
    run: TallyRun,
    parts: Sequence[Path],
    *,
    force: bool = False,
    progress: Progress = quiet,
) -> IndexFolder:
    """The index folder of `videoacta render`, checked before anything is written into it.

    `parts` are the session's recording parts (checked against the input contract): index.json
    must give each one's size and SHA-256, and the recording's. Every file of the folder is
    hashed once, with the parts: the recording's digest is checked and listed from that pass,
    its bytes reported to `progress`.
    """
    index, data = load_index(folder, run)
    check_replaceable(folder / package.DOCUMENT, force=force)
    names = [part.file for part in run.session.recording.parts]
    listed = [part.file for part in index.parts]
    if listed != names:
        raise InputError(
            str(folder / INDEX_FILE), f"lists the parts {listed}, not the session's {names}"
        )
    recording = _recording_file(folder, index)
    _check_entries(folder)
    found = [path for path in package.listed_files(folder) if path != INDEX_FILE]
    digests = _hash_files([*parts, *(folder / path for path in found)], progress)
    check_hashes(folder, index, dict(zip(names, parts, strict=True)), recording, digests)
    artefacts = (
        Artefact.of_bytes(INDEX_FILE, data, embedded=JSON_SOURCE),
        *(Artefact(name=path, digest=digests[folder / path]) for path in found),
    )
    return IndexFolder(index=index, artefacts=artefacts)


def _hash_files(paths: list[Path], progress: Progress) -> dict[Path, FileDigest]:
    """Hash `paths` (in parallel threads), reporting the bytes hashed of them all."""
    total = sum(path.stat().st_size for path in paths)
    report(progress, Step.HASHING, 0, total)
    return hashing.sha256_files(paths, bytes_hashed(progress, total))


def _check_entries(folder: Path) -> None:
    """Refuse, before any is opened, an entry that reading would block on or that cannot be read:
    a named pipe, socket or device (directly or through a link), or a folder that cannot be
    listed. A link to a file is listed as before, and `verify` refuses it in the package."""
    for path, what in sorted(package.odd_entries(folder).items()):
        if what == package.LINKED:
            target = (folder / path).stat().st_mode if (folder / path).exists() else None
            if target is None or stat.S_ISREG(target) or stat.S_ISDIR(target):
                continue
            what = "links to something that is not a regular file"
        raise InputError(str(folder / path), f"{what}: an index folder holds only files")


def check_hashes(
    folder: Path,
    index: Index,
    parts: dict[str, Path],
    recording: Path | None,
    digests: dict[Path, FileDigest],
) -> None:
    """Refuse an index.json whose parts or recording are not these files (size and SHA-256):
    the acta certifies what index.json says. `parts` maps each part's name in session.toml to
    its file; `digests` holds the digest of each part and of the recording."""
    source = str(folder / INDEX_FILE)
    for n, part in enumerate(index.parts):
        _compare(source, f"parts[{n}] ({part.file})", part, digests[parts[part.file]])
    if recording is not None and index.recording is not None:
        _compare(source, f"recording ({recording.name})", index.recording, digests[recording])


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
    artefacts: Sequence[Artefact],
    *,
    language: Language,
    signatories: Signatories,
    view: Publication | None = None,
    eni: EniRecord | None = None,
    csv: CsvSettings = RANDOM,
    transcript: Transcript | None = None,
) -> Acta:
    """Make the manifest of `artefacts` (every other file of the package), render acta.pdf
    embedding the embedded ones and the manifest, then write manifest.json and acta.pdf.
    With a sede in the session, the acta's CSV is made first: the manifest records it, and
    the acta prints it on every page. With `[transcript] annex = true`, the reviewed
    `transcript` is annexed (refused if there is none, or it is not reviewed)."""
    annex = _annex(run, transcript)
    parts = [package.RecordingPart(file=p.file, size=p.size, sha256=p.sha256) for p in index.parts]
    code = acta_csv(run, artefacts, language, csv)
    withheld, rendition = package.publication_rule(index)
    manifest = package.manifest_of(
        artefacts, recording_parts=parts, signatories=signatories, eni=eni, csv=code,
        withheld=withheld, public_rendition=rendition,
    )  # fmt: skip
    listing = Artefact.of_bytes(
        package.MANIFEST, package.manifest_bytes(manifest), embedded=JSON_DATA
    )
    attachments = _attachments(language, (listing, *artefacts))
    acta = render_acta(
        run, index, language=language, attachments=attachments, view=view, csv=code, eni=eni,
        annex=annex,
    )  # fmt: skip
    listing.write_into(folder)
    document = Artefact.of_bytes(package.DOCUMENT, acta.data).write_into(folder)
    return Acta(artefacts=(listing, document), data=acta.data, pages=acta.pages)


def _annex(run: TallyRun, transcript: Transcript | None) -> Transcript | None:
    """The transcript to annex: none unless session.toml asks; then it must be reviewed."""
    if not run.session.transcript.annex:
        return None
    if transcript is None or not transcript.reviewed:
        raise InputError(
            "session.toml",
            "transcript.annex: the acta's annex needs a reviewed transcript",
        )
    return transcript


def _attachments(language: Language, artefacts: Sequence[Artefact]) -> tuple[Attachment, ...]:
    """The artefacts acta.pdf embeds, in their order, as associated files: each with the MIME
    type and relationship its stage gave it."""
    describe = labels(language).attachment
    return tuple(
        Attachment(
            name=artefact.name,
            data=_data(artefact),
            mime=artefact.embedded.mime,
            relationship=artefact.embedded.relationship,
            description=describe[artefact.name],
        )
        for artefact in artefacts
        if artefact.embedded is not None
    )


def _data(artefact: Artefact) -> bytes:
    assert artefact.data is not None, f"{artefact.name} is embedded but was not made in memory"
    return artefact.data
