"""Who may sign: identity numbers, names, and the matching rule (pure, one line per case)."""

import pytest

from videoacta.core.identity import (
    CertifiedPerson,
    Person,
    Role,
    Signatories,
    check_substitute,
    from_subject,
    match,
    name_words,
    role_problem,
    same_person,
    same_person_problem,
    signing_problem,
)
from videoacta.core.idnumbers import check_id_number, normalise_id
from videoacta.errors import TextRefused

MARTA = CertifiedPerson(
    common_name="TEST Secretària Puig", given_name="Marta", surname="Puig i Ferrer",
    serial_number="IDCES-12345678Z",
)  # fmt: skip
NURIA = CertifiedPerson(
    common_name="TEST Alcaldessa Núñez", given_name="Núria", surname="Núñez Roca",
    serial_number="IDCES-87654321X",
)  # fmt: skip
PERE = CertifiedPerson(common_name="VIDAL MAS PERE - 11111111H")
SESSION = Signatories(
    secretary=Person(name="Marta Puig i Ferrer"), chair=Person(name="Núria Núñez Roca")
)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("12345678Z", "12345678Z"),
        ("12345678z", "12345678Z"),
        ("12.345.678-Z", "12345678Z"),
        (" 12345678 Z ", "12345678Z"),
        ("IDCES-12345678Z", "12345678Z"),
        ("idces-12345678z", "12345678Z"),
        ("IDESP-12345678Z", "12345678Z"),
        ("TINES-12345678Z", "12345678Z"),
        ("PASES-X1234567L", "X1234567L"),
        ("X-1234567-L", "X1234567L"),
    ],
)
def test_identity_numbers_are_normalised(text: str, normalised: str) -> None:
    assert normalise_id(text) == normalised


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("12345678Z", "12345678Z"),
        ("IDCES-87654321X", "87654321X"),
        ("X1234567L", "X1234567L"),  # NIE: X counts as 0
        ("Y1234567X", "Y1234567X"),  # Y counts as 1
        ("K1234567L", "K1234567L"),  # K, L, M: the 7 digits alone
    ],
)
def test_valid_identity_numbers(text: str, valid: str) -> None:
    assert check_id_number(text) == valid


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12345678A", "'12345678A' has the wrong check letter: 12345678Z is valid"),
        ("1234", "'1234' is not a DNI, NIE or NIF such as 12345678Z or IDCES-12345678Z"),
        ("Marta", "'Marta' is not a DNI, NIE or NIF such as 12345678Z or IDCES-12345678Z"),
        ("", "'' is not a DNI, NIE or NIF such as 12345678Z or IDCES-12345678Z"),
    ],
)
def test_invalid_identity_numbers(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"DNI, NIE or NIF|check letter") as raised:
        check_id_number(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Marta Puig i Ferrer", "MARTA PUIG FERRER"),  # case, the connector "i"
        ("Marta Puig i Ferrer", "Puig i Ferrer, Marta"),  # "Cognoms, Nom"
        ("Núria Núñez Roca", "NURIA NUNEZ ROCA"),  # accents
        ("Núria Núñez y Roca", "nuñez roca, núria"),  # Spanish "y"
        ("Marcel·lí Ollé", "MARCEL.LI OLLE"),  # ela geminada, dotted in ASCII
        ("Marcel·lí Ollé", "Marceŀlí Ollé"),  # the one-character ŀ (U+0140)
        ("Josep-Lluís Martí", "Josep Lluís Martí"),  # a hyphen is a separator
        ("Ana María O'Donnell", "ANA MARIA O DONNELL"),
    ],
)
def test_names_that_are_the_same(one: str, other: str) -> None:
    assert name_words(one) == name_words(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Marta Puig i Ferrer", "Marta Puig"),  # a surname missing
        ("Marta Puig i Ferrer", "Marta Puig Ferrer Vila"),  # one more
        ("Marcel·lí Ollé", "Marcel Lí Ollé"),
        ("Joan Martí", "Joana Martí"),
    ],
)
def test_names_that_differ(one: str, other: str) -> None:
    assert name_words(one) != name_words(other)


@pytest.mark.parametrize(
    ("person", "signer", "expected"),
    [
        (Person(name="Marta Puig i Ferrer"), MARTA, "name"),  # given name + surname
        (Person(name="Puig Ferrer, Marta"), MARTA, "name"),
        (Person(name="marta puig"), MARTA, None),
        (Person(name="TEST Secretària Puig"), MARTA, "name"),  # the common name
        (Person(name="Pere Vidal i Mas"), PERE, "name"),  # " - NIF" left out of the CN
        (Person(name="Marta Puig", id_number="12345678Z"), MARTA, "id_number"),  # number wins
        (Person(name="Marta Puig i Ferrer", id_number="87654321X"), MARTA, None),  # over name
        (Person(name="Pere", id_number="11111111H"), PERE, "id_number"),  # NIF in the CN
        (Person(name="Marta Puig i Ferrer"), NURIA, None),
    ],
)
def test_match(person: Person, signer: CertifiedPerson, expected: str | None) -> None:
    assert match(person, signer) == expected


def test_a_spanish_certificate_subject() -> None:
    subject = {
        "country_name": "ES",
        "serial_number": "IDCES-12345678Z",
        "given_name": "MARTA",
        "surname": "PUIG FERRER",
        "common_name": "PUIG FERRER MARTA - 12345678Z",
    }
    signer = from_subject(subject)
    assert signer.id_number == "12345678Z"
    assert signer.names == ("MARTA PUIG FERRER", "PUIG FERRER MARTA")
    assert str(signer) == "PUIG FERRER MARTA - 12345678Z (IDCES-12345678Z)"
    dnie = from_subject({"common_name": "PUIG FERRER, MARTA (FIRMA)"})
    assert dnie.names == ("PUIG FERRER, MARTA",)
    assert match(Person(name="Marta Puig i Ferrer"), dnie) == "name"


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        (MARTA, MARTA, True),
        (MARTA, NURIA, False),
        (MARTA, MARTA.model_copy(update={"common_name": "Another CN"}), True),  # same number
        (MARTA, MARTA.model_copy(update={"serial_number": "IDCES-87654321X"}), False),  # namesake
        (MARTA, CertifiedPerson(common_name="PUIG FERRER MARTA"), True),  # a number missing
        (PERE, CertifiedPerson(common_name="Pere Vidal", serial_number="11111111H"), True),
    ],
)
def test_same_person(one: CertifiedPerson, other: CertifiedPerson, same: bool) -> None:
    assert same_person(one, other) is same
    assert same_person(other, one) is same
    assert (same_person_problem(one, other) is not None) is same


@pytest.mark.parametrize(
    ("role", "signer", "substitute", "problem"),
    [
        (Role.SECRETARY, MARTA, None, None),
        (Role.CHAIR, NURIA, None, None),
        (
            Role.SECRETARY, NURIA, None,
            "the certificate of TEST Alcaldessa Núñez (IDCES-87654321X) is not that of Marta "
            "Puig i Ferrer, whom the session names as the secretary",
        ),
        (Role.CHAIR, PERE, "alcalde accidental", None),
        (
            Role.CHAIR, MARTA, "alcalde accidental",
            "TEST Secretària Puig (IDCES-12345678Z) is the session's secretary and cannot stand "
            "in for the chair",
        ),
    ],
)  # fmt: skip
def test_role_problem(
    role: Role, signer: CertifiedPerson, substitute: str | None, problem: str | None
) -> None:
    assert role_problem(role, signer, SESSION, substitute) == problem


def test_signing_problem_names_both_and_the_way_out() -> None:
    assert signing_problem(Role.CHAIR, MARTA, SESSION, None) == (
        "the certificate of TEST Secretària Puig (IDCES-12345678Z) is not that of Núria Núñez "
        "Roca, whom the session names as the chair; someone standing in signs with --substitute "
        "REASON"
    )
    assert signing_problem(Role.CHAIR, NURIA, SESSION, "alcaldessa accidental") == (
        "this is the certificate of Núria Núñez Roca: --substitute is for someone standing in"
    )
    assert signing_problem(Role.CHAIR, PERE, SESSION, "alcalde accidental") is None


def test_a_substitute_s_reason_is_trimmed() -> None:
    assert check_substitute("  Alcalde accidental, decret 12/2026 ") == (
        "Alcalde accidental, decret 12/2026"
    )


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("", "substitute: give the reason, e.g. 'secretari accidental, decret 12/2026'"),
        ("two\nlines", "substitute: control or formatting character U+000A is not allowed"),
        ("bidi\u202etrick", "substitute: control or formatting character U+202E is not allowed"),
        ("漢字", "substitute: character '漢' (U+6F22) cannot be printed in the acta"),
        ("x" * 201, "substitute: the reason is longer than 200 characters"),
    ],
)
def test_a_substitute_s_reason_is_one_short_line(text: str, outcome: str) -> None:
    with pytest.raises(TextRefused, match=r"^substitute: ") as raised:
        check_substitute(text)
    assert str(raised.value) == outcome
