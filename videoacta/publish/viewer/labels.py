"""The page's labels in Catalan, Spanish, English, Galician and Basque, marked so that the page
can switch.

The words the acta also says (options, a secret ballot's blank votes, recusals, statuses,
results, round names, majorities, sizes) are the acta's own (`videoacta.labels`), laid over the
page's own labels (static/labels.json): the same facts read the same in both.
"""

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from videoacta.core.proceedings import ItemStatus
from videoacta.core.results import Option, Result
from videoacta.core.terms import Language, MajorityKind, VoteType
from videoacta.labels import formatting
from videoacta.labels import labels as acta_labels
from videoacta.publish.viewer.html import Html, el

LANGUAGES = tuple(language.value for language in Language)
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every label in every language, from static/labels.json."""
    text = files("videoacta.publish.viewer").joinpath("static", "labels.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return {language: {**data[language], **shared(language)} for language in data}


def shared(language: str) -> dict[str, str]:
    """The acta's words for what the page also says, under the page's keys."""
    acta = acta_labels(Language(language))
    words = {f"option_{o.value}": acta.options[o] for o in Option}
    words["option_blank"] = acta.blank
    words |= {f"status_{s.value}": acta.status[s] for s in ItemStatus}
    words |= {f"vote_{v.value}": acta.vote_kind[v] for v in VoteType}
    words |= {f"result_{r.value}": acta.results[r] for r in Result}
    words |= {f"majority_{k.value}": _capital(acta.majority_kind[k]) for k in MajorityKind}
    words["majority_fraction"] = words["majority_fraction"].replace("{fraction}", "{f}")
    words["majority_custom"] = words["majority_custom"].replace("{fraction}", "{f}")
    words |= {"round": acta.vote_round, "no_vote": acta.no_vote}
    words |= {"round_repeat": acta.superseded_repeat, "round_reopened": acta.superseded_reopened}
    words["bytes"] = "{n}"  # the size as the acta writes it, in each language (`size`)
    return words


def size(value: int) -> dict[str, str]:
    """A file size written as the acta writes it, in every language (an argument of `bytes`)."""
    return {
        language: formatting.size(value, acta_labels(Language(language)).formats)
        for language in LANGUAGES
    }


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def fill(template: str, args: dict[str, str]) -> str:
    """`{name}` placeholders replaced in one pass, as viewer.js does (a value is never re-read)."""
    return PLACEHOLDER.sub(lambda match: args.get(match[1], match[0]), template)


class Labels:
    """The labels of one language; each label is rendered with its key so viewer.js can switch."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.table = catalogue()[language]

    def text(self, key: str, **args: Any) -> str:
        return fill(self.table[key], {name: self._value(value) for name, value in args.items()})

    def _value(self, value: Any) -> str:
        """An argument; one given per language (a number as each language writes it) in ours."""
        return str(value[self.language]) if isinstance(value, dict) else str(value)

    def __call__(self, key: str, *, tag: str = "span", **args: Any) -> Html:
        """The label as an element carrying `data-l10n` (and its arguments, if any)."""
        values = {
            name: value if isinstance(value, dict) else str(value) for name, value in args.items()
        }
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
