"""Who signs: the people the session names, the person a certificate names, and the rule that
matches them (pure: no PDF, no pyHanko).

- When the session gives a person's `id_number`, the certificate must carry the same number: its
  subject `serialNumber` (`IDCES-12345678Z` or bare), or failing that the NIF that ends its
  common name (`PUIG FERRER MARTA - 12345678Z`). Names are then not compared: the number wins
  over any spelling.
- Otherwise the names are compared, as the session spells it against the certificate's given
  name + surname, or its common name (without a ` - 12345678Z` suffix or a `(FIRMA)` note). Both
  are reduced to their words: accents and case dropped (Unicode NFKD, combining marks removed,
  case-folded), the Catalan `l·l` (also `l.l`) read as `ll`, every other character that is not a
  letter or digit a separator, and the connectors `i`, `y`, `e` ("Puig i Ferrer") left out. The
  names match when they have the same words in any order, so "Puig Ferrer, Marta" is "Marta Puig
  i Ferrer" and "MARTA PUIG FERRER"; a missing or extra word (a second surname) does not match.
"""

import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal

from videoacta.core import text as text_rules
from videoacta.core.idnumbers import normalise_id
from videoacta.core.session import Session
from videoacta.core.terms import Frozen
from videoacta.errors import TextRefused


class Role(StrEnum):
    """Who signs: the secretary certifies, the chair gives the visto bueno."""

    SECRETARY = "secretary"
    CHAIR = "chair"


CONNECTORS = frozenset({"i", "y", "e"})
ELA_GEMINADA = re.compile(r"l[\u00b7\u2027\u22c5.]l")
CN_NIF = re.compile(r"\s+-\s+(?:NIF:?\s*)?(?P<nif>[0-9XYZKLM][0-9]{7}[A-Z])\s*$", re.I)
CN_NOTE = re.compile(r"\s*\((?:FIRMA|AUTENTICACI[OÓ]N)\)\s*$", re.I)
MatchedBy = Literal["id_number", "name"]


class Person(Frozen):
    """Someone the session names to sign: as `session.toml` spells them."""

    name: str
    id_number: str | None = None
    title: str | None = None  # the office the session gives: Secretària general, Alcaldessa

    def __str__(self) -> str:
        return self.name if self.id_number is None else f"{self.name} ({self.id_number})"


class Signatories(Frozen):
    """Who the session names to sign: the secretary certifies, the chair approves."""

    secretary: Person
    chair: Person
    timezone: str | None = None  # the session's, in which the stamp gives the time of signing

    def of(self, role: Role) -> Person:
        return self.secretary if role is Role.SECRETARY else self.chair


def signatories_of(session: Session) -> Signatories:
    """The session's secretary, and the member whose id is `chair`."""
    chair = session.member(session.chair)
    if chair is None:
        raise ValueError(f"chair: '{session.chair}' is not in members")
    return Signatories(
        secretary=Person(
            name=session.secretary.name,
            id_number=session.secretary.id_number,
            title=session.secretary.title,
        ),
        chair=Person(name=chair.name, id_number=chair.id_number, title=session.chair_title),
        timezone=session.timezone,
    )


class CertifiedPerson(Frozen):
    """The person a signing certificate names, from its subject."""

    common_name: str
    given_name: str | None = None
    surname: str | None = None
    serial_number: str | None = None

    @property
    def id_number(self) -> str | None:
        """The subject's serialNumber normalised, else the NIF that ends the common name."""
        if self.serial_number:
            return normalise_id(self.serial_number)
        found = CN_NIF.search(self.common_name)
        return found["nif"].upper() if found else None

    @property
    def names(self) -> tuple[str, ...]:
        """Given name + surname (if both are there), and the common name without its notes."""
        plain = CN_NOTE.sub("", CN_NIF.sub("", self.common_name))
        if self.given_name and self.surname:
            return (f"{self.given_name} {self.surname}", plain)
        return (plain,)

    def __str__(self) -> str:
        return self.common_name + (f" ({self.serial_number})" if self.serial_number else "")


def from_subject(subject: Mapping[str, Any]) -> CertifiedPerson:
    """A CertifiedPerson from a certificate subject as asn1crypto's `Name.native` gives it."""
    common = _text(subject.get("common_name"))
    return CertifiedPerson(
        common_name=common or ", ".join(_text(value) or "" for value in subject.values()),
        given_name=_text(subject.get("given_name")),
        surname=_text(subject.get("surname")),
        serial_number=_text(subject.get("serial_number")),
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return " ".join(str(part) for part in value)
    return str(value)


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name, without accents, case or connectors, in sorted order."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = re.findall(r"[^\W_]+", ELA_GEMINADA.sub("ll", plain))
    return tuple(sorted(word for word in words if word not in CONNECTORS))


def match(person: Person, signer: CertifiedPerson) -> MatchedBy | None:
    """How the certificate is that person's (by id number or by name), or None if it is not."""
    if person.id_number is not None:
        return "id_number" if signer.id_number == person.id_number else None
    words = name_words(person.name)
    if words and any(name_words(name) == words for name in signer.names):
        return "name"
    return None


def same_person(one: CertifiedPerson, other: CertifiedPerson) -> bool:
    """Two certificates of one person: the same id number, or (lacking one) the same name."""
    if one.id_number and other.id_number:
        return one.id_number == other.id_number
    words = {name_words(name) for name in one.names} - {()}
    return any(name_words(name) in words for name in other.names)


def role_problem(
    role: Role, signer: CertifiedPerson, expected: Signatories, substitute: str | None
) -> str | None:
    """Why `signer` may not sign for `role`, or None: the session's person, or a substitute who
    is not the person named for the other role."""
    person = expected.of(role)
    if match(person, signer) is not None:
        return None
    if substitute is None:
        return (
            f"the certificate of {signer} is not that of {person}, "
            f"whom the session names as the {role}"
        )
    other = Role.CHAIR if role is Role.SECRETARY else Role.SECRETARY
    if match(expected.of(other), signer) is not None:
        return f"{signer} is the session's {other} and cannot stand in for the {role}"
    return None


def same_person_problem(secretary: CertifiedPerson, chair: CertifiedPerson) -> str | None:
    """The secretary and the chair must be two people, substitutes or not."""
    if not same_person(secretary, chair):
        return None
    return f"the secretary ({secretary}) and the chair ({chair}) are the same person"


def signing_problem(
    role: Role, signer: CertifiedPerson, expected: Signatories, substitute: str | None
) -> str | None:
    """Why `sign --as ROLE` refuses this signer, or None; names both people."""
    person = expected.of(role)
    if substitute is not None and match(person, signer) is not None:
        return f"this is the certificate of {person}: --substitute is for someone standing in"
    problem = role_problem(role, signer, expected, substitute)
    if problem is not None and substitute is None:
        problem += "; someone standing in signs with --substitute REASON"
    return problem


SUBSTITUTE_MAX = 200


def check_substitute(text: str) -> str:
    """A substitute's reason: one line the stamp's font can draw, up to 200 characters;
    TextRefused (a ValueError too: SignOptions validates with it) if not."""
    reason = text.strip()
    if not reason:
        example = "'secretari accidental, decret 12/2026'"
        raise TextRefused(f"substitute: give the reason, e.g. {example}")
    if len(reason) > SUBSTITUTE_MAX:
        raise TextRefused(f"substitute: the reason is longer than {SUBSTITUTE_MAX} characters")
    if (problem := text_rules.problem(text)) is not None:
        raise TextRefused(f"substitute: {problem}")
    return reason
