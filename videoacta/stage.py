"""The seam every stage shares: what a stage reads (`StageInputs`), what the stages of a run
made so far (`Made`), and the signature of a stage (`Stage`). `pipeline` holds the list."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from videoacta.artefacts import Artefact, latest
from videoacta.core.tally import TallyRun
from videoacta.core.terms import Language
from videoacta.core.video_index import Index
from videoacta.media import index_stage, video
from videoacta.progress import Progress, quiet

if TYPE_CHECKING:  # pyHanko is slow to import: only a build with a signer imports it
    from videoacta.signing.certifier import Certifier
    from videoacta.signing.pdf_signing import SignResult


@dataclass(frozen=True, kw_only=True)
class StageInputs:
    """What every stage may read: the session counted, the folder being filled (`work`), and
    the command's choices. `placed` (the session on its recording) is what the index stage
    starts from: it is made before any folder, so a bad recording fails first."""

    run: TallyRun
    work: Path
    placed: index_stage.Placed | None = None
    container: video.Container = video.Container.MP4
    clips: video.ClipMode | None = None
    language: Language | None = None
    certifier: "Certifier | None" = None
    progress: Progress = quiet


@dataclass(frozen=True)
class Made:
    """What the stages of one run made so far. A later artefact replaces an earlier one of the
    same name (`render` rewrites the vote files of an earlier render). acta.pdf is listed as
    rendered; `certified` says whether it was signed since."""

    artefacts: tuple[Artefact, ...] = ()
    index: Index | None = None
    pages: int = 0
    certified: "SignResult | None" = None

    def adding(
        self, artefacts: Sequence[Artefact], *, index: Index | None = None, pages: int = 0
    ) -> "Made":
        """These artefacts added; the index and the page count, if a stage made them."""
        return replace(
            self,
            artefacts=latest(self.artefacts, tuple(artefacts)),
            index=index or self.index,
            pages=pages or self.pages,
        )

    def indexed(self) -> Index:
        assert self.index is not None, "a stage after the index stage runs without an index"
        return self.index


Stage = Callable[[StageInputs, Made], Made]
