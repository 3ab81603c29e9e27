"""The text rules of the input contract (videoacta/core/text.py): one printable line, within a
limit, checked on the models and functions alone (tests/inputs/test_text_rules.py takes them
through the files and the CLI; tests/document/test_glyphs.py checks the table against the fonts).
"""

import pytest
from pydantic import ValidationError

from tests.builders import session_data
from videoacta.core import text
from videoacta.core.session import Session
from videoacta.errors import TextRefused, shown


def test_the_length_is_checked_before_the_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    """A huge field is refused by its length alone: the character scan never sees it."""
    scanned: list[int] = []
    problem = text.problem
    monkeypatch.setattr(text, "problem", lambda s: scanned.append(len(s)) or problem(s))
    data = session_data()
    data["members"][0]["name"] = "山" * 50_000_000
    with pytest.raises(ValidationError) as raised:
        Session.model_validate(data)
    assert [e["type"] for e in raised.value.errors()] == ["string_too_long"]
    assert scanned
    assert max(scanned) < 1000


def test_the_printable_set_holds_the_scripts_of_europe_and_no_control() -> None:
    printable = text.printable()
    assert {ord(c) for c in "Aàŀ€ΩωЖжґ«»\u2013…"} <= printable
    assert not {ord(c) for c in "\t\n\r\x00\x7f\x85\u00ad\u200b\u2028\u202e\u2066山😀"} & printable


def test_shown_is_one_short_line() -> None:
    assert shown("a\nb\x00c") == "a\\nb\\x00c"
    assert shown("x" * 100) == "x" * 60 + "…"


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("Vilanova\nl'Estrada", "location: control or formatting character U+000A is not allowed"),
        ("\u202eadirtsE'l", "location: control or formatting character U+202E is not allowed"),
        ("Vila \x1b[31m", "location: control or formatting character U+001B is not allowed"),
        ("山城", "location: character '山' (U+5C71) cannot be printed in the acta"),
        ("x" * 201, "location: longer than 200 characters"),
        ("   ", "location: is empty"),
    ],
)
def test_a_location_follows_the_text_rules(location: str, message: str) -> None:
    with pytest.raises(TextRefused, match=r"^location: ") as refused:
        text.check_line("location", location, 200)
    assert str(refused.value) == message


def test_a_location_is_stripped_and_taken_in_nfc() -> None:
    place = " Vilanova i la Geltru\u0301 "
    assert text.check_line("location", place, 200) == "Vilanova i la Geltrú"
    assert text.check_line("location", "x" * 200, 200) == "x" * 200
