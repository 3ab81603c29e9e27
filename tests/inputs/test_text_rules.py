"""The text rules of the input contract, through the files and the CLI: every text of
session.toml, of votes.jsonl and every cell of votes.csv is refused, with the field named, if it
holds a control or formatting character, a character the acta's fonts cannot draw, or more
characters than its limit; and the refusal is one line and exit code 3.
"""

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.builders import Log, session_data, write_folder
from videoacta.cli import cli
from videoacta.core import text
from videoacta.errors import ExitCode
from videoacta.inputs.session_folder import load_session

Data = dict[str, Any]


def base_log() -> Log:
    log = Log().opened(["m1", "m2", "m3"])  # lines 1-4
    log.add("item_opened", item=1)  # 5
    log.vote(1, {"m1": "yes", "m2": "yes", "m3": "no"})  # 6-10
    log.add("item_closed", item=1)  # 11
    return log.add("session_closed")  # 12


def run_tally(folder: Path) -> Any:
    return CliRunner().invoke(cli, ["tally", str(folder)])


def setting(*path: str | int, value: str) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


SESSION_FAULTS: list[tuple[str, Callable[[Data], None], str]] = [
    (
        "CJK name",
        setting("members", 3, "name", value="Yamada 山田"),
        "members[3].name: character '山' (U+5C71) cannot be printed in the acta",
    ),
    (
        "emoji place",
        setting("place", value="Sala 🏛"),
        "place: character '🏛' (U+1F3DB) cannot be printed in the acta",
    ),
    (
        "bell in the body's name",
        setting("body", "name", value="Ple\x07"),
        "body.name: control or formatting character U+0007 is not allowed",
    ),
    (
        "NUL in the secretary's name",
        setting("secretary", "name", value="Maria\x00"),
        "secretary.name: control or formatting character U+0000 is not allowed",
    ),
    (
        "newline in a member's name",
        setting("members", 0, "name", value="Anna\nPuig"),
        "members[0].name: control or formatting character U+000A is not allowed",
    ),
    (
        "carriage return in an item title",
        setting("items", 0, "title", value="Proposta\r[CHAPTER]"),
        "items[0].title: control or formatting character U+000D is not allowed",
    ),
    (
        "tab in the number",
        setting("number", value="1\t2026"),
        "number: control or formatting character U+0009 is not allowed",
    ),
    (
        "C1 control in a group's name",
        setting("groups", 1, "name", value="Grup\x85B"),
        "groups[1].name: control or formatting character U+0085 is not allowed",
    ),
    (
        "right-to-left override in a title",
        setting("items", 0, "title", value="Proposta \u202etxt.exe"),
        "items[0].title: control or formatting character U+202E is not allowed",
    ),
    (
        "bidi isolate in a name",
        setting("members", 1, "name", value="\u2066Anna\u2069"),
        "members[1].name: control or formatting character U+2066 is not allowed",
    ),
    (
        "line separator in the place",
        setting("place", value="Sala\u2028de Plens"),
        "place: control or formatting character U+2028 is not allowed",
    ),
    (
        "zero-width space in a name",
        setting("members", 2, "name", value="Anna\u200bPuig"),
        "members[2].name: control or formatting character U+200B is not allowed",
    ),
    (
        "name over the limit",
        setting("members", 0, "name", value="x" * (text.NAME_MAX + 1)),
        "members[0].name: longer than 1,000 characters",
    ),
    (
        "title over the limit",
        setting("items", 0, "title", value="x" * (text.TEXT_MAX + 1)),
        "items[0].title: longer than 10,000 characters",
    ),
    (
        "recording part file name",
        setting("recording", "parts", 0, "file", value="part\x1b[2J.mp4"),
        "recording.parts[0].file: control or formatting character U+001B is not allowed",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [c[1:] for c in SESSION_FAULTS], ids=[c[0] for c in SESSION_FAULTS]
)
def test_session_text_fault(tmp_path: Path, change: Callable[[Data], None], message: str) -> None:
    data = session_data()
    data["recording"] = {"parts": [{"file": "part-1.mp4"}]}
    change(data)
    result = run_tally(write_folder(tmp_path / "s", data, base_log()))
    assert result.stderr == f"Error: session.toml: {message}\n"
    assert result.exit_code == ExitCode.INPUT
    assert result.stdout == ""


def test_del_in_session_toml_is_refused(tmp_path: Path) -> None:
    """DEL may only reach a TOML string as an escape; it is refused all the same."""
    folder = write_folder(tmp_path / "s", session_data(place="PLACE"), base_log())
    toml = folder / "session.toml"
    toml.write_text(toml.read_text().replace('"PLACE"', '"Sala\\u007f"'), encoding="utf-8")
    result = run_tally(folder)
    assert result.stderr == (
        "Error: session.toml: place: control or formatting character U+007F is not allowed\n"
    )


def _with(line: int, **fields: Any) -> Callable[[Log], None]:
    def change(log: Log) -> None:
        log.events[line - 1].update(fields)

    return change


LOG_FAULTS: list[tuple[str, Callable[[Log], None], str]] = [
    (
        "bell in a reason",
        lambda log: log.add("recess_started", reason="Pausa\x07"),
        "line 13: reason: control or formatting character U+0007 is not allowed",
    ),
    (
        "DEL in a reason",
        lambda log: log.add("recess_started", reason="Pausa\x7f"),
        "line 13: reason: control or formatting character U+007F is not allowed",
    ),
    (
        "newline in a recusal",
        lambda log: log.add("recusal", item=1, member="m2", reason="Parent\ndirecte"),
        "line 13: reason: control or formatting character U+000A is not allowed",
    ),
    (
        "bidi override in an identity note",
        _with(1, identity="DNI \u202e"),
        "line 1: identity: control or formatting character U+202E is not allowed",
    ),
    (
        "CJK in a reason",
        lambda log: log.add("recess_started", reason="休憩"),
        "line 13: reason: character '休' (U+4F11) cannot be printed in the acta",
    ),
    (
        "reason over the limit",
        lambda log: log.add("recess_started", reason="x" * (text.TEXT_MAX + 1)),
        "line 13: reason: longer than 10,000 characters",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [c[1:] for c in LOG_FAULTS], ids=[c[0] for c in LOG_FAULTS]
)
def test_log_text_fault(tmp_path: Path, change: Callable[[Log], None], message: str) -> None:
    log = base_log()
    change(log)
    result = run_tally(write_folder(tmp_path / "s", session_data(), log))
    assert result.stderr == f"Error: votes.jsonl {message}\n"
    assert result.exit_code == ExitCode.INPUT


def test_a_lone_surrogate_in_the_log_is_refused(tmp_path: Path) -> None:
    lines = base_log().lines()
    lines.insert(4, lines[4][:-1] + ', "reason": "a\\ud800b"}')
    lines[4] = lines[4].replace('"item_opened"', '"recess_started"').replace(', "item": 1', "")
    result = run_tally(write_folder(tmp_path / "s", session_data(), lines))
    assert result.stderr == (
        "Error: votes.jsonl line 5: reason: not Unicode text (a lone surrogate)\n"
    )


def test_an_unknown_event_type_is_quoted_on_one_line(tmp_path: Path) -> None:
    lines = [*base_log().lines(), json.dumps({"time": "2026-10-29T20:00:00+01:00", "type": "a\nb"})]
    result = run_tally(write_folder(tmp_path / "s", session_data(), lines))
    assert result.stderr == "Error: votes.jsonl line 13: unknown event type 'a\\nb'\n"


@pytest.mark.parametrize(
    ("text_", "message"),
    [
        ("item,member,choice\n1,m1\x07,yes\n", "line 2: column 'member': control or formatting"),
        ('item,member,choice\n1,"m1\nm2",yes\n', "line 3: column 'member': control or formatting"),
        ("item,member,choice\n1,m1,yes,\u202e\n", "line 2: 4 values, but the header has 3"),
        (
            "item,member,choice,no\u0000te\n1,m1,yes,x\n",
            "line 1: the header: control or formatting",
        ),
        ("item,member,choice\n1,m1,山\n", "line 2: column 'choice': character '山' (U+5C71)"),
        (f"item,member,choice\n1,m1,{'y' * 1001}\n", "line 2: column 'choice': longer than 1,000"),
    ],
    ids=["bell", "newline in a quoted cell", "extra cell", "header", "CJK", "too long"],
)
def test_csv_text_fault(tmp_path: Path, text_: str, message: str) -> None:
    folder = write_folder(tmp_path / "s", session_data(), base_log())
    (folder / "votes.jsonl").unlink()
    (folder / "votes.csv").write_text(text_, encoding="utf-8", newline="")
    result = run_tally(folder)
    assert result.stderr.startswith(f"Error: votes.csv {message}")
    assert result.stderr.count("\n") == 1
    assert result.exit_code == ExitCode.INPUT


def test_greek_cyrillic_and_european_latin_names_are_accepted(tmp_path: Path) -> None:
    data = session_data()
    names = ["Σωκράτης Παπαδόπουλος", "Пётр Ильич Чайковский", "Łukasz Żółć", "Ștefan Kőszegi"]
    for member, name in zip(data["members"], names, strict=False):
        member["name"] = name
    session = load_session(write_folder(tmp_path / "s", data, base_log()))
    assert [m.name for m in session.members[:4]] == names


def test_text_is_taken_in_nfc(tmp_path: Path) -> None:
    """A name typed with combining accents is the same name with precomposed letters."""
    data = session_data()
    data["members"][0]["name"] = unicodedata.normalize("NFD", "Núria Vilà")
    session = load_session(write_folder(tmp_path / "s", data, base_log()))
    assert session.members[0].name == "Núria Vilà"
    assert len(session.members[0].name) == 10
