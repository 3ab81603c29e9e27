"""The text rules of the input contract: what a string of the session or its vote log may hold.

Every text field of `session.toml`, of `votes.jsonl` and every cell of `votes.csv` is one line
of characters the acta can print:

- no control or invisible formatting character (Unicode categories Cc, Cf, Cs, Co, Zl, Zp: the
  C0 controls with tab, newline and carriage return, DEL, the C1 controls, the line and paragraph
  separators U+2028/U+2029, the bidirectional overrides and isolates U+202A-202E and U+2066-2069,
  zero-width characters, the soft hyphen, lone surrogates, private use);
- only characters the acta's fonts draw: the shipped Noto Sans subset's own character map
  (Latin, Greek, Cyrillic, common punctuation), as the generated table `glyphs.DRAWN` holds
  it; a test regenerates the table from the font files, so the rule cannot drift from what
  is drawn;
- taken in Unicode NFC, so that an accent typed as a combining mark is the accented letter
  (except a path, `FileName`: it is checked as printed, in NFC, but kept as written);
- not blank: at least one character that is not a space (a name of spaces names no one);
- a text, never a number or a boolean converted to one (pydantic's strict mode);
- at most `NAME_MAX` characters (names, titles of officials, numbers, places, file names) or
  `TEXT_MAX` (agenda item titles, reasons, identity notes). Pydantic checks the length before
  anything else looks at the string.
"""

import re
import unicodedata
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Strict, StringConstraints
from pydantic_core import PydanticCustomError

from videoacta.core.glyphs import DRAWN
from videoacta.errors import TextRefused

NAME_MAX = 1_000
TEXT_MAX = 10_000
CELL_MAX = NAME_MAX  # a cell of votes.csv
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


@cache
def printable() -> frozenset[int]:
    """The code points every style of the acta's font draws, less the refused categories."""
    drawn = (code for low, high in DRAWN for code in range(low, high + 1))
    return frozenset(c for c in drawn if unicodedata.category(chr(c)) not in REFUSED_CATEGORIES)


@cache
def _refused() -> re.Pattern[str]:
    """One character class of everything not printable, for a single fast scan in C."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(printable()):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    spans = "".join(f"\\U{low:08X}-\\U{high:08X}" for low, high in ranges)
    return re.compile(f"[^{spans}]")


def problem(text: str) -> str | None:
    """Why `text` breaks the rules above, naming its first bad character; None if it doesn't."""
    found = _refused().search(text)
    return None if found is None else refusal(found.group())


def refusal(char: str) -> str:
    """The reason a character is refused: a control character, or one the fonts cannot draw."""
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) in REFUSED_CATEGORIES:
        return f"control or formatting character {code} is not allowed"
    return f"character '{char}' ({code}) cannot be printed in the acta"


def _check(text: str) -> str:
    """Take the text in NFC (a name typed as 'i' + U+0301 is 'í'), then apply the rules."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    reason = problem(text)
    if reason is not None:
        raise ValueError(reason)
    if not text.strip():
        raise ValueError("blank: the text needs a character other than a space")
    return text


def _check_exact(text: str) -> str:
    """The rules on the text as printed (in NFC), the text itself kept byte for byte: a path
    must find the file it names, and `e` + U+0301 and `é` are two names to the file system."""
    _check(text)
    return text


def check_line(field: str, text: str, limit: int) -> str:
    """A text given as an option (`--location`): stripped, in NFC, one printable line of at
    most `limit` characters; TextRefused naming the field (`location: ...`) if not."""
    line = unicodedata.normalize("NFC", text.strip())
    if not line:
        raise TextRefused(f"{field}: is empty")
    if len(line) > limit:
        raise TextRefused(f"{field}: longer than {limit} characters")
    if (reason := problem(line)) is not None:
        raise TextRefused(f"{field}: {reason}")
    return line


def _limit(limit: int) -> BeforeValidator:
    """Refuse a string over the limit by its length alone, before pydantic reads it: counting
    characters in pydantic-core first makes a UTF-8 copy of the whole string."""

    def check(value: object) -> object:
        if isinstance(value, str) and len(value) > limit:
            message = "String should have at most {max_length} characters"
            raise PydanticCustomError("string_too_long", message, {"max_length": limit})
        return value

    return BeforeValidator(check)


Name = Annotated[
    str, Strict(), StringConstraints(max_length=NAME_MAX), AfterValidator(_check), _limit(NAME_MAX)
]
"""A name, a number, a place or a file name: one printable line of at most NAME_MAX."""

Text = Annotated[
    str, Strict(), StringConstraints(max_length=TEXT_MAX), AfterValidator(_check), _limit(TEXT_MAX)
]
"""An item's title, a reason, a note: one printable line of at most TEXT_MAX."""

FileName = Annotated[
    str,
    Strict(),
    StringConstraints(max_length=NAME_MAX),
    AfterValidator(_check_exact),
    _limit(NAME_MAX),
]
"""A path (a recording part): the rules of Name, but taken exactly as written, never in NFC."""
