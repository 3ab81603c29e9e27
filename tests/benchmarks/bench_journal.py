"""Benchmark: the editor's journal on a 10,000-event log, an action's append and a restart.

Run by hand (pytest does not collect it):

    python tests/benchmarks/bench_journal.py [--runs 5] [--profile]

The log: 25 members in 3 groups, about 300 items each debated (two speeches) and voted by every
member, 10,000 events in all, its last vote just opened. Each figure is the best wall time over
the runs, with its ratio to a baseline measured in the same run and the same folder:

- `Journal.add` of one vote_cast, from the call to its fsynced line, against a bare append of
  one line (open, write, fsync, close) to a file beside it; and the whole of what a request does
  before the page can redraw (add, `live_view.snapshot` with its 10,000 marks, `json.dumps`).
  Target (issue 14): under 100 ms.
- `Journal.open` of the log (read, parse, replay, count every item), against `json.loads` of
  every line of the same file. Target: a restart under 1 s.
"""

import argparse
import cProfile
import datetime as dt
import gc
import json
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from videoacta.core import events as ev
from videoacta.core.session import Session
from videoacta.editor import live_view
from videoacta.editor.journal import Journal

MEMBERS = 25
GROUPS = ("G1", "G2", "G3")
ITEMS = 400  # agenda items; the log uses about 300
EVENTS = 10_000
START = dt.datetime(2026, 10, 29, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def build_session() -> Session:
    members = [
        {"id": f"m{n:02}", "name": f"Membre {n}", "group": GROUPS[n % len(GROUPS)]}
        for n in range(1, MEMBERS + 1)
    ]
    return Session.model_validate(
        {
            "id": "bench",
            "number": "1/2026",
            "place": "Sala de Plens",
            "date": START.date(),
            "chair": "m01",
            "body": {"name": "Ple de prova", "legal_members": MEMBERS},
            "secretary": {"id": "sec", "name": "Secretària"},
            "groups": [{"id": g, "name": f"Grup {g}"} for g in GROUPS],
            "members": members,
            "items": [{"number": n, "title": f"Proposta {n}"} for n in range(1, ITEMS + 2)],
        }
    )


def build_log(session: Session) -> str:
    """10,000 events, one every 2 s: items debated and voted while there is room, then one more
    item debated until the 10,000th event opens its vote (nobody has voted yet)."""
    ids = [m.id for m in session.members]
    events: list[dict[str, Any]] = [{"type": "member_joined", "member": m} for m in ids]
    events.append({"type": "session_opened"})
    item = 1
    while len(events) + len(_item(item, ids)) + 3 <= EVENTS:
        events += _item(item, ids)
        item += 1
    events.append({"type": "item_opened", "item": item})
    if (EVENTS - len(events)) % 2 == 0:
        events.append({"type": "member_stepped_out", "member": ids[-1]})
    while len(events) < EVENTS - 1:
        events += _speech(ids[len(events) % MEMBERS])
    events.append({"type": "vote_opened", "item": item})
    lines = [
        json.dumps({"time": (START + dt.timedelta(seconds=2 * n)).isoformat(), **event})
        for n, event in enumerate(events)
    ]
    return "\n".join(lines) + "\n"


def _speech(speaker: str) -> list[dict[str, Any]]:
    return [
        {"type": "speech_started", "speaker": speaker},
        {"type": "speech_ended", "speaker": speaker},
    ]


def _item(item: int, ids: list[str]) -> list[dict[str, Any]]:
    """An item opened, two speeches, every member's vote, closed."""
    events: list[dict[str, Any]] = [{"type": "item_opened", "item": item}]
    events += _speech(ids[item % MEMBERS]) + _speech(ids[(item + 7) % MEMBERS])
    events.append({"type": "vote_opened", "item": item})
    for n, member in enumerate(ids):
        choice = ("yes", "yes", "no", "abstain")[(n + item) % 4]  # never a tie
        events.append({"type": "vote_cast", "item": item, "member": member, "choice": choice})
    return [*events, {"type": "vote_closed", "item": item}, {"type": "item_closed", "item": item}]


def best(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The shortest wall time of `runs` calls, and the last call's value."""
    times, value = [], None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - start)
    return min(times), value


def bare_append(path: Path, line: bytes) -> None:
    with path.open("ab") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def measure(runs: int, folder: Path) -> dict[str, float]:
    session = build_session()
    text = build_log(session)
    (folder / "votes.jsonl").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    parse, _ = best(runs, lambda: [json.loads(line) for line in lines])
    restart, journal = best(runs, lambda: Journal.open(folder, session))
    assert len(journal.entries) == len(lines) == 10_000
    vote = journal.state.round
    assert vote is not None
    casts = iter(session.members)
    stamp = START + dt.timedelta(seconds=2 * len(lines))

    def add_one() -> None:
        member = next(casts).id
        cast = ev.VoteCast(
            type="vote_cast", time=stamp, item=vote.item, member=member, choice="yes"
        )
        journal.add([cast])

    def request() -> str:
        add_one()
        return json.dumps(live_view.snapshot(journal))

    line = (lines[-1] + "\n").encode()
    fsync, _ = best(runs, lambda: bare_append(folder / "baseline.jsonl", line))
    add, _ = best(runs, add_one)
    whole, page = best(runs, request)
    return {
        "baseline: write + fsync one line": fsync,
        "Journal.add of one vote_cast": add,
        "add + snapshot + json.dumps": whole,
        "baseline: json.loads every line": parse,
        "Journal.open (restart)": restart,
        "_page_kib": len(page) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="take the best of this many runs")
    parser.add_argument("--profile", action="store_true", help="cProfile Journal.open")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        figures = measure(args.runs, Path(folder))
    page = figures.pop("_page_kib")
    print(f"10,000-event log, {MEMBERS} members; best wall time of {args.runs} runs")
    print(f"{'step':<36} {'time':>10} {'x base':>7}")
    names = list(figures)
    for name in names:
        base = figures[names[0]] if names.index(name) < 3 else figures[names[3]]
        print(f"{name:<36} {figures[name] * 1000:>7.2f} ms {figures[name] / base:>7.1f}")
    print(f"the page's JSON: {page:.0f} KiB")
    request = figures["add + snapshot + json.dumps"]
    print(f"target action to page update < 100 ms: {'met' if request < 0.1 else 'MISSED'}")
    restart = figures["Journal.open (restart)"]
    print(f"target restart < 1 s: {'met' if restart < 1 else 'MISSED'}")
    if args.profile:
        profile()


def profile() -> None:
    """cProfile Journal.open of the log, the 25 most expensive functions by own time."""
    session = build_session()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "votes.jsonl").write_text(build_log(session), encoding="utf-8")
        profiler = cProfile.Profile()
        profiler.runcall(lambda: Journal.open(Path(folder), session))
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
