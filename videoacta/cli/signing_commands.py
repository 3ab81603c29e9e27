"""The commands that sign and verify a package, and the signer options they share with build."""

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from videoacta.cli import hints
from videoacta.cli.common import (
    FILE,
    PACKAGE_DIR,
    print_json,
    prompt,
    user_errors,
)
from videoacta.core.identity import Role
from videoacta.core.terms import Language
from videoacta.signing.vocabulary import Level

# pyHanko, Typst and dask take seconds to import: the commands that need them import them.
if TYPE_CHECKING:
    from videoacta.signing import pdf_signing

SIGNER_OPTIONS = [
    click.option("--pkcs12", type=FILE, help="Sign with this PKCS#12 (.p12/.pfx) file."),
    click.option("--pkcs11-module", type=FILE, help="Sign with a token: its PKCS#11 module."),
    click.option("--token-label", help="Label of the PKCS#11 token."),
    click.option("--key-label", help="Label of the key on the token."),
    click.option("--cert-label", help="Label of the certificate (default: the key label)."),
    click.option("--passphrase-env", metavar="NAME", help="Read the passphrase or PIN from $NAME."),
    click.option("--passphrase-file", type=FILE, help="Read the passphrase or PIN from a file."),
    click.option("--tsa", "tsa_url", metavar="URL", help="RFC 3161 time-stamp server."),
    click.option("--tsa-user", help="User name for the time-stamp server (basic auth)."),
    click.option("--tsa-password-env", metavar="NAME", help="Read its password from $NAME."),
    click.option("--tsa-password-file", type=FILE, help="Read its password from a file."),
    click.option("--tsa-header", multiple=True, metavar="'NAME: VALUE'", help="Extra header."),
    click.option("--level", type=click.Choice([level.value for level in Level],
                 case_sensitive=False), help="PAdES level (default B-T with --tsa, else B-B)."),
    click.option("--trust", multiple=True, type=FILE, help="Trust root certificate (PEM/DER)."),
    click.option("--cert", "certs", multiple=True, type=FILE, help="Intermediate certificate."),
    click.option("--crl", multiple=True, type=FILE, help="A CRL for B-LT (no network is used)."),
    click.option("--lang", type=click.Choice([lang.value for lang in Language]), default="ca",
                 help="Language of the stamp."),
    click.option("--location", help="Where it is signed (e.g. the town)."),
    click.option("--substitute", metavar="REASON",
                 help="Sign in the stead of the session's secretary or chair, for this reason."),
    click.option("--policy", metavar="NAME", help="Signature policy: age (AGE v1.9, PAdES-EPES)."),
    click.option("--policy-oid", metavar="OID", help="Another signature policy: its OID."),
    click.option("--policy-hash", metavar="ALG:HEX", help="Its hash: sha1:HEX, sha256:HEX..."),
    click.option("--policy-url", metavar="URL", help="Where its document is."),
]  # fmt: skip


def signer_options(command: Any) -> Any:
    """Add the signer options (shared by `sign` and `build`) to a command."""
    for option in reversed(SIGNER_OPTIONS):
        command = option(command)
    return command


def sign_options(role: str, values: dict[str, Any]) -> "pdf_signing.SignOptions | None":
    """SignOptions from the signer options, or None when no signer is given."""
    from videoacta.signing import config

    try:
        return config.sign_options(role, values)
    except config.ConfigError as error:
        raise click.UsageError(str(error)) from None


@click.command()
@click.argument("package_dir", type=PACKAGE_DIR)
@click.option(
    "--as",
    "role",
    required=True,
    type=click.Choice([role.value for role in Role]),
    help="Sign as the secretary (certifies; first) or the chair (visto bueno).",
)
@signer_options
@click.option("--json", "as_json", is_flag=True, help="Print what was signed as JSON.")
def sign(package_dir: Path, role: str, as_json: bool, **values: Any) -> None:
    """Sign a package's acta.pdf in the signature field of the secretary or the chair.

    The secretary certifies first (DocMDP: form filling allowed); the chair signs the second
    field later, as an incremental update that keeps the first signature valid. The passphrase
    or PIN is read from --passphrase-env, --passphrase-file, or a prompt; never an argument.
    The certificate must be that of the person the session names for the role; someone
    standing in signs with --substitute REASON.

    \b
    Example:
      videoacta sign out/2026-10-29-ple-ordinari --as secretary --pkcs12 secretary.p12
    """
    options = sign_options(role, values)
    if options is None:
        raise click.UsageError("give a signer: --pkcs12 FILE, or --pkcs11-module with labels")
    from videoacta.signing import pdf_signing

    with user_errors():
        result = pdf_signing.sign_package(package_dir, options, prompt=prompt)
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    stead = f", standing in: {result.substitute}" if result.substitute else ""
    click.echo(
        f"Signed {result.document} as the {result.role} ({result.signer}{stead}) at "
        f"{result.level} in {result.field}"
    )
    steps = hints.next_steps(
        package_dir, signed=result.role, trust=options.trust.roots, root=result.root
    )
    click.echo("\n".join(steps))


@click.command()
@click.argument("package_dir", type=PACKAGE_DIR)
@click.option(
    "--trust",
    multiple=True,
    type=FILE,
    help="Trust root certificate (PEM/DER); repeat for more. Default: system store.",
)
@click.option("--cert", "certs", multiple=True, type=FILE, help="Intermediate certificate.")
@click.option("--crl", multiple=True, type=FILE, help="A local CRL to check revocation with.")
@click.option(
    "--eutl",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="An EU trusted list (XML), or a folder of them; repeat for more.",
)
@click.option(
    "--eutl-signer",
    multiple=True,
    type=FILE,
    help="A certificate that may sign the --eutl lists (their scheme operator's).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify(
    package_dir: Path, trust: tuple[Path, ...], certs: tuple[Path, ...], crl: tuple[Path, ...],
    eutl: tuple[Path, ...], eutl_signer: tuple[Path, ...], as_json: bool,
) -> None:  # fmt: skip
    """Verify a package offline: every signature, the manifest and every file; one verdict.

    Exits 0 when everything holds, 10 when something was tampered with, 11 when a signer or
    time-stamp is not trusted, 12 when the package is unreadable, 13 when a signature is missing,
    14 when a signer is not the person the session names (and no substitution is recorded).
    With --eutl (local copies: nothing is fetched), it also reports whether each signer and
    time-stamp was qualified then; a list that cannot be used exits 3.

    \b
    Example:
      videoacta verify out/2026-10-29-ple-ordinari --trust samples/pki/SAMPLE-root-ca.pem
      videoacta verify out/2026-10-29-ple-ordinari --trust root.pem --eutl lists/
    """
    from videoacta.signing.trust import TrustSettings
    from videoacta.verify import report
    from videoacta.verify import verifier as verifier
    from videoacta.verify.trusted_lists import load_trusted_lists

    if eutl_signer and not eutl:
        raise click.UsageError("--eutl-signer needs --eutl")
    settings = TrustSettings(roots=trust, certs=certs, crls=crl)
    with user_errors():
        now = datetime.now(UTC)
        lists = load_trusted_lists(eutl, eutl_signer, now) if eutl else None
        result = verifier.verify_package(package_dir, trust=settings, eutl=lists)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        click.echo(report.render_text(result))
    sys.exit(result.exit_code)
