"""Benchmark: parse, replay and tally 200 nominal votes of a 577-member body.

Run by hand (pytest does not collect it):

    python tests/benchmarks/bench_tally.py [--runs 5] [--profile]

Every member casts in every vote and a few change their vote. It prints the best wall time of
each stage over the runs, and its ratio to a baseline measured in the same run: `json.loads` of
every line of the log. Each stage is timed twice: as a real run meets it, with Python's cyclic
garbage collector on (each run starts after a `gc.collect()`, so from the same heap), and with
the collector paused, as `timeit` does, which leaves the engine's own work. The difference is
the full collections that walk the whole heap, the parsed log's ~850,000 objects included.
Target: replay + tally under 1 s.
"""

import argparse
import cProfile
import datetime as dt
import gc
import json
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from videoacta.core.replay import replay
from videoacta.core.session import Session
from videoacta.core.tally import tally
from videoacta.inputs.session_folder import read_jsonl

MEMBERS = 577
VOTES = 200
GROUPS = ("REN", "RN", "LFI", "LR", "SOC", "DEM", "ECO", "HOR", "LIOT", "GDR", "NI")
CHANGES_PER_VOTE = 3
START = dt.datetime(2026, 10, 29, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def build_session() -> Session:
    members = [
        {"id": f"d{n:03}", "name": f"Diputat {n}", "group": GROUPS[n % len(GROUPS)]}
        for n in range(1, MEMBERS + 1)
    ]
    return Session.model_validate(
        {
            "id": "bench",
            "number": "1/2026",
            "place": "Hemicicle",
            "date": START.date(),
            "chair": "d001",
            "body": {"name": "Assemblea de prova", "legal_members": MEMBERS},
            "secretary": {"id": "sec", "name": "Secretari General"},
            "groups": [{"id": g, "name": f"Grup {g}"} for g in GROUPS],
            "members": members,
            "items": [
                {"number": n, "title": f"Proposta {n}", "vote": "nominal"}
                for n in range(1, VOTES + 1)
            ],
        }
    )


def build_log(session: Session) -> str:
    """The vote log as JSONL text; choices are yes or no, so 577 votes never tie."""
    rng = random.Random(2026)
    ids = [m.id for m in session.members]
    events: list[dict[str, Any]] = [{"type": "member_joined", "member": m} for m in ids]
    events.append({"type": "session_opened"})
    for item in range(1, VOTES + 1):
        events += [{"type": "item_opened", "item": item}, {"type": "vote_opened", "item": item}]
        changers = set(rng.sample(ids, CHANGES_PER_VOTE))
        for member in rng.sample(ids, len(ids)):
            choice = rng.choice(("yes", "no"))
            if member in changers:
                events.append(_cast(item, member, "abstain"))
            events.append(_cast(item, member, choice))
        events += [{"type": "vote_closed", "item": item}, {"type": "item_closed", "item": item}]
    events.append({"type": "session_closed"})
    lines = []
    for second, event in enumerate(events):
        stamp = (START + dt.timedelta(milliseconds=500 * second)).isoformat()  # within 24 h
        lines.append(json.dumps({"time": stamp, **event}))
    return "\n".join(lines) + "\n"


def _cast(item: int, member: str, choice: str) -> dict[str, Any]:
    return {"type": "vote_cast", "item": item, "member": member, "choice": choice}


def best(runs: int, work: Callable[[], Any], *, collector: bool = True) -> tuple[float, Any]:
    """The shortest wall time of `runs` calls, and the last call's value."""
    times, value = [], None
    for _ in range(runs):
        value = None
        gc.collect()
        if not collector:
            gc.disable()
        try:
            start = time.perf_counter()
            value = work()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times), value


def measure(runs: int, *, collector: bool) -> dict[str, float]:
    """The best time of each stage, and of the baseline, over `runs` runs."""
    session = build_session()
    text = build_log(session)
    lines = text.splitlines()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "votes.jsonl"
        path.write_text(text, encoding="utf-8")
        baseline, _ = best(runs, lambda: [json.loads(line) for line in lines], collector=collector)
        parse, log = best(runs, lambda: read_jsonl(path), collector=collector)
    play, proceedings = best(runs, lambda: replay(session, log), collector=collector)
    count, result = best(runs, lambda: tally(session, proceedings), collector=collector)
    rounds = result.rounds
    assert len(rounds) == VOTES
    assert all(r.counts.total == MEMBERS for r in rounds)
    return {
        "baseline: json.loads": baseline,
        "parse: read_jsonl": parse,
        "replay": play,
        "tally": count,
        "replay + tally": play + count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="take the best of this many runs")
    parser.add_argument("--profile", action="store_true", help="cProfile replay + tally")
    args = parser.parse_args()

    with_gc = measure(args.runs, collector=True)
    without = measure(args.runs, collector=False)
    print(f"{MEMBERS} members, {VOTES} nominal votes, best wall time of {args.runs} runs")
    print(f"{'stage':<22} {'collector on':>13} {'x base':>7} {'paused':>9} {'x base':>7}")
    for name, seconds in with_gc.items():
        paused = without[name]
        base, base_paused = with_gc["baseline: json.loads"], without["baseline: json.loads"]
        print(
            f"{name:<22} {seconds:>11.3f} s {seconds / base:>7.1f}"
            f" {paused:>7.3f} s {paused / base_paused:>7.1f}"
        )
    paused_label = "collector paused, as pipeline.run_tally runs it"
    for label, figures in (("collector on", with_gc), (paused_label, without)):
        verdict = "met" if figures["replay + tally"] < 1 else "MISSED"
        print(f"target replay + tally < 1 s, {label}: {verdict}")
    if args.profile:
        profile()


def profile() -> None:
    """cProfile replay + tally, the 25 most expensive functions by own time."""
    session = build_session()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "votes.jsonl"
        path.write_text(build_log(session), encoding="utf-8")
        log = read_jsonl(path)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: tally(session, replay(session, log)))
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
