"""session.toml changed over real HTTP (`api/setup`, `api/sync`): the hand-written file keeps
its comments and layout, only the lines changed differ; a change that the file or the vote log
would not survive is refused naming the field or the log's line, and writes nothing; a sync makes
the frame show the time given."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from tests.editor.editor_process import Editor, editor
from tests.editor.server_calls import acted, files, folder_of, log_lines, sample_copy

ORIGINAL = (SAMPLE / "session.toml").read_text(encoding="utf-8")
MEMBER_22 = '[[members]]\nid = "m22"\nname = "Nova Regidora"\ngroup = "verd"\n\n'
ITEM_14 = '\n[[items]]\nnumber = 14\ntitle = "Moció urgent"\nkind = "urgent_motion"\n'
ITEM_8 = (
    "[[items]]\nnumber = 8\n"
    'title = "Moció del grup municipal d\'Acord Ciutadà sobre la reforma de la plaça del Mercat"\n'
    'kind = "motion"\n'
    "# Withdrawn by the group that moved it, to bring it back with amendments.\n\n"
)


def setup(running: Editor, **change: Any) -> tuple[int, Any]:
    return running.post("api/setup", change)


def test_changes_keep_the_hand_written_file(tmp_path: Path) -> None:
    """A seat more and its member, an item added under another's comment, one removed with
    its own: the file is the hand-written one with exactly those lines changed."""
    folder = sample_copy(tmp_path / "session", lines=0)
    changes = [
        {"op": "set", "path": ["body", "legal_members"], "value": 22},
        {"op": "add", "list": "members", "values": {"id": "m22", "name": "Nova", "group": "verd"}},
        {"op": "update", "list": "members", "index": 21, "values": {"name": "Nova Regidora"}},
        {"op": "add", "list": "items", "index": 2, "values": {"number": 14, "title": "Moció"}},
        {"op": "update", "list": "items", "index": 2, "values": {"title": "Moció urgent"}},
        {"op": "update", "list": "items", "index": 2, "values": {"kind": "urgent_motion"}},
        {"op": "remove", "list": "items", "index": 8},
        {"op": "set", "path": ["kind"], "value": "extraordinary"},
    ]
    with editor(folder) as running:
        for change in changes:
            status, answer = setup(running, **change)
            assert status == 200, (change, answer)
        session = running.state()["session"]["session"]
    expected = (
        ORIGINAL.replace("legal_members = 21 ", "legal_members = 22 ")
        .replace("# -- Agenda", MEMBER_22 + "# -- Agenda")
        .replace("the last counts.\n", "the last counts.\n" + ITEM_14)
        .replace(ITEM_8, "")
        .replace('kind = "ordinary"     ', 'kind = "extraordinary"     ')
    )
    assert (folder / "session.toml").read_text(encoding="utf-8") == expected
    assert [item["number"] for item in session["items"]][:4] == [1, 2, 14, 3]
    assert 8 not in [item["number"] for item in session["items"]]
    assert session["members"][-1] == {
        "id": "m22",
        "name": "Nova Regidora",
        "group": "verd",
        "role": "councillor",
        "weight": 1.0,
        "id_number": None,
    }


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    """The sample with its whole vote log."""
    with editor(sample_copy(tmp_path_factory.mktemp("setup") / "session")) as running:
        yield running


ITEM_1 = {"op": "update", "list": "items", "index": 0}
NOBODY = {"id": "m23", "name": "Ningú", "group": "nobody"}
REFUSED = {
    "a majority of a third": (
        {**ITEM_1, "values": {"majority": "1/3"}},
        "session.toml: items[0].majority: majority 1/3 is not more than half (LBRL 47)",
    ),
    "a member in an unknown group": (
        {"op": "add", "list": "members", "values": NOBODY},
        "session.toml: members[21] ('m23'): group 'nobody' is not in groups",
    ),
    "a text for a number": (
        {"op": "set", "path": ["body", "legal_members"], "value": "many"},
        "session.toml: body.legal_members: expected a whole number, not a text ('many')",
    ),
    "a field not to be set": (
        {"op": "set", "path": ["id"], "value": "another"},
        "request: path: 'id' is not a field to set here",
    ),
    "an item the log opened, removed": (
        {"op": "remove", "list": "items", "index": 12},
        "votes.jsonl line 363: item 13 is not on the agenda in session.toml",
    ),
    "a member who voted, removed": (
        {"op": "remove", "list": "members", "index": 12},
        "votes.jsonl line 13: member 'm13' is not in session.toml",
    ),
    "another date than the log's": (
        {"op": "set", "path": ["date"], "value": "2026-10-30"},
        "votes.jsonl line 1: member_joined at 2026-10-29T19:00:01+01:00 is on 2026-10-29 in "
        "Europe/Madrid, not on the session's date 2026-10-30",
    ),
    "a secret ballot made an open vote after it was held": (
        {"op": "update", "list": "items", "index": 5, "values": {"vote": "ordinary"}},
        "votes.jsonl line 187: a cast by 'm01' on item 6 has no choice",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_refused_change_names_the_field_or_line_and_writes_nothing(
    whole: Editor, case: str
) -> None:
    change, message = REFUSED[case]
    folder = folder_of(whole)
    written = files(folder)
    status, answer = setup(whole, **change)
    assert (status, answer["error"]) == (422, message)
    assert files(folder) == written


def parts_of(folder: Path) -> tuple[str, str]:
    """The clock offset line and the second part's start line of session.toml."""
    lines = (folder / "session.toml").read_text(encoding="utf-8").splitlines()
    offset = next(line for line in lines if line.startswith("clock_offset"))
    return offset, [line for line in lines if line.startswith("start = ")][1]


def sync(running: Editor, part: int, seconds: float, time: str, target: str) -> tuple[int, Any]:
    body = {"at": {"part": part, "seconds": seconds}, "time": time, "target": target}
    return running.post("api/sync", body)


def test_a_sync_makes_the_frame_show_the_time_given(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path / "session", lines=0)
    with editor(folder) as running:
        # The frame 30 s into part 1 shows 19:00:30; it was 19:00:40: the camera is 10 s slow.
        status, state = sync(running, 0, 30, "2026-10-29T19:00:40+01:00", "offset")
        assert status == 200, state
        assert parts_of(folder) == ("clock_offset = -10.0", "start = 2026-10-29T19:03:10+01:00")
        assert state["recording"]["parts"][0]["start"] == "2026-10-29T19:00:10+01:00"
        acted(running, 30, type="member_joined", member="m01")
        # Part 2 alone: its frame 5 s in was at 19:03:30, so its camera started at 19:03:15
        # on the camera's clock, 10 s slow.
        status, state = sync(running, 1, 5, "2026-10-29T19:03:30+01:00", "part")
        assert status == 200, state
        assert parts_of(folder) == ("clock_offset = -10.0", "start = 2026-10-29T19:03:15+01:00")
        acted(running, 5, part=1, type="member_joined", member="m02")
        written = files(folder)
        for refused, message in [
            ((1, 5, "19:03", "part"), "request: time: "),
            ((0, 30, "2026-11-29T19:00:40+01:00", "offset"), "request: a sync that moves "),
            ((2, 5, "2026-10-29T19:03:30+01:00", "part"), "request: there is no recording"),
        ]:
            status, answer = sync(running, *refused)
            assert status == 422
            assert answer["error"].startswith(message)
        assert files(folder) == written
    assert log_lines(folder) == [
        '{"time": "2026-10-29T19:00:40+01:00", "type": "member_joined", "member": "m01"}\n',
        '{"time": "2026-10-29T19:03:30+01:00", "type": "member_joined", "member": "m02"}\n',
    ]
    rest = (folder / "session.toml").read_text(encoding="utf-8")
    assert rest == ORIGINAL.replace("clock_offset = 0.0", "clock_offset = -10.0").replace(
        "start = 2026-10-29T19:03:10+01:00", "start = 2026-10-29T19:03:15+01:00"
    )
