"""The package folder and its manifest: path, size and SHA-256 of every file it holds.

`manifest.json` is embedded in `acta.pdf` before signing, so the PDF signature covers the
manifest and the manifest covers every other file. The manifest lists every file of the package
except `acta.pdf` (which holds it), `manifest.json` itself and `signatures.json` (derived from
the signed PDF after each signature), plus the original recording parts, which stay outside the
package.
"""

import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import ValidationError

from videoacta import outputs
from videoacta.artefacts import Artefact
from videoacta.core.csv_code import Csv
from videoacta.core.eni import EniRecord
from videoacta.core.identity import Signatories
from videoacta.core.terms import Frozen
from videoacta.core.video_index import Index
from videoacta.errors import ManifestError, OutputError
from videoacta.version import __version__

MANIFEST_FORMAT = "videoacta-manifest/1"
MANIFEST = "manifest.json"
DOCUMENT = "acta.pdf"
# Who signed acta.pdf, derived from it after each signature (signing/sidecar.py): not listed.
SIGNATURES = "signatures.json"
# The ENI document and expediente (videoacta/eni/), made from the signed acta.pdf: not listed.
ACTA_ENI = "acta.eni.xml"
EXPEDIENTE_ENI = "expediente.eni.xml"
NOT_LISTED = frozenset({MANIFEST, DOCUMENT, SIGNATURES, ACTA_ENI, EXPEDIENTE_ENI})
# The ENI documents of the other files (eni/files.py), made with the expediente: not listed.
FILE_ENI_FOLDER = "eni"
FILE_ENI = re.compile(rf"{FILE_ENI_FOLDER}/[^/]+\.eni\.xml")


def file_eni(name: str) -> str:
    """Where the ENI document of the package's file `name` goes."""
    return f"{FILE_ENI_FOLDER}/{name}.eni.xml"


def not_listed(path: str) -> bool:
    """A file of the package the manifest never lists (made from the signed acta, or it)."""
    return path in NOT_LISTED or FILE_ENI.fullmatch(path) is not None


# What `outputs.write_bytes_atomic` names a temporary file: `.` + the file's name + a random part.
TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


class ManifestFile(Frozen):
    """A file of the package: POSIX path relative to the package, size, SHA-256 (hex)."""

    path: str
    size: int
    sha256: str


class RecordingPart(Frozen):
    """An original recording part, outside the package: its name, size and SHA-256."""

    file: str
    size: int
    sha256: str


class PublicRendition(Frozen):
    """The public rendition (ROF 88.1): its file, the recording it is cut from, the spans cut
    out (seconds of that recording), its chapters and its page."""

    path: str
    of: str
    chapters: str
    viewer: str
    cut: tuple[tuple[float, float], ...]


class Manifest(Frozen):
    format: Literal["videoacta-manifest/1"] = "videoacta-manifest/1"
    tool_version: str
    files: tuple[ManifestFile, ...]
    recording_parts: tuple[RecordingPart, ...] = ()
    # Who the session names to sign; signed with the manifest, so `sign` and `verify` trust it.
    signatories: Signatories | None = None
    # The session's ENI terms (`[eni]`), signed with the manifest: what `videoacta eni` files.
    eni: EniRecord | None = None
    # The acta's CSV, printed on its every page: signed here, so `verify` can show it.
    csv: Csv | None = None
    # Files listed for the archive but withheld from publication (ROF 88.1): `publish` leaves
    # them out, and `verify` reports a public copy without them as such. Absent in a package
    # without an item in camera, as in every package made before them.
    withheld: tuple[str, ...] = ()
    public_rendition: PublicRendition | None = None


# The archive's page plays the certified recording; the public copy's, the public rendition.
ARCHIVE_VIEWER = "index.html"
PUBLIC_VIEWER = "index.public.html"
OPTIONAL = ("withheld", "public_rendition")  # written only when set


def publication_rule(index: Index) -> tuple[tuple[str, ...], PublicRendition | None]:
    """What the manifest withholds from publication (with an item in camera: the recording, the
    archive's page, every clip with footage of one) and the public rendition; else nothing."""
    public = index.public
    if public is None:
        return (), None
    withheld_clips = (item.clip for item in index.items if item.in_camera or item.clip_withheld)
    clips = [clip for clip in withheld_clips if clip is not None]
    withheld = sorted({public.of, ARCHIVE_VIEWER, *clips})
    rendition = PublicRendition(
        path=public.file, of=public.of, chapters=public.chapters_file, viewer=PUBLIC_VIEWER,
        cut=public.cut,
    )  # fmt: skip
    return tuple(withheld), rendition


def is_safe_path(path: str) -> bool:
    """A relative POSIX path that stays inside the package (no `..`, no absolute, no `\\`)."""
    pure = PurePosixPath(path)
    return (
        bool(path)
        and "\\" not in path
        and not pure.is_absolute()
        and ".." not in pure.parts
        and str(pure) == path
        and ":" not in pure.parts[0]
    )


def listed_files(folder: Path) -> list[str]:
    """Every file the manifest must list: all of `folder` but acta.pdf and manifest.json, sorted.

    Symbolic links are listed too (as what they point to), so that `verify` can refuse them.
    """
    found = []
    for directory, _, names in os.walk(folder):
        for name in names:
            relative = (Path(directory) / name).relative_to(folder).as_posix()
            if not not_listed(relative):
                found.append(relative)
    return sorted(found)


UNLISTABLE = "cannot be listed"
LINKED = "is a symbolic link"


def odd_entries(folder: Path) -> dict[str, str]:
    """Every entry of `folder`, at any depth, that is neither a regular file nor a folder, or
    that cannot be listed, and what it is. A linked folder is reported, never entered (each
    entry is checked by lstat); a folder that cannot be read is reported, not skipped."""
    found = {}

    def unlisted(error: OSError) -> None:
        where = Path(error.filename or folder).relative_to(folder).as_posix()
        found[where] = f"{UNLISTABLE} ({error.strerror})"

    for directory, folders, names in os.walk(folder, onerror=unlisted, followlinks=False):
        for name in [*folders, *names]:
            path = Path(directory) / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[path.relative_to(folder).as_posix()] = LINKED
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found[path.relative_to(folder).as_posix()] = "is not a regular file"
    return found


def is_temporary(path: str) -> bool:
    """Whether a path is named like the temporary file of an atomic write: `.NAME.XXXXXXXX.tmp`."""
    return TEMPORARY.fullmatch(PurePosixPath(path).name) is not None


def manifest_of(
    artefacts: Iterable[Artefact],
    *,
    recording_parts: Iterable[RecordingPart] = (),
    signatories: Signatories | None = None,
    eni: EniRecord | None = None,
    csv: Csv | None = None,
    withheld: tuple[str, ...] = (),
    public_rendition: PublicRendition | None = None,
) -> Manifest:
    """The manifest of a package from its artefacts' digests (but acta.pdf and manifest.json),
    sorted by path: nothing is hashed here. `signatories` records who is to sign."""
    listed = sorted((a for a in artefacts if not not_listed(a.name)), key=lambda a: a.name)
    return Manifest(
        tool_version=__version__,
        files=tuple(ManifestFile(path=a.name, **a.digest.model_dump()) for a in listed),
        recording_parts=tuple(recording_parts),
        signatories=signatories,
        eni=eni,
        csv=csv,
        withheld=withheld,
        public_rendition=public_rendition,
    )


def manifest_bytes(manifest: Manifest) -> bytes:
    """The exact bytes of manifest.json, the same as embedded in acta.pdf."""
    data = manifest.model_dump(mode="json")
    for name in OPTIONAL:
        if not data[name]:
            del data[name]
    return outputs.json_text(data).encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    """Read manifest.json; ManifestError with a one-line reason if it is not a manifest."""
    try:
        return Manifest.model_validate_json(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "manifest"
        raise ManifestError(f"{where}: {first['msg']}") from None


@contextmanager
def new_package(final: Path, *, force: bool, replace_signed: bool = False) -> Iterator[Path]:
    """Yield a temporary sibling folder to fill; it becomes `final` only when complete.

    An output inside a package folder is refused. An existing package is refused without
    `force`; a signed one, or a folder holding a package or a signed acta.pdf at any depth,
    also needs `replace_signed`: nothing signed is ever replaced silently.
    """
    check_outside_packages(final)

    def guard(folder: Path) -> None:
        if not replace_signed:
            check_removable(folder)

    with outputs.atomic_folder(final, force=force, guard=guard) as temporary:
        yield temporary


def check_outside_packages(final: Path) -> None:
    """Refuse an output folder that lies inside a package folder: an ancestor (symbolic links
    resolved) that holds a manifest.json or a signed acta.pdf. A package holds only its
    manifest's files; a stray unsigned acta.pdf in a downloads folder makes no package."""
    for ancestor in final.resolve().parents:
        if os.path.lexists(ancestor / MANIFEST) or _signed_if_present(ancestor / DOCUMENT):
            raise OutputError(
                f"{final}: lies inside the package folder {ancestor}; write the output elsewhere"
            )


def check_removable(final: Path) -> None:
    """Refuse to replace `final` if it is a signed package, or holds a package or a signed
    acta.pdf at any depth. The tree is walked by lstat: a link is never followed (replacing
    the folder removes the link, not what it points to), but `final` itself is resolved."""
    root = final.resolve()
    if not root.is_dir():
        return
    for directory, _, names in os.walk(root, onerror=_unreadable, followlinks=False):
        if DOCUMENT not in names:
            continue
        here = Path(directory)
        inner = here != root
        if _signed(here / DOCUMENT):
            what = "a signed package" + (f", {final / here.relative_to(root)}" if inner else "")
        elif inner and MANIFEST in names:
            what = f"a package, {final / here.relative_to(root)}"
        else:
            continue
        raise OutputError(f"{final}: holds {what}; move it away, or use --force --replace-signed")


def _unreadable(error: OSError) -> None:
    raise OutputError(f"{error.filename}: cannot be read ({error.strerror}); not replaced")


def _signed_if_present(path: Path) -> bool:
    return os.path.lexists(path) and _signed(path)


def _signed(path: Path) -> bool:
    """Whether `path` is a regular file (not followed if a link) holding a signature."""
    if not stat.S_ISREG(path.lstat().st_mode):
        return False
    try:
        return is_signed_document(path)
    except OSError as error:
        raise OutputError(f"{path}: cannot be read ({error.strerror}); not replaced") from None


def is_signed_document(path: Path) -> bool:
    """Whether the PDF at `path` holds at least one signature (a cheap byte scan, no parse)."""
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        data = handle.read()
    return b"/ByteRange" in data and b"/Contents" in data
