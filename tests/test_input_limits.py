"""The input limits: every number finite and bounded, no file or line read beyond its cap."""

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.hostile import Change, folder_with
from videoacta import bounded
from videoacta.cli import cli
from videoacta.errors import ExitCode, InputError
from videoacta.runspec import RunSpec

INPUT_MODELS = ["videoacta.models.Session", "videoacta.events.Event", "videoacta.runspec.RunSpec"]


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

    from videoacta.models import Body, Member, Recording
    from videoacta.runspec import Retries

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
    from videoacta.inbox import log_is_closed, part_names

    (tmp_path / "votes.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    assert not log_is_closed(tmp_path / "votes.jsonl")
    (tmp_path / "session.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert part_names(tmp_path) == []
