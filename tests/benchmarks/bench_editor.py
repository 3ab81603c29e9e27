"""Benchmark: the editor as the secretary meets it, a real `videoacta mark` process and a browser.

Run by hand (pytest does not collect it):

    python tests/benchmarks/bench_editor.py [--runs 30] [--no-browser]

Two folders, each a session marked live (`--live`): one with a short log (the session just
opened) and one with the 10,000-event log of bench_journal.py, its last vote open. For each:

- an action's request to its answer: a POST of one mark (a speech started, then ended), which
  the server answers after the event is fsynced, with the whole new state of the page; against
  a GET of a static asset (a bare HTTP round trip to the same server) and a bare append and
  fsync of one line in the same folder. Median and best of --runs. Target (issue 14): < 100 ms.
- the page update, in Debian's Chromium: from a click on "Speaks" to the marks list showing the
  new mark (measured in the page, performance.now around the click and a MutationObserver).
- a restart: from starting the process to its first answered `api/state`, for the 10,000-event
  log against the short one (the difference is what the log costs). Target: < 1 s.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import tests.benchmarks.bench_journal as long_log  # noqa: E402
from tests.builders import to_toml  # noqa: E402
from tests.editor.editor_process import Editor, editor  # noqa: E402

CLICK_TO_MARK = """async () => {
  const marks = document.querySelector('#marks');
  const before = marks.firstElementChild?.dataset.index;
  const speak = [...document.querySelectorAll('li.member button')]
    .find((b) => b.textContent === 'Speaks' || b.textContent === 'Ends speech');
  const shown = new Promise((resolve) => {
    const watch = new MutationObserver(() => {
      if (marks.firstElementChild?.dataset.index !== before) { watch.disconnect(); resolve(); }
    });
    watch.observe(marks, { childList: true });
  });
  const start = performance.now();
  speak.click();
  await shown;
  return performance.now() - start;
}"""


def make_folder(root: Path, name: str, events: int) -> Path:
    """A live session of today, its log of `events` events ending a few seconds ago."""
    folder = root / name
    folder.mkdir()
    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=1))).replace(microsecond=0)
    long_log.START = now - dt.timedelta(seconds=2 * events + 5)
    session = long_log.build_session()
    data = json.loads(session.model_dump_json(exclude_defaults=True))
    data["date"] = long_log.START.date()
    data["timezone"] = "Etc/GMT-1"
    (folder / "session.toml").write_text(to_toml(data), encoding="utf-8")
    text = long_log.build_log(session)
    lines = text.splitlines(keepends=True)[:events]
    (folder / "votes.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder


def timed(runs: int, work: Callable[[], Any]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def speech_marks(running: Editor) -> Callable[[], None]:
    """Alternately start and end a speech of the first member present."""
    state: dict[str, Any] = {"log": running.state()["log"]}

    def mark() -> None:
        log = state["log"]
        speaking = "m02" in log["speaking"]
        action = {"type": "speech_ended" if speaking else "speech_started", "speaker": "m02"}
        status, answer = running.post("api/action", {"action": action, "version": log["version"]})
        assert status == 200, answer
        state["log"] = answer["log"]

    return mark


def bare_fsync(folder: Path) -> Callable[[], None]:
    path = folder / "baseline.txt"

    def append() -> None:
        with path.open("ab") as handle:
            handle.write(b'{"time": "2026-10-29T19:00:00+01:00", "type": "x"}\n')
            handle.flush()
            os.fsync(handle.fileno())

    return append


def report(name: str, times: list[float], baseline: list[float] | None = None) -> None:
    median, low = statistics.median(times) * 1000, min(times) * 1000
    ratio = f"  x{statistics.median(times) / statistics.median(baseline):.1f}" if baseline else ""
    print(f"  {name:<44} median {median:8.2f} ms  best {low:8.2f} ms{ratio}")


def requests(folder: Path, runs: int) -> None:
    with editor(folder, "--live") as running:
        static = timed(
            runs, lambda: urllib.request.urlopen(running.url + "static/editor.css").read()
        )
        fsync = timed(runs, bare_fsync(folder))
        marks = timed(runs, speech_marks(running))
        report("GET static/editor.css (baseline)", static)
        report("append + fsync of one line (baseline)", fsync)
        report("POST a mark -> fsynced, new state answered", marks, static)


def page_updates(folder: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS

    with editor(folder, "--live") as running, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(bypass_csp=True)
        page.goto(running.url)
        page.wait_for_function("window.VA && window.VA.state")
        times = [page.evaluate(CLICK_TO_MARK) / 1000 for _ in range(runs)]
        report("click 'Speaks' -> the mark shown in the page", times)
        browser.close()


def restart(folder: Path, runs: int) -> list[float]:
    def start() -> None:
        with editor(folder, "--live") as running:
            running.state()

    return timed(runs, start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        short = make_folder(Path(scratch), "short", 30)
        full = make_folder(Path(scratch), "long", long_log.EVENTS)
        for name, folder in (("short log (30 events)", short), ("10,000-event log", full)):
            print(name)
            requests(folder, args.runs)
            if not args.no_browser:
                page_updates(folder, max(args.runs // 3, 5))
        print("restart: process start to the first answered api/state")
        empty, loaded = restart(short, 5), restart(full, 5)
        report("short log (baseline)", empty)
        report("10,000-event log", loaded, empty)


if __name__ == "__main__":
    main()
