"""Read input files within fixed limits, so that nothing huge or malformed is ever parsed.

Every input is UTF-8 text; a byte-order mark at the start (Excel and Notepad write one) is
skipped. A TOML file is read whole only up to its size limit and its nesting is bounded; a log is
read a line at a time, each line no longer than `LINE_BYTES`, so a 100 MB field is refused after
reading 1 MiB of it, and a log is refused whole beyond `LOG_BYTES`. A parsed TOML document is
also bounded in its number of array entries and table keys before pydantic sees it: pydantic
reports one error per bad element, so a million-element array of the wrong type would otherwise
cost gigabytes to refuse. The README's input contract lists these limits.
"""

import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from videoacta.errors import InputError, shown

MIB = 1024 * 1024
TOML_BYTES = 4 * MIB  # session.toml or a batch run spec
LINE_BYTES = 1 * MIB  # one line of votes.jsonl or votes.csv
LOG_BYTES = 64 * MIB  # the whole of votes.jsonl or votes.csv; 577 members x 200 votes: 13 MB
TOML_DEPTH = 10  # tables and arrays within each other; session.toml needs 4
ARRAY_MAX = 10_000  # entries of one TOML array (members at most 1000, item numbers 1-9999)
TABLE_MAX = 1_000  # keys of one TOML table (a model has a few dozen fields at most)
BOM = b"\xef\xbb\xbf"


def read_toml(path: Path, source: str) -> dict[str, Any]:
    """Parse a TOML file within the size and nesting limits.

    Raises FileNotFoundError when `path` does not exist (each caller says what it is for),
    InputError for anything else.
    """
    return parse_toml(read_text(path, source, limit=TOML_BYTES), source)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text already read (or about to be written) within the nesting limits."""
    if len(text.encode("utf-8")) > TOML_BYTES:
        raise InputError(source, f"is larger than {_size(TOML_BYTES)}, the limit for this file")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(source, f"invalid TOML: {error}") from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise InputError(source, "invalid TOML: a number has too many digits") from None
    except RecursionError:
        raise InputError(source, f"nested more than {TOML_DEPTH} levels deep") from None
    check_shape(data, source)
    return data


def check_shape(
    value: object,
    source: str,
    *,
    entries: int = ARRAY_MAX,
    keys: int = TABLE_MAX,
    line: int | None = None,
) -> None:
    """Refuse tables and arrays nested more than TOML_DEPTH deep, an array of more than
    `entries` entries and a table of more than `keys` keys; walked without recursion."""
    limits = _Limits(entries, keys, source, line)
    stack: list[tuple[object, str, int]] = [(value, "", 1)]
    while stack:
        node, where, level = stack.pop()
        if level > TOML_DEPTH:
            raise InputError(source, f"nested more than {TOML_DEPTH} levels deep", line=line)
        if isinstance(node, dict):
            limits.check(len(node), "keys", where)
            children = [(f"{where}.{key}", child) for key, child in node.items() if _nests(child)]
        else:
            assert isinstance(node, list)
            limits.check(len(node), "entries", where)
            children = [(f"{where}[{n}]", child) for n, child in enumerate(node) if _nests(child)]
        stack.extend((child, path, level + 1) for path, child in children)


def _nests(value: object) -> bool:
    return isinstance(value, dict | list)


@dataclass(frozen=True)
class _Limits:
    entries: int
    keys: int
    source: str
    line: int | None

    def check(self, size: int, what: str, where: str) -> None:
        limit = self.keys if what == "keys" else self.entries
        if size > limit:
            field = (
                shown(where.lstrip("."))
                if where
                else ("the line" if self.line else "the top level")
            )
            raise InputError(self.source, f"{field}: more than {limit:,} {what}", line=self.line)


def read_text(path: Path, source: str, *, limit: int) -> str:
    """The whole of a small text file; refused when larger than `limit` bytes or not UTF-8."""
    with _open(path, source) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(source, f"is larger than {_size(limit)}, the limit for this file")
    return _decode(data.removeprefix(BOM), source)


def lines(path: Path, source: str, *, total: int | None = None) -> Iterator[tuple[int, str]]:
    """Each line of a text file with its number, line end included, read a line at a time.

    A line is refused when longer than `LINE_BYTES`, the file when larger than `total` bytes.
    """
    with _open(path, source) as handle:
        if total is not None and os.fstat(handle.fileno()).st_size > total:
            raise InputError(source, f"is larger than {_size(total)}, the limit for this file")
        number = 0
        while raw := handle.readline(LINE_BYTES + 1):
            number += 1
            if len(raw.removesuffix(b"\n")) > LINE_BYTES:
                raise InputError(source, f"longer than {_size(LINE_BYTES)}", line=number)
            if number == 1:
                raw = raw.removeprefix(BOM)
            yield number, _decode(raw, source, first_line=number)


@contextmanager
def _open(path: Path, source: str) -> Iterator[BinaryIO]:
    if path.is_dir():
        raise InputError(source, "is a folder, not a file")
    if path.exists() and not path.is_file():
        raise InputError(source, "is not a regular file")
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise
    except OSError as error:
        raise InputError(source, f"cannot read: {error.strerror}") from None
    with handle:
        yield handle


def _decode(data: bytes, source: str, *, first_line: int = 1) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first_line + data.count(b"\n", 0, error.start)
        byte = data[error.start]
        raise InputError(
            source, f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", line=line
        ) from None


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB"
