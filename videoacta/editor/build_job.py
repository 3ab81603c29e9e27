"""`build` run from the editor: one job at a time, in a thread, its progress read by the page.

The package is built unsigned into the editor's output folder (an unsigned package of the same
session there is replaced; a signed one never is): the secretary signs it afterwards with their
own certificate (`videoacta sign`), whose PIN or passphrase belongs on their terminal, not in a
web page. Once a build succeeds, the vote log's earlier versions are no longer kept.
"""

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from videoacta import pipeline
from videoacta.editor import versions
from videoacta.errors import VideoactaError
from videoacta.progress import ProgressEvent


class BuildJob:
    """The last build started from the editor, and what it has done so far."""

    def __init__(self, folder: Path, out: Path) -> None:
        self.folder = folder
        self.out = out
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.state: dict[str, Any] = {"running": False, "out": str(out)}

    def status(self) -> dict[str, Any]:
        with self.lock:
            return {**self.state}

    def start(self, *, still_current: Callable[[], bool]) -> None:
        """Start a build unless one is running (then this does nothing); once it succeeds the
        log's kept versions are dropped if `still_current()` says nothing changed meanwhile."""
        with self.lock:
            if self.thread is not None and self.thread.is_alive():
                return
            self.state = {"running": True, "out": str(self.out), "step": None, "done": 0}
            self.thread = threading.Thread(
                target=self._run, args=(still_current,), name="videoacta-build", daemon=True
            )
            self.thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self.thread is not None:
            self.thread.join(timeout)

    def _progress(self, event: ProgressEvent) -> None:
        fraction = event.done / event.total if event.total else 1.0
        with self.lock:
            self.state.update(step=event.step.value, done=round(min(fraction, 1.0), 3))

    def _run(self, still_current: Callable[[], bool]) -> None:
        try:
            result = pipeline.build(
                self.folder, self.out, force=True, replace_signed=False, progress=self._progress
            )
        except VideoactaError as error:
            self._finish(error=str(error))
            return
        except BaseException as error:  # a bug: the page says so, the traceback goes to stderr
            self._finish(error=f"an unexpected error ({type(error).__name__}); see the terminal")
            raise
        if still_current():
            versions.prune_versions(self.folder)
        self._finish(package=str(result.package), warnings=list(result.warnings))

    def _finish(self, **outcome: Any) -> None:
        with self.lock:
            self.state = {"running": False, "out": str(self.out), **outcome}
