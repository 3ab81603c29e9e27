"""Labels in ca/es/en, and numbers and dates written for each without the system's locales."""

import datetime as dt

import pytest
from pydantic import ValidationError

from videoacta.core.terms import Language, SessionKind
from videoacta.labels import LABELS, Formats, labels
from videoacta.labels import formatting as fmt

CA, ES, EN = (labels(language).formats for language in (Language.CA, Language.ES, Language.EN))


@pytest.mark.parametrize(
    ("day", "formats", "expected"),
    [
        (dt.date(2026, 10, 29), CA, "dijous, 29 d'octubre de 2026"),
        (dt.date(2026, 4, 1), CA, "dimecres, 1 d'abril de 2026"),
        (dt.date(2026, 8, 3), CA, "dilluns, 3 d'agost de 2026"),
        (dt.date(2026, 3, 8), CA, "diumenge, 8 de març de 2026"),
        (dt.date(2026, 10, 29), ES, "jueves, 29 de octubre de 2026"),
        (dt.date(2026, 1, 3), ES, "sábado, 3 de enero de 2026"),
        (dt.date(2026, 10, 29), EN, "Thursday 29 October 2026"),
    ],
)
def test_dates(day: dt.date, formats: Formats, expected: str) -> None:
    assert fmt.date(day, formats) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "formats", "expected"),
    [
        (1234567, 0, CA, "1.234.567"),
        (1234567, 0, EN, "1,234,567"),
        (10.5, 1, ES, "10,5"),
        (10.5, 1, EN, "10.5"),
        (999, 0, CA, "999"),
    ],
)
def test_numbers(value: float, decimals: int, formats: Formats, expected: str) -> None:
    assert fmt.number(value, formats, decimals) == expected


@pytest.mark.parametrize(
    ("value", "formats", "expected"),
    [(19, CA, "19"), (10.5, CA, "10,5"), (2.125, EN, "2.125"), (7.25, ES, "7,25")],
)
def test_vote_counts(value: float, formats: Formats, expected: str) -> None:
    assert fmt.count(value, formats) == expected


def test_dates_without_the_weekday() -> None:
    day = dt.date(2026, 10, 29)
    assert fmt.date(day, CA, weekday=False) == "29 d'octubre de 2026"
    assert fmt.date(day, ES, weekday=False) == "29 de octubre de 2026"
    assert fmt.date(day, EN, weekday=False) == "29 October 2026"


def test_sizes() -> None:
    assert fmt.size(1393, CA) == "1.393 bytes"
    assert fmt.size(2240335, CA) == "2.240.335 bytes (2,2 MB)"
    assert fmt.size(2240335, EN) == "2,240,335 bytes (2.2 MB)"


@pytest.mark.parametrize(
    ("seconds", "offset", "fragment"),
    [
        (0, "0:00:00", "0"),
        (10.0, "0:00:10", "10"),
        (75.25, "0:01:15", "75.25"),
        (3725.9, "1:02:05", "3725.9"),
    ],
)
def test_offsets_and_media_fragments(seconds: float, offset: str, fragment: str) -> None:
    assert fmt.offset(seconds) == offset
    assert fmt.fragment(seconds) == fragment


def test_clock_is_in_the_session_time_zone() -> None:
    moment = dt.datetime(2026, 10, 29, 18, 0, 5, tzinfo=dt.UTC)
    assert fmt.clock(moment, dt.timezone(dt.timedelta(hours=1))) == "19:00:05"


def test_every_language_has_every_label() -> None:
    assert set(LABELS) == set(Language)
    fields = set(LABELS[Language.CA].model_dump())
    for table in LABELS.values():
        assert set(table.model_dump()) == fields
        assert table.attachment.keys() == LABELS[Language.CA].attachment.keys()
        assert table.positions.keys() == LABELS[Language.CA].positions.keys()


def test_a_vocabulary_missing_a_member_is_refused() -> None:
    data = LABELS[Language.EN].model_dump()
    del data["session_kind"][SessionKind.URGENT]
    with pytest.raises(ValidationError, match="session_kind lacks"):
        type(LABELS[Language.EN]).model_validate(data)
