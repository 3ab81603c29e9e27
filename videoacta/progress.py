"""The one progress event every stage reports, and the callback that receives it.

The library never prints: the CLI draws a bar per step, a batch run ignores them.
"""

import threading
from collections.abc import Callable
from enum import StrEnum

from videoacta.core.terms import Frozen


class Step(StrEnum):
    """The long steps of a run, in the order they happen."""

    CHECKING = "checking the session"
    JOINING = "joining the parts"
    CUTTING = "cutting clips"
    PUBLIC = "cutting the public copy"
    HASHING = "hashing the recording"
    TRANSCRIBING = "transcribing speech"
    ACTA = "writing the acta"
    SIGNING = "signing"


class ProgressEvent(Frozen):
    """How far a step is: `done` of `total` (seconds of video, bytes, clips or steps)."""

    step: Step
    done: float
    total: float


Progress = Callable[[ProgressEvent], None]


def quiet(event: ProgressEvent) -> None:
    """The default progress callback: report nothing."""


def report(progress: Progress, step: Step, done: float, total: float) -> None:
    """Send one event to `progress`."""
    progress(ProgressEvent(step=step, done=done, total=total))


def bytes_hashed(progress: Progress, total: int) -> Callable[[int], None]:
    """A callback for `hashing` (bytes read, from any of its threads) that reports the hashing
    step in bytes of `total`: one event at a time, in order, whichever thread read them."""
    hashed, lock = [0], threading.Lock()

    def advance(read: int) -> None:
        with lock:
            hashed[0] += read
            report(progress, Step.HASHING, hashed[0], total)

    return advance
