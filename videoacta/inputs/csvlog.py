"""Turn a `votes.csv` of final choices (item, member, choice, optional time) into an event log.

Voting systems that export only final choices give no attendance and no debate: every member
named in the file counts as present for the whole session, every other member as absent, and
items follow the order of their first row. Secret votes cannot be given this way.
"""

import csv
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from videoacta.core import text as text_rules
from videoacta.core.events import EVENT_ADAPTER, Choice, Entry, EventLog
from videoacta.core.session import Session
from videoacta.core.terms import VoteType
from videoacta.errors import InputError, shown
from videoacta.inputs import bounded

if TYPE_CHECKING:
    import _csv

COLUMNS = ("item", "member", "choice")
OPTIONAL_COLUMNS = ("time",)
ITEM_NUMBER = re.compile(r"[0-9]{1,9}")  # int() would also read Arabic or superscript digits


@dataclass(frozen=True)
class _Row:
    line: int
    item: int
    member: str
    choice: Choice
    time: dt.datetime | None


def read_csv_log(path: Path, session: Session) -> EventLog:
    """Read the CSV and synthesise the events a vote log would hold for it."""
    rows = _read_rows(path, session)
    if not rows:
        raise InputError(path.name, "the vote log is empty")
    opening, start = _start(rows, session)
    entries: list[Entry] = []

    def add(line: int, time: dt.datetime, **event: Any) -> None:
        entries.append(
            Entry(line=line, event=EVENT_ADAPTER.validate_python({"time": time, **event}))
        )

    for member in dict.fromkeys(row.member for row in rows):
        add(opening, start, type="member_joined", member=member)
    add(opening, start, type="session_opened")
    end = start
    for number in dict.fromkeys(row.item for row in rows):
        item_rows = [row for row in rows if row.item == number]
        first = item_rows[0]
        at = first.time or start
        add(first.line, at, type="item_opened", item=number)
        add(first.line, at, type="vote_opened", item=number)
        for row in item_rows:
            end = max(end, row.time or at)
            add(
                row.line,
                row.time or at,
                type="vote_cast",
                item=number,
                member=row.member,
                choice=row.choice.value,
            )
        add(item_rows[-1].line, end, type="vote_closed", item=number)
        add(item_rows[-1].line, end, type="item_closed", item=number)
    add(rows[-1].line, end, type="session_closed")
    return EventLog(source=path.name, entries=tuple(entries))


def _read_rows(path: Path, session: Session) -> list[_Row]:
    source = path.name
    reader = csv.reader(text for _, text in bounded.lines(path, source, total=bounded.LOG_BYTES))
    header = _header(_next(reader, source), source)
    rows: list[_Row] = []
    seen: dict[tuple[int, str], int] = {}
    while (values := _next(reader, source)) is not None:
        line = reader.line_num
        if len(values) != len(header):
            raise InputError(
                source, f"{len(values)} values, but the header has {len(header)}", line=line
            )
        record = dict(zip(header, values, strict=True))
        _check_cells(record, line, source)
        row = _row(record, line, source, session)
        key = (row.item, row.member)
        if key in seen:
            raise InputError(
                source,
                f"member '{row.member}' has a second choice for item {row.item} "
                f"(first at line {seen[key]})",
                line=row.line,
            )
        seen[key] = row.line
        rows.append(row)
    return rows


def _next(reader: "_csv.Reader", source: str) -> list[str] | None:
    """The next row, skipping blank lines; None at the end of the file."""
    try:
        return next((values for values in reader if values), None)
    except csv.Error as error:
        raise InputError(source, f"not valid CSV: {error}", line=reader.line_num) from None


def _header(values: list[str] | None, source: str) -> tuple[str, ...]:
    header = tuple(value.strip() for value in values or ())
    for name in header:
        _check_cell(name, "the header", 1, source)
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        known = ", ".join(COLUMNS + OPTIONAL_COLUMNS)
        raise InputError(source, f"unknown column '{shown(unknown[0])}' ({known})", line=1)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(source, f"missing column '{missing[0]}' in the header", line=1)
    repeated = [c for c in header if header.count(c) > 1]
    if repeated:
        raise InputError(
            source, f"column '{shown(repeated[0])}' appears twice in the header", line=1
        )
    return header


def _check_cells(record: dict[Any, Any], line: int, source: str) -> None:
    """Every cell is one printable line of at most CELL_MAX characters (see videoacta.core.text)."""
    for column, cell in record.items():
        where = "an extra cell" if column is None else f"column '{shown(column)}'"
        for text in cell if isinstance(cell, list) else [cell or ""]:
            _check_cell(text, where, line, source)


def _check_cell(text: str, where: str, line: int, source: str) -> None:
    if len(text) > text_rules.CELL_MAX:
        reason = f"longer than {text_rules.CELL_MAX:,} characters"
        raise InputError(source, f"{where}: {reason}", line=line)
    problem = text_rules.problem(text)
    if problem is not None:
        raise InputError(source, f"{where}: {problem}", line=line)


def _row(record: dict[str, str], line: int, source: str, session: Session) -> _Row:
    item_text, member = record["item"].strip(), record["member"].strip()
    spec = session.item(int(item_text)) if ITEM_NUMBER.fullmatch(item_text) else None
    if spec is None:
        raise InputError(
            source,
            f"item '{shown(item_text)}' is not on the agenda in session.toml",
            line=line,
        )
    if spec.vote_type is None:
        raise InputError(
            source, f"item {spec.number} is a {spec.kind.value} and takes no vote", line=line
        )
    if spec.vote_type is VoteType.SECRET:
        raise InputError(
            source,
            f"item {spec.number} is a secret vote: give it in votes.jsonl "
            "with ballot totals, never per member",
            line=line,
        )
    if session.member(member) is None:
        raise InputError(source, f"member '{shown(member)}' is not in session.toml", line=line)
    try:
        choice = Choice(record["choice"].strip())
    except ValueError:
        raise InputError(
            source,
            f"choice '{shown(record['choice'])}' is not yes, no or abstain",
            line=line,
        ) from None
    return _Row(
        line=line,
        item=spec.number,
        member=member,
        choice=choice,
        time=_time(record.get("time"), source, line),
    )


def _time(text: str | None, source: str, line: int) -> dt.datetime | None:
    if not text or not text.strip():
        return None
    try:
        value = EVENT_ADAPTER.validate_python({"type": "session_opened", "time": text.strip()})
    except ValidationError:
        raise InputError(
            source,
            f"time '{shown(text)}' is not an ISO 8601 time with a zone offset",
            line=line,
        ) from None
    return value.time


def _start(rows: list[_Row], session: Session) -> tuple[int, dt.datetime]:
    """When the session opened, and its line: the earliest time given, else 00:00 of its date."""
    timed = [(row.time, row.line) for row in rows if row.time is not None]
    if timed:
        time, line = min(timed)
        return line, time
    midnight = dt.time(0, tzinfo=zoneinfo.ZoneInfo(session.timezone))
    return rows[0].line, dt.datetime.combine(session.date, midnight)
