"""The command line: help, README reference, version, schemas and the sample session."""

import datetime as dt
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from videoacta import __version__
from videoacta.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def readme_section(name: str) -> str:
    match = re.search(rf"^### `videoacta {name}\b.*?(?=^#)", README, re.M | re.S)
    assert match, f"README has no section for `videoacta {name}`"
    return match.group(0)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_ending_in_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    tail = result.output.split("Options:")[0].strip().splitlines()
    assert "Example" in "\n".join(tail[-4:]), result.output
    assert f"videoacta {name}" in tail[-1]


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_documents_every_command_and_option(name: str) -> None:
    section = readme_section(name)
    command = cli.commands[name]
    for param in command.params:
        if isinstance(param, click.Option):
            assert any(f"`{opt}" in section for opt in param.opts), (name, param.opts)


def test_readme_lists_no_command_that_does_not_exist() -> None:
    documented = set(re.findall(r"^### `videoacta (\w+)", README, re.M))
    assert documented == set(COMMANDS)


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.output == f"videoacta, version {__version__}\n"


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "videoacta", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"videoacta, version {__version__}"


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(cli, ["tally", "/nonexistent/session"])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _schema(name: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema", name])
    assert result.exit_code == 0
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def test_session_schema_validates_the_sample(sample_dir: Path) -> None:
    data = tomllib.loads((sample_dir / "session.toml").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(_schema("session")).validate(_jsonable(data))


def test_session_schema_refuses_unknown_fields(sample_dir: Path) -> None:
    data = tomllib.loads((sample_dir / "session.toml").read_text(encoding="utf-8"))
    data["colour"] = "blue"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_schema("session")).validate(_jsonable(data))


def test_event_schema_validates_every_sample_line(sample_dir: Path) -> None:
    validator = jsonschema.Draft202012Validator(_schema("event"))
    lines = (sample_dir / "votes.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 100
    for line in lines:
        validator.validate(json.loads(line))


def test_tally_of_the_sample(sample_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["tally", str(sample_dir)])
    assert result.exit_code == 0, result.stderr
    assert "Quorum at opening:" in result.stdout
    assert "passed by casting vote" in result.stdout


def test_tally_json_of_the_sample(sample_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["tally", str(sample_dir), "--json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    events = document["vote_events"]
    assert {e["classification"] for e in events} == {"ordinary", "nominal", "secret"}
    for event in events:
        assert sum(c["value"] for c in event["counts"]) == 21
        assert ("votes" in event) == (event["classification"] != "secret")
