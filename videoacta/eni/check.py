"""What `videoacta verify` checks of the ENI files when the package holds them: the index's
signature (AGE policy, a trusted certificate, the session's secretary), the index against the
package's files, and the ENI document against acta.pdf."""

import hashlib
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.errors import ValidationError as CertValidationError

from videoacta.core.identity import Role, signing_problem
from videoacta.core.terms import Frozen
from videoacta.eni.document import content_of
from videoacta.eni.expediente import documents_of, indexed, sha512_file
from videoacta.eni.export import filed_at
from videoacta.eni.files import FILE_ENI_FOLDER, file_eni, held_content
from videoacta.eni.vocabulary import SHA512
from videoacta.eni.xades import IndexSignatureError, verify_index
from videoacta.errors import SigningError
from videoacta.package import ACTA_ENI, DOCUMENT, EXPEDIENTE_ENI, Manifest
from videoacta.signing.pyhanko_calls import one_line, validate_certificate
from videoacta.signing.signatories import certified_person
from videoacta.signing.trust import TrustSettings, validation_context

EARLIER = "files acta.pdf as it was before a later signature: run `videoacta eni` again"
STALE = "does not match the package: acta.pdf or a file changed after `videoacta eni`; run it again"


class EniProblem(Frozen):
    """One thing wrong with the ENI files: a verdict's value, the file, the sentence."""

    verdict: str
    subject: str
    message: str


class EniCheck(Frozen):
    """The ENI files found, who signed the index, and what does not hold."""

    files: tuple[str, ...]
    signer: str | None = None
    documents: int = 0
    problems: tuple[EniProblem, ...] = ()


def check_eni(
    folder: Path, data: bytes, manifest: Manifest, trust: TrustSettings,
    sha512: dict[str, str] | None = None,
) -> EniCheck | None:  # fmt: skip
    """Check the ENI files of the package `folder` (acta.pdf's bytes `data`, its signed
    `manifest`; `sha512`: the files' digests when verify has them, else they are read);
    None when it holds neither."""
    files = tuple(name for name in (ACTA_ENI, EXPEDIENTE_ENI) if (folder / name).is_file())
    if not files:
        return None
    problems = []
    held = content_of((folder / ACTA_ENI).read_bytes()) if ACTA_ENI in files else data
    filed = data
    if held is not None and held != data and data.startswith(held):
        # Filed before a later revision (`build --eni`, then the visto bueno): the signatures
        # judge that revision; the ENI files are checked as of the acta they hold.
        problems.append(EniProblem(verdict="incomplete", subject=ACTA_ENI, message=EARLIER))
        filed = held
    elif held != data:
        problems.append(EniProblem(verdict="tampered", subject=ACTA_ENI, message=STALE))
    if EXPEDIENTE_ENI not in files:
        return EniCheck(files=files, problems=tuple(problems))
    digests = {**(sha512 or {}), DOCUMENT: hashlib.sha512(filed).hexdigest()}
    checked = _check_index(folder, data, manifest, trust, digests)
    return checked.model_copy(update={"files": files, "problems": (*problems, *checked.problems)})


def _check_index(
    folder: Path, data: bytes, manifest: Manifest, trust: TrustSettings, sha512: dict[str, str]
) -> EniCheck:
    try:
        content, cert, _ = verify_index((folder / EXPEDIENTE_ENI).read_bytes())
    except IndexSignatureError as error:
        return EniCheck(files=(), problems=(_problem("tampered", str(error)),))
    signer = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    listed = indexed(content)
    problems = [*_trust_problems(signer, trust), *_signer_problems(signer, manifest)]
    expected = _expected(folder, data, manifest, sha512)
    if listed != expected:
        problems.append(_problem("tampered", f"the signed index {STALE}"))
    names = documents_of(folder, {entry.path for entry in manifest.files})[1:]
    problems += file_problems(folder, dict(zip(names, expected[1:], strict=False)))
    name = str(signer.subject.native.get("common_name", signer.subject.human_friendly))
    return EniCheck(files=(), signer=name, documents=len(listed), problems=tuple(problems))


def _expected(
    folder: Path, data: bytes, manifest: Manifest, sha512: dict[str, str]
) -> list[tuple[str, str, str]]:
    """What the index must list: each document's identifier, SHA-512 and function, in order."""
    if manifest.eni is None:
        return []
    try:
        captured, _ = filed_at(data, complete=False)
    except SigningError:
        return []
    names = documents_of(folder, {entry.path for entry in manifest.files})
    acta = [None if n == names[0] else n for n in names]
    return [
        (
            manifest.eni.document_id(captured.year, key),
            sha512.get(name) or sha512_file(folder / name),
            SHA512,
        )
        for key, name in zip(acta, names, strict=True)
        if (folder / name).is_file()
    ]


def file_problems(folder: Path, expected: dict[str, tuple[str, str, str]]) -> list[EniProblem]:
    """Each file's ENI document (eni/<file>.eni.xml) there, with the identifier the index gives
    it and the file as content (its bytes, same SHA-512, or its name); no other in eni/."""
    problems = []
    for name, (identifier, digest, _) in expected.items():
        where = file_eni(name)
        try:
            found, content = held_content((folder / where).read_bytes())
        except OSError:
            problems.append(_problem("tampered", f"is missing: {STALE}", where))
            continue
        if found != identifier:
            problems.append(_problem("tampered", f"names {found}, the index {identifier}", where))
        held = content if isinstance(content, str) else None
        if held != name and (held is not None or _sha512(content) != digest):
            problems.append(_problem("tampered", f"does not hold {name}: {STALE}", where))
    eni = folder / FILE_ENI_FOLDER
    others = sorted(p.name for p in eni.iterdir()) if eni.is_dir() else []
    made = {file_eni(name) for name in expected}
    for extra in (f"{FILE_ENI_FOLDER}/{n}" for n in others if f"{FILE_ENI_FOLDER}/{n}" not in made):
        problems.append(_problem("tampered", "is not a document of the expediente", extra))
    return problems


def _sha512(content: bytes | str | None) -> str | None:
    return hashlib.sha512(content).hexdigest() if isinstance(content, bytes) else None


def _trust_problems(cert: asn1_x509.Certificate, trust: TrustSettings) -> list[EniProblem]:
    try:
        validate_certificate(cert, validation_context(trust))
    except (PathBuildingError, PathValidationError, CertValidationError) as error:
        return [_problem("untrusted", f"the index's signer is not trusted: {one_line(error)}")]
    return []


def _signer_problems(cert: asn1_x509.Certificate, manifest: Manifest) -> list[EniProblem]:
    if manifest.signatories is None:
        return []
    person = certified_person(cert)
    problem = signing_problem(Role.SECRETARY, person, manifest.signatories, None)
    return [] if problem is None else [_problem("signer_mismatch", f"the index: {problem}")]


def _problem(verdict: str, message: str, subject: str = EXPEDIENTE_ENI) -> EniProblem:
    return EniProblem(verdict=verdict, subject=subject, message=message)
