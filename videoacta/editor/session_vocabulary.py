"""The words the setup page offers for each field of session.toml, taken from the session
contract (`core.terms`), and the fields its changes may reach (`session_changes`)."""

from enum import StrEnum
from typing import Any

from videoacta.core.rules import NAMES
from videoacta.core.terms import (
    Call,
    ItemKind,
    Language,
    MajorityKind,
    MemberRole,
    Mode,
    OutOfRoom,
    SessionKind,
    VoteType,
)
from videoacta.editor.rules_changes import RULES_VOCABULARY
from videoacta.editor.session_changes import LISTS, SETTABLE


def _values(vocabulary: type[StrEnum]) -> list[str]:
    return [term.value for term in vocabulary]


def _vocabulary() -> dict[str, Any]:
    return {
        "vocabularies": {
            "item_kinds": _values(ItemKind),
            # Questions, requests and reports take no vote: no majority, no vote type.
            "voted_item_kinds": [kind.value for kind in ItemKind if kind.is_voted],
            "vote_types": _values(VoteType),
            # Or a fraction of the legal number of members, such as "3/5".
            "majorities": [k.value for k in MajorityKind if k.value in NAMES],
            "session_kinds": _values(SessionKind),
            "calls": _values(Call),
            "modes": _values(Mode),
            "languages": _values(Language),
            "member_roles": _values(MemberRole),
            "out_of_room": _values(OutOfRoom),
            **RULES_VOCABULARY,
        },
        "settable": sorted(".".join(path) for path in SETTABLE),
        "lists": {name: list(fields) for name, fields in LISTS.items()},
    }


VOCABULARY: dict[str, Any] = _vocabulary()
"""`vocabularies` (the values each enumerated field takes), `settable` (the paths of `set`
changes, dotted) and `lists` (the fields of the entries of each list)."""
