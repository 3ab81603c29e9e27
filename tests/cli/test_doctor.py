"""`videoacta doctor`: which tools were found, their versions and paths."""

import json

import pytest
from click.testing import CliRunner

from videoacta.cli import cli
from videoacta.media import ffmpeg
from videoacta.media.binaries import Tool


def test_doctor_prints_each_tool_with_version_and_path() -> None:
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == ["ffmpeg", "ffprobe"]
    for line, status in zip(lines, ffmpeg.doctor(), strict=True):
        assert f"{status.version}" in line
        assert f"{status.path}  (from {status.source})" in line


def test_doctor_json() -> None:
    result = CliRunner().invoke(cli, ["doctor", "--json"])
    assert result.exit_code == 0
    tools = json.loads(result.output)
    assert [t["tool"] for t in tools] == ["ffmpeg", "ffprobe"]
    assert all(t["found"] and t["version"] and t["path"] for t in tools)


def test_doctor_exits_4_when_a_tool_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(Tool.FFPROBE.env_var, "/nonexistent/ffprobe")
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 4
    assert result.output.splitlines()[1] == (
        "ffprobe  missing   VIDEOACTA_FFPROBE=/nonexistent/ffprobe: no executable ffprobe there"
    )
