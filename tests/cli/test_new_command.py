"""`videoacta new`: what it prints, its one-line refusals and their exit codes."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLE
from videoacta.cli import cli
from videoacta.errors import ExitCode
from videoacta.inputs.session_folder import load_session


def test_cli_new_from_the_sample(tmp_path: Path) -> None:
    target = tmp_path / "2026-11-26-ple"
    result = CliRunner().invoke(cli, ["new", str(target), "--from", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Made {target / 'session.toml'}",
        f"Copy the recording into {target / 'recording'}, then run:",
        f"  videoacta mark {target}",
    ]
    assert load_session(target).members == load_session(SAMPLE).members


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda p: (p / "session.toml").touch(), ExitCode.OUTPUT, "already has a session.toml"),
        (lambda p: None, ExitCode.INPUT, "the folder's name is the session's id"),
    ],
)
def test_cli_new_refusals_are_one_line_with_their_exit_code(
    tmp_path: Path, make: object, code: ExitCode, message: str
) -> None:
    target = tmp_path / ("ple" if code is ExitCode.OUTPUT else "a b")
    target.mkdir()
    make(target)  # type: ignore[operator]
    result = CliRunner().invoke(cli, ["new", str(target)])
    assert result.exit_code == code
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_cli_new_from_a_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "x"), "--from", str(tmp_path / "no")])
    assert result.exit_code == ExitCode.USAGE
    assert not (tmp_path / "x").exists()
