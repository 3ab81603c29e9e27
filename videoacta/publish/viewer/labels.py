"""The page's labels in Catalan, Spanish, English, Galician and Basque, marked so that the page
can switch."""

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from videoacta.core.terms import Language
from videoacta.publish.viewer.html import Html, el

LANGUAGES = tuple(language.value for language in Language)
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every label in every language, from static/labels.json."""
    text = files("videoacta.publish.viewer").joinpath("static", "labels.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


def fill(template: str, args: dict[str, str]) -> str:
    """`{name}` placeholders replaced in one pass, as viewer.js does (a value is never re-read)."""
    return PLACEHOLDER.sub(lambda match: args.get(match[1], match[0]), template)


class Labels:
    """The labels of one language; each label is rendered with its key so viewer.js can switch."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.table = catalogue()[language]

    def text(self, key: str, **args: Any) -> str:
        return fill(self.table[key], {name: str(value) for name, value in args.items()})

    def __call__(self, key: str, *, tag: str = "span", **args: Any) -> Html:
        """The label as an element carrying `data-l10n` (and its arguments, if any)."""
        values = {name: str(value) for name, value in args.items()}
        return el(
            tag,
            self.text(key, **values),
            data_l10n=key,
            data_l10n_args=json.dumps(values, ensure_ascii=False) if values else None,
        )

    def attribute(self, name: str, key: str, **args: Any) -> dict[str, str]:
        """Attributes for a translated attribute value, such as an aria-label."""
        values = {arg: str(value) for arg, value in args.items()}
        attrs = {name: self.text(key, **values), f"data-l10n-{name}": key}
        if values:
            attrs["data-l10n-args"] = json.dumps(values, ensure_ascii=False)
        return attrs
