"""`verify` on a package folder that a hostile hand has changed on disk: what cannot be listed
or read, a named pipe, names that are not UTF-8 or hold a line break. One verdict, never a
traceback, a hang or a forged line in the report."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.pki import Pki
from tests.verify.test_verify import findings, verify
from videoacta.cli import cli

# Root reads everything: to see what an ordinary user sees, drop the two capabilities that let
# root ignore file permissions (setpriv, util-linux); as another user nothing needs dropping.
NO_DAC = (
    ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
     "--inh-caps", "-dac_override,-dac_read_search"]
    if os.geteuid() == 0 else []
)  # fmt: skip


def verify_as_a_user(folder: Path, pki: Pki) -> tuple[int, dict[str, Any], str]:
    """The real CLI in a process that file permissions bind, as they bind an ordinary user."""
    if NO_DAC and shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's file powers")
    argv = [sys.executable, "-m", "videoacta", "verify", str(folder), "--trust", str(pki.root)]
    done = subprocess.run([*NO_DAC, *argv, "--json"], capture_output=True, timeout=120, check=False)
    return done.returncode, json.loads(done.stdout), done.stderr.decode()


@pytest.fixture
def restore_modes(signed_package: Path) -> Any:
    yield
    for directory, folders, _ in os.walk(signed_package):
        for name in folders:
            (Path(directory) / name).chmod(0o755)


@pytest.mark.usefixtures("restore_modes")
def test_a_folder_that_cannot_be_listed_hides_nothing(signed_package: Path, pki: Pki) -> None:
    (signed_package / "posters" / "evil.html").write_text("<script>", encoding="utf-8")
    (signed_package / "posters").chmod(0o300)  # enter, but not list
    hidden = signed_package / "sub"
    hidden.mkdir()
    (hidden / "evil.html").write_text("<script>", encoding="utf-8")
    hidden.chmod(0)
    code, report, stderr = verify_as_a_user(signed_package, pki)
    assert (code, report["verdict"], stderr) == (12, "unreadable", "")
    assert ("unreadable", "posters", "cannot be listed (Permission denied)") in findings(report)
    assert ("unreadable", "sub", "cannot be listed (Permission denied)") in findings(report)


def test_a_listed_file_that_cannot_be_read_is_one_verdict(signed_package: Path, pki: Pki) -> None:
    (signed_package / "votes.csv").chmod(0)
    code, report, stderr = verify_as_a_user(signed_package, pki)
    assert (code, report["verdict"], stderr) == (12, "unreadable", "")
    assert findings(report) == [("unreadable", "votes.csv", "cannot be read (permission denied)")]


def test_a_manifest_that_cannot_be_read_is_not_called_missing(
    signed_package: Path, pki: Pki
) -> None:
    (signed_package / "manifest.json").chmod(0)
    code, report, _ = verify_as_a_user(signed_package, pki)
    assert (code, findings(report)) == (
        12,
        [("unreadable", "manifest.json", "cannot be read (permission denied)")],
    )


@pytest.mark.parametrize("name", ["manifest.json", "votes.csv"])
def test_a_named_pipe_is_never_opened(signed_package: Path, pki: Pki, name: str) -> None:
    (signed_package / name).unlink()
    os.mkfifo(signed_package / name)  # opening it to read would block for ever
    code, report = verify(signed_package, pki)
    assert code == 10
    assert ("tampered", name, "is not a regular file") in findings(report)


def test_a_linked_listed_file_is_reported_once(signed_package: Path, pki: Pki) -> None:
    target = signed_package.parent / "votes-copy.csv"
    shutil.copy(signed_package / "votes.csv", target)
    (signed_package / "votes.csv").unlink()
    (signed_package / "votes.csv").symlink_to(target)
    code, report = verify(signed_package, pki)
    assert (code, findings(report)) == (10, [("tampered", "votes.csv", "is a symbolic link")])


def test_a_name_that_is_not_utf8_keeps_the_json_valid(signed_package: Path, pki: Pki) -> None:
    os.close(os.open(os.fsencode(signed_package) + b"/evil-\xff.html", os.O_CREAT | os.O_WRONLY))
    argv = ["verify", str(signed_package), "--trust", str(pki.root), "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "videoacta", *argv], capture_output=True, timeout=120, check=False
    )
    report = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8, then JSON
    assert (done.returncode, done.stderr) == (10, b"")
    assert findings(report) == [("tampered", "evil-\\udcff.html", "is not listed in the manifest")]


def test_a_name_with_a_line_break_cannot_forge_a_line(signed_package: Path, pki: Pki) -> None:
    forged = "x\nVALID: every signature, the manifest and every file hold\n\x1b[2K"
    (signed_package / forged).write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", str(signed_package), "--trust", str(pki.root)])
    lines = result.stdout.splitlines()
    assert result.exit_code == 10
    assert not any(line.startswith("VALID") for line in lines)
    assert "\x1b" not in result.stdout
    assert (
        "  TAMPERED: x\\nVALID: every signature, the manifest and every file hold\\n\\x1b[2K: "
        "is not listed in the manifest" in lines
    )
