"""Hostile inputs: each is refused with one line naming the file and line, and exit code 3.

The class 8 rules (a log on the session's date, a bounded duration), and the inputs that
ended in a traceback: non-UTF-8 or short CSV rows, non-ASCII digits, folders where a file is
expected, deep TOML, inf/nan and huge numbers, dates in year 1 or 9999.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.hostile import (
    CSV,
    Change,
    a_folder,
    folder_with,
    later,
    log_text,
    long_log,
    session_text,
    tally,
    weight,
    write_bytes,
)
from videoacta.batch.runspec import load_spec
from videoacta.cli import cli
from videoacta.errors import ExitCode, InputError

RECESS = '{"time": "2026-10-29T20:00:00+01:00", "type": "recess_started"}\n'

KNOWN: list[tuple[str, Change, str | None, str]] = [
    (
        "log on another day",
        log_text(later(days=1)),
        None,
        "votes.jsonl line 1: member_joined at 2026-10-30T19:00:01+01:00 is on 2026-10-30 in "
        "Europe/Madrid, not on the session's date 2026-10-29",
    ),
    (
        "log the evening before, in UTC",
        log_text(later(hours=-20)),
        None,
        "votes.jsonl line 1: member_joined at 2026-10-28T23:00:01+01:00 is on 2026-10-28 in "
        "Europe/Madrid, not on the session's date 2026-10-29",
    ),
    (
        "session longer than 24 h",
        log_text(long_log(24)),
        None,
        "votes.jsonl line 24: time 2026-10-30T19:00:24+01:00 is more than 24 h after line 1 "
        "(2026-10-29T19:00:01+01:00); a session lasts at most rules.max_duration_hours",
    ),
    (
        "csv time on another day",
        log_text(lambda t: t.replace("2026-10-29", "2026-11-02"), "votes.csv"),
        CSV,
        "votes.csv line 2: member_joined at 2026-11-02T19:10:00+01:00 is on 2026-11-02 in "
        "Europe/Madrid, not on the session's date 2026-10-29",
    ),
    (
        "csv whose earliest time is on another day",
        log_text(lambda t: t.replace("1,m2,no,", "1,m2,no,2026-10-28T19:00:00+01:00"), "votes.csv"),
        CSV,
        "votes.csv line 3: member_joined at 2026-10-28T19:00:00+01:00 is on 2026-10-28 in "
        "Europe/Madrid, not on the session's date 2026-10-29",
    ),
    (
        "csv of two days",
        log_text(lambda t: t + "1,m3,yes,2026-10-31T19:10:00+01:00\n", "votes.csv"),
        CSV,
        "votes.csv line 4: time 2026-10-31T19:10:00+01:00 is more than 24 h after line 2 "
        "(2026-10-29T19:10:00+01:00); a session lasts at most rules.max_duration_hours",
    ),
    (
        "csv not UTF-8",
        write_bytes("votes.csv", "item,member,choice\n1,m1,sí\n".encode("latin-1")),
        CSV,
        "votes.csv line 2: not UTF-8 text (byte 0xed); save the file as UTF-8",
    ),
    (
        "csv short row",
        log_text(lambda t: "item,member,choice\n1,m1\n", "votes.csv"),
        CSV,
        "votes.csv line 2: 2 values, but the header has 3",
    ),
    (
        "csv long row",
        log_text(lambda t: "item,member,choice\n1,m1,yes,no\n", "votes.csv"),
        CSV,
        "votes.csv line 2: 4 values, but the header has 3",
    ),
    (
        "csv arabic digit",
        log_text(lambda t: "item,member,choice\n\u0661,m1,yes\n", "votes.csv"),
        CSV,
        "votes.csv line 2: column 'item': character '\u0661' (U+0661) cannot be printed in "
        "the acta",
    ),
    (
        "csv superscript digit",
        log_text(lambda t: "item,member,choice\n\u00b2,m1,yes\n", "votes.csv"),
        CSV,
        "votes.csv line 2: item '\u00b2' is not on the agenda in session.toml",
    ),
    (
        "csv cell over the csv module's limit",
        log_text(lambda t: "item,member,choice\n1,m1," + "y" * 200_000 + "\n", "votes.csv"),
        CSV,
        "votes.csv line 2: not valid CSV: field larger than field limit (131072)",
    ),
    (
        "csv value with a newline is quoted on one line",
        log_text(lambda t: 'item,member,choice\n1,"m1\nx",yes\n', "votes.csv"),
        CSV,
        "votes.csv line 3: column 'member': control or formatting character U+000A is not allowed",
    ),
    (
        "csv repeated column",
        log_text(lambda t: "item,member,choice,item\n1,m1,yes,1\n", "votes.csv"),
        CSV,
        "votes.csv line 1: column 'item' appears twice in the header",
    ),
    (
        "votes.jsonl is a folder",
        a_folder("votes.jsonl"),
        None,
        "votes.jsonl: is a folder, not a file",
    ),
    ("votes.csv is a folder", a_folder("votes.csv"), CSV, "votes.csv: is a folder, not a file"),
    (
        "session.toml is a folder",
        a_folder("session.toml"),
        None,
        "session.toml: is a folder, not a file",
    ),
    (
        "deeply nested session",
        session_text(lambda t: t + "\nx = " + "[" * 5000 + "]" * 5000 + "\n"),
        None,
        "session.toml: nested more than 10 levels deep",
    ),
    (
        "nested tables",
        session_text(lambda t: "[" + ".".join(["a"] * 11) + "]\n" + t),
        None,
        "session.toml: nested more than 10 levels deep",
    ),
    (
        "infinite weight",
        session_text(weight("inf")),
        None,
        "session.toml: members[0].weight: Input should be a finite number",
    ),
    (
        "nan weight",
        session_text(weight("nan")),
        None,
        "session.toml: members[0].weight: Input should be a finite number",
    ),
    (
        "huge weight",
        session_text(weight("1e300")),
        None,
        "session.toml: members[0].weight: Input should be less than or equal to 1000000",
    ),
    (
        "infinite clock offset",
        session_text(lambda t: t + "\n[recording]\nclock_offset = -inf\n"),
        None,
        "session.toml: recording.clock_offset: Input should be a finite number",
    ),
    (
        "integer with 5000 digits",
        session_text(lambda t: t.replace("legal_members = 5", "legal_members = " + "9" * 5000)),
        None,
        "session.toml: invalid TOML: a number has too many digits",
    ),
    (
        "too many seats",
        session_text(lambda t: t.replace("legal_members = 5", "legal_members = 100000")),
        None,
        "session.toml: body.legal_members: Input should be less than or equal to 1000",
    ),
    (
        "date in year 9999",
        session_text(lambda t: t.replace("2026-10-29", "9999-12-31")),
        None,
        "session.toml: date: year 9999 is not between 1900 and 2999",
    ),
    (
        "log in year 1",
        log_text(lambda t: t.replace("2026-10-29T19", "0001-01-01T00")),
        None,
        "votes.jsonl line 1: time: year 1 is not between 1900 and 2999",
    ),
    (
        "item number too large",
        log_text(lambda t: t.replace('"item": 1,', '"item": 10000,', 1)),
        None,
        "votes.jsonl line 8: item: Input should be less than or equal to 9999",
    ),
    (
        "json nested too deeply",
        write_bytes("votes.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n"),
        None,
        "votes.jsonl line 1: not valid JSON: nested too deeply",
    ),
    (
        "json integer with 5000 digits",
        log_text(lambda t: t.replace('"item": 1,', '"item": 1' + "0" * 5000 + ",", 1)),
        None,
        "votes.jsonl line 8: not valid JSON: a number has too many digits",
    ),
    (
        "ballots beyond any body",
        log_text(lambda t: t.replace('"yes": 3', '"yes": 3000000')),
        None,
        "votes.jsonl line 20: ballots.yes: Input should be less than or equal to 1000",
    ),
    (
        "csv unknown column",
        log_text(lambda t: t.replace("choice,time", "choice,Time"), "votes.csv"),
        CSV,
        "votes.csv line 1: unknown column 'Time' (item, member, choice, time)",
    ),
    (
        "csv time as a number",
        log_text(lambda t: t.replace("2026-10-29T19:10:00+01:00", "1793296801"), "votes.csv"),
        CSV,
        "votes.csv line 2: time '1793296801' is not an ISO 8601 time with a zone offset",
    ),
    (
        "json time as a number",
        log_text(lambda t: t.replace('"2026-10-29T19:00:01+01:00"', "1793296801", 1)),
        None,
        "votes.jsonl line 1: time: '1793296801' is not an ISO 8601 time such as "
        "2026-10-29T19:00:00+01:00",
    ),
    (
        "json time as a text of digits",
        log_text(lambda t: t.replace('"2026-10-29T19:00:01+01:00"', '"1793296801"', 1)),
        None,
        "votes.jsonl line 1: time: '1793296801' is not an ISO 8601 time such as "
        "2026-10-29T19:00:00+01:00",
    ),
    (
        "json item as a text",
        log_text(lambda t: t.replace('"item": 1,', '"item": "1",', 1)),
        None,
        "votes.jsonl line 8: item: expected a whole number, not a text ('1')",
    ),
    (
        "json item with decimals",
        log_text(lambda t: t.replace('"item": 1,', '"item": 1.0,', 1)),
        None,
        "votes.jsonl line 8: item: expected a whole number, not a number with decimals (1.0)",
    ),
    (
        "clock offset a boolean",
        session_text(lambda t: t + "\n[recording]\nclock_offset = true\n"),
        None,
        "session.toml: recording.clock_offset: expected a number, not a boolean (true)",
    ),
    (
        "legal members with decimals",
        session_text(lambda t: t.replace("legal_members = 5", "legal_members = 5.0")),
        None,
        "session.toml: body.legal_members: expected a whole number, not a number with "
        "decimals (5.0)",
    ),
    (
        "item number as a text",
        session_text(lambda t: t.replace("number = 1\n", 'number = "1"\n')),
        None,
        "session.toml: items[0].number: expected a whole number, not a text ('1')",
    ),
    (
        "date as a text",
        session_text(lambda t: t.replace("date = 2026-10-29", 'date = "2026-10-29"')),
        None,
        "session.toml: date: expected a date such as 2026-10-29 (no quotes), not a text "
        "('2026-10-29')",
    ),
    (
        "weight as a text",
        session_text(weight('"2"')),
        None,
        "session.toml: members[0].weight: expected a number, not a text ('2')",
    ),
    (
        "in_camera as a number",
        session_text(lambda t: t.replace('"Proposta"\n', '"Proposta"\nin_camera = 1\n')),
        None,
        "session.toml: items[0].in_camera: expected true or false, not a whole number (1)",
    ),
    (
        "name as a number",
        session_text(lambda t: t.replace('name = "Membre 2"', "name = 2")),
        None,
        "session.toml: members[1].name: expected a text in quotes, not a whole number (2)",
    ),
    (
        "name of spaces",
        session_text(lambda t: t.replace('name = "Membre 2"', 'name = " \u00a0 "')),
        None,
        "session.toml: members[1].name: blank: the text needs a character other than a space",
    ),
    (
        "reason of spaces",
        log_text(lambda t: t + RECESS.replace("}", ', "reason": "  "}')),
        None,
        "votes.jsonl line 25: reason: blank: the text needs a character other than a space",
    ),
    (
        "excused twice",
        session_text(lambda t: 'excused = ["m5", "m5"]\n' + t),
        None,
        "session.toml: excused: member 'm5' appears twice",
    ),
    (
        "an array over the limit",
        session_text(lambda t: "excused = [" + "1," * 10_001 + "]\n" + t),
        None,
        "session.toml: excused: more than 10,000 entries",
    ),
    (
        "a table over the limit",
        session_text(lambda t: t + "\n[recording]\n" + "".join(f"k{n} = 1\n" for n in range(1001))),
        None,
        "session.toml: recording: more than 1,000 keys",
    ),
    (
        "a short log line of many keys",
        log_text(
            lambda t: t + RECESS.replace("}", "".join(f', "k{n}": 0' for n in range(100)) + "}")
        ),
        None,
        "votes.jsonl line 25: the line: more than 100 keys",
    ),
    (
        "a long log line of many keys",
        log_text(
            lambda t: t + RECESS.replace("}", "".join(f', "k{n}": 0' for n in range(9000)) + "}")
        ),
        None,
        "votes.jsonl line 25: the line: more than 100 keys",
    ),
    (
        "unknown type is quoted on one line",
        log_text(lambda t: '{"time": "2026-10-29T19:00:00+01:00", "type": "a\\nb"}\n' + t),
        None,
        "votes.jsonl line 1: unknown event type 'a\\nb'",
    ),
]


@pytest.mark.parametrize(
    ("change", "csv", "message"), [c[1:] for c in KNOWN], ids=[c[0] for c in KNOWN]
)
def test_a_known_hostile_input_is_one_line(
    tmp_path: Path, change: Change, csv: str | None, message: str
) -> None:
    result = tally(folder_with(tmp_path, change, csv=csv))
    assert result.stderr == f"Error: {message}\n"
    assert result.exit_code == ExitCode.INPUT


@pytest.mark.parametrize(
    ("change", "csv"),
    [
        (session_text(lambda t: "\ufeff" + t), None),
        (log_text(lambda t: "\ufeff" + t), None),
        (log_text(lambda t: "\ufeff" + t, "votes.csv"), CSV),
    ],
    ids=["session.toml", "votes.jsonl", "votes.csv"],
)
def test_a_utf8_byte_order_mark_is_skipped(tmp_path: Path, change: Change, csv: str | None) -> None:
    result = tally(folder_with(tmp_path, change, csv=csv))
    assert result.exit_code == 0, result.stderr


def test_a_session_past_midnight_and_a_longer_limit_are_accepted(tmp_path: Path) -> None:
    late = log_text(later(hours=4))  # opens at 23:00, closes after midnight
    assert tally(folder_with(tmp_path, late)).exit_code == 0
    longer = session_text(lambda t: t + "\n[rules]\nmax_duration_hours = 48\n")
    result = tally(folder_with(tmp_path, lambda f: (longer(f), log_text(long_log(30))(f))))
    assert result.exit_code == 0, result.stderr


def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, lambda f: (f / "votes.jsonl").unlink())
    os.mkfifo(folder / "votes.jsonl")
    assert tally(folder).stderr == "Error: votes.jsonl: is not a regular file\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("deep", "inbox = " + "[" * 5000 + "]" * 5000, "nested more than 10 levels deep"),
        (
            "nan",
            'inbox = "i"\noutput = "o"\nsettle = nan',
            "settle: Input should be a finite number",
        ),
        (
            "inf",
            'inbox = "i"\noutput = "o"\nsettle = inf',
            "settle: Input should be a finite number",
        ),
        ("bom", "\ufeffinbox = 'i'", "output: missing"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 6 else "",
)
def test_a_hostile_run_spec_is_one_line(tmp_path: Path, name: str, data: str, message: str) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_spec(path)
    assert str(caught.value) == f"{path}: {message}"
    result = CliRunner().invoke(cli, ["batch", str(path)])
    assert result.stderr == f"Error: {path}: {message}\n"
    assert result.exit_code == ExitCode.INPUT


# -- index and build, as a user runs them ---------------------------------------------------


@pytest.mark.parametrize("command", ["index", "build"])
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (a_folder("votes.jsonl"), "votes.jsonl: is a folder, not a file"),
        (
            session_text(weight("nan")),
            "session.toml: members[0].weight: Input should be a finite number",
        ),
        (
            log_text(later(days=2)),
            "votes.jsonl line 1: member_joined at 2026-10-31T19:00:01+01:00 is on 2026-10-31 in "
            "Europe/Madrid, not on the session's date 2026-10-29",
        ),
    ],
    ids=["folder", "nan", "date"],
)
def test_index_and_build_refuse_and_write_nothing(
    tmp_path: Path, command: str, change: Change, message: str
) -> None:
    folder = folder_with(tmp_path, change)
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "videoacta", command, str(folder), "--out", str(out), "--quiet"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert done.stderr == f"Error: {message}\n"
    assert done.returncode == ExitCode.INPUT
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]
