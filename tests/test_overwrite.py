"""No command destroys what it did not make (issue 12, class 5): a signed package needs
--replace-signed, no output touches the session folder, a failed run leaves no folder."""

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.media.test_index import make_session
from tests.media.test_parts import recorded  # noqa: F401  (the fixture)
from videoacta import package
from videoacta.cli import cli
from videoacta.errors import ExitCode, OutputError
from videoacta.package import check_outside_packages


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
    assert result.stderr == (f"Error: {out}: {where} {session}; write the output elsewhere\n")
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
        result.stderr == f"Error: .: is the session folder {session}; write the output elsewhere\n"
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
        f"Error: {out / 'test-session'}: {where} {session}; write the output elsewhere\n"
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


def nest(folder: Path, where: Path) -> Path:
    """Move the package `folder` to `where`/NAME (parents made); return its new path."""
    where.mkdir(parents=True, exist_ok=True)
    return folder.rename(where / folder.name)


@pytest.mark.parametrize("depth", [1, 3])
def test_index_force_never_deletes_a_signed_package_below_out(
    depth: int,
    signed_package: Path,
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The build --out folder (out/SESSION-ID) then `index --out out --force`: refused."""
    session = make_session(tmp_path / "in" / "session", recorded)
    out = tmp_path / "out"
    held = nest(signed_package, out.joinpath(*["deeper"] * (depth - 1)))
    signed = (held / package.DOCUMENT).read_bytes()
    before = snapshot(out)
    result = invoke("index", session, "--out", out, "--quiet", "--force")
    assert result.exit_code == ExitCode.OUTPUT, result.stderr
    assert result.stderr == (
        f"Error: {out}: holds a signed package, {held}; move it away, "
        "or use --force --replace-signed\n"
    )
    assert snapshot(out) == before
    assert (held / package.DOCUMENT).read_bytes() == signed
    assert sorted(os.listdir(tmp_path)) == ["in", "out"]
    replaced = invoke("index", session, "--out", out, "--quiet", "--force", "--replace-signed")
    assert replaced.exit_code == 0, replaced.stderr
    assert not held.exists()


def test_force_never_deletes_an_unsigned_package_below_out(
    unsigned_package: Path,
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path / "in" / "session", recorded)
    out = tmp_path / "out"
    held = nest(unsigned_package, out)
    result = invoke("index", session, "--out", out, "--quiet", "--force")
    assert result.exit_code == ExitCode.OUTPUT, result.stderr
    assert result.stderr == (
        f"Error: {out}: holds a package, {held}; move it away, or use --force --replace-signed\n"
    )
    assert (held / package.MANIFEST).is_file()


def test_force_removes_a_link_to_a_signed_package_not_the_package(
    signed_package: Path,
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The tree is walked by lstat: a link in it is removed with the folder, never followed."""
    session = make_session(tmp_path / "in" / "session", recorded)
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(signed_package)
    signed = (signed_package / package.DOCUMENT).read_bytes()
    result = invoke("index", session, "--out", out, "--quiet", "--force")
    assert result.exit_code == 0, result.stderr
    assert not (out / "link").is_symlink()
    assert (signed_package / package.DOCUMENT).read_bytes() == signed


@pytest.mark.parametrize("command", ["build", "index", "index-through-a-link", "render"])
def test_no_output_inside_a_package(
    command: str,
    signed_package: Path,
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """`build --out PKG` would make PKG/SESSION-ID, `index --out PKG/x` PKG/x: both refused."""
    session = make_session(tmp_path / "in" / "session", recorded)
    if command == "build":
        out, final = signed_package, signed_package / "test-session"
    elif command == "index-through-a-link":
        (tmp_path / "link").symlink_to(signed_package)
        out = final = tmp_path / "link" / "extra"
    else:
        out = final = signed_package / "extra"
    if command == "render":
        final.mkdir()  # render writes into an existing folder
    before = snapshot(tmp_path)
    name = "index" if command.startswith("index") else command
    result = invoke(name, session, "--out", out, "--quiet")
    assert result.exit_code == ExitCode.OUTPUT, result.stderr
    assert result.stderr == (
        f"Error: {final}: lies inside the package folder {signed_package}; "
        "write the output elsewhere\n"
    )
    assert snapshot(tmp_path) == before


def test_out_a_dangling_link_is_refused(
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    session = make_session(tmp_path / "in" / "session", recorded)
    out = tmp_path / "out"
    out.symlink_to(tmp_path / "not-yet")
    result = invoke("index", session, "--out", out, "--quiet")
    assert result.exit_code == ExitCode.OUTPUT, result.stderr
    assert result.stderr == (
        f"Error: {out}: is a symbolic link to {tmp_path / 'not-yet'}, which does not exist; "
        "make that folder, or write the output elsewhere (--out)\n"
    )
    assert sorted(os.listdir(tmp_path)) == ["in", "out"]


def test_force_over_a_linked_out_leaves_no_old_link(
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The link is replaced by the index folder; the folder it named is left as it was."""
    session = make_session(tmp_path / "in" / "session", recorded)
    target = tmp_path / "target"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    out = tmp_path / "out"
    out.symlink_to(target)
    result = invoke("index", session, "--out", out, "--quiet", "--force")
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(tmp_path)) == ["in", "out", "target"]
    assert not out.is_symlink()
    assert (out / "index.json").is_file()
    assert os.listdir(target) == ["keep.txt"]


def rehash(index: Path, where: str, value: str) -> None:
    """Set `where` ("parts.1" or "recording") sha256 in `index`/index.json to `value`."""
    path = index / "index.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = data["parts"][1] if where == "parts.1" else data["recording"]
    entry["sha256"] = value
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("where", "what"),
    [("parts.1", "parts[1] (recording/part-2.mp4)"), ("recording", "recording (recording.mp4)")],
)
def test_render_checks_the_hashes_in_index_json(
    where: str, what: str, index_copy: Path, sample_dir: Path
) -> None:
    """An all-zero SHA-256 in index.json is refused, not certified; nothing is written."""
    real = json.loads((index_copy / "index.json").read_text(encoding="utf-8"))
    entry = real["parts"][1] if where == "parts.1" else real["recording"]
    rehash(index_copy, where, "0" * 64)
    before = snapshot(index_copy)
    result = invoke("render", sample_dir, "--out", index_copy, "--quiet")
    assert result.exit_code == ExitCode.INPUT, result.stderr
    assert result.stderr == (
        f"Error: {index_copy / 'index.json'}: {what}: size {entry['size']}, SHA-256 "
        f"{'0' * 16}… but the file has size {entry['size']}, SHA-256 {entry['sha256'][:16]}…; "
        "run `videoacta index` again\n"
    )
    assert snapshot(index_copy) == before
    assert not (index_copy / package.DOCUMENT).exists()


def test_render_refuses_an_index_of_other_parts(index_copy: Path, sample_dir: Path) -> None:
    path = index_copy / "index.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["parts"] = data["parts"][:1]
    path.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("render", sample_dir, "--out", index_copy, "--quiet")
    assert result.exit_code == ExitCode.INPUT, result.stderr
    assert result.stderr.startswith(f"Error: {path}: lists the parts ['recording/part-1.mp4'], ")


def test_a_stray_unsigned_acta_pdf_above_the_output_makes_no_package(tmp_path: Path) -> None:
    (tmp_path / "acta.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")  # a download, not a package
    check_outside_packages(tmp_path / "out" / "session")
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError, match="lies inside the package folder"):
        check_outside_packages(tmp_path / "out" / "session")
