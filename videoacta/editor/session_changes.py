"""The changes the setup page may make to session.toml, as JSON from the page: their models and
how each is applied to the tomlkit document (comments and layout kept, see `toml_layout`).

A change is hostile input: every field is typed and bounded here, and nothing but the fields
listed in `SETTABLE` and the entries of `LISTS` can be reached. Whether the result is a valid
session is not decided here: `session_file` validates the whole file after the change.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import tomlkit
from pydantic import Field, StringConstraints, TypeAdapter, ValidationError
from tomlkit.container import Container
from tomlkit.items import AoT, Array, InlineTable, Table

from videoacta.core.terms import Frozen, StrictBool, StrictFloat, StrictInt
from videoacta.core.text import TEXT_MAX
from videoacta.editor import toml_layout
from videoacta.editor.rules_changes import RULES_PATHS, SetTies, ties_toml
from videoacta.errors import InputError, shown
from videoacta.inputs import bounded
from videoacta.inputs.session_folder import SESSION_FILE, describe, kind_of

REQUEST = "request"
MAX_FIELDS = 20  # fields of one entry given at once: an item has 8, a member 8
OFFICIAL = ("id", "name", "title", "id_number")
SETTABLE: frozenset[tuple[str, ...]] = frozenset(
    {(key,) for key in ("number", "kind", "call", "mode", "place", "date", "timezone")}
    | {(key,) for key in ("language", "chair", "chair_title", "excused", "comptroller")}
    | {("body", key) for key in ("name", "legal_members", "legal_weight")}
    | {(official, key) for official in ("secretary", "comptroller") for key in OFFICIAL}
    | RULES_PATHS
    | {("recording", "clock_offset")}
)
LISTS: dict[str, tuple[str, ...]] = {
    "items": (
        "number",
        "title",
        "kind",
        "majority",
        "vote",
        "in_camera",
        "members_in_minutes",
        "candidate",
    ),
    "members": ("id", "name", "group", "role", "weight", "id_number", "from", "until"),
    "groups": ("id", "name"),
    "recording.parts": ("file", "start"),
}
# JSON has no dates: these fields come as ISO texts and are written as TOML dates and times.
DATES = {key: dt.date.fromisoformat for key in ("date", "from", "until")}
TIMES = {"start": dt.datetime.fromisoformat}
TIME_EXAMPLE = "a time such as 2026-10-29T19:00:00+01:00"

FieldName = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z][a-z_]{0,39}$")]
Index = Annotated[StrictInt, Field(ge=0, le=bounded.ARRAY_MAX)]
Scalar = (
    Annotated[str, StringConstraints(strict=True, max_length=TEXT_MAX)]
    | Annotated[StrictInt, Field(ge=-(2**63), lt=2**63)]
    | Annotated[StrictFloat, Field(allow_inf_nan=False)]
    | StrictBool
    | None
)
Names = Annotated[
    list[Annotated[str, StringConstraints(strict=True, max_length=64)]],
    Field(max_length=1000),
]
SHAPES = {
    **{"tuple_type": "an array", "list_type": "an array", "dict_type": "an object"},
    "model_type": "an object",  # the rule on ties of a `ties` change
}
UNION_LABELS = {"str", "int", "float", "bool", "none"}
ListName = Literal["items", "members", "groups", "recording.parts"]
Values = Annotated[dict[FieldName, Scalar], Field(max_length=MAX_FIELDS)]


class SetField(Frozen):
    """Set a field of the session (`path` as in SETTABLE); None removes it."""

    op: Literal["set"]
    path: tuple[FieldName, ...] = Field(min_length=1, max_length=3)
    value: Scalar | Names


class AddEntry(Frozen):
    """Add an entry to a list, at `index` (default: at the end)."""

    op: Literal["add"]
    entries: ListName = Field(alias="list")
    index: Index | None = None
    values: Values


class UpdateEntry(Frozen):
    """Change fields of an entry; a field given as None is removed."""

    op: Literal["update"]
    entries: ListName = Field(alias="list")
    index: Index
    values: Values = Field(min_length=1)


class RemoveEntry(Frozen):
    op: Literal["remove"]
    entries: ListName = Field(alias="list")
    index: Index


class MoveEntry(Frozen):
    op: Literal["move"]
    entries: ListName = Field(alias="list")
    index: Index
    to: Index


Change = Annotated[
    SetField | AddEntry | UpdateEntry | RemoveEntry | MoveEntry | SetTies,
    Field(discriminator="op"),
]
CHANGE: TypeAdapter[Change] = TypeAdapter(Change)


def parse_change(data: Mapping[str, Any] | Change) -> Change:
    """A change from the page's JSON; InputError (`request: ...`) naming what is wrong."""
    if isinstance(data, SetField | AddEntry | UpdateEntry | RemoveEntry | MoveEntry | SetTies):
        return data
    try:
        return CHANGE.validate_python(data)
    except ValidationError as error:
        raise InputError(REQUEST, _described(error.errors())) from None


def _described(errors: list[Any]) -> str:
    """The first error as one sentence; the op (the union's tag) is left out of the field."""
    error = errors[0]
    kind, loc = error["type"], list(error["loc"])[1:]
    if kind == "union_tag_invalid":
        return f"unknown op '{shown(error['input'].get('op'))}'"
    if kind in ("union_tag_not_found", "model_type", "model_attributes_type") and not loc:
        return "a change is a JSON object with an 'op'"
    label = next((n for n, part in enumerate(loc) if _is_label(part)), None)
    if kind in SHAPES and label is None:
        return f"{_path(loc)}: expected {SHAPES[kind]}, not {kind_of(error['input'])}"
    if label is None:
        return describe({**error, "loc": loc}, None)
    # A value fits none of the value types: say what it may be, not why each type refused it.
    where = _path(loc[:label])
    if any(other["type"] == "string_too_long" for other in errors):
        return f"{where}: longer than {TEXT_MAX:,} characters"
    if loc[label] == "[key]":
        return f"{where}: '{shown(error['input'])}' is not a field name"
    found = kind_of(error["input"])
    return f"{where}: expected a text, a number, true, false, null or a list of ids, not {found}"


def _path(loc: list[Any]) -> str:
    return ".".join(str(part) for part in loc) or "change"


def _is_label(part: object) -> bool:
    """A step of pydantic's error path that names a type of a union, not a field."""
    return isinstance(part, str) and (part in UNION_LABELS or "-" in part or "[" in part)


def apply_change(document: Container, change: Change) -> None:
    """Apply `change` to a normalized document (see `toml_layout.normalize`)."""
    if isinstance(change, SetField):
        _set_field(document, change.path, change.value)
        return
    if isinstance(change, SetTies):
        _set_ties(document, change)
        return
    entries = _entries(document, change.entries, create=isinstance(change, AddEntry))
    if isinstance(change, AddEntry):
        index = len(entries) if change.index is None else change.index
        _check_index(change.entries, entries, index, end=True)
        table = _new_table(change.entries, change.values, inline=isinstance(entries, Array))
        toml_layout.insert_entry(entries, index, table)
        return
    _check_index(change.entries, entries, change.index)
    if isinstance(change, UpdateEntry):
        where = f"{change.entries}[{change.index}]"
        _set_values(entries[change.index], change.entries, where, change.values)
    elif isinstance(change, RemoveEntry):
        toml_layout.remove_entry(entries, change.index)
    else:
        _check_index(change.entries, entries, change.to)
        toml_layout.move_entry(entries, change.index, change.to)


def _set_field(document: Container, path: tuple[str, ...], value: Any) -> None:
    if path not in SETTABLE:
        raise InputError(REQUEST, f"path: '{shown('.'.join(path))}' is not a field to set here")
    table: Any = document
    for key in path[:-1]:
        if key not in table or isinstance(table[key], str):
            if value is None:
                return  # removing a field of a table that is not there: nothing to do
            # Not there, or written as a name (`quorum = "none"`): a table of its own now.
            _put(table, key, _new_table_of(inline=table is not document))
        table = table[key]
    _put(table, path[-1], _typed(path[-1], ".".join(path), value))


def _set_ties(document: Container, change: SetTies) -> None:
    value = ties_toml(change.ties)
    if change.item is None:
        if "rules" not in document and value is None:
            return
        if "rules" not in document:
            document["rules"] = _new_table_of(inline=False)
        _put(document["rules"], "ties", value)
        return
    entries = _entries(document, "items", create=False)
    _check_index("items", entries, change.item)
    _put(entries[change.item], "ties", value)


def _entries(document: Container, name: str, *, create: bool) -> AoT | Array:
    """The array of tables `name` (`recording.parts`: in [recording]), made if `create`; an
    array written inline (`items = [{...}]`) stays inline."""
    *parents, key = name.split(".")
    table: Any = document
    for parent in parents:
        if parent not in table and create:
            table[parent] = tomlkit.table()
        table = table.get(parent, {})
    if key not in table and create:
        table[key] = tomlkit.array() if isinstance(table, InlineTable) else tomlkit.aot()
    found = table.get(key, tomlkit.aot())
    if create and isinstance(found, Array) and not found and not isinstance(table, InlineTable):
        # tomlkit writes an array of tables emptied by the editor as `key = []`: refill it
        # as an array of tables, as it was written.
        table[key] = found = tomlkit.aot()
    if not isinstance(found, AoT | Array):  # the file is valid: a list of tables
        raise InputError(SESSION_FILE, f"{name}: not a list of entries")
    return found


def _check_index(name: str, entries: AoT | Array, index: int, *, end: bool = False) -> None:
    if index > len(entries) or (index == len(entries) and not end):
        raise InputError(
            REQUEST, f"{name}[{index}]: there is no such entry ({len(entries)} in all)"
        )


def _new_table_of(*, inline: bool) -> Table | InlineTable:
    if inline:
        return tomlkit.inline_table()
    table = tomlkit.table()
    table.trivia.indent = toml_layout.BLANK
    return table


def _new_table(name: str, values: Mapping[str, Any], *, inline: bool) -> Table | InlineTable:
    table = _new_table_of(inline=inline)
    _set_values(table, name, name, values)
    return table


def _set_values(table: Any, name: str, where: str, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if key not in LISTS[name]:
            raise InputError(REQUEST, f"{where}.{key}: unknown field")
        _put(table, key, _typed(key, f"{where}.{key}", value))


def _typed(key: str, where: str, value: Any) -> Any:
    """A date or time given as an ISO text, parsed; every other value as it came."""
    parse = DATES.get(key) or TIMES.get(key)
    if not isinstance(value, str) or parse is None:
        return value
    try:
        return parse(value)
    except ValueError:
        example = "a date such as 2026-10-29" if key in DATES else TIME_EXAMPLE
        raise InputError(SESSION_FILE, f"{where}: '{shown(value)}' is not {example}") from None


def _put(table: Any, key: str, value: Any) -> None:
    if value is None:
        if key in table:
            del table[key]
        return
    if not isinstance(table, Table):
        table[key] = value
        return
    # tomlkit indents a new key by the spaces it finds in the text before the table's header,
    # which holds the comments above it once normalized: set the key without them.
    lead, table.trivia.indent = table.trivia.indent, ""
    table[key] = value
    table.trivia.indent = lead
