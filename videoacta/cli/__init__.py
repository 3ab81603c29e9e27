"""The command-line interface: it parses, calls one library function, and prints."""

import logging

import click

from videoacta.cli import (
    batch_command,
    editor_commands,
    eni_command,
    publish_commands,
    session_commands,
    signing_commands,
    stage_commands,
    telematic_commands,
    transcribe_command,
    transcript_commands,
)
from videoacta.version import __version__


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

    pyHanko, pikepdf and fontTools log warnings (often with a traceback) about what the report
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


for _command in (
    session_commands.tally,
    session_commands.schema,
    session_commands.doctor,
    stage_commands.index,
    stage_commands.render,
    signing_commands.sign,
    signing_commands.verify,
    eni_command.eni,
    transcribe_command.transcribe,
    stage_commands.build,
    publish_commands.publish,
    batch_command.batch,
    editor_commands.new,
    editor_commands.mark,
    telematic_commands.links,
    transcript_commands.transcript,
):
    cli.add_command(_command)


def main() -> None:
    """The console script's entry point."""
    cli(prog_name="videoacta")
