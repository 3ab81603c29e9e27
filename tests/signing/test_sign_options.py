"""Signer options: flat values (CLI options, a run spec's signer) into SignOptions; usage errors."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from videoacta.cli import cli
from videoacta.credentials import SecretKind
from videoacta.errors import ExitCode
from videoacta.signing.config import ConfigError, sign_options
from videoacta.signing.pdf_signing import Level
from videoacta.signing.signers import Pkcs11Signer, Pkcs12Signer


def test_pkcs12_with_tsa_and_basic_auth() -> None:
    options = sign_options(
        "secretary",
        {"pkcs12": Path("s.p12"), "passphrase_env": "PASS", "tsa_url": "http://tsa/",
         "tsa_user": "council", "tsa_password_file": Path("tsa.pw"),
         "tsa_header": ["X-Key: abc"], "level": "b-lta", "trust": [Path("root.pem")]},
    )  # fmt: skip
    assert options is not None
    assert isinstance(options.signer, Pkcs12Signer)
    assert options.signer.passphrase.kind is SecretKind.ENV
    assert options.level is Level.B_LTA
    assert options.tsa is not None
    assert options.tsa.headers == (("X-Key", "abc"),)
    assert options.tsa.password is not None
    assert options.tsa.password.kind is SecretKind.FILE
    assert options.trust.roots == (Path("root.pem"),)


def test_pkcs11_prompts_for_the_pin_by_default() -> None:
    values = {"pkcs11_module": Path("m.so"), "token_label": "T", "key_label": "K"}
    options = sign_options("chair", values)
    assert options is not None
    assert isinstance(options.signer, Pkcs11Signer)
    assert options.signer.pin.kind is SecretKind.PROMPT


def test_no_signer_means_unsigned() -> None:
    assert sign_options("chair", {}) is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"pkcs12": "a", "pkcs11_module": "b"}, "give --pkcs12 or --pkcs11-module, not both"),
        ({"pkcs11_module": "b"}, "--pkcs11-module needs --token-label and --key-label"),
        ({"pkcs12": "a", "passphrase_env": "X", "passphrase_file": "f"}, "either from an"),
        ({"pkcs12": "a", "tsa_url": "u", "tsa_header": ["no colon"]}, "expected 'Name: value'"),
        ({"pkcs12": "a", "level": "B-Z"}, "'B-Z' is not a valid Level"),
        ({"pkcs12": "a", "passphrase": "on the command line"}, "unknown signer settings"),
        ({"pkcs12": "a", "tsa_url": "u", "tsa_password_env": "T"}, "need --tsa-user"),
        ({"tsa_url": "u", "tsa_password_file": "f"}, "need --tsa-user"),
        ({"pkcs12": "a", "tsa_user": "u", "tsa_password_env": "T"}, "need --tsa URL"),
        ({"pkcs12": "a", "tsa_header": ["X-Key: abc"]}, "need --tsa URL"),
        ({"pkcs12": "a", "tsa_url": "https://u:p@tsa/"}, "user name or password in the URL"),
        ({"pkcs12": "a", "tsa_url": "https://u@tsa/"}, "user name or password in the URL"),
        ({"pkcs12": "a", "tsa_url": "http://[::1:S3CRET@x/"}, r"^--tsa: not a URL \(the text"),
    ],
)
def test_contradictions(values: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        sign_options("secretary", values)


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.p12").write_bytes(b"x")
    argv = ["sign", str(tmp_path), "--as", "chair", "--pkcs12", str(tmp_path / "a.p12"),
            "--pkcs11-module", str(tmp_path / "a.p12")]  # fmt: skip
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 2
    assert "give --pkcs12 or --pkcs11-module, not both" in result.stderr
    result = CliRunner().invoke(cli, ["sign", str(tmp_path), "--as", "chair"])
    assert result.exit_code == 2
    assert "give a signer" in result.stderr


def test_there_is_no_passphrase_option() -> None:
    result = CliRunner().invoke(cli, ["sign", "--help"])
    options = [word for word in result.output.split() if word.startswith("--")]
    assert "--passphrase" not in options
    assert "--pin" not in options


def test_a_tsa_password_variable_is_never_ignored(tmp_path: Path) -> None:
    """Without --tsa-user the password variable used to be ignored, and not withheld from
    ffmpeg: it is refused, on the CLI (exit 2) and in a run spec (exit 3)."""
    (tmp_path / "a.p12").write_bytes(b"x")
    argv = ["build", str(tmp_path), "--out", str(tmp_path / "out"), "--pkcs12",
            str(tmp_path / "a.p12"), "--passphrase-env", "P", "--tsa", "http://127.0.0.1:9/",
            "--tsa-password-env", "TSA_PW"]  # fmt: skip
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.endswith(
        "Error: --tsa-password-env and --tsa-password-file need --tsa-user\n"
    )
    assert not (tmp_path / "out").exists()
    spec = tmp_path / "spec.toml"
    spec.write_text(
        'inbox = "in"\noutput = "out"\n[signer]\npkcs12 = "a.p12"\npassphrase_env = "P"\n'
        'tsa_url = "http://127.0.0.1:9/"\ntsa_password_env = "TSA_PW"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["batch", str(spec)])
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == (
        f"Error: {spec}: signer: tsa_password_env and tsa_password_file need tsa_user\n"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--tsa", "http://clerk:S3CRET@127.0.0.1:9/tsa"],
         "Error: --tsa: a user name or password in the URL is not allowed (the URL is not "
         "shown); give them with --tsa-user and --tsa-password-env or --tsa-password-file"),
        (["--tsa", "http://127.0.0.1:9/tsa", "--tsa-header", "X-A: 1",
          "--tsa-header", "Authorization Bearer S3CRET"],
         "Error: --tsa-header number 2: expected 'Name: value' (the text is not shown, in case "
         "it holds a token)"),
    ],
)  # fmt: skip
def test_a_time_stamp_credential_is_never_echoed(
    options: list[str], message: str, tmp_path: Path
) -> None:
    (tmp_path / "a.p12").write_bytes(b"x")
    argv = ["build", str(tmp_path), "--out", str(tmp_path / "out"), "--pkcs12",
            str(tmp_path / "a.p12"), "--passphrase-env", "P", *options]  # fmt: skip
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines()[-1] == message
    assert "S3CRET" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_location_follows_the_text_rules(tmp_path: Path) -> None:
    """--location went into the signature's /Location unchecked (a newline, a bidi override,
    CJK, 20,000 characters): refused like --substitute, on the CLI (exit 2) and in a run spec
    (exit 3); a good one is taken stripped and in NFC."""
    bad = "Vilanova\n\u202eadirtsE'l 山" + "x" * 20_000
    with pytest.raises(ConfigError, match=r"^location: longer than 200 characters$"):
        sign_options("secretary", {"pkcs12": "a", "location": bad})
    options = sign_options("secretary", {"pkcs12": "a", "location": " Geltru\u0301 "})
    assert options is not None
    assert options.location == "Geltrú"
    (tmp_path / "a.p12").write_bytes(b"x")
    argv = ["build", str(tmp_path), "--out", str(tmp_path / "out"), "--pkcs12",
            str(tmp_path / "a.p12"), "--passphrase-env", "P",
            "--location", "Vila\nnova"]  # fmt: skip
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines()[-1] == (
        "Error: location: control or formatting character U+000A is not allowed"
    )
    assert not (tmp_path / "out").exists()
    spec = tmp_path / "spec.toml"
    spec.write_text(
        'inbox = "in"\noutput = "out"\n[signer]\npkcs12 = "a.p12"\npassphrase_env = "P"\n'
        'location = "\u202eadirtsE"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["batch", str(spec)])
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == (
        f"Error: {spec}: signer: location: control or formatting character U+202E is not allowed\n"
    )
