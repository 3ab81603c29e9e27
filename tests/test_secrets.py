"""Secrets never reach a child process, and a mistyped variable name is never echoed
(issue 12, class 12)."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.media.test_index import make_session
from tests.media.test_parts import recorded  # noqa: F401  (the fixture)
from tests.pki import PASSPHRASE, Pki
from videoacta.batch.runspec import load_spec
from videoacta.cli import cli
from videoacta.errors import ExitCode, InputError
from videoacta.media import binaries, ffmpeg

SECRET_ENV = "VIDEOACTA_TEST_SECRET_PASS"
TSA_ENV = "VIDEOACTA_TEST_TSA_PASSWORD"
TSA_PASSWORD = "tsa-password-never-shown"
PASTED = "correct horse battery staple!"  # a passphrase pasted where its variable's name goes


def spy(tool: binaries.Tool, folder: Path) -> Path:
    """A wrapper around the real tool that writes its environment to a file, then runs it."""
    real = binaries.locate(tool).path
    script = folder / f"spy-{tool.value}"
    script.write_text(
        f'#!/bin/sh\nenv > "{folder}/{tool.value}.$$.env"\nexec "{real}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def test_no_child_process_sees_a_secret(
    recorded: tuple[Path, Path],  # noqa: F811
    pki: Pki,
    tsa_url: str,
    tmp_path: Path,
) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    env = {
        "VIDEOACTA_FFMPEG": str(spy(binaries.Tool.FFMPEG, dumps)),
        "VIDEOACTA_FFPROBE": str(spy(binaries.Tool.FFPROBE, dumps)),
        SECRET_ENV: PASSPHRASE,
        TSA_ENV: TSA_PASSWORD,
        "VIDEOACTA_TEST_NOT_SECRET": "visible",
    }
    session = make_session(tmp_path / "session", recorded)
    result = CliRunner().invoke(
        cli,
        [
            "build", str(session), "--out", str(tmp_path / "out"), "--quiet",
            "--pkcs12", str(pki["secretary.p12"]), "--passphrase-env", SECRET_ENV,
            "--tsa", tsa_url, "--tsa-user", "clerk", "--tsa-password-env", TSA_ENV,
        ],
        env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    seen = {path.name.split(".")[0] for path in dumps.glob("*.env")}
    assert seen == {"ffmpeg", "ffprobe"}
    for dump in dumps.glob("*.env"):
        text = dump.read_text(encoding="utf-8")
        assert "VIDEOACTA_TEST_NOT_SECRET" not in text  # only what ffmpeg needs passes
        assert f"PATH={os.environ['PATH']}\n" in text
        assert SECRET_ENV not in text
        assert PASSPHRASE not in text
        assert TSA_ENV not in text
        assert TSA_PASSWORD not in text


def test_index_never_passes_an_exported_passphrase(
    recorded: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The Quickstart exports VIDEOACTA_PASSPHRASE; `index` names no secret, yet ffmpeg and
    ffprobe never see it: they get only the variables they need."""
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    env = {
        "VIDEOACTA_FFMPEG": str(spy(binaries.Tool.FFMPEG, dumps)),
        "VIDEOACTA_FFPROBE": str(spy(binaries.Tool.FFPROBE, dumps)),
        "VIDEOACTA_PASSPHRASE": PASSPHRASE,
        "LC_TIME": "C",
    }
    session = make_session(tmp_path / "session", recorded)
    result = CliRunner().invoke(
        cli, ["index", str(session), "--out", str(tmp_path / "out")], env=env
    )
    assert result.exit_code == 0, result.stderr
    dumps_found = sorted(dumps.glob("*.env"))
    assert {path.name.split(".")[0] for path in dumps_found} == {"ffmpeg", "ffprobe"}
    for dump in dumps_found:
        names = {line.partition("=")[0] for line in dump.read_text(encoding="utf-8").splitlines()}
        assert "VIDEOACTA_PASSPHRASE" not in names
        assert {"PATH", "LC_TIME"} <= names
        assert names - {"PWD", "SHLVL", "_", "OLDPWD"} <= (
            ffmpeg.CHILD_ENVIRONMENT | {n for n in names if n.startswith("LC_")}
        )  # the shell of the spy adds PWD, SHLVL and _


def test_the_child_environment_is_an_allowlist_without_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from videoacta import credentials

    monkeypatch.setattr(credentials, "_withheld", set())  # not LANG for the tests that follow
    for name, value in {"PATH": "/bin", "LC_ALL": "C", "TZ": "UTC", "AWS_SECRET": "x",
                        "TSA_TOKEN": "y", "LANG": "ca_ES.UTF-8"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    # even an allowed name is withheld once named as a secret's source
    credentials.SecretSource.env("LANG")
    child = ffmpeg.child_environment()
    assert child["PATH"] == "/bin"
    assert (child["LC_ALL"], child["TZ"]) == ("C", "UTC")
    assert not {"AWS_SECRET", "TSA_TOKEN", "LANG"} & set(child)


def test_a_worker_process_withholds_the_names_it_is_given() -> None:
    """Signing options reach a batch worker pickled: unpickling records the names too."""
    code = (
        "import pickle, sys\n"
        "from videoacta import credentials\n"
        "pickle.loads(sys.stdin.buffer.read())\n"
        "print(sorted(credentials.withheld()))\n"
    )
    from videoacta.credentials import SecretSource

    pickled = __import__("pickle").dumps(SecretSource.env("WORKER_PASS"))
    done = subprocess.run(
        [sys.executable, "-c", code], input=pickled, capture_output=True, check=True
    )
    assert done.stdout.decode().strip() == "['WORKER_PASS']"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("option", ["--passphrase-env", "--tsa-password-env"])
@pytest.mark.parametrize("command", ["build", "sign"])
def test_a_bad_variable_name_is_never_echoed(
    option: str, command: str, pki: Pki, tmp_path: Path
) -> None:
    target = ["sign", str(tmp_path), "--as", "secretary"] if command == "sign" else [
        "build", str(tmp_path), "--out", str(tmp_path / "out"),
    ]  # fmt: skip
    tsa = ["--tsa", "http://127.0.0.1:9", "--tsa-user", "clerk"]
    result = invoke(
        *target, "--pkcs12", str(pki["secretary.p12"]), *tsa,
        *(["--passphrase-env", "PASS"] if option != "--passphrase-env" else []),
        option, PASTED,
    )  # fmt: skip
    assert result.exit_code == ExitCode.USAGE, result.output
    assert PASTED not in result.output
    assert "correct horse" not in result.output
    assert f"Error: {option}: is not an environment variable name" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("key", ["passphrase_env", "tsa_password_env"])
def test_a_bad_variable_name_in_a_run_spec_is_never_echoed(key: str, tmp_path: Path) -> None:
    spec = tmp_path / "spec.toml"
    signer = {"passphrase_env": "PASS", "tsa_password_env": "TSA"} | {key: PASTED}
    spec.write_text(
        'inbox = "inbox"\noutput = "out"\n[signer]\npkcs12 = "s.p12"\n'
        'tsa_url = "http://127.0.0.1:9"\ntsa_user = "clerk"\n'
        + "".join(f'{name} = "{value}"\n' for name, value in signer.items()),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_spec(spec)
    assert str(caught.value) == (
        f"{spec}: signer.{key}: is not an environment variable name (letters, digits and _, "
        "not starting with a digit); the value is not shown, in case it is the secret itself"
    )
    result = invoke("batch", str(spec))
    assert result.exit_code == ExitCode.INPUT
    assert "correct horse" not in result.output
