"""Where batch jobs run: a local process pool, or a Dask distributed cluster's executor.

Both are plain `concurrent.futures.Executor`s; the batch runner needs nothing else. Dask is
imported only when a scheduler is given (it is the `videoacta[cluster]` extra).
"""

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING

from videoacta.errors import VideoactaError

if TYPE_CHECKING:
    import distributed

CONNECT_TIMEOUT = "20s"


class Workers:
    """An executor, made again when it breaks (a local pool breaks when a worker dies).

    `window` is how many jobs to hand over at a time: as many as a local pool has processes, so
    that a job the pool holds is a job that runs; None hands every job over at once (Dask queues
    them on its scheduler).
    """

    def __init__(self, make: Callable[[], Executor], *, window: int | None) -> None:
        self._make = make
        self.window = window
        self.executor = make()

    def renew(self, broken: Executor) -> None:
        """Replace `broken` with a new executor, unless that was done already.

        A broken local pool fails its jobs first and terminates its other workers after: wait
        for them to end, so that their session locks are free before the jobs run again.
        """
        if broken is self.executor:
            broken.shutdown(wait=True, cancel_futures=True)
            self.executor = self._make()

    def close(self) -> None:
        self.executor.shutdown(wait=True)


@contextmanager
def open_workers(*, workers: int, scheduler: str | None = None) -> Iterator[Workers]:
    """Local processes (`workers` of them), or the Dask cluster whose scheduler is given."""
    if scheduler is None:
        pool = Workers(lambda: ProcessPoolExecutor(max_workers=workers), window=workers)
        try:
            yield pool
        finally:
            pool.close()
        return
    client = _dask_client(scheduler)
    try:
        cluster = Workers(lambda: client.get_executor(pure=False), window=None)
        try:
            yield cluster
        finally:
            cluster.close()
    finally:
        client.close()


def _dask_client(scheduler: str) -> "distributed.Client":
    try:
        import distributed
    except ImportError:
        raise VideoactaError(
            "--scheduler needs Dask distributed: pip install 'videoacta[cluster]'"
        ) from None
    try:
        return distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        raise VideoactaError(f"cannot reach the Dask scheduler {scheduler}: {error}") from None
