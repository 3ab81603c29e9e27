"""Review of int17, `verify --eutl`: a national list must be signed by the scheme operator the
LOTL names for its territory, not by any certificate given on the command line."""

from pathlib import Path

from click.testing import CliRunner

from tests.pki import Pki
from tests.verify.conftest import SignedAt, signed_at
from tests.verify.eutl import CA_QC, QTST, Operator, Service, signed, trusted_list
from videoacta.cli import cli
from videoacta.signing.pdf_signing import Level

__all__ = ["signed_at"]


def test_a_national_list_signed_by_the_lotl_key_is_refused_when_the_lotl_names_another(
    signed_at: SignedAt, pki: Pki, tmp_path: Path
) -> None:
    """The LOTL (checked with --eutl-signer, the Commission's key) names `spain` as the ES
    list's operator; an ES list signed by the Commission key instead is still accepted, since
    the --eutl-signer certificates are candidates for every national list."""
    folder = tmp_path / "lists"
    folder.mkdir()
    spain, commission = Operator.make("TEST ES Operator"), Operator.make("TEST LOTL Operator")
    lotl = trusted_list([], territory="EU", lotl=True, pointers=[("ES", spain)])
    (folder / "eu-lotl.xml").write_bytes(signed(lotl, commission))
    services = [Service(CA_QC, pki.root.read_bytes()), Service(QTST, pki["tsa.pem"].read_bytes())]
    (folder / "tl-es.xml").write_bytes(signed(trusted_list(services), commission))
    argv = ["verify", str(signed_at(Level.B_T)), "--trust", str(pki.root), "--eutl", str(folder),
            "--eutl-signer", str(commission.pem(tmp_path))]  # fmt: skip
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 3, result.stdout
    assert "tl-es.xml: its signature does not verify" in result.stderr
