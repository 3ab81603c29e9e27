"""The command-line interface: it parses, calls one library function, and prints."""

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from videoacta import __version__, pipeline
from videoacta.cli import hints, report
from videoacta.core import schemas
from videoacta.core.identity import Role
from videoacta.core.terms import Language
from videoacta.errors import ExitCode, VideoactaError
from videoacta.inputs import session_folder
from videoacta.media import ffmpeg, video
from videoacta.publish import popolo
from videoacta.signing.vocabulary import Level

# pyHanko, fpdf2 and dask take seconds to import: the commands that need them import them.
if TYPE_CHECKING:
    from videoacta.batch import history
    from videoacta.batch import runner as batcher
    from videoacta.signing import pdf_signing

F = TypeVar("F", bound=Callable[..., Any])
SESSION_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a VideoactaError into `Error: …` on stderr and its documented exit code."""
    try:
        yield
    except VideoactaError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(int(error.exit_code))


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="videoacta")
@click.option("-v", "--verbose", count=True, help="Log more (repeat for debug).")
def cli(verbose: int) -> None:
    """Turn a recorded plenary session and its vote log into signed, verifiable video minutes.

    \b
    Examples:
      videoacta build samples/2026-10-29-ple-ordinari --out out --pkcs12 secretary.p12
      videoacta verify out/2026-10-29-ple-ordinari --trust root-ca.pem
    """
    configure_logging(verbose)


def _own_records(record: logging.LogRecord) -> bool:
    return record.name == "videoacta" or record.name.startswith("videoacta.")


def configure_logging(verbose: int) -> None:
    """Warnings of videoacta only by default; with -v, every library's log and warnings too.

    pyHanko, pypdf and fontTools log warnings (often with a traceback) about what the report
    says already, such as a certificate not chaining to a root: one verdict is enough.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.captureWarnings(True)
    for handler in logging.getLogger().handlers:
        if verbose:
            handler.removeFilter(_own_records)
        else:
            handler.addFilter(_own_records)


@cli.command()
@click.argument("session_dir", type=SESSION_DIR)
@click.option("--json", "as_json", is_flag=True, help="Print Popolo vote events as JSON.")
def tally(session_dir: Path, as_json: bool) -> None:
    """Check a session folder and print the result of every vote.

    Reads SESSION_DIR/session.toml and SESSION_DIR/votes.jsonl (or votes.csv), checks every
    line against the rules of the session, and counts each vote round: quorum, required
    majority, ties and the casting vote, per group and per member (never for a secret vote).

    \b
    Example:
      videoacta tally samples/2026-10-29-ple-ordinari --json > tally.json
    """
    with user_errors():
        run = pipeline.run_tally(session_dir)
    if as_json:
        _print_json(popolo.tally_document(run.session, run.tally))
    else:
        click.echo(report.tally_table(run))


@cli.command()
@click.argument("name", type=click.Choice(sorted(schemas.SCHEMAS)), default="session")
def schema(name: str) -> None:
    """Print a JSON Schema: `session` (session.toml), `event` (votes.jsonl) or `index` (index.json).

    \b
    Example:
      videoacta schema session > session.schema.json
    """
    _print_json(schemas.SCHEMAS[name]())


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the tools found as JSON.")
def doctor(as_json: bool) -> None:
    """Check that ffmpeg and ffprobe are found; print their versions and paths.

    Each tool is looked for in VIDEOACTA_FFMPEG / VIDEOACTA_FFPROBE, then in the static builds
    of the videoacta[ffmpeg] extra, then on PATH. Exits with code 4 if one is missing.

    \b
    Example:
      VIDEOACTA_FFMPEG=/usr/bin/ffmpeg videoacta doctor
    """
    statuses = ffmpeg.doctor()
    if as_json:
        _print_json([status.model_dump(mode="json") for status in statuses])
    else:
        for status in statuses:
            click.echo(_tool_line(status))
    if not all(status.found for status in statuses):
        sys.exit(int(ExitCode.MEDIA))


def _tool_line(status: ffmpeg.ToolStatus) -> str:
    if not status.found:
        return f"{status.tool:<8} missing   {status.problem}"
    return f"{status.tool:<8} {status.version:<16} {status.path}  (from {status.source})"


def out_option(help: str, *, exists: bool = False) -> Callable[[F], F]:
    """The required `--out DIR` option of the commands that write a folder."""
    folder = click.Path(exists=exists, file_okay=False, path_type=Path)
    return click.option("--out", "out", required=True, type=folder, help=help)


class ProgressBars:
    """Draws one progress bar per step of a long stage, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.step: str | None = None
        self.bar: Any = None

    def __call__(self, step: str, done: float, total: float) -> None:
        if not self.enabled:
            return
        if step != self.step:
            self.close()
            self.step = step
            self.bar = click.progressbar(length=1000, label=f"{step:<20}", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(round(1000 * min(done / total, 1.0) if total else 1000) - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> "ProgressBars":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@cli.command()
@click.argument("session_dir", type=SESSION_DIR)
@out_option("The index folder to write (made atomically).")
@click.option("--mkv", is_flag=True, help="Write recording.mkv instead of recording.mp4.")
@click.option("--clips", is_flag=True, help="Also cut clips/NN.mp4, one per item (stream copy).")
@click.option(
    "--exact-clips", is_flag=True, help="Cut clips frame-exact by re-encoding (implies --clips)."
)
@click.option("--force", is_flag=True, help="Replace an existing unsigned index folder.")
@click.option("--replace-signed", is_flag=True, help="With --force, replace even a signed package.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.option("--json", "as_json", is_flag=True, help="Print the index as JSON.")
def index(
    session_dir: Path, out: Path, mkv: bool, clips: bool, exact_clips: bool, force: bool,
    replace_signed: bool, quiet: bool, as_json: bool,
) -> None:  # fmt: skip
    """Place every agenda item in the recording and write the video outputs.

    Probes the recording parts of SESSION_DIR, finds when each started, joins them by stream
    copy (never re-encoding) with a chapter per agenda item, takes a poster per item and hashes
    every part and output. Writes index.json, chapters.vtt, recording.mp4 and posters/ into OUT.

    \b
    Example:
      videoacta index samples/2026-10-29-ple-ordinari --out out/index
    """
    mode = video.ClipMode.EXACT if exact_clips else video.ClipMode.KEYFRAME if clips else None
    container = video.Container.MKV if mkv else video.Container.MP4
    with user_errors(), ProgressBars(enabled=not quiet and not as_json) as bars:
        result = pipeline.run_index(
            session_dir, out, container=container, clips=mode, force=force,
            replace_signed=replace_signed, progress=bars,
        )  # fmt: skip
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    recorded = sum(1 for item in result.items if item.start is not None)
    click.echo(
        f"Indexed {recorded} of {len(result.items)} items in {result.duration:.1f} s of "
        f"recording ({len(result.parts)} parts) into {out}"
    )


@cli.command()
@click.argument("session_dir", type=SESSION_DIR)
@out_option(
    "The index folder made by `videoacta index`; acta.pdf and its data go into it.", exists=True
)
@click.option(
    "--lang",
    type=click.Choice([language.value for language in Language]),
    help="Language of the document (default: the session's).",
)
@click.option("--force", is_flag=True, help="Replace an existing acta.pdf (never a signed one).")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def render(session_dir: Path, out: Path, lang: str | None, force: bool, as_json: bool) -> None:
    """Write the acta: a PDF/A-3B vote summary and agenda index, with its data embedded.

    Reads OUT/index.json (made by `videoacta index` from the same SESSION_DIR), checks the size
    and SHA-256 it gives each recording part and the recording against the files, and writes into
    OUT, each file atomically: votes.popolo.json, votes.csv, manifest.json (size and SHA-256 of
    every other file, and of the original recording parts) and acta.pdf, which embeds the
    manifest, index.json and the vote files and has two empty signature fields (the secretary
    certifies, the chair gives the visto bueno).

    \b
    Example:
      videoacta render samples/2026-10-29-ple-ordinari --out out/index
    """
    language = Language(lang) if lang else None
    with user_errors():
        result = pipeline.run_render(session_dir, out, language=language, force=force)
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    click.echo(
        f"Wrote {result.document} ({result.pages} pages, {result.language.value}) and "
        f"{', '.join(path.name for path in result.files if path != result.document)}"
    )


PACKAGE_DIR = click.Path(file_okay=False, path_type=Path)
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)

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
    click.option("--lang", type=click.Choice(["ca", "es", "en"]), default="ca",
                 help="Language of the stamp."),
    click.option("--location", help="Where it is signed (e.g. the town)."),
    click.option("--substitute", metavar="REASON",
                 help="Sign in the stead of the session's secretary or chair, for this reason."),
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


def _prompt(question: str) -> str:
    return str(click.prompt(question.rstrip(": "), hide_input=True, err=True))


@cli.command()
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
        result = pdf_signing.sign_package(package_dir, options, prompt=_prompt)
    if as_json:
        _print_json(result.model_dump(mode="json"))
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


@cli.command()
@click.argument("package_dir", type=PACKAGE_DIR)
@click.option(
    "--trust",
    multiple=True,
    type=FILE,
    help="Trust root certificate (PEM/DER); repeat for more. Default: system store.",
)
@click.option("--cert", "certs", multiple=True, type=FILE, help="Intermediate certificate.")
@click.option("--crl", multiple=True, type=FILE, help="A local CRL to check revocation with.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify(
    package_dir: Path, trust: tuple[Path, ...], certs: tuple[Path, ...], crl: tuple[Path, ...],
    as_json: bool,
) -> None:  # fmt: skip
    """Verify a package offline: every signature, the manifest and every file; one verdict.

    Exits 0 when everything holds, 10 when something was tampered with, 11 when a signer or
    time-stamp is not trusted, 12 when the package is unreadable, 13 when a signature is missing,
    14 when a signer is not the person the session names (and no substitution is recorded).

    \b
    Example:
      videoacta verify out/2026-10-29-ple-ordinari --trust samples/pki/SAMPLE-root-ca.pem
    """
    from videoacta.signing.trust import TrustSettings
    from videoacta.verify import report
    from videoacta.verify import verifier as verifier

    settings = TrustSettings(roots=trust, certs=certs, crls=crl)
    with user_errors():
        result = verifier.verify_package(package_dir, trust=settings)
    if as_json:
        _print_json(result.model_dump(mode="json"))
    else:
        click.echo(report.render_text(result))
    sys.exit(result.exit_code)


@cli.command()
@click.argument("session_dir", type=SESSION_DIR)
@out_option("Where packages go: the package is OUT/SESSION-ID, made atomically.")
@signer_options
@click.option("--force", is_flag=True, help="Replace an existing unsigned package.")
@click.option("--replace-signed", is_flag=True, help="With --force, replace even a signed package.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.option("--json", "as_json", is_flag=True, help="Print what was built as JSON.")
def build(
    session_dir: Path, out: Path, force: bool, replace_signed: bool, quiet: bool, as_json: bool,
    **values: Any,
) -> None:  # fmt: skip
    """Build the whole video-minutes package of a session, and certify it as the secretary.

    Runs every stage: checks and counts the votes, places the session on its recording
    (stream copy with chapters, posters, hashes), writes the open data, the viewer page, the
    manifest and the acta (PDF/A-3B with the manifest embedded), then signs the acta with the
    secretary's certificate if a signer is given. Without signer options the package is left
    unsigned, for the secretary to sign later with `videoacta sign`.

    \b
    Example:
      videoacta build samples/2026-10-29-ple-ordinari --out out --pkcs12 secretary.p12
    """
    options = sign_options("secretary", values)
    with user_errors(), ProgressBars(enabled=not quiet and not as_json) as bars:
        session_id = session_folder.load_session(session_dir).id
        result = pipeline.build_package(
            session_dir, out / session_id, force=force, replace_signed=replace_signed,
            signing=options, prompt=_prompt, progress=bars,
        )  # fmt: skip
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    click.echo(_build_summary(result, values.get("trust", ())))


def _build_summary(result: pipeline.BuildResult, trust: tuple[Path, ...]) -> str:
    lines = [f"Warning: {warning}" for warning in result.warnings]
    lines.append(f"Package: {result.package}")
    if result.signed:
        lines.append(f"Certified by {result.signer} (the secretary) at {result.level}.")
    else:
        lines.append("UNSIGNED: the secretary has not certified it yet.")
    signed = Role.SECRETARY if result.signed else None
    lines += hints.next_steps(result.package, signed=signed, trust=trust, root=result.root)
    return "\n".join(lines)


@cli.command()
@click.argument("spec", type=FILE)
@click.option(
    "--workers", type=click.IntRange(min=1), help="Local worker processes (default: the spec's)."
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Run the jobs on the Dask cluster of this scheduler (default: the spec's, else local).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def batch(spec: Path, workers: int | None, scheduler: str | None, as_json: bool) -> None:
    """Package every ready session of an inbox, as a run spec says; skip those already done.

    SPEC is a TOML run spec: the inbox (a folder per session), the output folder, the signer
    (secrets from environment variables or files only), workers and retries. Each version of a
    session's inputs is built once, into OUTPUT/SESSION/HASH12, under a lock; what happened is
    appended to OUTPUT/batch.jsonl. Exits 20 if a session failed after its retries.

    \b
    Example:
      videoacta batch pipelines/sample.toml --workers 2
    """
    from videoacta.batch import history
    from videoacta.batch import runner as batcher

    with user_errors():
        summary = batcher.run_spec(
            spec, workers=workers, scheduler=scheduler,
            on_entry=history.ignore if as_json else _batch_line,
        )  # fmt: skip
    if as_json:
        _print_json({**summary.model_dump(mode="json"), "ok": summary.ok})
    else:
        click.echo(_batch_summary(summary))
    if not summary.ok:
        sys.exit(int(ExitCode.SESSIONS_FAILED))


def _batch_line(entry: "history.LogEntry") -> None:
    from videoacta.batch import history

    detail = {
        history.Action.BUILT: f"{entry.package}  ({entry.duration:.1f} s)",
        history.Action.SKIPPED: f"({entry.reason})",
        history.Action.RETRIED: f"attempt {entry.attempt}: {entry.error}",
        history.Action.FAILED: f"{entry.error}",
    }[entry.action]
    click.echo(f"{entry.action:<8} {entry.session}  {detail}", err=True)


def _batch_summary(summary: "batcher.Summary") -> str:
    from videoacta.batch import history

    lines = [
        f"Built {summary.built}, skipped {summary.skipped}, failed {summary.failed} "
        f"({summary.retried} retries) in {summary.duration:.1f} s; "
        f"log: {summary.output / history.LOG_FILE}"
    ]
    lines += [f"Not ready: {waiting.session} ({waiting.reason})" for waiting in summary.waiting]
    failed = [entry for entry in summary.sessions if entry.action is history.Action.FAILED]
    lines += [f"Failed: {entry.session}: {entry.error}" for entry in failed]
    return "\n".join(lines)


def main() -> None:
    """The console script's entry point."""
    cli(prog_name="videoacta")
