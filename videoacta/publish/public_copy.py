"""The public copy of a signed package (`videoacta publish`): what goes to the council's sede.

    OUT/<package folder name>/    acta.pdf, manifest.json, signatures.json, and every file the
                                  signed manifest lists but withholds from publication (ROF 88.1)

A package with an item debated in camera withholds the certified recording (its page, and the
clips of the items in camera): the public copy carries the public rendition and its page
instead, and `videoacta verify` reports it as a public copy. What is withheld is read from the
manifest embedded in the signed acta.pdf, never from manifest.json alone; each file is checked
against that manifest as it is copied. Written atomically; an existing copy is left as it is
when identical, refused otherwise.
"""

import filecmp
import os
import shutil
from pathlib import Path

from videoacta import hashing, outputs
from videoacta.core.terms import Frozen
from videoacta.errors import InputError, OutputError, VideoactaError
from videoacta.package import (
    DOCUMENT,
    MANIFEST,
    SIGNATURES,
    Manifest,
    is_safe_path,
    is_signed_document,
    parse_manifest,
)
from videoacta.publish.sede import PublishedCsv, publish_package
from videoacta.signing.attached import embedded_file


class PublicCopy(Frozen):
    """Where the public copy is, the files it holds, those withheld, and whether it was there."""

    folder: Path
    files: tuple[str, ...]
    withheld: tuple[str, ...]
    unchanged: bool


class Published(Frozen):
    """What `videoacta publish` wrote: the public copy, the CSV files (None without a CSV)."""

    public_copy: PublicCopy
    csv: PublishedCsv | None
    notes: tuple[str, ...] = ()


NO_CSV = "the acta has no CSV (no [sede] in session.toml): the csv/ files were not written"


def publish(package: Path, out: Path) -> Published:
    """`videoacta publish`: the public copy of `package` in `out`, and the CSV query's files
    when the acta has a CSV (skipped with a note otherwise)."""
    manifest = signed_manifest(package)
    copy = write_public_copy(package, out)
    if manifest.csv is None:
        return Published(public_copy=copy, csv=None, notes=(NO_CSV,))
    return Published(public_copy=copy, csv=publish_package(package, out))


def signed_manifest(package: Path) -> Manifest:
    """The manifest the signed acta.pdf embeds; manifest.json must be the same bytes."""
    document = package / DOCUMENT
    if not is_signed_document(document):
        raise InputError(str(document), "is not signed: publish the acta once it is signed")
    try:
        embedded = embedded_file(document.read_bytes(), MANIFEST)
        if embedded is None:
            raise InputError(str(document), f"holds no {MANIFEST}")
        on_disk = (package / MANIFEST).read_bytes()
    except (OSError, VideoactaError) as error:
        raise InputError(str(document), f"its manifest cannot be read: {error}") from None
    if on_disk != embedded:
        raise InputError(
            str(package / MANIFEST),
            f"differs from the manifest signed in {DOCUMENT}; run `videoacta verify`",
        )
    return parse_manifest(embedded)


def write_public_copy(package: Path, out: Path) -> PublicCopy:
    """Write the public copy of `package` into `out/<package name>`, atomically."""
    manifest = signed_manifest(package)
    final = out / package.resolve().name
    if final.resolve().is_relative_to(package.resolve()):
        raise OutputError(f"{out}: lies inside the package {package}; publish elsewhere")
    names = _public_files(package, manifest)
    if final.exists() and _identical(package, final, names):
        return PublicCopy(folder=final, files=names, withheld=manifest.withheld, unchanged=True)
    if os.path.lexists(final):
        raise OutputError(f"{final}: exists with other content; move it away to publish again")
    with outputs.atomic_folder(final, force=False) as work:
        for name in names:
            _copy(package, work, name)
        _check(work, manifest)
    return PublicCopy(folder=final, files=names, withheld=manifest.withheld, unchanged=False)


def _public_files(package: Path, manifest: Manifest) -> tuple[str, ...]:
    """acta.pdf, manifest.json, signatures.json if present, and every listed file not withheld."""
    listed = [entry.path for entry in manifest.files if entry.path not in manifest.withheld]
    unsafe = [path for path in listed if not is_safe_path(path)]
    if unsafe:
        raise InputError(str(package / MANIFEST), f"lists a path outside the package: {unsafe[0]}")
    extra = [SIGNATURES] if (package / SIGNATURES).is_file() else []
    return (DOCUMENT, MANIFEST, *extra, *listed)


def _copy(package: Path, work: Path, name: str) -> None:
    source = package / name
    if source.is_symlink() or not source.is_file():
        raise InputError(str(source), "is missing or not a regular file; run `videoacta verify`")
    (work / name).parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(source, work / name)
    except OSError as error:
        raise OutputError(f"{work / name}: cannot be written ({error.strerror})") from None


def _check(work: Path, manifest: Manifest) -> None:
    """Every copied listed file has the size and SHA-256 the signed manifest gives it."""
    copied = {work / e.path: e for e in manifest.files if e.path not in manifest.withheld}
    digests = hashing.sha256_files(copied)
    for path, entry in copied.items():
        if (digests[path].size, digests[path].sha256) != (entry.size, entry.sha256):
            raise InputError(entry.path, "does not match the signed manifest; not published")


def _identical(package: Path, final: Path, names: tuple[str, ...]) -> bool:
    """Whether `final` holds exactly these files, with the package's bytes."""
    found = {
        (Path(directory) / name).relative_to(final).as_posix()
        for directory, _, files in os.walk(final)
        for name in files
    }
    if found != set(names):
        return False
    return all(filecmp.cmp(package / name, final / name, shallow=False) for name in names)
