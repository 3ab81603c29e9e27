"""A byte flipped inside the compressed object streams Typst's acta is written with: a verdict
(tampered) from `verify` and a one-line refusal from `sign`, never the decompressor's traceback."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLE
from tests.packages import PASSPHRASE_ENV, SignBoth
from tests.pki import Pki
from videoacta import pipeline
from videoacta.cli import cli
from videoacta.package import DOCUMENT
from videoacta.signing.pdf_signing import Level

OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm[^>]*>>\s*stream\r?\n")


def flip_in_object_stream(document: Path, where: float) -> None:
    """Flip one bit at `where` (a share of its length) in the first object stream's data."""
    data = bytearray(document.read_bytes())
    found = OBJECT_STREAM.search(data)
    assert found is not None
    length = data.index(b"endstream", found.end()) - found.end()
    data[found.end() + int(length * where)] ^= 0x01
    document.write_bytes(bytes(data))


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_a_byte_flipped_in_an_object_stream_is_tampering(
    index_copy: Path, sign_both: SignBoth, pki: Pki, where: float
) -> None:
    pipeline.run_render(SAMPLE, index_copy)
    sign_both(index_copy, Level.B_B, substitute="test certificates")
    flip_in_object_stream(index_copy / DOCUMENT, where)
    result = CliRunner().invoke(cli, ["verify", str(index_copy), "--trust", str(pki.root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 10, result.output
    assert result.output.splitlines()[-1] == "TAMPERED: something was changed after signing"


def test_signing_an_acta_with_a_damaged_object_stream_is_one_line(
    index_copy: Path, pki: Pki, passphrase_env: None
) -> None:
    pipeline.run_render(SAMPLE, index_copy)
    flip_in_object_stream(index_copy / DOCUMENT, 0.5)
    before = (index_copy / DOCUMENT).read_bytes()
    argv = ["sign", str(index_copy), "--as", "secretary", "--pkcs12", str(pki["secretary.p12"])]
    result = CliRunner().invoke(cli, [*argv, "--passphrase-env", PASSPHRASE_ENV])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code != 0
    assert "acta.pdf: cannot be signed: " in result.output
    assert "Traceback" not in result.output
    assert (index_copy / DOCUMENT).read_bytes() == before
