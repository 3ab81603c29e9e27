"""session.toml edited by the setup page: comments kept, every op, invalid and hostile changes
refused with the field named and the file left byte for byte as it was."""

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE
from videoacta.core.evidence import StartSource
from videoacta.editor.recording_setup import detect_starts, recording_files
from videoacta.editor.session_file import SessionFile
from videoacta.errors import InputError
from videoacta.inputs.session_folder import load_session


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, copy)
    return copy


def comments(text: str) -> list[str]:
    """Every comment of a TOML text, whole-line or trailing, in order."""
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def test_an_edit_keeps_every_comment_and_changes_one_line(folder: Path) -> None:
    before = (folder / "session.toml").read_text(encoding="utf-8")
    file = SessionFile.open(folder)
    file.apply({"op": "set", "path": ["place"], "value": "Sala de Plens"})
    after = (folder / "session.toml").read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    lines = zip(before.splitlines(), after.splitlines(), strict=True)
    changed = [(old, new) for old, new in lines if old != new]
    assert changed == [(changed[0][0], 'place = "Sala de Plens"')]
    assert load_session(folder).place == "Sala de Plens"


def test_removing_an_item_keeps_the_heading_above_it_and_loses_its_own_notes(
    folder: Path,
) -> None:
    file = SessionFile.open(folder)
    file.apply({"op": "remove", "list": "items", "index": 0})
    text = file.text
    assert "# -- Agenda (ordre del dia)" in text
    assert "# Part resolutiva" in text
    assert "unanimous: 19 yes" not in text  # the removed item's own comment
    heading = text.index("# Part resolutiva")
    assert text.index("number = 2", heading) < text.index("[[items]]", heading + 1) + 20
    assert [item.number for item in load_session(folder).items][:2] == [2, 3]


def test_removing_the_recording_s_last_part_keeps_the_groups_heading(folder: Path) -> None:
    file = SessionFile.open(folder)
    file.apply({"op": "remove", "list": "recording.parts", "index": 1})
    assert "# -- Groups: a minority government" in file.text
    assert len(file.session.recording.parts) == 1


def test_a_new_key_goes_under_its_table_not_under_the_next_heading(folder: Path) -> None:
    file = SessionFile.open(folder)
    file.apply({"op": "update", "list": "members", "index": 20, "values": {"weight": 2.0}})
    text = file.text
    assert 'group = "independents"\nweight = 2.0\n\n# -- Agenda' in text


def put(path: str, value: Any) -> dict[str, Any]:
    return {"op": "set", "path": path.split("."), "value": value}


def update(entries: str, index: int, /, **values: Any) -> dict[str, Any]:
    return {"op": "update", "list": entries, "index": index, "values": values}


def add(entries: str, index: int | None = None, /, **values: Any) -> dict[str, Any]:
    change = {"op": "add", "list": entries, "values": values}
    return change if index is None else {**change, "index": index}


def remove(name: str, index: Any) -> dict[str, Any]:
    return {"op": "remove", "list": name, "index": index}


CHANGES: list[tuple[dict[str, Any], Any, object]] = [
    (put("date", "2026-10-30"), lambda s: s.date, dt.date(2026, 10, 30)),
    (put("number", "11/2026"), lambda s: s.number, "11/2026"),
    (put("mode", "remote"), lambda s: s.mode.value, "remote"),
    (put("excused", []), lambda s: s.excused, ()),
    (put("body.legal_members", 25), lambda s: s.body.legal_members, 25),
    (put("secretary.title", None), lambda s: s.secretary.title, None),
    (put("comptroller", None), lambda s: s.comptroller, None),
    (put("rules.quorum.minimum", 4), lambda s: s.rules.quorum.minimum, 4),
    (put("recording.clock_offset", -1.5), lambda s: s.recording.clock_offset, -1.5),
    (add("groups", id="nou", name="Grup nou"), lambda s: s.groups[-1].id, "nou"),
    (add("items", 0, number=14, title="Urgent"), lambda s: s.items[0].number, 14),
    (update("items", 1, majority="absolute"), lambda s: s.items[1].majority, "absolute"),
    (update("items", 2, majority=None), lambda s: s.items[2].majority, None),
    (remove("members", 16), lambda s: len(s.members), 20),
    ({"op": "move", "list": "members", "index": 0, "to": 20}, lambda s: s.members[-1].id, "m01"),
    (
        update("recording.parts", 1, start="2026-10-29T19:03:11+01:00"),
        lambda s: s.recording.parts[1].start.isoformat(),
        "2026-10-29T19:03:11+01:00",
    ),
]


@pytest.mark.parametrize(("change", "read", "expected"), CHANGES)
def test_each_op_is_written_and_read_back(
    folder: Path, change: dict[str, Any], read: Any, expected: object
) -> None:
    session = SessionFile.open(folder).apply(change)
    assert read(session) == expected
    assert read(load_session(folder)) == expected
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


FILE, REQUEST = "session.toml: ", "request: "
REFUSED = [
    (remove("groups", 0), FILE + "members[0] ('m01'): group 'veins' is not in groups"),
    (
        update("items", 3, majority="1/3"),
        FILE + "items[3].majority: majority 1/3 is not more than half (LBRL 47)",
    ),
    (
        update("items", 3, majority=3),
        FILE + "items[3].majority: expected a text in quotes, not a whole number (3)",
    ),
    (update("items", 0, title=None), FILE + "items[0].title: missing"),
    (update("items", 0, colour="red"), REQUEST + "items[0].colour: unknown field"),
    (put("chair", "m99"), FILE + "chair: 'm99' is not in members"),
    (put("date", "2026-13-01"), FILE + "date: '2026-13-01' is not a date such as 2026-10-29"),
    (
        put("date", 20261029),
        FILE + "date: expected a date such as 2026-10-29 (no quotes), "
        "not a whole number (20261029)",
    ),
    (
        put("body.legal_members", 20),
        FILE + "21 members in office but body.legal_members is 20",
    ),
    (put("id", "x"), REQUEST + "path: 'id' is not a field to set here"),
    (put("items", "x"), REQUEST + "path: 'items' is not a field to set here"),
    (
        add("members", id="m01", name="Dup", group="veins"),
        FILE + "members: member id 'm01' appears twice",
    ),
    (
        update("recording.parts", 0, start="ahir"),
        FILE + "recording.parts[0].start: 'ahir' is not a time such as 2026-10-29T19:00:00+01:00",
    ),
]


@pytest.mark.parametrize(("change", "message"), REFUSED)
def test_an_invalid_edit_is_refused_naming_the_field_and_writes_nothing(
    folder: Path, change: dict[str, Any], message: str
) -> None:
    before = (folder / "session.toml").read_bytes()
    file = SessionFile.open(folder)
    with pytest.raises(InputError) as refused:
        file.apply(change)
    assert str(refused.value) == message
    assert (folder / "session.toml").read_bytes() == before
    assert file.text.encode("utf-8") == before
    assert sorted(p.name for p in folder.iterdir()) == ["recording", "session.toml", "votes.jsonl"]


NOT_A_VALUE = "expected a text, a number, true, false, null or a list of ids, not "
HOSTILE = [
    ({"op": "drop_table"}, "unknown op 'drop_table'"),
    ({"path": ["place"], "value": "x"}, "a change is a JSON object with an 'op'"),
    (["op", "set"], "a change is a JSON object with an 'op'"),
    ({**put("place", "x"), "also": 1}, "also: unknown field"),
    (put("place", {"a": 1}), "value: " + NOT_A_VALUE + "a table"),
    (put("place", "x" * 1_000_000), "value: longer than 10,000 characters"),
    ({"op": "set", "path": "place", "value": "x"}, "path: expected an array, not a text ('place')"),
    (put("__class__", "x"), "path[0]: String should match pattern '^[a-z][a-z_]{0,39}$'"),
    (put("excused", ["m1"] * 1001), "value: " + NOT_A_VALUE + "an array"),
    (remove("items", -1), "index: Input should be greater than or equal to 0"),
    (remove("items", 13), "items[13]: there is no such entry (13 in all)"),
    (remove("items", 10**12), "index: Input should be less than or equal to 10000"),
    (remove("items", "1"), "index: expected a whole number, not a text ('1')"),
    (remove("items", True), "index: expected a whole number, not a boolean (true)"),
    (
        {"op": "move", "list": "items", "index": 0, "to": 13},
        "items[13]: there is no such entry (13 in all)",
    ),
    (add("items", 14, number=14, title="x"), "items[14]: there is no such entry (13 in all)"),
    (
        add("votes"),
        "list: Input should be 'items', 'members', 'groups' or 'recording.parts'",
    ),
    (update("items", 0, Title="x"), "values.Title: 'Title' is not a field name"),
    (
        update("items", 0, **{f"f{chr(97 + n)}": 1 for n in range(21)}),
        "values: Dictionary should have at most 20 items after validation, not more",
    ),
]
FILE_REFUSALS = [
    (put("place", "x" * 1001), FILE + "place: longer than 1,000 characters"),
    (
        put("body.legal_members", 10**30),
        FILE + "body.legal_members: expected a whole number, not a number with decimals (1e+30)",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"),
    [(change, REQUEST + message) for change, message in HOSTILE] + FILE_REFUSALS,
)
def test_a_hostile_change_is_refused_in_one_line_and_writes_nothing(
    folder: Path, change: Any, message: str
) -> None:
    before = (folder / "session.toml").read_bytes()
    with pytest.raises(InputError) as refused:
        SessionFile.open(folder).apply(change)
    assert str(refused.value) == message
    assert "\n" not in str(refused.value)
    assert (folder / "session.toml").read_bytes() == before


def test_preview_writes_nothing(folder: Path) -> None:
    before = (folder / "session.toml").read_bytes()
    file = SessionFile.open(folder)
    text, session = file.preview({"op": "set", "path": ["place"], "value": "Sala nova"})
    assert session.place == "Sala nova"
    assert 'place = "Sala nova"' in text
    assert (folder / "session.toml").read_bytes() == before
    assert file.session.place != "Sala nova"


def test_a_file_changed_by_hand_meanwhile_is_not_overwritten(folder: Path) -> None:
    file = SessionFile.open(folder)
    hand = (folder / "session.toml").read_text(encoding="utf-8") + "# a note\n"
    (folder / "session.toml").write_text(hand, encoding="utf-8")
    with pytest.raises(InputError, match="has changed since the editor read it"):
        file.apply({"op": "set", "path": ["place"], "value": "x"})
    assert (folder / "session.toml").read_text(encoding="utf-8") == hand


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "session.toml: not found; make one with `videoacta new`"),
        ("place = \n", "session.toml: invalid TOML: Invalid value (at line 1, column 9)"),
        ('place = "x"\n', "session.toml: the session has no secretary (ROF 90: quorum needs one)"),
    ],
)
def test_open_refuses_a_missing_or_invalid_file_in_one_line(
    tmp_path: Path, text: str | None, message: str
) -> None:
    if text is not None:
        (tmp_path / "session.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        SessionFile.open(tmp_path)
    assert re.sub(r"^\S*/session.toml", "session.toml", str(refused.value)) == message


def test_json_view_gives_the_session_and_the_vocabularies(folder: Path) -> None:
    view = SessionFile.open(folder).json_view()
    assert view["session"]["date"] == "2026-10-29"
    assert [item["number"] for item in view["session"]["items"]] == list(range(1, 14))
    assert view["session"]["recording"]["parts"][1]["start"] == "2026-10-29T19:03:10+01:00"
    assert view["vocabularies"]["vote_types"] == ["ordinary", "nominal", "secret"]
    assert "report" not in view["vocabularies"]["voted_item_kinds"]
    assert view["vocabularies"]["majorities"] == ["simple", "absolute", "two_thirds"]
    assert "rules.quorum.fraction" in view["settable"]
    assert view["lists"]["recording.parts"] == ["file", "start"]
    assert view["recording_files"] == ["recording/part-1.mp4", "recording/part-2.mp4"]
    assert recording_files(folder / "nowhere") == []


def test_detect_starts_finds_each_part_s_start_and_its_evidence(folder: Path) -> None:
    session = SessionFile.open(folder).apply(
        {"op": "update", "list": "recording.parts", "index": 0, "values": {"start": None}}
    )
    first, second = detect_starts(folder, session)
    # Without a start in session.toml, the container's creation time (written in UTC).
    assert first.source is StartSource.CREATION_TIME
    assert first.start == dt.datetime(2026, 10, 29, 18, 0, tzinfo=dt.UTC)
    assert first.duration == pytest.approx(160.0, abs=0.1)
    assert first.problem is None
    assert second.source is StartSource.SESSION
    assert [e.source for e in second.evidence] == [StartSource.SESSION, StartSource.CREATION_TIME]


def test_detect_starts_names_a_missing_part_and_goes_on(folder: Path) -> None:
    session = SessionFile.open(folder).apply(
        {"op": "add", "list": "recording.parts", "index": 0, "values": {"file": "recording/x.mp4"}}
    )
    missing, first, _ = detect_starts(folder, session)
    assert missing.start is None
    assert missing.problem is not None
    assert "recording/x.mp4: recording part not found" in missing.problem
    assert first.start is not None


INLINE = """number = "1"
place = "P"
date = 2026-01-01
chair = "m1"
body.name = "B"
body.legal_members = 3
secretary = { id = "s", name = "S" }
recording = { clock_offset = 0.0 }
groups = [{ id = "g", name = "G" }]
members = [{ id = "m1", name = "M", group = "g" }]
items = [{ number = 1, title = "T" }]
"""


def test_lists_and_tables_written_inline_are_edited_inline(tmp_path: Path) -> None:
    (tmp_path / "session.toml").write_text(INLINE, encoding="utf-8")
    file = SessionFile.open(tmp_path)
    file.apply(add("items", 0, number=2, title="Urgent"))
    file.apply({"op": "move", "list": "items", "index": 0, "to": 1})
    file.apply(add("members", id="m2", name="N", group="g"))
    file.apply(put("chair", "m2"))
    file.apply(remove("members", 0))
    file.apply(add("recording.parts", file="recording/a.mp4"))
    file.apply(put("body.legal_weight", 3.0))
    lines = file.text.splitlines()
    assert lines[4:6] == ['body.name = "B"', "body.legal_weight = 3.0"]
    assert 'recording = { clock_offset = 0.0, parts = [{file = "recording/a.mp4"}]}' in lines
    assert 'items = [{ number = 1, title = "T" }, {number = 2, title = "Urgent"}]' in lines
    session = load_session(tmp_path)
    assert [m.id for m in session.members] == ["m2"]
    assert session.recording.parts[0].file == "recording/a.mp4"


def test_a_session_without_recording_gets_its_first_part(folder: Path) -> None:
    file = SessionFile.open(folder)
    for index in (1, 0):
        file.apply(remove("recording.parts", index))
    file.apply(put("recording.clock_offset", None))
    file.apply(add("recording.parts", file="recording/part-1.mp4", start="2026-10-29T19:00:00"))
    assert load_session(folder).recording.parts[0].start == dt.datetime(2026, 10, 29, 19, 0)
    assert '[[recording.parts]]\nfile = "recording/part-1.mp4"\nstart = 2026-10-29T19:00:00\n' in (
        file.text
    )
