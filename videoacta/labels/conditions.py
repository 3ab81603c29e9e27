"""A majority given as "THRESHOLD of BASE" (`rules`) in words, in each language: "more than
half of the votes cast", "almenys 3/5 del nombre legal de membres"; and a quorum's share, "1/3
dels 21 membres de dret" (pure: text in, text out).
"""

from dataclasses import dataclass

from videoacta.core.rules import Base, Condition, QuorumBase, QuorumRule, Threshold, parse_majority
from videoacta.core.terms import Language


@dataclass(frozen=True)
class Words:
    """One language's words: `half` (more than half), `at_least` and `more_than` a fraction
    ({f}), each base as "of BASE", the order of the two (`phrase`) and the word for "and"."""

    half: str
    at_least: str
    more_than: str
    bases: dict[Base, str]
    phrase: str
    conjunction: str


WORDS = {
    Language.CA: Words(
        half="més de la meitat",
        at_least="almenys {f}",
        more_than="més de {f}",
        bases={
            Base.PRESENT_VOTING: "dels vots a favor i en contra",
            Base.LEGAL: "del nombre legal de membres",
            Base.IN_OFFICE: "del nombre de fet de membres",
            Base.CAST: "dels vots emesos",
            Base.PRESENT: "dels membres presents",
        },
        phrase="{threshold} {base}",
        conjunction=" i ",
    ),
    Language.ES: Words(
        half="más de la mitad",
        at_least="al menos {f}",
        more_than="más de {f}",
        bases={
            Base.PRESENT_VOTING: "de los votos a favor y en contra",
            Base.LEGAL: "del número legal de miembros",
            Base.IN_OFFICE: "del número de hecho de miembros",
            Base.CAST: "de los votos emitidos",
            Base.PRESENT: "de los miembros presentes",
        },
        phrase="{threshold} {base}",
        conjunction=" y ",
    ),
    Language.EN: Words(
        half="more than half",
        at_least="at least {f}",
        more_than="more than {f}",
        bases={
            Base.PRESENT_VOTING: "of the yes and no votes",
            Base.LEGAL: "of the legal number of members",
            Base.IN_OFFICE: "of the members in office",
            Base.CAST: "of the votes cast",
            Base.PRESENT: "of the members present",
        },
        phrase="{threshold} {base}",
        conjunction=" and ",
    ),
    Language.GL: Words(
        half="máis da metade",
        at_least="polo menos {f}",
        more_than="máis de {f}",
        bases={
            Base.PRESENT_VOTING: "dos votos a favor e en contra",
            Base.LEGAL: "do número legal de membros",
            Base.IN_OFFICE: "do número de feito de membros",
            Base.CAST: "dos votos emitidos",
            Base.PRESENT: "dos membros presentes",
        },
        phrase="{threshold} {base}",
        conjunction=" e ",
    ),
    # Basque puts the base (genitive) first: "emandako botoen erdia baino gehiago".
    Language.EU: Words(
        half="erdia baino gehiago",
        at_least="gutxienez {f}",
        more_than="{f} baino gehiago",
        bases={
            Base.PRESENT_VOTING: "aldeko eta kontrako botoen",
            Base.LEGAL: "legezko kide kopuruaren",
            Base.IN_OFFICE: "egitatezko kide kopuruaren",
            Base.CAST: "emandako botoen",
            Base.PRESENT: "bertaratutako kideen",
        },
        phrase="{base} {threshold}",
        conjunction=" eta ",
    ),
}


def threshold(words: Words, rule: Threshold) -> str:
    if rule.strict and rule.share == Threshold.parse("more_than_half").share:
        return words.half
    share = f"{rule.share.numerator}/{rule.share.denominator}"
    return (words.more_than if rule.strict else words.at_least).format(f=share)


def condition(words: Words, rule: Condition) -> str:
    return words.phrase.format(
        threshold=threshold(words, rule.threshold), base=words.bases[rule.base]
    )


def spelled(language: Language, majority: str) -> str:
    """A valid majority text in words: every condition, joined by the language's "and"."""
    words = WORDS[language]
    return words.conjunction.join(condition(words, c) for c in parse_majority(majority))


# A quorum's base with its number of members: of the seats (N) or of the members in office.
QUORUM_BASES = {
    Language.CA: {
        QuorumBase.LEGAL: "dels {n} membres de dret",
        QuorumBase.IN_OFFICE: "dels {n} membres de fet",
    },
    Language.ES: {
        QuorumBase.LEGAL: "de los {n} miembros de derecho",
        QuorumBase.IN_OFFICE: "de los {n} miembros de hecho",
    },
    Language.EN: {
        QuorumBase.LEGAL: "of the {n} legal members",
        QuorumBase.IN_OFFICE: "of the {n} members in office",
    },
    Language.GL: {
        QuorumBase.LEGAL: "dos {n} membros de dereito",
        QuorumBase.IN_OFFICE: "dos {n} membros de feito",
    },
    Language.EU: {
        QuorumBase.LEGAL: "zuzenbidezko {n} kideen",
        QuorumBase.IN_OFFICE: "egitatezko {n} kideen",
    },
}


def quorum_share(language: Language, rule: QuorumRule, n: int) -> str:
    """ "1/3 dels 21 membres de dret", "more than half of the 7 members in office"."""
    words = WORDS[language]
    share = words.half if rule.fraction == "more_than_half" else rule.fraction
    return words.phrase.format(threshold=share, base=QUORUM_BASES[language][rule.of].format(n=n))
