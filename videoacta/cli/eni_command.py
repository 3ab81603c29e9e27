"""`videoacta eni`: file a signed package as an ENI document and expediente."""

from pathlib import Path
from typing import Any

import click

from videoacta.cli.common import PACKAGE_DIR, print_json, prompt, user_errors
from videoacta.cli.signing_commands import sign_options, signer_options


@click.command()
@click.argument("package_dir", type=PACKAGE_DIR)
@signer_options
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def eni(package_dir: Path, as_json: bool, **values: Any) -> None:
    """File a signed package as a Spanish administration does (ENI, NTI v1.0).

    Writes PACKAGE_DIR/acta.eni.xml (the signed acta.pdf as an ENI document: TD10, one TF06
    entry per signature) and PACKAGE_DIR/expediente.eni.xml (the acta, the recording and the
    data files indexed by SHA-512, the index signed XAdES-EPES under the AGE policy v1.9 with
    the secretary's key). Needs [eni] in session.toml when the package was built; run it after
    the last signature. `videoacta verify` then checks both files.

    \b
    Example:
      videoacta eni out/2026-10-29-ple-ordinari --pkcs12 secretary.p12
    """
    options = sign_options("secretary", values)
    if options is None:
        raise click.UsageError("give the secretary's signer: --pkcs12 FILE, or --pkcs11-module")
    from videoacta.eni.export import export_package

    with user_errors():
        result = export_package(package_dir, options, prompt=prompt)
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    click.echo(f"Wrote {result.document} ({result.identifier})")
    click.echo(
        f"Wrote {result.expediente} ({result.expediente_id}): {result.documents} documents, "
        f"index signed by {result.signer}"
    )
