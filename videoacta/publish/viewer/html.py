"""A tiny HTML builder that escapes by construction: text is escaped, `Html` is trusted."""

import html
import json
from typing import Any

Attribute = str | int | float | bool | None


class Html(str):
    """Markup built by this module; anything else inserted into a page is escaped."""

    __slots__ = ()


def escape(content: Any) -> Html:
    """Render content: `Html` as is, None as nothing, sequences joined, the rest escaped."""
    if isinstance(content, Html):
        return content
    if content is None:
        return Html("")
    if isinstance(content, list | tuple):
        return Html("".join(escape(part) for part in content))
    return Html(html.escape(str(content), quote=True))


def attributes(attrs: dict[str, Attribute]) -> str:
    """` name="value"` pairs; True is a bare attribute, False and None are left out."""
    parts = []
    for name, value in attrs.items():
        name = name.rstrip("_").replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{html.escape(str(value), quote=True)}"')
    return "".join(parts)


VOID = frozenset({"br", "img", "meta", "source", "track", "hr", "link", "input"})


def el(tag: str, *content: Any, **attrs: Attribute) -> Html:
    """An element; `class_="x"` gives class="x", `data_item=3` gives data-item="3"."""
    opening = f"<{tag}{attributes(attrs)}>"
    if tag in VOID:
        return Html(opening)
    return Html(f"{opening}{escape(list(content))}</{tag}>")


def script_json(data: Any) -> Html:
    """JSON safe inside a <script> element: no `</script>`, no `<!--`, no U+2028/U+2029."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return Html(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
