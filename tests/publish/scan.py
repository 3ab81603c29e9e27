"""Read published files back: an element of the page by id, member choices in any JSON."""

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

VOID = {"br", "img", "meta", "source", "track", "hr", "link", "input"}
MEMBER_KEYS = ("voter_id", "member", "member_id")
OPTION_KEYS = ("option", "choice")


class Element(HTMLParser):
    """The attributes and text of one element of a page, found by its id, and of its content."""

    def __init__(self, page: str, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.found = False
        self.attributes: list[dict[str, str | None]] = []
        self.texts: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inside = self.depth > 0
        if not inside and dict(attrs).get("id") == self.element_id:
            self.found = True
            inside = True
        if inside:
            self.attributes.append({"tag": tag, **dict(attrs)})
            if tag not in VOID:
                self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth > 0 and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth > 0:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def embedded_data(page: str) -> Any:
    match = re.search(
        r'<script type="application/json" id="viewer-data">(.*?)</script>', page, re.S
    )
    assert match is not None
    return json.loads(match[1])


def member_choices(data: Any, context: tuple[str, ...] = ()) -> Iterator[tuple[str, str, str]]:
    """Every (where, member, option) a JSON document states, `where` naming the enclosing item."""
    if isinstance(data, dict):
        where = _where(data)
        if where:
            context = (*context, where)
        member = next((data[k] for k in MEMBER_KEYS if isinstance(data.get(k), str)), None)
        option = next((data[k] for k in OPTION_KEYS if isinstance(data.get(k), str)), None)
        if member is not None and option is not None:
            yield " ".join(context), member, option
        for value in data.values():
            yield from member_choices(value, context)
    elif isinstance(data, list):
        for value in data:
            yield from member_choices(value, context)


def _where(data: dict[str, Any]) -> str:
    for key in ("id", "identifier", "vote_event_id"):
        value = data.get(key)
        if isinstance(value, str) and "/item-" in value:
            return value
    item = data.get("item")
    if isinstance(item, int):
        return f"item-{item}/"
    return ""
