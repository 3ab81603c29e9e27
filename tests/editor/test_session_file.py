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
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [(changed[0][0], 'place = "Sala de Plens"')]
    assert load_session(folder).place == "Sala de Plens"


def test_removing_an_item_keeps_the_heading_above_it_and_loses_its_own_notes(
    folder: Path,
) -> None:
    file = SessionFile.open(folder)
    file.apply({"op": "remove", "list": "items", "index": 0})
    text = file.text
    assert "# -- Agenda (ordre del dia)" in text and "# Part resolutiva" in text
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


CHANGES: list[tuple[dict[str, Any], Any]] = [
    ({"op": "set", "path": ["date"], "value": "2026-10-30"}, lambda s: s.date),
    ({"op": "set", "path": ["number"], "value": "11/2026"}, lambda s: s.number),
    ({"op": "set", "path": ["mode"], "value": "remote"}, lambda s: s.mode.value),
    ({"op": "set", "path": ["excused"], "value": []}, lambda s: s.excused),
    ({"op": "set", "path": ["body", "legal_members"], "value": 25}, lambda s: s.body.legal_members),
    ({"op": "set", "path": ["secretary", "title"], "value": None}, lambda s: s.secretary.title),
    ({"op": "set", "path": ["comptroller"], "value": None}, lambda s: s.comptroller),
    ({"op": "set", "path": ["rules", "quorum", "minimum"], "value": 4}, lambda s: s.rules.quorum.minimum),
    ({"op": "set", "path": ["recording", "clock_offset"], "value": -1.5}, lambda s: s.recording.clock_offset),
    ({"op": "add", "list": "groups", "values": {"id": "nou", "name": "Grup nou"}}, lambda s: s.groups[-1].id),
    ({"op": "add", "list": "items", "index": 0, "values": {"number": 14, "title": "Urgent"}}, lambda s: s.items[0].number),
    ({"op": "update", "list": "items", "index": 1, "values": {"majority": "absolute"}}, lambda s: s.items[1].majority),
    ({"op": "update", "list": "items", "index": 2, "values": {"majority": None}}, lambda s: s.items[2].majority),
    ({"op": "remove", "list": "members", "index": 16}, lambda s: len(s.members)),
    ({"op": "move", "list": "members", "index": 0, "to": 20}, lambda s: s.members[-1].id),
    ({"op": "update", "list": "recording.parts", "index": 1, "values": {"start": "2026-10-29T19:03:11+01:00"}},
     lambda s: s.recording.parts[1].start.isoformat()),
]  # fmt: skip
EXPECTED = [
    dt.date(2026, 10, 30), "11/2026", "remote", (), 25, None, None, 4, -1.5, "nou", 14,
    "absolute", None, 20, "m01", "2026-10-29T19:03:11+01:00",
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), list(zip(CHANGES, EXPECTED, strict=True)))
def test_each_op_is_written_and_read_back(
    folder: Path, change: tuple[dict[str, Any], Any], expected: object
) -> None:
    request, read = change
    session = SessionFile.open(folder).apply(request)
    assert read(session) == expected
    assert read(load_session(folder)) == expected
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


REFUSED = [
    ({"op": "remove", "list": "groups", "index": 0}, "session.toml: members[0] ('m01'): group 'veins' is not in groups"),
    ({"op": "update", "list": "items", "index": 3, "values": {"majority": "1/3"}}, "session.toml: items[3]: majority 1/3 is not more than half (LBRL 47)"),
    ({"op": "update", "list": "items", "index": 3, "values": {"majority": 3}}, "session.toml: items[3].majority: expected a text in quotes, not a whole number (3)"),
    ({"op": "update", "list": "items", "index": 0, "values": {"title": None}}, "session.toml: items[0].title: missing"),
    ({"op": "update", "list": "items", "index": 0, "values": {"colour": "red"}}, "request: items[0].colour: unknown field"),
    ({"op": "set", "path": ["chair"], "value": "m99"}, "session.toml: chair: 'm99' is not in members"),
    ({"op": "set", "path": ["date"], "value": "2026-13-01"}, "session.toml: date: '2026-13-01' is not a date such as 2026-10-29"),
    ({"op": "set", "path": ["date"], "value": 20261029}, "session.toml: date: expected a date such as 2026-10-29 (no quotes), not a whole number (20261029)"),
    ({"op": "set", "path": ["body", "legal_members"], "value": 20}, "session.toml: 21 members in office but body.legal_members is 20"),
    ({"op": "set", "path": ["id"], "value": "x"}, "request: path: 'id' is not a field to set here"),
    ({"op": "set", "path": ["items"], "value": "x"}, "request: path: 'items' is not a field to set here"),
    ({"op": "add", "list": "members", "values": {"id": "m01", "name": "Dup", "group": "veins"}}, "session.toml: members: member id 'm01' appears twice"),
    ({"op": "update", "list": "recording.parts", "index": 0, "values": {"start": "ahir"}}, "session.toml: recording.parts[0].start: 'ahir' is not a time such as 2026-10-29T19:00:00+01:00"),
]  # fmt: skip


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


HOSTILE = [
    ({"op": "drop_table"}, "request: unknown op 'drop_table'"),
    ({"path": ["place"], "value": "x"}, "request: a change is a JSON object with an 'op'"),
    (["op", "set"], "request: a change is a JSON object with an 'op'"),
    ({"op": "set", "path": ["place"], "value": "x", "also": 1}, "request: also: unknown field"),
    ({"op": "set", "path": ["place"], "value": {"a": 1}}, "request: value: expected a text, a number, true, false, null or a list of ids, not a table"),
    ({"op": "set", "path": ["place"], "value": "x" * 1_000_000}, "request: value: longer than 10,000 characters"),
    ({"op": "set", "path": ["place"], "value": "x" * 1001}, "session.toml: place: longer than 1,000 characters"),
    ({"op": "set", "path": "place", "value": "x"}, "request: path: expected an array, not a text ('place')"),
    ({"op": "set", "path": ["__class__"], "value": "x"}, "request: path[0]: String should match pattern '^[a-z][a-z_]{0,39}$'"),
    ({"op": "set", "path": ["excused"], "value": ["m1"] * 1001}, "request: value: expected a text, a number, true, false, null or a list of ids, not an array"),
    ({"op": "set", "path": ["body", "legal_members"], "value": 10**30}, "session.toml: body.legal_members: expected a whole number, not a number with decimals (1e+30)"),
    ({"op": "remove", "list": "items", "index": -1}, "request: index: Input should be greater than or equal to 0"),
    ({"op": "remove", "list": "items", "index": 13}, "request: items[13]: there is no such entry (13 in all)"),
    ({"op": "remove", "list": "items", "index": 10**12}, "request: index: Input should be less than or equal to 10000"),
    ({"op": "remove", "list": "items", "index": "1"}, "request: index: expected a whole number, not a text ('1')"),
    ({"op": "remove", "list": "items", "index": True}, "request: index: expected a whole number, not a boolean (true)"),
    ({"op": "move", "list": "items", "index": 0, "to": 13}, "request: items[13]: there is no such entry (13 in all)"),
    ({"op": "add", "list": "items", "index": 14, "values": {"number": 14, "title": "x"}}, "request: items[14]: there is no such entry (13 in all)"),
    ({"op": "add", "list": "votes", "values": {}}, "request: list: Input should be 'items', 'members', 'groups' or 'recording.parts'"),
    ({"op": "update", "list": "items", "index": 0, "values": {"Title": "x"}}, "request: values.Title: 'Title' is not a field name"),
    ({"op": "update", "list": "items", "index": 0, "values": {f"f{chr(97 + n)}": 1 for n in range(21)}}, "request: values: Dictionary should have at most 20 items after validation, not more"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), HOSTILE)
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
    assert session.place == "Sala nova" and 'place = "Sala nova"' in text
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
    assert first.duration == pytest.approx(160.0, abs=0.1) and first.problem is None
    assert second.source is StartSource.SESSION
    assert [e.source for e in second.evidence] == [StartSource.SESSION, StartSource.CREATION_TIME]


def test_detect_starts_names_a_missing_part_and_goes_on(folder: Path) -> None:
    session = SessionFile.open(folder).apply(
        {"op": "add", "list": "recording.parts", "index": 0, "values": {"file": "recording/x.mp4"}}
    )
    missing, first, _ = detect_starts(folder, session)
    assert missing.start is None and missing.problem is not None
    assert "recording/x.mp4: recording part not found" in missing.problem
    assert first.start is not None
