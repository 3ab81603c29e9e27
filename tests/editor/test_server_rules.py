"""The rules over real HTTP: a refused action or edit answers 422 with the very message
`videoacta tally` gives for the log it would make, and writes nothing; a stale page gets 409; an
action sent again after it succeeded is refused, never logged twice; edits are read back from
votes.jsonl and undone."""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.editor.editor_process import Editor, editor
from tests.editor.server_calls import (
    SAMPLE_LINES,
    act,
    acted,
    files,
    folder_of,
    log_lines,
    sample_copy,
    tally_error,
)

PART_STARTS = (
    dt.datetime.fromisoformat("2026-10-29T19:00:00+01:00"),
    dt.datetime.fromisoformat("2026-10-29T19:03:10+01:00"),
)


def line_of(part: int, seconds: float, action: dict[str, Any]) -> str:
    """The log line an action at a frame stands for (the sample's clock: no offset)."""
    time = PART_STARTS[part] + dt.timedelta(seconds=seconds)
    return json.dumps({"time": time.isoformat(), **action}, ensure_ascii=False) + "\n"


# The sample's log cut after a line, actions accepted first (part, seconds, action), the action
# refused, and the rule's message. `tally` checks the rules on ties when it counts, at the end of
# a complete log: for that case the item and the session are closed after the refused line.
REFUSALS = [
    pytest.param(
        28,
        [],
        (0, 21, {"type": "vote_cast", "item": 1, "member": "m17", "choice": "yes"}),
        "votes.jsonl line 29: member 'm17' cast a vote but is not present",
        [],
        id="an absent member votes",
    ),
    pytest.param(
        149,
        [(0, 149, {"type": "vote_opened", "item": 5})],
        (0, 150, {"type": "vote_cast", "item": 5, "member": "m11", "choice": "no"}),
        "votes.jsonl line 151: member 'm11' cast a vote on item 5, from which they recused",
        [],
        id="a recused member votes, still in the room",
    ),
    pytest.param(
        186,
        [],
        (1, 8, {"type": "vote_cast", "item": 6, "member": "m09", "choice": "no"}),
        "votes.jsonl line 187: a cast in the secret vote on item 6 carries a choice",
        [],
        id="a choice in a secret ballot",
    ),
    pytest.param(
        48,
        [],
        (0, 23, {"type": "casting_vote", "item": 1, "choice": "yes"}),
        "votes.jsonl line 49: casting_vote on item 1 without a repeated vote",
        [],
        id="a casting vote after one vote",
    ),
    pytest.param(
        298,
        [
            (1, 75, {"type": "votes_cast", "item": 9, "everyone": "yes"}),
            (1, 76, {"type": "vote_closed", "item": 9}),
        ],
        (1, 77, {"type": "casting_vote", "item": 9, "choice": "yes"}),
        "votes.jsonl line 318: casting_vote on item 9, whose vote is not tied",
        [(1, 78, {"type": "item_closed", "item": 9}), (1, 79, {"type": "session_closed"})],
        id="a casting vote after a repeated vote that was not tied",
    ),
    pytest.param(
        19,
        [],
        (0, 6, {"type": "item_opened", "item": 1}),
        "votes.jsonl line 20: item_opened before the session was opened",
        [],
        id="an item opened before the session",
    ),
]


@pytest.mark.parametrize(("lines", "first", "refused", "message", "closing"), REFUSALS)
def test_a_refused_action_answers_tallys_rule_and_writes_nothing(
    tmp_path: Path,
    lines: int,
    first: list[tuple[int, float, dict[str, Any]]],
    refused: tuple[int, float, dict[str, Any]],
    message: str,
    closing: list[tuple[int, float, dict[str, Any]]],
) -> None:
    folder = sample_copy(tmp_path / "session", lines=lines)
    part, seconds, action = refused
    with editor(folder) as running:
        for before in first:
            acted(running, before[1], part=before[0], **before[2])
        written, version = files(folder), running.state()["log"]["version"]
        status, answer = act(running, seconds, part=part, **action)
        assert (status, answer["error"]) == (422, message)
        assert files(folder) == written
        assert running.state()["log"]["version"] == version
    log = "".join(log_lines(folder)) + "".join(line_of(*then) for then in [refused, *closing])
    assert tally_error(folder / "session.toml", log, tmp_path / "tally") == message


def test_a_stale_page_or_a_retry_is_refused_and_nothing_is_logged_twice(tmp_path: Path) -> None:
    """The page resends an action whose answer it lost: with the version it had, the log has
    moved on (409); resent after a reload, the event is already there (the log format refuses
    a line twice, so does the journal) or nobody is left for the shortcut (422)."""
    folder = sample_copy(tmp_path / "session", lines=28)
    cast = {"type": "vote_cast", "item": 1, "member": "m01", "choice": "yes"}
    with editor(folder) as running:
        version = running.state()["log"]["version"]
        assert act(running, 21, version=version, **cast)[0] == 200
        written = files(folder)
        status, answer = act(running, 21, version=version, **cast)
        assert status == 409
        assert answer["error"] == (
            f"votes.jsonl: the log has changed since this page last read it (version "
            f"{version}, now {version + 1}); reload"
        )
        status, answer = act(running, 21, **cast)
        assert (status, answer["error"]) == (422, "votes.jsonl line 30: duplicate of line 29")
        assert files(folder) == written
        everyone = {"type": "votes_cast", "item": 1, "everyone": "yes"}
        assert len(acted(running, 22, **everyone)["vote"]["voted"]) == 19
        written = files(folder)
        status, answer = act(running, 22, **everyone)
        assert (status, answer["error"]) == (
            422,
            "action: no member to record on item 1: all have voted or are away",
        )
        assert files(folder) == written
    duplicated = "".join(SAMPLE_LINES[:28]) + line_of(0, 21, cast) * 2
    assert tally_error(folder / "session.toml", duplicated, tmp_path / "tally") == (
        "votes.jsonl line 30: duplicate of line 29"
    )


def edit(running: Editor, op: str, index: int, **fields: Any) -> tuple[int, Any]:
    version = running.state()["log"]["version"]
    return running.post("api/edit", {"op": op, "index": index, "version": version, **fields})


def test_move_replace_delete_are_read_back_and_undone(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path / "session")
    sample = (folder / "votes.jsonl").read_bytes()
    states = [list(SAMPLE_LINES)]
    with editor(folder) as running:
        # Line 51, m03 speaks at 19:00:26: the mark moves to the frame 28 s into part 1.
        assert edit(running, "move", 50, at={"part": 0, "seconds": 28})[0] == 200
        states.append(_changed(states[-1], 50, SAMPLE_LINES[50].replace(":26+", ":28+")))
        assert log_lines(folder) == states[-1]
        # Line 237: the reason of the reopened vote, corrected.
        status, mark = running.get("api/mark/236")
        assert status == 200
        corrected = {**mark["event"], "reason": "Incidència: el vot de m19 no es va registrar"}
        assert edit(running, "replace", 236, event=corrected)[0] == 200
        states.append(_changed(states[-1], 236, json.dumps(corrected, ensure_ascii=False) + "\n"))
        assert log_lines(folder) == states[-1]
        # Line 72: m13's first "no" in item 2, which she changed to "abstain" (line 79).
        assert edit(running, "delete", 71)[0] == 200
        assert log_lines(folder) == states[-1][:71] + states[-1][72:]
        for earlier in reversed(states):
            status, _ = running.post("api/undo", {"version": running.state()["log"]["version"]})
            assert status == 200
            assert log_lines(folder) == earlier
        assert (folder / "votes.jsonl").read_bytes() == sample
        status, answer = running.post("api/undo", {"version": running.state()["log"]["version"]})
        assert (status, answer["error"]) == (422, "votes.jsonl: there is nothing to undo")


def _changed(lines: list[str], index: int, line: str) -> list[str]:
    return [*lines[:index], line, *lines[index + 1 :]]


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    with editor(sample_copy(tmp_path_factory.mktemp("edits") / "session")) as running:
        yield running


def _without(index: int) -> list[str]:
    return SAMPLE_LINES[:index] + SAMPLE_LINES[index + 1 :]


# (the edit, the log it would make)
BAD_EDITS = {
    "delete the start of a speech": (("delete", 50, {}), _without(50)),
    "move a cast before its vote opened": (
        ("move", 28, {"at": {"part": 0, "seconds": 19}}),
        [
            *SAMPLE_LINES[:27],
            SAMPLE_LINES[28].replace("19:00:21", "19:00:19"),
            SAMPLE_LINES[27],
            *SAMPLE_LINES[29:],
        ],
    ),
    "give a cast to an absent member": (
        ("replace", 28, {"event": json.loads(SAMPLE_LINES[28]) | {"member": "m17"}}),
        [*SAMPLE_LINES[:28], SAMPLE_LINES[28].replace("m01", "m17"), *SAMPLE_LINES[29:]],
    ),
}


@pytest.mark.parametrize("case", BAD_EDITS)
def test_an_edit_that_breaks_the_log_is_refused_with_tallys_rule(
    whole: Editor, tmp_path: Path, case: str
) -> None:
    (op, index, fields), log = BAD_EDITS[case]
    folder = folder_of(whole)
    written = files(folder)
    status, answer = edit(whole, op, index, **fields)
    assert status == 422
    assert answer["error"] == tally_error(folder / "session.toml", "".join(log), tmp_path)
    assert files(folder) == written
