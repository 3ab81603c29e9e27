"""The stages, wired in one place, in the order their types hold (see `stage`).

`videoacta index` runs the index stage, `videoacta render` the open data, the viewer and the
acta, `videoacta build` all of them and then certifies: so `index` then `render` make the files
`build` makes without a signer. A stage returns its files as artefacts (values with their
digests), which the next stages and the manifest take from memory."""

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from videoacta.core.eni import EniRecord, eni_record
from videoacta.core.identity import signatories_of
from videoacta.core.published import publication
from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import TallyRun, tally
from videoacta.core.terms import Language
from videoacta.core.transcript_check import Presiding
from videoacta.core.video_index import Index
from videoacta.credentials import Prompt
from videoacta.document.csv_stamp import RANDOM, CsvSettings
from videoacta.errors import InputError
from videoacta.inputs import session_folder, transcript_file
from videoacta.media import index_stage, parts, video
from videoacta.outputs import check_apart
from videoacta.package import DOCUMENT, check_outside_packages, new_package
from videoacta.progress import Progress, Step, quiet, report
from videoacta.publish.opendata import write_exports
from videoacta.publish.transcript_files import write_transcript_files
from videoacta.publish.viewer import write_pages
from videoacta.stage import BuildResult as BuildResult
from videoacta.stage import (
    IndexStage,
    Made,
    Stage,
    StageInputs,
    WithActa,
    certifies,
    collector_paused,
    open_certifier,
)
from videoacta.transcribe import files as transcript_files
from videoacta.transcribe.stage import TranscribeOptions, transcribe

# Typst and pyHanko take a second to import: only the stages that need them import them.
if TYPE_CHECKING:
    from videoacta.document import render_stage
    from videoacta.signing.certifier import Certifier
    from videoacta.signing.pdf_signing import SignOptions


def run_tally(folder: Path) -> TallyRun:
    """Load a session folder, replay its vote log and count every vote."""
    return _count(folder, session_folder.load_session(folder))


def _count(folder: Path, session: Session) -> TallyRun:
    with collector_paused():
        log = session_folder.load_log(folder, session)
        proceedings = replay(session, log)
        result = tally(session, proceedings, source=log.source)
    return TallyRun(session=session, proceedings=proceedings, tally=result)


def place_on_recording(inputs: StageInputs, placed: index_stage.Placed) -> Made:
    """index.json, chapters.vtt, the recording, posters/ and clips/."""
    indexed = index_stage.write_index(
        placed, inputs.work, container=inputs.container, clips=inputs.clips,
        progress=inputs.progress,
    )  # fmt: skip
    return Made(index=indexed.index, artefacts=indexed.artefacts)


def publish_transcript(inputs: StageInputs, made: Made) -> Made:
    """transcript.json and its captions, when the session has a transcript (checked first)."""
    if inputs.transcript is None:
        return made
    run, heard, source = inputs.run, inputs.transcript, inputs.transcript_source
    chair = Presiding.of_index(run.session, run.proceedings, made.index)
    files = write_transcript_files(inputs.work, heard, run.session, made.index, source, chair)
    return made.adding(files)


def publish_open_data(inputs: StageInputs, made: Made) -> Made:
    """votes.popolo.json and votes.csv."""
    run = inputs.run
    return made.adding(write_exports(inputs.work, run=run, view=inputs.view))


def publish_viewer(inputs: StageInputs, made: Made) -> Made:
    """index.html (index.public.html too for a public rendition), naming the certifier."""
    signatures = [] if inputs.certifier is None else [certifies(inputs.certifier)]
    pages = write_pages(
        inputs.work, run=inputs.run, index=made.index, signatures=signatures, view=inputs.view,
        transcript=inputs.transcript,
    )  # fmt: skip
    return made.adding(pages)


def render_acta(inputs: StageInputs, made: Made) -> WithActa:
    """manifest.json, from the artefacts' digests, and acta.pdf, which embeds it."""
    from videoacta.document import render_stage

    run = inputs.run
    report(inputs.progress, Step.ACTA, 0, 1)
    acta = render_stage.write_acta(
        inputs.work, run, made.index, made.artefacts, language=_language(inputs),
        signatories=signatories_of(run.session), view=inputs.view, eni=_eni(run.session),
        csv=inputs.csv, transcript=inputs.transcript,
    )  # fmt: skip
    report(inputs.progress, Step.ACTA, 1, 1)
    return WithActa(
        index=made.index, artefacts=made.adding(acta.artefacts).artefacts, acta=acta.data,
        pages=acta.pages,
    )  # fmt: skip


def _eni(session: Session) -> EniRecord | None:
    """The session's `[eni]`, as the manifest records it."""
    eni, day, zone = session.eni, session.date, session.timezone
    return None if eni is None else eni_record(eni, session_id=session.id, date=day, timezone=zone)


def certify(inputs: StageInputs, made: WithActa) -> WithActa:
    """The secretary's certification of acta.pdf, given a signer; else nothing."""
    if inputs.certifier is None:
        return made
    report(inputs.progress, Step.SIGNING, 0, 1)
    result = inputs.certifier.certify(inputs.work / DOCUMENT, made.acta)
    report(inputs.progress, Step.SIGNING, 1, 1)
    return replace(made, certified=result)


INDEX: IndexStage = place_on_recording  # videoacta index
PUBLISH: tuple[Stage, ...] = (publish_transcript, publish_open_data, publish_viewer)  # then render


def run_render_stages(inputs: StageInputs, made: Made) -> WithActa:
    """`videoacta render`'s stages: the open data, the viewer, then the acta (its manifest)."""
    for stage in PUBLISH:
        made = stage(inputs, made)
    return render_acta(inputs, made)


def _nothing() -> None:
    """No hook between the stages."""


def run_build_stages(
    inputs: StageInputs, placed: index_stage.Placed, *, after_index: Callable[[], None] = _nothing,
    transcription: TranscribeOptions | None = None,
) -> WithActa:  # fmt: skip
    """`videoacta build`'s stages: `index`'s, then (with `transcription`) speech recognition,
    then `render`'s, then the certification (which does nothing without a signer).
    `after_index` runs when the index stage has written its files and nothing else yet: the
    batch's fault tests stop a job there. The transcript goes on in `inputs.transcript`."""
    made = INDEX(inputs, placed)
    after_index()
    if transcription is not None:
        heard = transcribe(placed, transcription, progress=inputs.progress)
        inputs = replace(inputs, transcript=heard, transcript_source="build --transcribe")
    return certify(inputs, run_render_stages(inputs, made))


def run_index(
    folder: Path,
    out: Path,
    *,
    container: video.Container = video.Container.MP4,
    clips: video.ClipMode | None = None,
    force: bool = False,
    replace_signed: bool = False,
    progress: Progress = quiet,
) -> Index:
    """`videoacta index`: tally the session, place it on its recording, write the index folder
    `out` atomically (a signed package there is replaced only with `replace_signed` too)."""
    check_apart(out, folder)
    check_outside_packages(out)
    run = run_tally(folder)
    placed = index_stage.Placed(folder, run)
    with new_package(out, force=force, replace_signed=replace_signed) as work:
        inputs = StageInputs(
            run=run, view=placed.view, work=work, container=container, clips=clips,
            progress=progress,
        )  # fmt: skip
        return INDEX(inputs, placed).index


def run_render(
    folder: Path,
    out: Path,
    *,
    language: Language | None = None,
    force: bool = False,
    csv: CsvSettings = RANDOM,
    progress: Progress = quiet,
) -> "render_stage.Rendered":
    """`videoacta render`: tally the session, check the index folder `out` that `videoacta index`
    made (hashing the parts and its files, reported to `progress`), then write the rest of the
    package into it, each file atomically."""
    from videoacta.document import render_stage

    check_apart(out, folder)
    check_outside_packages(out)
    report(progress, Step.CHECKING, 0, 1)
    run = run_tally(folder)
    report(progress, Step.CHECKING, 1, 1)
    paths = parts.resolve_parts(folder, run.session.recording.parts)
    found = render_stage.read_index_folder(out, run, paths, force=force, progress=progress)
    view = publication(run.session, run.proceedings, run.tally)
    transcript = transcript_file.session_transcript(folder, run.session)
    inputs = StageInputs(
        run=run, view=view, work=out, language=language, csv=csv, transcript=transcript,
        progress=progress,
    )  # fmt: skip
    made = run_render_stages(inputs, Made(index=found.index, artefacts=found.artefacts))
    before = {id(artefact) for artefact in found.artefacts}
    written = [a.name for a in made.artefacts if id(a) not in before and a.name != DOCUMENT]
    return render_stage.Rendered(
        document=out / DOCUMENT,
        pages=made.pages,
        language=_language(inputs),
        files=tuple(out / name for name in written),
    )


def build(
    session_dir: Path,
    out: Path,
    *,
    name: PurePath | str | None = None,
    force: bool = False,
    replace_signed: bool = False,
    signing: "SignOptions | None" = None,
    prompt: Prompt | None = None,
    csv: CsvSettings = RANDOM,
    eni: bool = False,
    progress: Progress = quiet,
    after_index: Callable[[], None] = _nothing,
    transcription: TranscribeOptions | None = None,
) -> BuildResult:
    """`videoacta build`: run every stage into the package `out/SESSION-ID` (or `out/name`),
    written atomically.

    With `signing`, the secretary certifies acta.pdf before the folder is renamed into place,
    so a failed signature leaves nothing behind; without it the package is unsigned.
    `after_index` runs between the index stage and the others (see `run_build_stages`).
    With `eni` and `signing`, the ENI files too (`eni.export.file_certified`). With
    `transcription`, speech recognition after the index stage (`check_transcribable`).
    """
    if heard := transcription:
        transcript_files.check_transcribable(session_dir, heard)
    session = session_folder.load_session(session_dir)
    if eni and session.eni is None:
        raise InputError("session.toml", "build --eni needs [eni] (organ, classification)")
    transcript = transcript_file.session_transcript(session_dir, session)
    package = out / (name or session.id)
    check_apart(package, session_dir)
    check_outside_packages(package)
    report(progress, Step.CHECKING, 0, 1)
    run = _count(session_dir, session)
    report(progress, Step.CHECKING, 1, 1)
    placed = index_stage.Placed(session_dir, run)
    with (
        new_package(package, force=force, replace_signed=replace_signed) as work,
        ExitStack() as stack,
    ):
        # Opened first: a wrong passphrase fails before the long stages, and the page can
        # name who certifies.
        certifier = open_certifier(stack, signing, prompt, signatories_of(session))
        inputs = StageInputs(
            run=run, view=placed.view, work=work, certifier=certifier, csv=csv,
            transcript=transcript, progress=progress,
        )  # fmt: skip
        made = run_build_stages(inputs, placed, after_index=after_index, transcription=heard)
        filed = _file_eni(work, certifier) if eni else None
    signed = made.certified
    return BuildResult(
        package=package,
        session_id=session.id,
        signed=signed is not None,
        signer=None if signed is None else signed.signer,
        level=None if signed is None else signed.level.value,
        root=None if signed is None else signed.root,
        eni=filed,
        warnings=made.index.warnings,
    )


def _file_eni(work: Path, certifier: "Certifier | None") -> str | None:
    from videoacta.eni.export import file_certified  # pyHanko: only when signing

    return None if certifier is None else file_certified(work, certifier).identifier


def _language(inputs: StageInputs) -> Language:
    return inputs.language or inputs.run.session.language
