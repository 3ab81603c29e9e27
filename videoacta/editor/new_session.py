"""`videoacta new`: a new session folder, its session.toml copied from a previous session.

Councils keep their members for years: the body, groups, members, rules, officials, chair,
place, mode, time zone and language are copied from the previous session's file, with the
comments written about them. The rest belongs to one session and is not copied: its kind, call,
excused members, agenda and recording. The id is the new folder's name; the date is the one in
that name (`2026-11-26-ple`), else today; the number is the previous one plus one. The agenda
is one placeholder item (the minutes of the previous session) because a session needs an item
to be valid: what `create` writes always opens in the editor, where the secretary edits it.
Without a previous session, a commented template with placeholders, also valid, is written.
"""

import datetime as dt
import re
import string
from pathlib import Path

import tomlkit
from pydantic import TypeAdapter, ValidationError
from tomlkit.items import Comment, Null, Whitespace
from tomlkit.toml_document import TOMLDocument

from videoacta.core.terms import Identifier, Language
from videoacta.editor.recording_setup import RECORDING_FOLDER
from videoacta.editor.session_file import SessionFile, check_text, document, write_session
from videoacta.errors import InputError, OutputError
from videoacta.inputs.session_folder import SESSION_FILE

COMMENT_COLUMN = 34
NOT_COPIED = ("kind", "call", "excused", "items", "recording")
DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
NUMBER = re.compile(r"(\d{1,6})/(\d{4})")
MINUTES = {  # the first item of an ordinary session (ROF 91.1)
    Language.CA: "Aprovació de l'acta de la sessió anterior",
    Language.ES: "Aprobación del acta de la sesión anterior",
    Language.EN: "Approval of the minutes of the previous session",
    Language.GL: "Aprobación da acta da sesión anterior",
    Language.EU: "Aurreko bilkuraren akta onestea",
}
AGENDA = "\n# -- Agenda: to fill in (videoacta mark, or here) " + "-" * 45 + "\n\n"
TEMPLATE = string.Template((Path(__file__).parent / "session_template.toml").read_text("utf-8"))
ID: TypeAdapter[str] = TypeAdapter(Identifier)


def create(target: Path, *, previous: Path | None = None, date: dt.date | None = None) -> Path:
    """Make the session folder `target` with its session.toml and an empty `recording/`,
    copying from the session folder `previous` if given; the path of the session.toml written.

    `date` defaults to the date in the folder's name, else today. Refused with a one-line
    error: a name that is not a session id (InputError), a `target` that exists and is not an
    empty folder (OutputError), a `previous` that is not a valid session (InputError).
    """
    name = _session_id(target)
    _check_free(target)
    day = date or _date_in(name) or dt.date.today()
    text = _copied(previous, name, day) if previous else _template(name, day)
    check_text(text, target)  # what is written always opens in the editor
    try:
        (target / RECORDING_FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{target}: cannot be made ({error.strerror})") from None
    write_session(target, text)
    return target / SESSION_FILE


def _session_id(target: Path) -> str:
    name = target.resolve().name
    try:
        return ID.validate_python(name)
    except ValidationError:
        raise InputError(
            str(target), "the folder's name is the session's id: up to 64 letters, digits, "
            "'.', '_' or '-', starting with a letter or a digit",
        ) from None  # fmt: skip


def _check_free(target: Path) -> None:
    if (target / SESSION_FILE).exists():
        raise OutputError(f"{target}: already has a {SESSION_FILE}")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder")
    # The recording may be copied in first: a folder holding only `recording/` is taken.
    if target.is_dir() and any(p.name != RECORDING_FOLDER for p in target.iterdir()):
        raise OutputError(f"{target}: already exists and is not empty; choose a new folder")


def _date_in(name: str) -> dt.date | None:
    match = DATE_IN_NAME.search(name)
    try:
        return dt.date(*(int(part) for part in match.groups())) if match else None
    except ValueError:
        return None


def next_number(previous: str, year: int) -> str:
    """The number after `previous` ("10/2026" -> "11/2026"); "1/YEAR" in a new year."""
    match = NUMBER.fullmatch(previous)
    if match and int(match[2]) == year:
        return f"{int(match[1]) + 1}/{year}"
    return f"1/{year}"


def _copied(previous: Path, name: str, day: dt.date) -> str:
    """The previous session's file, with what belongs to that session alone replaced."""
    try:
        source = SessionFile.open(previous)
    except InputError as error:
        raise InputError(str(previous / error.source), error.reason, line=error.line) from None
    copy = document(source.text)
    for key in NOT_COPIED:
        copy.pop(key, None)
    if "id" in copy:
        copy["id"] = name
    number = next_number(source.session.number, day.year)
    copy["number"] = _noted("number", number, "to check: the previous session's plus one")
    copy["date"] = _noted("date", day, "to check")
    copy.append("items", _placeholder_agenda(source.session.language))
    _replace_header(copy, f"# Session {name}, made from {previous.resolve().name}")
    return tomlkit.dumps(copy)


def _noted(key: str, value: str | dt.date, note: str) -> tomlkit.items.Item:
    """`value` with a comment, aligned as the template aligns them."""
    item = tomlkit.item(value).comment(note)
    item.trivia.comment_ws = " " * max(1, COMMENT_COLUMN - len(f"{key} = {item.as_string()}"))
    return item


def _placeholder_agenda(language: Language) -> tomlkit.items.AoT:
    item = tomlkit.table()
    item.update({"number": 1, "title": MINUTES[language], "kind": "minutes"})
    agenda = tomlkit.aot()
    agenda.append(item)
    item.trivia.indent = AGENDA  # after the keys: tomlkit indents keys by the spaces in it
    return agenda


def _replace_header(copy: TOMLDocument, header: str) -> None:
    """The comments at the top describe the previous session: replace them with `header`."""
    body = copy.body
    start = next(
        (
            n
            for n, (_, item) in enumerate(body)
            if not isinstance(item, Comment | Whitespace | Null)
        ),
        len(body) - 1,
    )
    body[:start] = [(None, Null()) for _ in range(start)]
    first = body[start][1]
    first.trivia.indent = f"{header}\n\n" + first.trivia.indent


def _template(name: str, day: dt.date) -> str:
    return TEMPLATE.substitute(
        id=name, date=day.isoformat(), number=f"1/{day.year}", minutes=MINUTES[Language.CA]
    )
