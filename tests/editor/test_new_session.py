"""`videoacta new`: a session folder copied from a previous session, or a template; both valid."""

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from videoacta.editor.new_session import create, next_number
from videoacta.editor.session_file import SessionFile
from videoacta.errors import InputError, OutputError
from videoacta.inputs.session_folder import load_session


def test_from_the_sample_copies_the_council_and_nothing_of_that_session(tmp_path: Path) -> None:
    written = create(tmp_path / "2026-11-26-ple", previous=SAMPLE)
    new, old = load_session(written.parent), load_session(SAMPLE)
    assert written == tmp_path / "2026-11-26-ple" / "session.toml"
    assert (new.body, new.groups, new.members) == (old.body, old.groups, old.members)
    assert (new.secretary, new.comptroller, new.rules) == (
        old.secretary,
        old.comptroller,
        old.rules,
    )
    assert (new.chair, new.place, new.timezone, new.language) == (
        old.chair, old.place, old.timezone, old.language,
    )  # fmt: skip
    assert (new.id, new.date, new.number) == ("2026-11-26-ple", dt.date(2026, 11, 26), "11/2026")
    assert new.excused == ()
    assert new.recording.parts == ()
    assert [(i.number, i.kind.value) for i in new.items] == [(1, "minutes")]
    assert (tmp_path / "2026-11-26-ple" / "recording").is_dir()
    assert sorted(p.name for p in written.parent.iterdir()) == ["recording", "session.toml"]


def test_from_keeps_the_comments_of_what_is_kept_only(tmp_path: Path) -> None:
    text = create(tmp_path / "2026-11-26-ple", previous=SAMPLE).read_text(encoding="utf-8")
    kept = [
        "# -- Groups: a minority government",
        "# Veïns per Vilanova i l'Estany (8, government)",
        "# recuses himself from item 5",
        "# a town of 20,001-50,000 inhabitants (LOREG 179): 21 seats",
        "[rules]                           # the defaults, written out",
    ]
    gone = ["# Sample session", "# The recording is paused", "# Part resolutiva", "m17 is absent"]
    assert [line for line in kept if line not in text] == []
    assert [line for line in gone if line in text] == []
    assert text.startswith("# Session 2026-11-26-ple, made from 2026-10-29-ple-ordinari\n\n")
    assert 'number = "11/2026"                # to check' in text
    assert tomllib.loads(text)["id"] == "2026-11-26-ple"


def test_what_new_writes_opens_in_the_editor(tmp_path: Path) -> None:
    create(tmp_path / "a-2026-12-03", previous=SAMPLE)
    file = SessionFile.open(tmp_path / "a-2026-12-03")
    file.apply({"op": "update", "list": "items", "index": 0, "values": {"title": "Acta"}})
    assert load_session(tmp_path / "a-2026-12-03").items[0].title == "Acta"


def test_without_from_a_commented_template_that_is_valid(tmp_path: Path) -> None:
    written = create(tmp_path / "ple", date=dt.date(2027, 1, 28))
    session = load_session(written.parent)
    assert (session.id, session.date, session.number) == ("ple", dt.date(2027, 1, 28), "1/2027")
    assert [m.id for m in session.members] == [session.chair] == ["m01"]
    assert written.read_text(encoding="utf-8").count("# to fill in") >= 1


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "ple-2026-11-26").mkdir()
    assert load_session(create(tmp_path / "ple-2026-11-26").parent).date == dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("previous", "year", "expected"),
    [("10/2026", 2026, "11/2026"), ("10/2026", 2027, "1/2027"), ("Ple 10", 2026, "1/2026")],
)
def test_next_number(previous: str, year: int, expected: str) -> None:
    assert next_number(previous, year) == expected


def test_refuses_a_folder_with_files_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "ple").mkdir()
    (tmp_path / "ple" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists and is not empty; choose a new folder"):
        create(tmp_path / "ple", previous=SAMPLE)
    assert [p.name for p in (tmp_path / "ple").iterdir()] == ["notes.txt"]


def test_takes_a_folder_holding_only_the_recording_copied_first(tmp_path: Path) -> None:
    recording = tmp_path / "2026-11-26-ple" / "recording"
    recording.mkdir(parents=True)
    (recording / "part-1.mp4").write_bytes(b"video")
    create(tmp_path / "2026-11-26-ple", previous=SAMPLE)
    assert (recording / "part-1.mp4").read_bytes() == b"video"
    assert load_session(tmp_path / "2026-11-26-ple").id == "2026-11-26-ple"


def test_refuses_a_name_that_is_not_a_session_id(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the folder's name is the session's id"):
        create(tmp_path / "ple de novembre")
    assert not (tmp_path / "ple de novembre").exists()


def test_refuses_an_invalid_previous_session_naming_its_file(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "session.toml").write_text('place = "x"\n', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        create(tmp_path / "new", previous=tmp_path / "old")
    assert str(refused.value) == (
        f"{tmp_path}/old/session.toml: the session has no secretary (ROF 90: quorum needs one)"
    )
    assert not (tmp_path / "new").exists()
