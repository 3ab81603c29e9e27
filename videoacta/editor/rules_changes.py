"""The setup page's changes to the rules of procedure that a scalar cannot carry: the rule on
ties of `[rules]` or of one item (`{"op": "ties", "item": 3, "ties": {"rule": "repeat",
"rounds": 3, "then": "fails"}}`), and what the page is told of the rules: every preset's values
and the values `[rules]` writes itself (those that win over the preset's).

Typed and bounded here like every change (`session_changes`); whether the session holds with
them is decided by the same checks as `videoacta tally` after the change.
"""

import json
import tomllib
from typing import Annotated, Any, Literal

import tomlkit
from pydantic import Field
from tomlkit.items import InlineTable

from videoacta.core.presets import PRESETS
from videoacta.core.rules import Proxies, QuorumBase, QuorumCheckedAt, TieRule
from videoacta.core.terms import Frozen, StrictInt
from videoacta.inputs import bounded

RULES_PATHS: frozenset[tuple[str, ...]] = frozenset(
    {("rules", key) for key in ("preset", "majority", "proxies", "max_proxies", "quorum")}
    | {("rules", "quorum", key) for key in ("fraction", "minimum", "of", "checked")}
    | {("rules", "out_of_room"), ("rules", "max_duration_hours")}
)
"""The fields of `[rules]` a `set` change may reach; `rules.quorum` only as "none" or None
(back to the preset's or the default), its parts one by one."""


class TiesValue(Frozen):
    """A rule on ties as the page sends it; `rounds` and `then` only with `repeat`."""

    rule: TieRule
    rounds: StrictInt | None = Field(default=None, ge=1, le=10)
    then: Literal["fails", "casting_vote"] | None = None


class SetTies(Frozen):
    """Set the rule on ties of `[rules]` (no `item`) or of the item at index `item`; None
    removes it (the item follows `[rules]`, `[rules]` its preset or the default)."""

    op: Literal["ties"]
    item: Annotated[StrictInt, Field(ge=0, le=bounded.ARRAY_MAX)] | None = None
    ties: TiesValue | None


def ties_toml(ties: TiesValue | None) -> str | InlineTable | None:
    """As a hand would write it: `"fails"`, or `{ rule = "repeat", rounds = 3, then = "fails" }`."""
    if ties is None:
        return None
    if ties.rounds is None and ties.then is None:
        return ties.rule.value
    # Written as a hand would, spaced (`tomlkit.inline_table()` writes `{rule = ...}`).
    given = {"rule": ties.rule.value, "rounds": ties.rounds, "then": ties.then}
    values = {key: value for key, value in given.items() if value is not None}
    table = tomlkit.value(
        "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + " }"
    )
    assert isinstance(table, InlineTable)
    return table


def written_rules(text: str) -> dict[str, Any]:
    """The `[rules]` table of a valid session.toml's text, as written (JSON values)."""
    rules = tomllib.loads(text).get("rules", {})
    return rules if isinstance(rules, dict) else {}


RULES_VOCABULARY: dict[str, Any] = {
    "presets": PRESETS,
    "tie_rules": [rule.value for rule in TieRule],
    "quorum_bases": [base.value for base in QuorumBase],
    "quorum_checked": [when.value for when in QuorumCheckedAt],
    "proxies": [rule.value for rule in Proxies],
}
