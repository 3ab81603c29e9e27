"""`videoacta links` end to end: issue and export, print, revoke, list; exit codes and one-line
errors; a refused command revokes nothing."""

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.editor.logs import small_folder
from videoacta.cli import cli
from videoacta.inputs.session_folder import load_session
from videoacta.telematic.access import AccessStore
from videoacta.telematic.access_file import ACCESS

URL = "https://ple.example.cat"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return small_folder(tmp_path / "test-session")[0]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["links", *map(str, args)])


def holder(folder: Path, token: str) -> str | None:
    return AccessStore.open(folder, load_session(folder)).holder(token)


def tokens_in(out: Path) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO((out / "links.csv").read_text("utf-8"))))
    return {row["member"]: row["link"].split("/m/")[1].rstrip("/") for row in rows}


def test_links_are_issued_exported_and_never_printed(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "links"
    result = run(folder, "--url", URL, "--out", out)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"m1\tNúria Núñez Roca\t{out / 'm1.png'}"
    assert len(lines) == 6
    assert lines[-1] == f"5 links issued; the list: {out / 'links.csv'}, {out / 'links.html'}"
    tokens = tokens_in(out)
    assert all(token not in result.output for token in tokens.values())
    assert {member: holder(folder, token) for member, token in tokens.items()} == {
        f"m{n}": f"m{n}" for n in range(1, 6)
    }


def test_print_shows_each_link(folder: Path, tmp_path: Path) -> None:
    result = run(folder, "--url", URL, "--out", tmp_path / "links", "--member", "m2", "--print")
    assert result.exit_code == 0, result.output
    member, _, _, link = result.output.splitlines()[0].split("\t")
    assert member == "m2"
    assert link.startswith(f"{URL}/m/")
    assert holder(folder, link.removeprefix(f"{URL}/m/").rstrip("/")) == "m2"


def test_one_member_issued_again_keeps_the_others(folder: Path, tmp_path: Path) -> None:
    run(folder, "--url", URL, "--out", tmp_path / "first")
    first = tokens_in(tmp_path / "first")
    result = run(folder, "--url", URL, "--out", tmp_path / "again", "--member", "m3")
    assert result.exit_code == 0, result.output
    again = tokens_in(tmp_path / "again")
    assert list(again) == ["m3"]
    assert holder(folder, first["m3"]) is None
    assert holder(folder, again["m3"]) == "m3"
    assert holder(folder, first["m1"]) == "m1"


def test_revoke_and_list(folder: Path, tmp_path: Path) -> None:
    run(folder, "--url", URL, "--out", tmp_path / "links", "--member", "m1", "--member", "m2")
    tokens = tokens_in(tmp_path / "links")
    result = run(folder, "--revoke", "m1", "--revoke", "m4")
    assert (result.exit_code, result.output) == (0, "m1\trevoked\nm4\thad no live link\n")
    assert holder(folder, tokens["m1"]) is None
    listed = run(folder, "--list")
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0].startswith("m2\tMembre 2\tissued 20")
    assert lines[1:] == ["1 live links"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --url and --out (to issue), or --revoke, or --list"),
        (["--url", URL], "issuing links needs both --url and --out"),
        (["--list", "--revoke", "m1"], "give --url and --out (to issue), or --revoke, or --list"),
        (["--print"], "issuing links needs both --url and --out"),
    ],
)
def test_a_wrong_combination_is_a_usage_error(folder: Path, args: list[str], message: str) -> None:
    result = run(folder, *args)
    assert result.exit_code == 2
    assert f"Error: {message}" in result.stderr


def test_hostile_inputs_are_refused_in_one_line_and_revoke_nothing(
    folder: Path, tmp_path: Path
) -> None:
    run(folder, "--url", URL, "--out", tmp_path / "links", "--member", "m1")
    kept = tokens_in(tmp_path / "links")["m1"]
    before = (folder / ACCESS).read_bytes()
    (tmp_path / "a-file").write_text("x")
    refusals = [
        (["--url", "ftp://x", "--out", tmp_path / "o"], 3,
         "url: 'ftp://x' is not an http:// or https:// address"),
        (["--url", URL, "--out", tmp_path / "o", "--member", "m1", "--member", "m9"], 3,
         "session.toml: members: no member 'm9'"),
        (["--url", URL, "--out", folder / "links"], 5,
         f"{folder / 'links'}: is inside the session folder {folder}; write the output elsewhere"),
        (["--url", URL, "--out", tmp_path / "a-file" / "o"], 5,
         f"{tmp_path / 'a-file' / 'o'}: cannot be written (Not a directory)"),
        (["--revoke", "nobody"], 3, "session.toml: members: no member 'nobody'"),
    ]  # fmt: skip
    for args, code, message in refusals:
        result = run(folder, *args)
        assert (result.exit_code, result.stderr) == (code, f"Error: {message}\n"), args
    assert (folder / ACCESS).read_bytes() == before
    assert holder(folder, kept) == "m1"
    assert not (tmp_path / "o").exists()


def test_a_corrupt_access_file_is_one_line(folder: Path) -> None:
    (folder / ACCESS).parent.mkdir()
    (folder / ACCESS).write_text(json.dumps({"format": "videoacta-access/1", "links": {}}))
    result = run(folder, "--list")
    assert result.exit_code == 3
    assert result.stderr == ("Error: .videoacta/access.json: links: Input should be a valid list\n")
