"""The stages, wired in one place. Each function runs one command's work."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from videoacta import inputs, recording, video
from videoacta.index import Index
from videoacta.recording import Progress
from videoacta.replay import replay
from videoacta.tally import TallyRun, tally


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
    session = inputs.load_session(folder)
    with collector_paused():
        log = inputs.load_log(folder, session)
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
    progress: Progress = recording.quiet,
) -> Index:
    """Tally the session, then place it on its recording and write the index folder."""
    run = run_tally(folder)
    return recording.index_recording(
        folder, run, out, container=container, clips=clips, force=force, progress=progress
    )
