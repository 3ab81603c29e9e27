"""Turn a `votes.csv` of final choices (item, member, choice, optional time) into an event log.

Voting systems that export only final choices give no attendance and no debate: every member
named in the file counts as present for the whole session, every other member as absent, and
items follow the order of their first row. Secret votes cannot be given this way.
"""

import csv
import datetime as dt
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from videoacta import text as text_rules
from videoacta.errors import InputError
from videoacta.events import EVENT_ADAPTER, Choice, Entry, EventLog
from videoacta.models import Session, VoteType

COLUMNS = ("item", "member", "choice")


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
    start = _start_time(rows, session)
    entries: list[Entry] = []

    def add(line: int, time: dt.datetime, **event: Any) -> None:
        entries.append(
            Entry(line=line, event=EVENT_ADAPTER.validate_python({"time": time, **event}))
        )

    for member in dict.fromkeys(row.member for row in rows):
        add(rows[0].line, start, type="member_joined", member=member)
    add(rows[0].line, start, type="session_opened")
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
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        for name in header:
            _check_cell(name, "the header", 1, source)
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise InputError(source, f"missing column '{missing[0]}' in the header", line=1)
        rows: list[_Row] = []
        seen: dict[tuple[int, str], int] = {}
        for record in reader:
            _check_cells(record, reader.line_num, source)
            row = _row(record, reader.line_num, source, session)
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


def _check_cells(record: dict[Any, Any], line: int, source: str) -> None:
    """Every cell is one printable line of at most CELL_MAX characters (see videoacta.text)."""
    for column, cell in record.items():
        where = "an extra cell" if column is None else f"column '{text_rules.shown(column)}'"
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
    if not item_text.isdigit() or session.item(int(item_text)) is None:
        raise InputError(
            source, f"item '{item_text}' is not on the agenda in session.toml", line=line
        )
    spec = session.item(int(item_text))
    assert spec is not None
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
        raise InputError(source, f"member '{member}' is not in session.toml", line=line)
    try:
        choice = Choice(record["choice"].strip())
    except ValueError:
        raise InputError(
            source, f"choice '{record['choice']}' is not yes, no or abstain", line=line
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
            source, f"time '{text}' is not an ISO 8601 time with a zone offset", line=line
        ) from None
    return value.time


def _start_time(rows: list[_Row], session: Session) -> dt.datetime:
    times = [row.time for row in rows if row.time is not None]
    if times:
        return min(times)
    midnight = dt.time(0, tzinfo=zoneinfo.ZoneInfo(session.timezone))
    return dt.datetime.combine(session.date, midnight)
