"""Verify a package offline: its signatures, the manifest they cover, and every file it lists.

The chain is: the signatures of acta.pdf cover the manifest embedded in it; that manifest must
equal manifest.json byte for byte; and it lists the size and SHA-256 of every other file, none
missing, none extra, none outside the package. One verdict sums it all up.
"""

import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from videoacta import hashing
from videoacta.eni.check import EniCheck, check_eni
from videoacta.errors import EmbeddedFileError, ManifestError, UnreadableDocument
from videoacta.hashing import Progress
from videoacta.package import (
    DOCUMENT,
    EXPEDIENTE_ENI,
    MANIFEST,
    UNLISTABLE,
    Manifest,
    is_safe_path,
    is_temporary,
    listed_files,
    not_listed,
    odd_entries,
    parse_manifest,
)
from videoacta.signing.attached import embedded_file
from videoacta.signing.signatories import SignerCheck, check_signers
from videoacta.signing.trust import TrustSettings
from videoacta.verify.changes import signed_length
from videoacta.verify.qualified import assess_document
from videoacta.verify.report import Finding, VerifyReport
from videoacta.verify.sidecar_check import sidecar_notes
from videoacta.verify.signature_checks import SignatureCheck
from videoacta.verify.signatures import check_document
from videoacta.verify.transcript_status import transcript_status
from videoacta.verify.trusted_lists import TrustedLists
from videoacta.verify.verdict import Verdict, worst
from videoacta.verify.withheld import is_public_copy, withheld_absent, withheld_finding

TEMPORARY_LEFT = "is a temporary file left by an interrupted sign, render or build: delete it"


def verify_package(
    folder: Path,
    *,
    trust: TrustSettings | None = None,
    progress: Progress | None = None,
    eutl: TrustedLists | None = None,
) -> VerifyReport:
    """Check everything about the package in `folder`; never raises on a bad package. With
    `eutl`, also whether each signer and time-stamp was qualified (beside the verdict)."""
    document, trust = folder / DOCUMENT, trust or TrustSettings()
    if not document.is_file():
        return _unreadable(folder, DOCUMENT, "missing, or the package folder cannot be read")
    try:
        checked = check_document(document, trust)
        data = document.read_bytes()
    except UnreadableDocument as error:
        return _damaged(folder, document, str(error))
    except OSError as error:
        return _unreadable(folder, DOCUMENT, str(error))
    embedded, manifest, problem = _read_manifest(data)
    signers = check_signers(data, None if manifest is None else manifest.signatories)
    findings = [
        *_signature_findings(checked.signatures, checked.empty_fields),
        *(
            Finding(verdict=Verdict.TAMPERED, subject=DOCUMENT, message=problem)
            for problem in checked.problems
        ),
        *_signer_findings(signers),
    ]
    if manifest is None:
        # Signed: what the signatures cover is not a package; unsigned: it cannot be read.
        verdict = Verdict.TAMPERED if checked.signatures else Verdict.UNREADABLE
        findings.append(Finding(verdict=verdict, subject=DOCUMENT, message=str(problem)))
        eni = None
    else:
        findings += _manifest_findings(folder, embedded)
        # The ENI index's SHA-512 of each file, from the same read as the manifest's SHA-256.
        sha512: dict[str, str] | None = {} if (folder / EXPEDIENTE_ENI).is_file() else None
        findings += check_files(folder, manifest, progress=progress, sha512=sha512)
        # A public copy carries no ENI files (publish leaves them in the archive).
        public = is_public_copy(folder, manifest)
        eni = None if public else check_eni(folder, data, manifest, trust, sha512=sha512)
        findings += _eni_findings(eni)
    return VerifyReport(
        package=folder,
        verdict=worst([finding.verdict for finding in findings]),
        signatures=checked.signatures,
        empty_fields=checked.empty_fields,
        signers=signers,
        files_checked=0 if manifest is None else len(manifest.files),
        crls=trust.crls,
        recording_parts=() if manifest is None else manifest.recording_parts,
        csv=None if manifest is None else manifest.csv,
        findings=tuple(findings),
        sidecar_notes=sidecar_notes(folder, data),
        eni=eni,
        trusted_lists=None if eutl is None else eutl.lists,
        qualified=None if eutl is None else assess_document(data, eutl),
        public_copy=manifest is not None and is_public_copy(folder, manifest),
        transcript=transcript_status(folder, manifest),
    )


def _eni_findings(eni: EniCheck | None) -> Iterator[Finding]:
    for found in () if eni is None else eni.problems:
        yield Finding(verdict=Verdict(found.verdict), subject=found.subject, message=found.message)


def _read_manifest(data: bytes) -> tuple[bytes, Manifest | None, str | None]:
    """The embedded manifest's bytes and model, or why it cannot be read."""
    try:
        embedded = embedded_manifest(data)
    except (EmbeddedFileError, ManifestError) as error:
        return b"", None, str(error)
    try:
        return embedded, parse_manifest(embedded), None
    except ManifestError as error:
        return embedded, None, f"the embedded {MANIFEST} is not a manifest: {error}"


def _unreadable(folder: Path, subject: str, message: str) -> VerifyReport:
    finding = Finding(verdict=Verdict.UNREADABLE, subject=subject, message=message)
    return VerifyReport(package=folder, verdict=Verdict.UNREADABLE, findings=(finding,))


def _damaged(folder: Path, document: Path, error: str) -> VerifyReport:
    """A PDF that no longer parses: tampered if it was signed (it holds a byte range)."""
    signed = signed_length(document)
    if signed is None:
        return _unreadable(folder, DOCUMENT, error)
    size = document.stat().st_size
    if size < signed:
        error = f"{error}; a signature covers {signed} bytes, the file has {size}"
    message = f"is signed, but damaged: {error}"
    finding = Finding(verdict=Verdict.TAMPERED, subject=DOCUMENT, message=message)
    return VerifyReport(package=folder, verdict=Verdict.TAMPERED, findings=(finding,))


def embedded_manifest(data: bytes) -> bytes:
    """The bytes of the manifest.json embedded in the PDF `data`, in the revision the
    secretary certified (attached.py); ManifestError if there is none, EmbeddedFileError if
    there are several or it cannot be read."""
    found = embedded_file(data, MANIFEST)
    if found is None:
        raise ManifestError(f"holds no embedded {MANIFEST}")
    return found


def _signature_findings(
    signatures: tuple[SignatureCheck, ...], empty_fields: tuple[str, ...]
) -> Iterator[Finding]:
    regular = [check for check in signatures if check.kind == "signature"]
    if not regular:
        yield Finding(verdict=Verdict.INCOMPLETE, subject=DOCUMENT, message="is not signed")
    for name in empty_fields:
        yield Finding(verdict=Verdict.INCOMPLETE, subject=name, message="is not signed yet")
    for check in signatures:
        if check.verdict is not Verdict.VALID:
            yield Finding(verdict=check.verdict, subject=check.field, message=check.problem or "")


def _signer_findings(signers: tuple[SignerCheck, ...]) -> Iterator[Finding]:
    for check in signers:
        if check.problem is not None:
            message = check.problem
            yield Finding(verdict=Verdict.SIGNER_MISMATCH, subject=check.field, message=message)


def _manifest_findings(folder: Path, embedded: bytes) -> Iterator[Finding]:
    path = folder / MANIFEST
    problem = _file_problem(path)
    if problem is not None:
        yield Finding(verdict=problem[0], subject=MANIFEST, message=problem[1])
        return
    try:
        on_disk = path.read_bytes()
    except OSError as error:
        yield Finding(verdict=Verdict.UNREADABLE, subject=MANIFEST, message=_unreadable_file(error))
        return
    if on_disk != embedded:
        yield Finding(
            verdict=Verdict.TAMPERED,
            subject=MANIFEST,
            message=f"differs from the manifest embedded in {DOCUMENT}",
        )


def _file_problem(path: Path) -> tuple[Verdict, str] | None:
    """Why `path` is not a regular file that can be read, looked at without following links
    and without opening anything that could block (a named pipe); None if it is one."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return Verdict.TAMPERED, "is missing"
    except OSError as error:
        return Verdict.UNREADABLE, _unreadable_file(error)
    if stat.S_ISLNK(mode):
        return Verdict.TAMPERED, "is a symbolic link"
    if not stat.S_ISREG(mode):
        return Verdict.TAMPERED, "is not a regular file"
    if not os.access(path, os.R_OK):
        return Verdict.UNREADABLE, "cannot be read (permission denied)"
    return None


def _unreadable_file(error: OSError) -> str:
    return f"cannot be read ({error.strerror or error})"


def check_files(
    folder: Path, manifest: Manifest, *, progress: Progress | None = None,
    sha512: dict[str, str] | None = None,
) -> list[Finding]:  # fmt: skip
    """Every listed file present with its size and SHA-256; nothing unlisted; no escapes.
    Given `sha512`, each file's SHA-512 is put there too, by its path, from the same read."""
    odd = odd_entries(folder)
    findings = [Finding(verdict=_odd_verdict(message), subject=path, message=message)
                for path, message in sorted(odd.items())]  # fmt: skip
    to_hash: dict[Path, tuple[str, str]] = {}
    seen: set[str] = set()
    public = is_public_copy(folder, manifest)
    for entry in manifest.files:
        if entry.path in odd:  # reported above
            seen.add(entry.path)
            continue
        if (
            withheld_absent(folder, manifest, entry.path, public_copy=public)
            and entry.path not in seen
        ):
            seen.add(entry.path)
            findings.append(withheld_finding(entry.path))
            continue
        problem = _entry_problem(folder, entry.path, entry.size, seen) or _through(odd, entry.path)
        seen.add(entry.path)
        if problem is not None:
            findings.append(Finding(verdict=problem[0], subject=entry.path, message=problem[1]))
        else:
            to_hash[folder / entry.path] = (entry.path, entry.sha256)
    findings += _digest_findings(to_hash, progress, sha512)
    for extra in sorted(set(listed_files(folder)) - seen - odd.keys()):
        message = TEMPORARY_LEFT if is_temporary(extra) else "is not listed in the manifest"
        findings.append(Finding(verdict=Verdict.TAMPERED, subject=extra, message=message))
    return findings


def _odd_verdict(message: str) -> Verdict:
    return Verdict.UNREADABLE if message.startswith(UNLISTABLE) else Verdict.TAMPERED


def _digest_findings(
    to_hash: dict[Path, tuple[str, str]], progress: Progress | None, sha512: dict[str, str] | None
) -> list[Finding]:
    """The SHA-256 of every file to hash against the manifest's (and its SHA-512 kept)."""
    algorithms = ("sha256",) if sha512 is None else ("sha256", "sha512")
    try:
        found = hashing.digest_files(to_hash, algorithms, progress) if to_hash else {}
    except OSError as error:  # a file made unreadable after it was checked
        name = to_hash.get(Path(error.filename or ""), (str(error.filename), ""))[0]
        return [Finding(verdict=Verdict.UNREADABLE, subject=name, message=_unreadable_file(error))]
    if sha512 is not None:
        sha512.update({to_hash[path][0]: d.hexdigests["sha512"] for path, d in found.items()})
    digests = {path: d.of("sha256") for path, d in found.items()}
    message = "SHA-256 does not match the manifest"
    return [Finding(verdict=Verdict.TAMPERED, subject=name, message=message)
            for path, (name, expected) in to_hash.items()
            if digests[path].sha256 != expected]  # fmt: skip


def _through(odd: dict[str, str], path: str) -> tuple[Verdict, str] | None:
    """A listed file reached through a symbolic link (a linked folder) is not in the package."""
    parents = PurePosixPath(path).parents
    linked = [parent.as_posix() for parent in parents if parent.as_posix() in odd]
    if not linked:
        return None
    return Verdict.TAMPERED, f"is inside {linked[-1]}, which {odd[linked[-1]]}"


def _entry_problem(
    folder: Path, path: str, size: int, seen: set[str]
) -> tuple[Verdict, str] | None:
    if not is_safe_path(path):
        return Verdict.TAMPERED, "the manifest lists a path outside the package"
    if path in seen:
        return Verdict.TAMPERED, "is listed twice in the manifest"
    if not_listed(path):
        return Verdict.TAMPERED, "cannot be listed in the manifest"
    target = folder / path
    problem = _file_problem(target)
    if problem is not None:
        return problem
    actual = target.stat().st_size
    if actual != size:
        return Verdict.TAMPERED, f"is {actual} bytes, the manifest says {size}"
    return None
