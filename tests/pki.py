"""Test PKI fixtures: generated certificates, a real RFC 3161 server on 127.0.0.1, a SoftHSM2 token.

The certificates are made with the sample PKI's own script (samples/pki/make_pki.py) under a
frozen clock: fixed validity windows, one of them already over (an expired signer), and a second
root that no test trusts. Each signer's subject names a person the way Spanish qualified
certificates do (given name, surname, serialNumber `IDCES-…`): the secretary, the chair, a deputy
mayor who can stand in for the chair; the expired and the untrusted certificates are the
secretary's (the same person, a certificate that must still fail).

A pytest plugin for every test (tests/conftest.py): cryptography, asn1crypto and pyHanko are
imported inside the functions that use them, so collecting the pure core's tests loads none.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

from tests.conftest import ROOT
from tests.system import missing, require

if TYPE_CHECKING:
    from pyhanko.sign.timestamps import DummyTimeStamper

PASSPHRASE = "test passphrase ñ"
# Who the test certificates name: (given name, surname, identity number).
SECRETARY = ("Marta", "Puig i Ferrer", "12345678Z")
CHAIR = ("Núria", "Núñez Roca", "87654321X")
DEPUTY = ("Pere", "Vidal Mas", "11111111H")
PIN = "4321"
TOKEN = "videoacta-test"
TSA_USER, TSA_PASSWORD = "council", "tsa secret"
VALID = (dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2060, 1, 1, tzinfo=dt.UTC))
EXPIRED = (dt.datetime(2020, 1, 1, tzinfo=dt.UTC), dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
SOFTHSM_MODULES = (
    Path("/usr/lib/softhsm/libsofthsm2.so"),
    Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
    Path("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
)


def make_pki_module() -> ModuleType:
    """samples/pki/make_pki.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("make_pki", ROOT / "samples/pki/make_pki.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Pki:
    """Files of the generated PKI: PEM certificates, PKCS#12 files, the CRL, the TSA key."""

    folder: Path

    def __getitem__(self, name: str) -> Path:
        return self.folder / name

    @property
    def root(self) -> Path:
        return self.folder / "root.pem"

    @property
    def crl(self) -> Path:
        return self.folder / "root.crl"


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """secretary, chair, deputy, expired, stranger (other root) .p12 + .pem; root, crl, tsa."""
    return write_pki(tmp_path_factory.mktemp("pki"))


def write_pki(folder: Path) -> Pki:
    """Generate the test PKI's files into `folder`."""
    from cryptography.hazmat.primitives import serialization

    make = make_pki_module()
    root = make.issue_root("TEST Root CA", validity=VALID)
    other = make.issue_root("TEST Untrusted Root CA", serial=99, validity=VALID)
    secretary, chair, deputy = (person(make, who) for who in (SECRETARY, CHAIR, DEPUTY))
    people = {
        "secretary": make.issue_leaf(
            root,
            "TEST Secretària Puig",
            serial=2,
            validity=VALID,
            person=secretary,
            qualified=True,
        ),
        "chair": make.issue_leaf(
            root, "TEST Alcaldessa Núñez", serial=3, validity=VALID, person=chair
        ),
        "deputy": make.issue_leaf(
            root, "TEST Tinent Vidal", serial=7, validity=VALID, person=deputy
        ),
        "expired": make.issue_leaf(
            root, "TEST Expired Signer", serial=5, validity=EXPIRED, person=secretary
        ),
        "stranger": make.issue_leaf(
            other, "TEST Stranger", serial=6, validity=VALID, person=secretary
        ),
    }
    issuers = {"stranger": other}
    for label, issued in people.items():
        data = make.pkcs12_bytes(
            issued, issuers.get(label, root), label=label, passphrase=PASSPHRASE
        )
        (folder / f"{label}.p12").write_bytes(data)
        (folder / f"{label}.pem").write_bytes(make.pem(issued.cert))
        (folder / f"{label}.key.pem").write_bytes(make.key_pem(issued.key))
    tsa = make.issue_leaf(
        root, "TEST Time-Stamping Unit", serial=4, validity=VALID, time_stamping=True
    )
    (folder / "tsa.pem").write_bytes(make.pem(tsa.cert))
    (folder / "tsa.key.pem").write_bytes(make.key_pem(tsa.key))
    (folder / "root.pem").write_bytes(make.pem(root.cert))
    (folder / "other-root.pem").write_bytes(make.pem(other.cert))
    crl = make.make_crl(root, validity=VALID)
    (folder / "root.crl").write_bytes(crl.public_bytes(serialization.Encoding.DER))
    return Pki(folder)


def person(make: ModuleType, who: tuple[str, str, str]) -> object:
    """make_pki's Person for (given name, surname, number), serialNumber as `IDCES-number`."""
    given, surname, number = who
    return make.Person(given, surname, f"IDCES-{number}")


def _handler(stamper: DummyTimeStamper) -> type[BaseHTTPRequestHandler]:
    import base64

    from asn1crypto import tsp

    expected = "Basic " + base64.b64encode(f"{TSA_USER}:{TSA_PASSWORD}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path == "/auth" and self.headers.get("Authorization") != expected:
                self.send_error(401)
                return
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="session")
def tsa_url(pki: Pki) -> Iterator[str]:
    """A real RFC 3161 time-stamp server over HTTP on 127.0.0.1; `/auth` wants basic auth."""
    server = start_tsa(pki)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def start_tsa(pki: Pki) -> ThreadingHTTPServer:
    """Serve RFC 3161 time-stamps signed by the PKI's TSA key, in a thread, on 127.0.0.1."""
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign.timestamps import DummyTimeStamper

    stamper = DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(pki["tsa.pem"])),
        tsa_key=load_private_key_from_pemder(str(pki["tsa.key.pem"]), passphrase=None),
        certs_to_embed=[load_cert_from_pemder(str(pki.root))],
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stamper))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@dataclass(frozen=True)
class SoftHsm:
    module: Path
    token: str
    pin: str
    key_label: str


def softhsm_module() -> Path:
    found = next((path for path in SOFTHSM_MODULES if path.is_file()), None)
    require("softhsm2-util")
    require("pkcs11-tool")
    if found is None:
        missing("softhsm2-util")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def softhsm(pki: Pki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoftHsm]:
    """A SoftHSM2 token holding the chair's key and certificate (label `chair`)."""
    module = softhsm_module()
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)
    _import_chair(module, pki, folder)
    yield SoftHsm(module=module, token=TOKEN, pin=PIN, key_label="chair")
    if previous is None:
        del os.environ["SOFTHSM2_CONF"]
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def _import_chair(module: Path, pki: Pki, folder: Path) -> None:
    from pyhanko.keys import load_cert_from_pemder

    def run(*argv: str) -> None:
        subprocess.run(argv, check=True, capture_output=True, text=True)

    run(
        "softhsm2-util",
        "--init-token",
        "--free",
        "--label",
        TOKEN,
        "--pin",
        PIN,
        "--so-pin",
        "8765",
    )
    run("softhsm2-util", "--import", str(pki["chair.key.pem"]), "--token", TOKEN, "--label",
        "chair", "--id", "01", "--pin", PIN)  # fmt: skip
    der = folder / "chair.der"
    der.write_bytes(load_cert_from_pemder(str(pki["chair.pem"])).dump())
    run("pkcs11-tool", "--module", str(module), "--token-label", TOKEN, "--login", "--pin", PIN,
        "--write-object", str(der), "--type", "cert", "--label", "chair", "--id", "01")  # fmt: skip
