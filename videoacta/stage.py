"""The seam every stage shares: what a stage reads (`StageInputs`), what the stages of a run
made so far (`Made`, then `WithActa` once acta.pdf is), and the signatures of the stages.

The order of the stages is in these types, checked by mypy: only the index stage makes a `Made`
from nothing, every other stage needs one (so its index), and only the render stage makes a
`WithActa`, which certifying needs. `pipeline` wires them."""

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from videoacta.artefacts import Artefact, latest
from videoacta.core.identity import Signatories
from videoacta.core.published import Publication
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Frozen, Language
from videoacta.core.transcript import Transcript
from videoacta.core.video_index import Index
from videoacta.credentials import Prompt
from videoacta.document.csv_stamp import RANDOM, CsvSettings
from videoacta.media import index_stage, video
from videoacta.progress import Progress, quiet
from videoacta.publish.viewer import SignatureRole, SignatureSummary

if TYPE_CHECKING:  # pyHanko is slow to import: only a build with a signer imports it
    from videoacta.signing.certifier import Certifier
    from videoacta.signing.pdf_signing import SignOptions, SignResult


@dataclass(frozen=True, kw_only=True)
class StageInputs:
    """What every stage may read: the session counted, the folder being filled (`work`), and
    the command's choices."""

    run: TallyRun
    view: Publication  # the run's published view, made once for every output
    work: Path
    container: video.Container = video.Container.MP4
    clips: video.ClipMode | None = None
    language: Language | None = None
    certifier: "Certifier | None" = None
    csv: CsvSettings = RANDOM
    # SESSION_DIR/transcript.json, or `build --transcribe`'s once the index stage ran
    transcript: Transcript | None = None
    transcript_source: str = "transcript.json"  # what its problems name ("build --transcribe")
    progress: Progress = quiet


@dataclass(frozen=True, kw_only=True)
class Made:
    """What the stages of one run made so far, from the index on: every later stage reads the
    index, so there is no `Made` without one. A later artefact replaces an earlier one of the
    same name (`render` rewrites the vote files of an earlier render)."""

    index: Index
    artefacts: tuple[Artefact, ...] = ()

    def adding(self, artefacts: Sequence[Artefact]) -> "Made":
        """These artefacts added."""
        return replace(self, artefacts=latest(self.artefacts, tuple(artefacts)))


@dataclass(frozen=True, kw_only=True)
class WithActa(Made):
    """What the run made once acta.pdf is rendered: its bytes as rendered (so certifying reads
    nothing back), its page count, and whether it was certified since."""

    acta: bytes = field(repr=False)
    pages: int
    certified: "SignResult | None" = None


class BuildResult(Frozen):
    """What `videoacta build` made: where the package is, and who signed it."""

    package: Path
    session_id: str
    signed: bool
    signer: str | None = None
    level: str | None = None
    root: str | None = None  # the self-signed root in the signer's chain, if it holds one
    eni: str | None = None  # with `eni`: the acta's ENI identifier
    warnings: tuple[str, ...]


IndexStage = Callable[[StageInputs, index_stage.Placed], Made]
"""The first stage: the session placed on its recording, made into the index."""

Stage = Callable[[StageInputs, Made], Made]
"""A stage that runs on the index and what was made with it."""

"""Every stage of a build, in order, from the session placed on its recording."""


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


def open_certifier(
    stack: ExitStack, options: "SignOptions | None", prompt: Prompt | None, expected: Signatories
) -> "Certifier | None":
    """The secretary's signer, opened before the long stages; None without signer options."""
    if options is None:
        return None
    from videoacta.signing import certifier  # pyHanko is slow to import: only when signing

    return certifier.open_certifier(stack, options, prompt, expected)


def certifies(certifier: "Certifier") -> SignatureSummary:
    """The secretary's signature as known when the page is made: who, not yet when."""
    return SignatureSummary(
        signer=certifier.name,
        role=SignatureRole.CERTIFIES,
        substitute=certifier.options.substitute,
    )
