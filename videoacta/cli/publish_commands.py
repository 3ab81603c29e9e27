"""The CSV options of `render` and `build`, and `publish`: what goes to the council's sede."""

from pathlib import Path
from typing import Any

import click

from videoacta.cli.common import FILE, PACKAGE_DIR, out_option, print_json, user_errors
from videoacta.document.csv_stamp import CsvSettings, read_key

CSV_OPTIONS = [
    click.option("--csv-key-file", type=FILE, help="The council's CSV key (hex, 256 bits or more): "
                 "the same content gives the same code. Without it, a random code."),
    click.option("--csv-generation", type=click.IntRange(0, 10**6), default=0,
                 help="Ask for a new CSV for the same content: one more than the last."),
]  # fmt: skip


def csv_options(command: Any) -> Any:
    """Add the CSV options (of `render` and `build`) to a command."""
    for option in reversed(CSV_OPTIONS):
        command = option(command)
    return command


def csv_settings(key_file: Path | None, generation: int) -> CsvSettings:
    """The CSV settings of the options; a key file that cannot be used is an error."""
    with user_errors():
        key = None if key_file is None else read_key(key_file)
    return CsvSettings(key=key, generation=generation)


@click.command()
@click.argument("package_dir", type=PACKAGE_DIR)
@out_option("The folder the sede serves (made if missing; its csv/ is added to).")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def publish(package_dir: Path, out: Path, as_json: bool) -> None:
    """Write what the council's sede serves: the public copy, and the CSV query's static files.

    OUT/PACKAGE-NAME/ is the public copy: every file of the signed package but those its
    signed manifest withholds from publication (ROF 88.1: the certified recording, when an
    item was debated in camera; the public rendition is there instead). An identical copy
    already there is left as it is; a different one is refused.
    OUT/csv/index.html asks for the CSV and looks it up in the browser;
    OUT/csv/SHA256-OF-CODE/ holds the signed acta.pdf and record.json. A package without a
    CSV gets no csv/ files (a note says so). Publish once the chair has signed.

    \b
    Example:
      videoacta publish out/2026-10-29-ple-ordinari --out /srv/sede
    """
    from videoacta.publish import public_copy

    with user_errors():
        result = public_copy.publish(package_dir, out)
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    copy = result.public_copy
    state = "already there, unchanged" if copy.unchanged else f"{len(copy.files)} files"
    click.echo(f"Wrote the public copy in {copy.folder} ({state})")
    for name in copy.withheld:
        click.echo(f"  {name}: withheld from publication (ROF 88.1), not copied")
    if result.csv is not None:
        click.echo(f"Published the acta of CSV {result.csv.printed} in {result.csv.folder}")
    for note in result.notes:
        click.echo(f"Note: {note}")
