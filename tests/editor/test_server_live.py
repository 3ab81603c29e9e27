"""`videoacta mark --live` over real HTTP: each mark takes the wall clock's time, in the session's
time zone; and a session whose voting system gave only `votes.csv` opens, casts the CSV's
choices for the open vote, and goes on in votes.jsonl (the CSV renamed votes.csv.imported)."""

import datetime as dt
import json
import zoneinfo
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor
from tests.editor.server_calls import SAMPLE_LINES, act, acted, files, log_lines, sample_copy
from videoacta.cli import cli

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")  # the sample's time zone
PRESENT = [f"m{n:02d}" for n in range(1, 22) if n not in (17, 20)]


def live(running: Editor, **action: Any) -> dict[str, Any]:
    """POST an action without a frame: the server stamps it."""
    version = running.state()["log"]["version"]
    status, answer = running.post("api/action", {"action": action, "version": version})
    assert status == 200, answer
    return dict(answer["log"])


def test_live_marks_take_the_wall_clock_in_the_sessions_time_zone(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path / "session", lines=0)
    with editor(folder, "--live") as running:
        state = running.state()
        assert (state["mode"], state["live"], state["recording"]) == ("live", True, None)
        today = dt.datetime.now(MADRID).date().isoformat()
        status, answer = running.post("api/setup", {"op": "set", "path": ["date"], "value": today})
        assert status == 200, answer
        before = dt.datetime.now(MADRID).replace(microsecond=0)
        live(running, type="members_joined", members=PRESENT[:-1])
        live(running, type="session_opened")
        live(running, type="item_opened", item=1)
        live(running, type="vote_opened", item=1)
        log = live(running, type="votes_cast", item=1, everyone="yes")
        # A position sent by mistake is no clock in the room: the mark is still stamped now.
        version = log["version"]
        joined = {"type": "member_joined", "member": PRESENT[-1]}
        body = {"action": joined, "at": {"part": 0, "seconds": 3}, "version": version}
        assert running.post("api/action", body)[0] == 200
        after = dt.datetime.now(MADRID)
    events = [json.loads(line) for line in log_lines(folder)]
    assert len(events) == 18 + 3 + 18 + 1
    times = [dt.datetime.fromisoformat(event["time"]) for event in events]
    assert all(before <= time <= after for time in times), (before, times, after)
    assert times == sorted(times)
    assert [event["time"] for event in events] == [
        time.astimezone(MADRID).isoformat() for time in times
    ]
    assert events[-1] == {"time": events[-1]["time"], **joined}


def csv_of_items(items: tuple[int, ...]) -> str:
    """votes.csv as a voting system exports it: each member's final choice on `items`, taken
    from the sample's log (a changed vote counts as its last choice)."""
    final: dict[tuple[int, str], str] = {}
    for line in SAMPLE_LINES:
        event = json.loads(line)
        if event["type"] == "vote_cast" and event["item"] in items and "choice" in event:
            final[event["item"], event["member"]] = event["choice"]
    rows = [f"{item},{member},{choice}" for (item, member), choice in final.items()]
    return "item,member,choice\n" + "\n".join(rows) + "\n"


def vote_counts(folder: Path, items: tuple[int, ...]) -> list[Any]:
    """The counts and each member's vote, per round of `items`, as `videoacta tally --json`
    gives them."""
    result = CliRunner().invoke(cli, ["tally", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)["vote_events"]
    return [
        (event["counts"], event.get("votes"))
        for event in events
        if int(event["motion"]["identifier"]) in items
    ]


def test_a_votes_csv_session_is_placed_on_the_recording(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path / "session", lines=0)
    csv = csv_of_items((1, 2))
    (folder / "votes.csv").write_text(csv, encoding="utf-8")
    with editor(folder) as running:
        state = running.state()
        assert (state["csv"], state["log"]["entries"]) == (True, [])
        written = files(folder)
        status, answer = act(running, 20, type="csv_choices", item=1)
        assert (status, answer["error"]) == (
            422,
            "votes.jsonl line 1: vote_cast before the session was opened",
        )
        assert files(folder) == written  # the CSV is still there, no votes.jsonl
        acted(running, 1, type="members_joined", members=PRESENT)
        assert not (folder / "votes.csv").exists()
        assert (folder / "votes.csv.imported").read_text(encoding="utf-8") == csv
        acted(running, 5, type="session_opened")
        for item, start in ((1, 10), (2, 30)):
            acted(running, start, type="item_opened", item=item)
            acted(running, start + 1, type="vote_opened", item=item)
            log = acted(running, start + 2, type="csv_choices", item=item)
            assert log["vote"]["voted"] == {
                row.split(",")[1]: row.split(",")[2]
                for row in csv.splitlines()[1:]
                if row.startswith(f"{item},")
            }
            acted(running, start + 3, type="vote_closed", item=item)
            acted(running, start + 4, type="item_closed", item=item)
        status, answer = act(running, 40, type="csv_choices", item=3)
        assert (status, answer["error"]) == (422, "votes.csv.imported: has no choices for item 3")
        acted(running, 60, type="session_closed")
    assert log_lines(folder)[-1] == (
        '{"time": "2026-10-29T19:01:00+01:00", "type": "session_closed"}\n'
    )
    assert vote_counts(folder, (1, 2)) == vote_counts(SAMPLE, (1, 2))
