"""Whether a text rendered in one language shows a label of another: no label falls back.

Each language's labels are cut at their `{placeholders}` into fragments; a fragment of another
language found in the text (as whole words) is a leak, unless it is also part of a label of the
text's own language (`Total`, `A favor`, `SHA-256`: the same in both). The session's own words
(titles, names, places, in Catalan in the sample) are taken out of the text first.
"""

import re
from collections.abc import Iterable, Iterator

PLACEHOLDER = re.compile(r"\{\w+\}")
EDGES = " .,;:()«»/-\u2013\u2014"  # and the en and em dashes
SHORTEST = 4  # shorter fragments ("de", "a les") are words every language shares
CODE = re.compile(r"[a-z0-9_.:/-]+")  # ids and enum values (`nominal`): not the session's words


def strings(value: object) -> Iterator[str]:
    """Every string in a nested structure of dicts, lists and tuples (values, not keys)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def _plain(text: str) -> str:
    return " ".join(text.split())


def fragments(templates: Iterable[str]) -> set[str]:
    """The literal pieces of the templates, long enough to be a language's own words."""
    pieces = (_plain(p).strip(EDGES) for t in templates for p in PLACEHOLDER.split(t))
    return {p for p in pieces if len(p) >= SHORTEST and any(c.isalpha() for c in p)}


def without(text: str, data: Iterable[str]) -> str:
    """The text (whitespace folded) with each of the session's own strings taken out."""
    text = _plain(text)
    words = {_plain(d) for d in data if len(d) >= SHORTEST and not CODE.fullmatch(d)}
    for value in sorted(words, key=len, reverse=True):
        text = text.replace(value, " | ")
    return text


def leaks(text: str, own: Iterable[str], others: Iterable[str]) -> list[str]:
    """The fragments of `others`' labels that `text` shows and `own`'s labels do not hold."""
    mine = fragments(own)
    foreign = (f for f in sorted(fragments(others)) if not any(f in m for m in mine))
    return [f for f in foreign if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)]
