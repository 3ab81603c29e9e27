"""Members over a network: HTTPS on `--host` with a certificate, plain HTTP only when asked
for, the secretary's editor kept on 127.0.0.1; options that would serve members unsafely or not
at all refused in one line before anything listens."""

import datetime as dt
import http.client
import ipaddress
import json
import socket
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.editor.editor_process import Editor
from tests.editor.logs import small_folder
from tests.telematic.members import today


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def mark(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "videoacta", "mark", str(folder), "--no-browser", *args]


@contextmanager
def served(folder: Path, *args: str) -> Iterator[tuple[Editor, str]]:
    """`mark --live` with `args`: the editor, and where members' links start."""
    process = subprocess.Popen(
        mark(folder, "--live", *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("videoacta editor: "), [*lines, process.communicate()[1]]
        members = lines[1].split("members' links start with ", 1)[1].split(" ", 1)[0]
        yield Editor(process, lines[0].split(": ", 1)[1].strip()), members
    finally:
        process.terminate()
        process.communicate(timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, context: ssl.SSLContext | None = None) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=30, context=context) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return small_folder(tmp_path / "session", date=today())[0]


def test_members_are_served_over_https_and_the_editor_stays_on_loopback(
    folder: Path, tmp_path: Path
) -> None:
    cert, key = certificate(tmp_path)
    trusted = ssl.create_default_context(cafile=str(cert))
    args = ["--host", "127.0.0.1", "--certfile", str(cert), "--keyfile", str(key)]
    with served(folder, *args) as (running, members):
        assert running.url.startswith("http://127.0.0.1:")
        assert members.startswith("https://127.0.0.1:")
        status, answer = running.post("api/links", {"op": "issue", "member": "m2"})
        assert status == 200, answer
        link = answer["link"]
        assert link.startswith(members)
        status, view = get(link + "api/state", trusted)
        assert (status, view["member"]["id"]) == (200, "m2")
        assert get(members.removesuffix("/m/") + "/board/api/state", trusted)[0] == 200
        # Not over plain HTTP, and not without trusting the certificate.
        with pytest.raises((urllib.error.URLError, http.client.HTTPException)):
            get(link.replace("https://", "http://") + "api/state")
        with pytest.raises(urllib.error.URLError):
            get(link + "api/state", ssl.create_default_context())
        # The members' socket has no route of the secretary's, even with the editor's token.
        token = running.url.rstrip("/").rsplit("/", 1)[1]
        assert get(members.removesuffix("/m/") + f"/{token}/api/state", trusted)[0] == 404
        # And the editor's socket serves no member's page over plain HTTP on the network.
        assert running.get("api/state")[0] == 200


def test_plain_http_on_the_network_only_when_asked_for(folder: Path) -> None:
    refused = subprocess.run(
        mark(folder, "--live", "--host", "0.0.0.0"), capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 3
    assert refused.stderr.count("\n") == 1
    assert "--insecure-http" in refused.stderr
    port = free_port()
    args = ["--host", "0.0.0.0", "--members-port", str(port), "--insecure-http"]
    args += ["--public-url", f"http://127.0.0.1:{port}"]
    with served(folder, *args) as (running, members):
        assert members == f"http://127.0.0.1:{port}/m/"
        status, answer = running.post("api/links", {"op": "issue", "member": "m3"})
        assert status == 200, answer
        assert get(answer["link"] + "api/state")[0] == 200


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--live", "--certfile", "x.pem"], "need --host"),
        (["--host", "127.0.0.1"], "add --live"),
        (["--live", "--host", "0.0.0.0", "--insecure-http"], "--public-url"),
        (["--live", "--host", "127.0.0.1", "--certfile", "nowhere.pem"], "--keyfile"),
        (["--live", "--host", "127.0.0.1", "--certfile", "a.pem", "--keyfile", "b.pem"], "a.pem"),
        (["--live", "--host", "127.0.0.1", "--public-url", "ftp://x"], "--public-url"),
        (["--live", "--host", "no-such-host.invalid"], "no-such-host.invalid"),
    ],
)
def test_unsafe_or_impossible_options_are_refused(folder: Path, args: list[str], said: str) -> None:
    done = subprocess.run(mark(folder, *args), capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert done.stderr.startswith("Error: "), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert said in done.stderr
