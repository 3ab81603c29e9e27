"""The input limits: every number finite and bounded, no file or line read beyond its cap."""

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.hostile import Change, folder_with, tally
from videoacta.batch.runspec import RunSpec
from videoacta.cli import cli
from videoacta.errors import ExitCode, InputError
from videoacta.inputs import bounded

INPUT_MODELS = [
    "videoacta.core.session.Session",
    "videoacta.core.events.Event",
    "videoacta.batch.runspec.RunSpec",
]


def _numeric_fields(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every number or integer of a JSON schema, with its path (definitions included)."""
    found: list[tuple[str, dict[str, Any]]] = []
    stack: list[tuple[str, Any]] = [("", schema)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") in ("number", "integer"):
                found.append((path, node))
            stack += [(f"{path}.{key}", value) for key, value in node.items()]
        elif isinstance(node, list):
            stack += [(f"{path}[{n}]", value) for n, value in enumerate(node)]
    return found


def test_every_number_of_the_input_has_an_upper_bound() -> None:
    """In the published schemas (`videoacta schema`) and the run spec's: a new field must too."""
    published = [CliRunner().invoke(cli, ["schema", name]).stdout for name in ("session", "event")]
    schemas = [json.loads(text) for text in published] + [RunSpec.model_json_schema()]
    unbounded = [
        path
        for schema in schemas
        for path, field in _numeric_fields(schema)
        if "maximum" not in field and "exclusiveMaximum" not in field
    ]
    assert unbounded == []
    weight = schemas[0]["$defs"]["Member"]["properties"]["weight"]
    assert (weight["exclusiveMinimum"], weight["maximum"]) == (0, 1_000_000)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_no_float_of_the_input_takes_inf_or_nan(value: float) -> None:
    from pydantic import ValidationError

    from videoacta.batch.runspec import Retries
    from videoacta.core.session import Body, Member, Recording

    cases: list[tuple[Any, dict[str, Any]]] = [
        (Member, {"id": "m", "name": "M", "group": "g", "weight": value}),
        (Body, {"name": "B", "legal_members": 1, "legal_weight": value}),
        (Recording, {"clock_offset": value}),
        (Retries, {"backoff": value}),
    ]
    for model, data in cases:
        with pytest.raises(ValidationError, match=r"finite number|less than|greater than"):
            model.model_validate(data)


# -- a 100 MB field: refused early, with flat memory ---------------------------------------

HUGE = 100 * 1024 * 1024


def _write_huge(path: Path, head: str, tail: str, *, mode: str = "w") -> None:
    """Write head, 100 MB of 'x', then tail, a MiB at a time (this process stays small)."""
    with path.open(mode, encoding="utf-8") as handle:
        handle.write(head)
        for _ in range(HUGE // bounded.MIB):
            handle.write("x" * bounded.MIB)
        handle.write(tail)


def _huge_session(folder: Path) -> None:
    text = (folder / "session.toml").read_text(encoding="utf-8")
    head, tail = text.split('place = "Sala de Plens"')
    _write_huge(folder / "session.toml", head + 'place = "', '"' + tail)


def _huge_jsonl(folder: Path) -> None:
    head = '{"time": "2026-10-29T20:00:00+01:00", "type": "recess_started", "reason": "'
    _write_huge(folder / "votes.jsonl", head, '"}\n', mode="a")


def _huge_csv(folder: Path) -> None:
    (folder / "votes.jsonl").unlink()
    _write_huge(folder / "votes.csv", 'item,member,choice\n1,m1,"', '"\n')


# Run the command from a small parent, and read its peak memory with wait4: a child forked
# straight from pytest would count pytest's own pages in its ru_maxrss.
MEASURE = """
import os, subprocess, sys
with open(sys.argv[1], "wb") as sink:
    child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=sink)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024)
"""


def _run_measured(argv: list[str], stderr: Path) -> tuple[int, int]:
    """Run a command; its exit status and its peak resident memory in MiB."""
    wrapper = [sys.executable, "-c", MEASURE, str(stderr), *argv]
    # A generous bound, not a timing assertion: today's code takes minutes and 600 MB.
    done = subprocess.run(wrapper, capture_output=True, text=True, timeout=60, check=True)
    status, peak_mib = done.stdout.split()
    return int(status), int(peak_mib)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_huge_session, "session.toml: is larger than 4 MiB, the limit for this file"),
        (_huge_jsonl, "votes.jsonl: is larger than 64 MiB, the limit for this file"),
        (_huge_csv, "votes.csv: is larger than 64 MiB, the limit for this file"),
    ],
    ids=["session.toml", "votes.jsonl", "votes.csv"],
)
def test_a_100_mb_field_is_refused_with_flat_memory(
    tmp_path: Path, change: Change, message: str
) -> None:
    folder = folder_with(tmp_path, change)
    argv = [sys.executable, "-m", "videoacta", "tally", str(folder)]
    status, peak_mib = _run_measured(argv, tmp_path / "stderr")
    assert (tmp_path / "stderr").read_text(encoding="utf-8") == f"Error: {message}\n"
    assert status == ExitCode.INPUT
    assert peak_mib < 300


def test_a_long_csv_line_is_refused_after_one_mib(tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_text("item,member,choice\n" + "x" * (bounded.LINE_BYTES + 1) + "\n")
    with pytest.raises(InputError, match=r"^votes.csv line 2: longer than 1 MiB$"):
        list(bounded.lines(path, "votes.csv", total=bounded.LOG_BYTES))


def test_log_is_quietly_not_ready_when_its_last_line_is_hostile(tmp_path: Path) -> None:
    from videoacta.batch.inbox import log_is_closed, part_names

    (tmp_path / "votes.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    assert not log_is_closed(tmp_path / "votes.jsonl")
    (tmp_path / "session.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert part_names(tmp_path) == []


# -- what pydantic would report element by element: bounded before it sees the data ----------


def _long_array(folder: Path) -> None:
    """3.8 MB: 1.9 million entries of the wrong type, under the 4 MiB file limit."""
    path = folder / "session.toml"
    path.write_text("excused = [" + "1," * 1_900_000 + "]\n" + path.read_text(encoding="utf-8"))


def _many_keys(folder: Path) -> None:
    """A line just under 1 MiB holding 80,000 unknown keys."""
    keys = "".join(f', "{n:x}": 0' for n in range(80_000))
    line = '{"time": "2026-10-29T20:00:00+01:00", "type": "recess_ended"' + keys + "}\n"
    assert len(line) < bounded.LINE_BYTES
    with (folder / "votes.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(line)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_long_array, "session.toml: excused: more than 10,000 entries"),
        (_many_keys, "votes.jsonl line 25: the line: more than 100 keys"),
    ],
    ids=["toml array", "log line keys"],
)
def test_a_long_array_or_many_keys_are_refused_with_flat_memory(
    tmp_path: Path, change: Change, message: str
) -> None:
    """Before: 2 GB (the array) and 230 MB (the keys), one pydantic error per element."""
    folder = folder_with(tmp_path, change)
    argv = [sys.executable, "-m", "videoacta", "tally", str(folder)]
    status, peak_mib = _run_measured(argv, tmp_path / "stderr")
    assert (tmp_path / "stderr").read_text(encoding="utf-8") == f"Error: {message}\n"
    assert status == ExitCode.INPUT
    assert peak_mib < 150


def test_a_log_over_64_mib_is_refused_before_it_is_read(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, lambda folder: None)
    with (folder / "votes.jsonl").open("r+b") as handle:
        handle.truncate(bounded.LOG_BYTES + 1)  # sparse: no need to write 64 MiB
    result = tally(folder)
    assert result.stderr == "Error: votes.jsonl: is larger than 64 MiB, the limit for this file\n"
    assert result.exit_code == ExitCode.INPUT


def test_the_log_limit_is_far_above_the_largest_real_log() -> None:
    """577 members, 200 nominal votes (tests/benchmarks/bench_tally.py): about 13 MB."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    try:
        import bench_tally
    finally:
        sys.path.pop(0)
    size = len(bench_tally.build_log(bench_tally.build_session()).encode("utf-8"))
    assert 10_000_000 < size < bounded.LOG_BYTES / 4


def test_a_long_valid_line_takes_the_bounded_path_and_is_read(tmp_path: Path) -> None:
    from videoacta.inputs.session_folder import SHORT_LINE, read_jsonl

    short = '{"time": "2026-10-29T20:00:00+01:00", "type": "recess_started", "reason": "Pausa"}'
    long = short.replace(', "reason"', "," + " " * SHORT_LINE + '"reason"')
    (tmp_path / "short.jsonl").write_text(short + "\n", encoding="utf-8")
    (tmp_path / "long.jsonl").write_text(long + "\n", encoding="utf-8")
    events = [read_jsonl(tmp_path / n).entries[0].event for n in ("short.jsonl", "long.jsonl")]
    assert len(long) > SHORT_LINE
    assert events[0] == events[1]
    assert events[1].reason == "Pausa"


def test_a_whole_number_is_a_valid_float_and_a_toml_time_a_valid_time(tmp_path: Path) -> None:
    """Strict types keep what TOML gives natively: `weight = 2`, `clock_offset = 2`, a time."""
    from videoacta.inputs.session_folder import load_session

    def change(folder: Path) -> None:
        path = folder / "session.toml"
        text = path.read_text(encoding="utf-8").replace('id = "m1"\n', 'id = "m1"\nweight = 2\n')
        recording = '[recording]\nclock_offset = 2\nparts = [{file = "a.mp4", start = %s}]\n'
        path.write_text(text + recording % "2026-10-29T19:00:00+01:00", encoding="utf-8")

    session = load_session(folder_with(tmp_path, change))
    assert session.members[0].weight == 2.0
    assert session.recording.clock_offset == 2.0
    start = session.recording.parts[0].start
    assert start is not None
    assert start.isoformat() == "2026-10-29T19:00:00+01:00"
