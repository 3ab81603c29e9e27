"""The run spec's CSV key and ENI export: keyed codes for every session of a batch, and the
run spec's fields checked like every input."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.batch.test_batch import parts
from tests.inboxes import add_session, write_spec
from videoacta.batch.runspec import load_spec
from videoacta.cli import cli
from videoacta.errors import InputError

__all__ = ["parts"]  # the module's fixture: two generated recording parts
KEY = "ab" * 32
SEDE = '\n[sede]\ncsv_url = "https://seu.example/csv?code={code}"\n'


def inbox_of(tmp_path: Path, parts: tuple[Path, Path]) -> Path:
    inbox = tmp_path / "inbox"
    for name in ("2026-06-a", "2026-06-b"):
        folder = add_session(inbox, name, parts)
        with (folder / "session.toml").open("a", encoding="utf-8") as toml:
            toml.write(SEDE)
    return inbox


def codes(output: Path) -> dict[str, str]:
    found = {}
    for manifest in sorted(output.glob("*/*/manifest.json")):
        found[manifest.parent.parent.name] = json.loads(manifest.read_text("utf-8"))["csv"]["code"]
    return found


def test_two_sessions_get_keyed_codes(tmp_path: Path, parts: tuple[Path, Path]) -> None:
    inbox = inbox_of(tmp_path, parts)
    key = tmp_path / "csv.key"
    key.write_text(KEY + "\n", encoding="utf-8")
    made = []
    for run in ("first", "second"):
        spec = write_spec(tmp_path / f"{run}.toml", inbox, tmp_path / run, csv_key_file=str(key))
        result = CliRunner().invoke(cli, ["batch", str(spec)])
        assert result.exit_code == 0, result.stderr
        made.append(codes(tmp_path / run))
    assert set(made[0]) == {"2026-06-a", "2026-06-b"}
    assert made[0]["2026-06-a"] != made[0]["2026-06-b"]
    assert made[0] == made[1]  # keyed: the same content, the same code (random would differ)


def test_a_generation_gives_new_codes(tmp_path: Path, parts: tuple[Path, Path]) -> None:
    inbox = inbox_of(tmp_path, parts)
    key = tmp_path / "csv.key"
    key.write_text(KEY, encoding="utf-8")
    made = []
    for generation in (0, 1):
        out = tmp_path / f"g{generation}"
        spec = write_spec(tmp_path / f"g{generation}.toml", inbox, out, csv_key_file=str(key),
                          csv_generation=generation)  # fmt: skip
        assert CliRunner().invoke(cli, ["batch", str(spec)]).exit_code == 0
        made.append(codes(out))
    assert made[0]["2026-06-a"] != made[1]["2026-06-a"]


BASE = 'inbox = "inbox"\noutput = "out"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + 'csv_key_file = "missing.key"\n',
         "csv_key_file: missing.key: cannot read the CSV key: No such file or directory"),
        (BASE + 'csv_key_file = "short.key"\n',
         "csv_key_file: short.key: a CSV key holds 64 to 4000 hex digits (256 bits or more)"),
        (BASE + 'csv_key_file = "secret.key"\n',
         "csv_key_file: secret.key: a CSV key is hex digits (the file is not shown)"),
        (BASE + "csv_generation = -1\n", "csv_generation: Input should be greater than or equal"),
        (BASE + 'csv_generation = "1"\n', "csv_generation: "),
        (BASE + "csv_key_file = 5\n", "csv_key_file: "),
        (BASE + "[eni]\nexport = true\n", "eni.export: needs [signer]: the ENI index is signed"),
        (BASE + '[eni]\nexport = "yes"\n', "eni.export: "),
        (BASE + "[eni]\nfile = true\n", "eni.file: unknown field"),
    ],
)  # fmt: skip
def test_hostile_csv_and_eni_fields_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "short.key").write_text("abcd", encoding="utf-8")
    (tmp_path / "secret.key").write_text("hunter2 is my password " * 4, encoding="utf-8")
    path = tmp_path / "spec.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_spec(path)
    shown = str(error.value).replace(f"{tmp_path}/", "")
    assert shown.startswith(f"spec.toml: {message}"), shown
    assert "\n" not in shown
    assert "hunter2" not in shown
