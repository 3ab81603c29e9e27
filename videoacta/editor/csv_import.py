"""A session whose voting system exported only `votes.csv` (final choices, no times), opened in
the editor: the secretary places its items and votes on the recording, and one action casts the
CSV's choices for the item whose vote is open.

The journal writes `votes.jsonl`; since `load_log` refuses a folder holding both files, the CSV
is first renamed `votes.csv.imported` (still read for its choices). Renamed first, so that a kill
in between leaves a folder with one log, never two.
"""

import os
from pathlib import Path

from videoacta.core.events import Choice
from videoacta.core.session import Session
from videoacta.editor import log_file
from videoacta.errors import InputError, OutputError
from videoacta.inputs import csvlog
from videoacta.inputs.session_folder import CSV_FILE, JSONL_FILE

IMPORTED = f"{CSV_FILE}.imported"


def check_one_log(folder: Path) -> None:
    """Refuse a folder with both logs, as `load_log` does."""
    if (folder / JSONL_FILE).exists() and (folder / CSV_FILE).exists():
        raise InputError(str(folder), f"has both {JSONL_FILE} and {CSV_FILE}; keep one")


def csv_path(folder: Path) -> Path | None:
    """The CSV of final choices: `votes.csv`, or the copy already moved aside; None if neither."""
    for name in (CSV_FILE, IMPORTED):
        if (folder / name).is_file():
            return folder / name
    return None


def choices(folder: Path, session: Session, item: int) -> dict[str, Choice]:
    """Each member's final choice on `item` in the CSV, in the CSV's order."""
    path = csv_path(folder)
    if path is None:
        raise InputError(str(folder), f"has no {CSV_FILE} to take the choices from")
    found: dict[str, Choice] = {}
    for entry in csvlog.read_csv_log(path, session).entries:
        event = entry.event
        if event.type == "vote_cast" and event.item == item and event.choice is not None:
            found[event.member] = event.choice
    if not found:
        raise InputError(path.name, f"has no choices for item {item}")
    return found


def move_aside(folder: Path) -> None:
    """Rename `votes.csv` to `votes.csv.imported` before `votes.jsonl` is first written."""
    csv = folder / CSV_FILE
    if csv.exists():
        try:
            os.replace(csv, folder / IMPORTED)
        except OSError as error:
            raise OutputError(f"{csv}: cannot be renamed ({error.strerror})") from None
        log_file.sync_folder(folder)
