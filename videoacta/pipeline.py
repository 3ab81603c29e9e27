"""The stages, wired in one place. Each function runs one command's work."""

import gc
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from videoacta.core.identity import Signatories, signatories_of
from videoacta.core.replay import replay
from videoacta.core.tally import TallyRun, tally
from videoacta.core.terms import Frozen, Language
from videoacta.core.video_index import Index
from videoacta.credentials import Prompt
from videoacta.hashing import FileDigest
from videoacta.inputs import session_folder
from videoacta.media import index_stage, parts, video
from videoacta.media.index_stage import Progress
from videoacta.outputs import check_apart
from videoacta.package import (
    RecordingPart,
    build_manifest,
    check_outside_packages,
    new_package,
    write_manifest,
)
from videoacta.publish.opendata import write_exports
from videoacta.publish.viewer import SignatureRole, SignatureSummary, write_viewer

# fpdf2 and pyHanko take a second to import: only the stages that need them import them.
if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer

    from videoacta.document import render_stage
    from videoacta.signing.pdf_signing import SignOptions, SignResult


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a pure fold that makes no cycles.

    A large log holds over a million objects; each full collection walks them all and would
    double the time of the tally (as Mercurial's `util.nogc` does for the same reason).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_tally(folder: Path) -> TallyRun:
    """Load a session folder, replay its vote log and count every vote."""
    session = session_folder.load_session(folder)
    with collector_paused():
        log = session_folder.load_log(folder, session)
        proceedings = replay(session, log)
        result = tally(session, proceedings, source=log.source)
    return TallyRun(session=session, proceedings=proceedings, tally=result)


def run_index(
    folder: Path,
    out: Path,
    *,
    container: video.Container = video.Container.MP4,
    clips: video.ClipMode | None = None,
    force: bool = False,
    replace_signed: bool = False,
    progress: Progress = index_stage.quiet,
) -> Index:
    """Tally the session, then place it on its recording and write the index folder."""
    check_apart(out, folder)
    check_outside_packages(out)
    run = run_tally(folder)
    return index_stage.index_recording(
        folder, run, out, container=container, clips=clips, force=force,
        replace_signed=replace_signed, progress=progress,
    )  # fmt: skip


def run_render(
    folder: Path, out: Path, *, language: Language | None = None, force: bool = False
) -> "render_stage.Rendered":
    """Tally the session, then write acta.pdf and its data files into the index folder `out`."""
    from videoacta.document import render_stage

    check_apart(out, folder)
    check_outside_packages(out)
    run = run_tally(folder)
    paths = parts.resolve_parts(folder, run.session.recording.parts)
    return render_stage.render_folder(out, run, paths, language=language, force=force)


class BuildResult(Frozen):
    """What `videoacta build` made: where the package is, and who signed it."""

    package: Path
    session_id: str
    signed: bool
    signer: str | None = None
    level: str | None = None
    root: str | None = None  # the self-signed root in the signer's chain, if it holds one
    warnings: tuple[str, ...]


def build_package(
    session_dir: Path,
    package: Path,
    *,
    force: bool = False,
    replace_signed: bool = False,
    signing: "SignOptions | None" = None,
    prompt: Prompt | None = None,
    progress: Progress = index_stage.quiet,
) -> BuildResult:
    """Run every stage into the package folder `package`, written atomically.

    With `signing`, the secretary certifies acta.pdf before the folder is renamed into place,
    so a failed signature leaves nothing behind; without it the package is unsigned.
    """
    check_apart(package, session_dir)
    check_outside_packages(package)
    progress("checking the session", 0, 1)
    run = run_tally(session_dir)
    placed = index_stage.Placed(session_dir, run)
    from videoacta.document import render_stage

    with (
        new_package(package, force=force, replace_signed=replace_signed) as work,
        ExitStack() as stack,
    ):
        # Opened first: a wrong passphrase fails before the long stages, and the page can
        # name who certifies.
        expected = signatories_of(run.session)
        certifier = _open_certifier(stack, signing, prompt, expected)
        index = index_stage.write_index(placed, work, progress=progress)
        write_exports(work, run=run)
        summaries = [] if certifier is None else [_certifies(certifier[1], signing)]
        write_viewer(work, run=run, index=index, signatures=summaries)
        parts = [RecordingPart(file=p.file, size=p.size, sha256=p.sha256) for p in index.parts]
        progress("hashing the package", 0, 1)
        known = _recording_digest(index)
        manifest = build_manifest(work, recording_parts=parts, known=known, signatories=expected)
        write_manifest(work, manifest)
        progress("hashing the package", 1, 1)
        render_stage.write_acta(work, run, index)
        signed = _certify(work, signing, certifier, progress)
    return BuildResult(
        package=package,
        session_id=run.session.id,
        signed=signed is not None,
        signer=None if signed is None else signed.signer,
        level=None if signed is None else signed.level.value,
        root=None if signed is None else signed.root,
        warnings=index.warnings,
    )


def _recording_digest(index: Index) -> dict[str, FileDigest]:
    """The index stage hashed the recording already: the manifest need not read it again."""
    if index.recording is None:
        return {}
    recording = index.recording
    return {recording.file: FileDigest(size=recording.size, sha256=recording.sha256)}


def _open_certifier(
    stack: ExitStack, options: "SignOptions | None", prompt: Prompt | None, expected: Signatories
) -> "tuple[Signer, str] | None":
    """Open the signer and check it is the session's secretary (or a substitute), or refuse."""
    if options is None:
        return None
    from videoacta.signing import (  # pyHanko is slow to import: only when signing
        pdf_signing,
        signatories,
    )

    opened = stack.enter_context(pdf_signing.opened_signer(options, prompt=prompt))
    signer = signatories.certified_person(opened[0].signing_cert)
    signatories.refuse_signer(options.role, signer, expected, options.substitute)
    return opened


def _certifies(name: str, options: "SignOptions | None") -> SignatureSummary:
    """The secretary's signature as known when the page is made: who, not yet when."""
    substitute = None if options is None else options.substitute
    return SignatureSummary(signer=name, role=SignatureRole.CERTIFIES, substitute=substitute)


def _certify(
    work: Path,
    options: "SignOptions | None",
    certifier: "tuple[Signer, str] | None",
    progress: Progress,
) -> "SignResult | None":
    if options is None or certifier is None:
        return None
    from videoacta.signing import pdf_signing

    progress("signing", 0, 1)
    result = pdf_signing.sign_package(work, options, signer=certifier[0])
    progress("signing", 1, 1)
    return result
