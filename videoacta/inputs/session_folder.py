"""Read a session folder: `session.toml` and its vote log, refusing any bad line."""

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from videoacta.core.events import EVENT_ADAPTER, Entry, EventLog
from videoacta.core.session import Session
from videoacta.errors import InputError, shown
from videoacta.inputs import bounded, csvlog

SESSION_FILE = "session.toml"
JSONL_FILE = "votes.jsonl"
CSV_FILE = "votes.csv"
# A line longer than this is parsed and its shape bounded before pydantic validates it: pydantic
# reports one error per unknown key, so a 1 MiB line of 110,000 keys would cost 230 MB to refuse.
# A real event line is under 300 bytes, or a few tens of KiB with a 10,000-character reason.
SHORT_LINE = 64 * 1024
LINE_ENTRIES = 100  # keys of one object, or entries of one array, of a log line


def load_session(folder: Path) -> Session:
    """Parse and check `session.toml`; the session id defaults to the folder's name."""
    path = folder / SESSION_FILE
    try:
        data = bounded.read_toml(path, SESSION_FILE)
    except FileNotFoundError:
        raise InputError(str(path), "not found; a session folder needs a session.toml") from None
    return parse_session(data, folder.resolve().name)


def parse_session(data: dict[str, Any], folder_name: str) -> Session:
    """Validate and check `session.toml` already parsed into `data` (the editor checks a change
    this way before writing it); the session id defaults to `folder_name`."""
    data = {"id": folder_name, **data}
    if "secretary" not in data:
        raise InputError(SESSION_FILE, "the session has no secretary (ROF 90: quorum needs one)")
    try:
        session = Session.model_validate(data)
    except ValidationError as error:
        raise InputError(SESSION_FILE, describe(error.errors()[0], data)) from None
    check_session(session)
    return session


def check_session(session: Session) -> None:
    """Check what the schema alone cannot: references between parts of the file."""
    _unique(session.groups and [g.id for g in session.groups], "groups", "group id")
    listed = session.members + session.out_of_office
    _unique([m.id for m in listed], "members", "member id")
    _unique([i.number for i in session.items], "items", "item number")
    _unique(session.excused, "excused", "member")
    numbers = [p.id_number for p in session.officials] + [m.id_number for m in session.members]
    _unique([number for number in numbers if number], "id_number", "identity number")
    group_ids = {g.id for g in session.groups}
    member_ids = {m.id for m in session.members}
    for index, member in enumerate(listed):
        if member.group not in group_ids:
            raise InputError(
                SESSION_FILE,
                f"members[{index}] ('{member.id}'): group '{member.group}' is not in groups",
            )
    _in_office(session, session.chair, "chair")
    if session.chair not in member_ids:
        raise InputError(SESSION_FILE, f"chair: '{session.chair}' is not in members")
    for official in session.officials:
        if official.id in member_ids:
            raise InputError(SESSION_FILE, f"official '{official.id}' is also a member id")
    for member_id in session.excused:
        _in_office(session, member_id, "excused")
        if member_id not in member_ids:
            raise InputError(SESSION_FILE, f"excused: member '{member_id}' is not in members")
    if (
        session.weighted
        and session.body.legal_weight is None
        and len(listed) > (session.body.legal_members)
    ):
        raise InputError(
            SESSION_FILE,
            f"body.legal_weight: required: members lists {len(listed)} members (with those out "
            f"of office) for {session.body.legal_members} weighted seats",
        )
    if len(session.members) > session.body.legal_members:
        raise InputError(
            SESSION_FILE,
            f"{len(session.members)} members in office but body.legal_members is "
            f"{session.body.legal_members}",
        )


def _in_office(session: Session, member_id: str, field: str) -> None:
    """A member of the list whose mandate does not cover the session's date (`from`, `until`)."""
    if any(m.id == member_id for m in session.out_of_office):
        raise InputError(
            SESSION_FILE, f"{field}: member '{member_id}' is not in office on {session.date}"
        )


def _unique(values: Iterable[object], field: str, what: str) -> None:
    repeated = [value for value, count in Counter(values).items() if count > 1]
    if repeated:
        raise InputError(SESSION_FILE, f"{field}: {what} '{repeated[0]}' appears twice")


def load_log(folder: Path, session: Session) -> EventLog:
    """Read `votes.jsonl`, or `votes.csv` for voting systems that export only final choices."""
    jsonl, csv = folder / JSONL_FILE, folder / CSV_FILE
    if jsonl.exists() and csv.exists():
        raise InputError(str(folder), f"has both {JSONL_FILE} and {CSV_FILE}; keep one")
    if csv.exists():
        return csvlog.read_csv_log(csv, session)
    if not jsonl.exists():
        raise InputError(str(folder), f"has no vote log ({JSONL_FILE} or {CSV_FILE})")
    return read_jsonl(jsonl)


def read_jsonl(path: Path) -> EventLog:
    """Parse each line into an event; blank lines are skipped, repeated lines refused."""
    entries = []
    seen: dict[str, int] = {}
    source = path.name
    for number, line in bounded.lines(path, source, total=bounded.LOG_BYTES):
        text = line.strip()
        if not text:
            continue
        if text in seen:
            raise InputError(source, f"duplicate of line {seen[text]}", line=number)
        seen[text] = number
        # Both are validated already: construct them without validating again.
        entries.append(Entry.model_construct(line=number, event=_parse_event(text, source, number)))
    return EventLog.model_construct(source=source, entries=tuple(entries))


def _parse_event(text: str, source: str, line: int) -> Any:
    """Parse and validate a short line in one pass; only a bad or a long line takes the slower
    path, whose shape is bounded before validation."""
    if len(text) <= SHORT_LINE:
        try:
            return EVENT_ADAPTER.validate_json(text)
        except ValidationError:
            pass
    return _explain(text, source, line)


def _explain(text: str, source: str, line: int) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(source, f"not valid JSON: {error.msg}", line=line) from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise InputError(
            source, "not valid JSON: a number has too many digits", line=line
        ) from None
    except RecursionError:
        raise InputError(source, "not valid JSON: nested too deeply", line=line) from None
    if not isinstance(data, dict):
        raise InputError(source, "a line must hold one JSON object", line=line)
    bounded.check_shape(data, source, entries=LINE_ENTRIES, keys=LINE_ENTRIES, line=line)
    try:
        return EVENT_ADAPTER.validate_python(data)
    except ValidationError as error:
        raise InputError(source, describe(error.errors()[0], data), line=line) from None


def describe(error: Any, data: Any) -> str:
    """One pydantic error as a short sentence naming the field at fault."""
    kind, loc = error["type"], list(error["loc"])
    if kind == "union_tag_invalid":
        return f"unknown event type '{shown(error['input'].get('type'))}'"
    if kind == "union_tag_not_found":
        return "the line has no 'type'"
    if isinstance(data, dict) and loc and loc[0] == data.get("type"):
        loc = loc[1:]
    where = _path(loc)
    if kind == "timezone_aware":
        return f"{where}: '{shown(error['input'])}' has no time zone offset (use e.g. +01:00)"
    if kind == "missing":
        return f"{where}: missing"
    if kind == "extra_forbidden":
        return f"{where}: unknown field"
    if kind == "string_unicode":
        return f"{where}: not Unicode text (a lone surrogate)"
    if kind in EXPECTED:
        return f"{where}: {EXPECTED[kind]}, not {kind_of(error['input'])}"
    if kind == "string_too_long":
        return f"{where}: longer than {error['ctx']['max_length']:,} characters"
    return f"{where}: {error['msg'].removeprefix('Value error, ')}"


# Numbers, booleans, texts and dates keep their type (strict): what each wanted, what came.
EXPECTED = {
    "int_type": "expected a whole number",
    "float_type": "expected a number",
    "bool_type": "expected true or false",
    "string_type": "expected a text in quotes",
    "date_type": "expected a date such as 2026-10-29 (no quotes)",
    "datetime_type": "expected a time such as 2026-10-29T19:00:00+01:00 (no quotes)",
}
KINDS = [
    (bool, "a boolean"),
    (int, "a whole number"),
    (float, "a number with decimals"),
    (str, "a text"),
    (dt.datetime, "a time"),
    (dt.date, "a date"),
    (dt.time, "a time of day"),
    (dict, "a table"),
    (list, "an array"),
]


def kind_of(value: object) -> str:
    kind = next((name for cls, name in KINDS if isinstance(value, cls)), "another value")
    if isinstance(value, bool):
        return f"{kind} ({str(value).lower()})"
    if isinstance(value, str):
        return f"{kind} ('{shown(value)}')"
    return f"{kind} ({shown(value)})" if isinstance(value, int | float) else kind


def _path(loc: list[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "value"
