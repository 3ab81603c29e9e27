"""The run spec of `videoacta batch`: checked like every input, secrets only by reference."""

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SAMPLE
from videoacta.batch import inbox
from videoacta.batch.runspec import Ready, Retries, load_spec
from videoacta.cli import cli
from videoacta.core.identity import Role
from videoacta.credentials import SecretSource
from videoacta.errors import ExitCode, InputError
from videoacta.signing.pdf_signing import Level
from videoacta.signing.signers import Pkcs11Signer, Pkcs12Signer

BASE = 'inbox = "inbox"\noutput = "out"\n'
P12 = '[signer]\npkcs12 = "s.p12"\npassphrase_env = "PASS"\n'


def spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + "colour = 1\n", "colour: unknown field"),
        ('inbox = "inbox"\n', "output: missing"),
        (BASE + 'ready = "soon"\n', "ready: Input should be 'marker' or 'closed'"),
        (BASE + "workers = 0\n", "workers: Input should be greater than or equal to 1"),
        (BASE + "[retries]\ncount = -1\n", "retries.count: Input should be greater than or equal"),
        (BASE + "[retries]\ntries = 3\n", "retries.tries: unknown field"),
        (BASE + 'scheduler = "http://x:1"\n', "scheduler: String should match pattern"),
        (BASE + '[signer]\npkcs12 = "s.p12"\n', "signer: give either passphrase_env or "
         "passphrase_file: a batch never prompts"),
        (BASE + P12 + 'passphrase = "secret"\n', "signer.passphrase: unknown field"),
        (BASE + P12 + 'passphrase_file = "p"\n', "signer: give either passphrase_env or"),
        (BASE + '[signer]\npassphrase_env = "P"\n', "signer: give either pkcs12 or pkcs11_module"),
        (BASE + '[signer]\npkcs11_module = "m.so"\npassphrase_env = "P"\n',
         "signer: pkcs11_module needs token_label and key_label"),
        (BASE + P12 + 'level = "B-T"\n', "signer: level B-T needs a time-stamp server (tsa_url)"),
        (BASE + P12 + 'level = "B-X"\n', "signer.level: Input should be 'B-B', 'B-T'"),
        (BASE + P12 + 'tsa_url = "http://tsa"\ntsa_user = "u"\n',
         "signer: tsa_user needs either tsa_password_env or tsa_password_file"),
        (BASE + P12 + 'tsa_url = "http://tsa"\ntsa_header = ["nocolon"]\n',
         "signer: --tsa-header number 1: expected 'Name: value' (the text is not shown"),
        (BASE + P12 + 'tsa_url = "http://tsa"\ntsa_password_env = "TSA"\n',
         "signer: tsa_password_env and tsa_password_file need tsa_user"),
        (BASE + P12 + 'tsa_url = "http://u:pw@tsa"\n',
         "signer: --tsa: a user name or password in the URL is not allowed (the URL is not shown)"),
        ("inbox = \n", "invalid TOML"),
    ],
)  # fmt: skip
def test_a_bad_spec_is_one_line_naming_the_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = spec(tmp_path, text)
    with pytest.raises(InputError) as error:
        load_spec(path)
    assert str(error.value).startswith(f"{path}: {message}")
    assert "\n" not in str(error.value)


def test_the_cli_says_error_and_exits_3(tmp_path: Path) -> None:
    path = spec(tmp_path, BASE + "colour = 1\n")
    result = CliRunner().invoke(cli, ["batch", str(path)])
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == f"Error: {path}: colour: unknown field\n"


def test_relative_paths_are_taken_from_the_spec_folder(tmp_path: Path) -> None:
    text = BASE + P12 + 'trust = ["root.pem", "/etc/ca.pem"]\n'
    loaded = load_spec(spec(tmp_path, text))
    assert (loaded.inbox, loaded.output) == (tmp_path / "inbox", tmp_path / "out")
    assert loaded.signer is not None
    assert loaded.signer.pkcs12 == tmp_path / "s.p12"
    assert loaded.signer.trust == (tmp_path / "root.pem", Path("/etc/ca.pem"))
    assert (loaded.ready, loaded.workers, loaded.retries) == (Ready.MARKER, 1, Retries())


def test_a_pkcs12_signer_maps_onto_sign_options(tmp_path: Path) -> None:
    text = BASE + P12 + 'tsa_url = "http://tsa.test/"\nlevel = "B-LT"\nlocation = "Vic"\n'
    options = load_spec(spec(tmp_path, text)).sign_options()
    assert options is not None
    assert options.role is Role.SECRETARY
    assert options.signer == Pkcs12Signer(
        path=tmp_path / "s.p12", passphrase=SecretSource.env("PASS")
    )
    assert options.tsa is not None
    assert options.tsa.url == "http://tsa.test/"
    assert (options.level, options.location) == (Level.B_LT, "Vic")


def test_a_pkcs11_signer_takes_its_pin_from_a_file(tmp_path: Path) -> None:
    text = BASE + (
        '[signer]\npkcs11_module = "/usr/lib/softhsm/libsofthsm2.so"\ntoken_label = "SEC"\n'
        'key_label = "k"\npassphrase_file = "pin"\ntsa_url = "http://tsa"\ntsa_user = "u"\n'
        'tsa_password_env = "TSA_PASS"\n'
    )
    options = load_spec(spec(tmp_path, text)).sign_options()
    assert options is not None
    assert options.signer == Pkcs11Signer(
        module=Path("/usr/lib/softhsm/libsofthsm2.so"), token_label="SEC", key_label="k",
        pin=SecretSource.file(tmp_path / "pin"),
    )  # fmt: skip
    assert options.tsa is not None
    assert options.tsa.password == SecretSource.env("TSA_PASS")


def test_without_a_signer_packages_are_left_unsigned(tmp_path: Path) -> None:
    assert load_spec(spec(tmp_path, BASE)).sign_options() is None


def test_backoff_doubles() -> None:
    assert [Retries(backoff=5).delay(attempt) for attempt in (1, 2, 3)] == [5, 10, 20]


def test_the_sample_spec_finds_the_sample_session_and_skips_the_pki() -> None:
    loaded = load_spec(ROOT / "pipelines" / "sample.toml")
    assert loaded.inbox.resolve() == SAMPLE.parent
    options = loaded.sign_options()
    assert options is not None
    assert options.role is Role.SECRETARY
    assert isinstance(options.signer, Pkcs12Signer)
    assert options.signer.path.is_file()
    found = inbox.find_sessions(loaded.inbox, ready=loaded.ready, settle=0, now=time.time())
    assert [(c.name, c.ready) for c in found] == [(SAMPLE.name, True)]


@pytest.mark.parametrize(
    ("output", "where"),
    [
        ("inbox", "is the inbox"),
        ("inbox/s1", "is inside the inbox"),
        ("inbox/s1/out", "is inside the inbox"),
        ("linked", "is inside the inbox"),  # a link to a session folder
        (".", "holds the inbox"),
        ("inbox/../inbox", "is the inbox"),
    ],
)
def test_an_output_among_the_inputs_is_refused(tmp_path: Path, output: str, where: str) -> None:
    (tmp_path / "inbox" / "s1").mkdir(parents=True)
    (tmp_path / "linked").symlink_to(tmp_path / "inbox" / "s1")
    path = spec(tmp_path, f'inbox = "inbox"\noutput = "{output}"\n')
    result = CliRunner().invoke(cli, ["batch", str(path)])
    assert result.exit_code == ExitCode.INPUT
    named = os.path.normpath(tmp_path / output)
    assert result.stderr == (
        f"Error: {path}: output: {named} {where} {tmp_path / 'inbox'}; write it elsewhere\n"
    )
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["inbox", "linked", "s1", "spec.toml"]


def test_an_output_beside_the_inbox_is_accepted(tmp_path: Path) -> None:
    loaded = load_spec(spec(tmp_path, 'inbox = "inbox"\noutput = "inbox-out"\n'))
    assert loaded.output == tmp_path / "inbox-out"


@pytest.mark.parametrize(
    ("retries", "message"),
    [
        ("count = 11", "retries.count: Input should be less than or equal to 10"),
        ("count = 20\nbackoff = 0", "retries.count: Input should be less than or equal to 10"),
        ("count = 10\nbackoff = 85", "retries: count 10 with backoff 85 waits 86955 s in all; "
         "the waits double, and together may not exceed 86400 s (a day)"),
        ("count = 2\nbackoff = 30000", "retries: count 2 with backoff 30000 waits 90000 s"),
    ],
)  # fmt: skip
def test_retries_are_bounded_with_their_doubling_waits(
    tmp_path: Path, retries: str, message: str
) -> None:
    path = spec(tmp_path, BASE + f"[retries]\n{retries}\n")
    with pytest.raises(InputError) as error:
        load_spec(path)
    assert str(error.value).startswith(f"{path}: {message}")


def test_the_longest_retries_allowed_wait_a_day_at_most() -> None:
    longest = Retries(count=10, backoff=84)
    assert longest.total() == sum(longest.delay(n) for n in range(1, 11)) == 85932
    assert Retries(count=0, backoff=86400).total() == 0
