"""No command destroys what it did not make (issue 12, class 5): a signed package needs
--replace-signed, no output touches the session folder, a failed run leaves no folder."""

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.test_index import make_session
from tests.test_parts import recorded  # noqa: F401  (the fixture)
from videoacta import package
from videoacta.cli import cli
from videoacta.errors import ExitCode


def invoke(*args: Any, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.lstat().st_mtime_ns for p in folder.rglob("*")}


def test_index_force_never_replaces_a_signed_package(
    signed_package: Path,
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path / "session", recorded)
    signed = (signed_package / package.DOCUMENT).read_bytes()
    result = invoke("index", session, "--out", signed_package, "--quiet", "--force")
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr == (
        f"Error: {signed_package}: holds a signed package; move it away, "
        "or use --force --replace-signed\n"
    )
    assert (signed_package / package.DOCUMENT).read_bytes() == signed
    replaced = invoke(
        "index", session, "--out", signed_package, "--quiet", "--force", "--replace-signed"
    )
    assert replaced.exit_code == 0, replaced.stderr
    assert not (signed_package / package.DOCUMENT).exists()
    assert (signed_package / "index.json").is_file()


def overlapping(session: Path, case: str) -> tuple[Path, str]:
    """An --out for `case`, and how the error describes it."""
    if case == "same":
        return session, "is the session folder"
    if case == "inside":
        return session / "recording" / "out", "is inside the session folder"
    if case == "holds":
        return session.parent, "holds the session folder"
    link = session.parent / "link"
    link.symlink_to(session)
    return link / "out", "is inside the session folder"


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("case", ["same", "inside", "holds", "through-a-link"])
def test_index_never_writes_over_or_into_the_session(
    case: str,
    force: list[str],
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path / "session", recorded)
    out, where = overlapping(session, case)
    before = snapshot(tmp_path)
    result = invoke("index", session, "--out", out, "--quiet", *force)
    assert result.exit_code == ExitCode.OUTPUT, result.stderr
    assert result.stderr == (
        f"Error: {out}: {where} {session}; write the output elsewhere (--out)\n"
    )
    assert snapshot(tmp_path) == before


def test_index_out_dot_from_inside_the_session(
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = make_session(tmp_path / "session", recorded)
    monkeypatch.chdir(session)
    before = snapshot(session)
    result = invoke("index", ".", "--out", ".", "--quiet", "--force")
    assert result.exit_code == ExitCode.OUTPUT
    assert (
        result.stderr
        == f"Error: .: is the session folder {session}; write the output elsewhere (--out)\n"
    )
    assert snapshot(session) == before


@pytest.mark.parametrize("case", ["package-is-the-session", "out-is-the-session"])
def test_build_never_writes_over_or_into_the_session(
    case: str,
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path / "test-session", recorded)  # its id is test-session
    out = tmp_path if case == "package-is-the-session" else session
    where = "is the session folder" if out == tmp_path else "is inside the session folder"
    before = snapshot(tmp_path)
    result = invoke("build", session, "--out", out, "--quiet", "--force", "--replace-signed")
    assert result.exit_code == ExitCode.OUTPUT, result.stderr
    assert result.stderr == (
        f"Error: {out / 'test-session'}: {where} {session}; write the output elsewhere (--out)\n"
    )
    assert snapshot(tmp_path) == before


def test_render_never_writes_into_the_session(
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path / "session", recorded)
    before = snapshot(tmp_path)
    result = invoke("render", session, "--out", session, "--force")
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr.startswith(f"Error: {session}: is the session folder ")
    assert snapshot(tmp_path) == before


def failing_ffmpeg(folder: Path) -> Path:
    script = folder / "ffmpeg"
    script.write_text("#!/bin/sh\necho 'simulated failure' >&2\nexit 1\n", encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("command", ["build", "index"])
def test_a_failed_run_leaves_no_folder_behind(
    command: str,
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path / "session", recorded)
    tools = tmp_path / "tools"
    tools.mkdir()
    env = {"VIDEOACTA_FFMPEG": str(failing_ffmpeg(tools))}
    out = tmp_path / "new" / "deeper"
    result = invoke(command, session, "--out", out, "--quiet", env=env)
    assert result.exit_code == ExitCode.MEDIA, result.stderr
    assert result.stderr == "Error: recording.mp4: ffmpeg failed: simulated failure\n"
    assert sorted(os.listdir(tmp_path)) == ["session", "tools"]
