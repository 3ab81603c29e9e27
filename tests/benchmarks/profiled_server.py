"""Run `python -m videoacta ...` under cProfile, in every thread, for bench_voting.py --profile.

    python tests/benchmarks/profiled_server.py STATS_FILE PYTHON -m videoacta mark DIR ...

The event loop's thread (the main one) and each worker thread (votes, the secretary's actions)
get their own profiler; when the server stops (SIGINT: Ctrl+C), the
loop's figures are written to STATS_FILE and the workers' to STATS_FILE.workers (pstats).
"""

import cProfile
import pstats
import runpy
import sys
import threading
from types import FrameType
from typing import Any

workers: list[cProfile.Profile] = []


def start_profiler(frame: FrameType, event: str, arg: Any) -> None:
    """The first call in a new thread: give it a profiler (which replaces this hook)."""
    profile = cProfile.Profile()
    workers.append(profile)
    profile.enable()


def main() -> None:
    stats, module = sys.argv[1], sys.argv[4]
    sys.argv = [module, *sys.argv[5:]]  # PYTHON -m MODULE dropped: the module sees its own args
    threading.setprofile(start_profiler)
    loop = cProfile.Profile()
    try:
        loop.runcall(runpy.run_module, module, run_name="__main__", alter_sys=True)
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        threading.setprofile(None)  # type: ignore[arg-type]
        loop.dump_stats(stats)
        if workers:  # idle by now: the server has stopped
            pstats.Stats(*workers).dump_stats(stats + ".workers")


if __name__ == "__main__":
    main()
