"""The acta's quorum line words the rule's share and base in each language, one line a case."""

import pytest

from videoacta.core.rules import QuorumRule
from videoacta.core.terms import Language
from videoacta.labels.conditions import quorum_share

# fmt: off
# language, fraction, of, the members it is of, the words
CASES = [
    (Language.CA, "1/3", "legal", 21, "1/3 dels 21 membres de dret"),
    (Language.CA, "more_than_half", "in_office", 7, "més de la meitat dels 7 membres de fet"),
    (Language.ES, "more_than_half", "in_office", 7, "más de la mitad de los 7 miembros de hecho"),
    (Language.EN, "1/3", "legal", 21, "1/3 of the 21 legal members"),
    (Language.EN, "more_than_half", "in_office", 7, "more than half of the 7 members in office"),
    (Language.GL, "more_than_half", "in_office", 7, "máis da metade dos 7 membros de feito"),
    (Language.EU, "1/3", "legal", 21, "zuzenbidezko 21 kideen 1/3"),
    (Language.EU, "more_than_half", "in_office", 7, "egitatezko 7 kideen erdia baino gehiago"),
]
# fmt: on


@pytest.mark.parametrize(("language", "fraction", "of", "n", "words"), CASES)
def test_quorum_share(language: Language, fraction: str, of: str, n: int, words: str) -> None:
    rule = QuorumRule.model_validate({"fraction": fraction, "of": of})
    assert quorum_share(language, rule, n) == words
