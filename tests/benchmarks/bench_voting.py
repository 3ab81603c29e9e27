"""Benchmark: 577 members voting from their devices at once, against a real `videoacta mark --live`.

Run by hand (pytest does not collect it):

    python tests/benchmarks/bench_voting.py [--members 577] [--window 10] [--boards 1] [--profile]

A session of today (Europe/Madrid) with `--members` members, served by `python -m videoacta mark
DIR --live --no-browser`. The secretary's editor issues every member's link (`api/links`) and
records their arrival (`members_joined`), then opens the session. Each member is an aiohttp
client holding its event stream (`api/events`) open, and the board(s) hold theirs. Four votes,
each one item opened then its vote: ordinary and secret (the ballot box), with the members'
POSTs spread uniformly at random over `--window` seconds, then all at once. For each:

- every vote recorded once: the log's `vote_cast` lines of that round, one per member, with the
  choice sent (ordinary) or none and the close's `ballots` equal to the totals sent (secret);
- latency of the POSTs, p50/p95/p99/max; the baseline, measured just before under the same open
  streams and the same schedule: a GET of `static/member.css` by every member. Target p99 < 250 ms;
- from the secretary's POST of `vote_closed` to the moment every member's stream and the board's
  show the result (and the same for `vote_opened`). Target < 1 s;
- the server's memory: VmRSS before and after (and VmHWM, its peak), from /proc/PID/status.

The clients run in this one process on the same machine as the server: both share its CPUs.
"""

import argparse
import asyncio
import datetime as dt
import json
import math
import pstats
import random
import signal
import statistics
import sys
import tempfile
import time
import zoneinfo
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import tests.benchmarks.bench_tally as body  # noqa: E402
from tests.benchmarks.voting_members import Device, Secretary, origin  # noqa: E402
from tests.builders import to_toml  # noqa: E402
from tests.editor.editor_process import editor  # noqa: E402
from videoacta.core.terms import MAX_MEMBERS  # noqa: E402

PROFILED = Path(__file__).resolve().parent / "profiled_server.py"
MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
CHOICES = ("yes", "no", "abstain")
# (title, item, secret, spread over the window or all at once)
SCENARIOS = (
    ("ordinary vote, spread over the window", 1, False, True),
    ("ordinary vote, all at once", 2, False, False),
    ("secret vote, spread over the window", 3, True, True),
    ("secret vote, all at once", 4, True, False),
)
WAIT = 60.0  # seconds to wait for every stream to show a change before calling it lost


def make_folder(root: Path, members: int) -> Path:
    """The 577-member body of bench_tally.py (or `members`), today, items 1-2 ordinary
    proposals and 3-4 secret elections."""
    body.MEMBERS = members
    data = json.loads(body.build_session().model_dump_json(exclude_defaults=True))
    data["date"] = dt.datetime.now(MADRID).date()
    data["timezone"] = "Europe/Madrid"
    data["items"] = [
        {"number": n, "title": f"Elecció {n}", "kind": "election", "vote": "secret"}
        if secret
        else {"number": n, "title": f"Proposta {n}"}
        for _, n, secret, _ in SCENARIOS
    ]
    folder = root / "plenary"
    folder.mkdir()
    (folder / "session.toml").write_text(to_toml(data), encoding="utf-8")
    return folder


def memory(pid: int) -> dict[str, float]:
    """The process's resident memory now and at its peak, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


def percentiles(seconds: Sequence[float]) -> str:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    figures = {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(seconds)}
    return "  ".join(f"{name} {value * 1000:7.1f}" for name, value in figures.items()) + " ms"


async def scheduled(
    jobs: Sequence[Callable[[], Awaitable[Any]]], delays: Sequence[float]
) -> list[Any]:
    """Run each job at its delay from now, all concurrently; their results in order."""
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def one(job: Callable[[], Awaitable[Any]], delay: float) -> Any:
        await asyncio.sleep(max(0.0, start + delay - loop.time()))
        return await job()

    return list(await asyncio.gather(*(one(job, d) for job, d in zip(jobs, delays, strict=True))))


async def shown_within(devices: Sequence[Device], since: float) -> list[float]:
    """Seconds from `since` until each device showed what it awaited (inf: not within WAIT)."""
    while any(d.seen_at is None for d in devices) and time.perf_counter() < since + WAIT:
        await asyncio.sleep(0.002)
    return [math.inf if d.seen_at is None else d.seen_at - since for d in devices]


async def propagated(run: "Run", what: str, item: int) -> str:
    """The secretary opens or closes item's vote: the time every stream took to show it."""
    secretary, devices = run.secretary, run.devices
    for device in devices:
        device.await_view(what, item, 1)
    since = time.perf_counter()
    await secretary.act(type="vote_opened" if what == "open" else "vote_closed", item=item)
    answered = time.perf_counter() - since
    times = await shown_within(devices, since)
    members, boards = times[: -run.boards], times[-run.boards :]
    slowest = max(times)
    verdict = "met" if slowest < 1 else "MISSED"
    return (
        f"  vote {what:<6} -> every stream shows it: {slowest * 1000:7.1f} ms (target < 1 s: "
        f"{verdict}; members' median {statistics.median(members) * 1000:.1f} ms, board "
        f"{max(boards) * 1000:.1f} ms, the secretary's POST answered in {answered * 1000:.1f} ms)"
    )


def recorded(folder: Path, item: int) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The `vote_cast` lines of the item's last round, and the `vote_closed` that ended it."""
    lines = [json.loads(line) for line in (folder / "votes.jsonl").read_text().splitlines()]
    start = max(n for n, e in enumerate(lines) if e["type"] == "vote_opened" and e["item"] == item)
    casts: list[dict[str, Any]] = []
    for event in lines[start + 1 :]:
        if event.get("item") != item:
            continue
        if event["type"] == "vote_closed":
            return casts, event
        if event["type"] == "vote_cast":
            casts.append(event)
    return casts, None


def check(folder: Path, item: int, secret: bool, sent: dict[str, str]) -> str:
    """Every vote sent recorded once: one line per member, the choice sent (or the totals)."""
    casts, closed = recorded(folder, item)
    voters = [cast["member"] for cast in casts]
    once = len(voters) == len(set(voters)) == len(sent) and set(voters) == set(sent)
    if secret:
        totals = {choice: list(sent.values()).count(choice) for choice in CHOICES}
        faithful = all("choice" not in cast for cast in casts)
        faithful = faithful and closed is not None and closed.get("ballots") == totals
    else:
        faithful = all(cast.get("choice") == sent[cast["member"]] for cast in casts)
    verdict = "every vote recorded once" if once and faithful else "VOTES LOST OR DUPLICATED"
    return f"  log: {len(casts)} vote_cast lines, {len(set(voters))} members: {verdict}"


async def scenario(
    run: "Run", title: str, item: int, secret: bool, spread: bool
) -> tuple[list[float], list[float]]:
    """One item, its vote opened, voted by every member, closed: the figures printed."""
    print(f"{title} (item {item}{', the ballot box' if secret else ''}):")
    members = run.devices[: -run.boards]
    delays = [run.rng.uniform(0, run.window) if spread else 0.0 for _ in members]
    before = memory(run.pid)
    baseline = await scheduled([member.static for member in members], delays)
    await run.secretary.act(type="item_opened", item=item)
    print(await propagated(run, "open", item))
    sent = {member.key: run.rng.choice(CHOICES) for member in members}
    jobs = [lambda m=member: m.vote(item, 1, sent[m.key]) for member in members]
    votes = await scheduled(jobs, delays)
    refused = [(status, answer) for _, status, answer in votes if status != 200]
    print(await propagated(run, "closed", item))
    await run.secretary.act(type="item_closed", item=item)
    after = memory(run.pid)
    static, posts = [t for t, _, _ in baseline], [t for t, _, _ in votes]
    print(f"  POST api/vote                  {percentiles(posts)}  ({len(refused)} refused)")
    print(f"  GET static/member.css baseline {percentiles(static)}")
    print(f"  p99 x{_p99(posts) / _p99(static):.1f} the baseline's; target p99 < 250 ms: "
          f"{'met' if _p99(posts) < 0.25 else 'MISSED'}")  # fmt: skip
    for status, answer in refused[:3]:
        print(f"    refused: {status} {answer}")
    print(check(run.folder, item, secret, sent))
    print(f"  server memory: VmRSS {before['VmRSS']:.1f} MB -> {after['VmRSS']:.1f} MB "
          f"(peak VmHWM {after['VmHWM']:.1f} MB)")  # fmt: skip
    return posts, static


def _p99(seconds: Sequence[float]) -> float:
    return statistics.quantiles(seconds, n=100, method="inclusive")[98]


class Run:
    """What one run holds: the server's process, the secretary, the devices, a seeded RNG."""

    def __init__(self, folder: Path, pid: int, url: str, args: argparse.Namespace) -> None:
        self.folder, self.pid, self.window, self.boards = folder, pid, args.window, args.boards
        self.secretary = Secretary(url)
        self.devices: list[Device] = []
        self.rng = random.Random(577)


async def prepare(run: Run, members: list[str], boards: int) -> None:
    """Links issued, arrivals recorded, the session opened, every stream open."""
    started = time.perf_counter()
    links = [await run.secretary.issue(member) for member in members]
    print(f"{len(links)} links issued through api/links in {time.perf_counter() - started:.1f} s")
    await run.secretary.act(type="members_joined", members=members)
    await run.secretary.act(type="session_opened")
    bare = memory(run.pid)
    board = origin(run.secretary.url) + "/board/"
    started = time.perf_counter()
    run.devices = [Device.start(m, link) for m, link in zip(members, links, strict=True)]
    run.devices += [Device.start(f"board {n}", board) for n in range(boards)]
    await asyncio.wait_for(asyncio.gather(*(d.ready.wait() for d in run.devices)), WAIT)
    opened = time.perf_counter() - started
    print(f"{len(members)} members' streams and {boards} board(s) open in {opened:.1f} s; "
          f"server VmRSS {bare['VmRSS']:.1f} MB -> {memory(run.pid)['VmRSS']:.1f} MB")  # fmt: skip


async def bench(folder: Path, pid: int, url: str, args: argparse.Namespace) -> None:
    run = Run(folder, pid, url, args)
    members = [f"d{n:03}" for n in range(1, args.members + 1)]
    try:
        await prepare(run, members, args.boards)
        for title, item, secret, spread in SCENARIOS:
            await scenario(run, title, item, secret, spread)
    finally:
        await asyncio.gather(*(device.close() for device in run.devices))
        await run.secretary.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=577)
    parser.add_argument("--window", type=float, default=10.0, help="seconds the votes spread")
    parser.add_argument("--boards", type=int, default=1, help="public boards watching")
    parser.add_argument("--profile", action="store_true", help="cProfile the server's threads")
    args = parser.parse_args()
    if not 4 <= args.members <= MAX_MEMBERS:
        parser.error(f"--members: a session holds 4 to {MAX_MEMBERS} members (core/terms.py)")
    if args.boards < 1:
        parser.error("--boards: at least the one board")
    print(f"{args.members} members, votes within {args.window:g} s, {args.boards} board(s)")
    with tempfile.TemporaryDirectory() as scratch:
        folder = make_folder(Path(scratch), args.members)
        stats = Path(scratch) / "server.pstats"
        prefix = [sys.executable, str(PROFILED), str(stats)] if args.profile else []
        with editor(folder, "--live", prefix=prefix) as running:
            asyncio.run(bench(folder, running.process.pid, running.url, args))
            running.process.send_signal(signal.SIGINT)  # Ctrl+C: uvicorn stops, stats written
            running.process.wait(60)
        if args.profile:
            profile(stats)


def profile(stats: Path) -> None:
    """The server's most expensive functions by own time: the event loop's, the workers'."""
    for name, path in (("event loop", stats), ("worker threads", Path(f"{stats}.workers"))):
        if path.exists():
            print(f"server profile, {name}:")
            pstats.Stats(str(path)).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
