"""The sample acta and the signature stamp in every language (ca, es, en, gl, eu): no label of
another language appears, and each language's dates, numbers and legal terms are there."""

import datetime as dt
import io
import re
import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import SAMPLE
from tests.label_leaks import leaks, strings, without
from videoacta import pipeline
from videoacta.core.identity import Role
from videoacta.core.terms import Language
from videoacta.core.video_index import Index
from videoacta.document import writer
from videoacta.errors import InputError
from videoacta.inputs.session_folder import parse_session
from videoacta.labels import LABELS, labels
from videoacta.labels import formatting as fmt
from videoacta.signing import stamp

PLACEHOLDER = re.compile(r"\{(\w+)\}")
DATE_NAMES = {"weekday", "day", "month", "year", "year_ko", "day_a"}


def _labels(language: Language) -> list[str]:
    return list(strings(labels(language).model_dump(mode="json")))


def _others(language: Language, table: dict[Language, list[str]]) -> list[str]:
    return [text for other, texts in table.items() if other is not language for text in texts]


@pytest.fixture(scope="module")
def data(sample_index: Path) -> list[str]:
    """The session's own words: every string of the sample's models and index."""
    run = pipeline.run_tally(SAMPLE)
    index = Index.model_validate_json((sample_index / "index.json").read_bytes())
    return [*strings(run.model_dump(mode="json")), *strings(index.model_dump(mode="json"))]


@pytest.fixture(scope="module")
def actas(sample_index: Path) -> dict[Language, str]:
    """The sample's acta in each language, as text (whitespace folded)."""
    run = pipeline.run_tally(SAMPLE)
    index = Index.model_validate_json((sample_index / "index.json").read_bytes())
    texts = {}
    for language in Language:
        pdf = writer.render_acta(run, index, language=language, attachments=()).data
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        texts[language] = " ".join(text.split())
    return texts


@pytest.mark.parametrize("language", list(Language))
def test_no_label_of_another_language_in_the_acta(
    actas: dict[Language, str], data: list[str], language: Language
) -> None:
    table = {other: _labels(other) for other in Language}
    text = without(actas[language], data)
    assert leaks(text, table[language], _others(language, table)) == []


def test_the_check_finds_a_label_of_another_language(
    actas: dict[Language, str], data: list[str]
) -> None:
    """The Catalan acta read as if it were Galician: the check names Catalan labels."""
    table = {other: _labels(other) for other in Language}
    found = leaks(without(actas[Language.CA], data), table[Language.GL], table[Language.CA])
    assert {"Ordre del dia", "Membres presents", "Vist i plau"} <= set(found)


@pytest.mark.parametrize(
    ("language", "facts"),
    [
        (
            Language.GL,
            (
                "Acta da sesión ordinaria n.º 10/2026",
                "xoves, 29 de outubro de 2026",
                "Membros presentes (19)",
                "Orde do día",
                "Aprobado co voto de calidade",
                "2.240.335 bytes (2,2 MB)",
                "Visto e prace",
                "maioría absoluta do número legal de membros: 11 votos — acadada",
            ),
        ),
        (
            Language.EU,
            (
                "Akta: ohiko bilkura, 10/2026 zk.",
                "2026ko urriaren 29a, osteguna",
                "Bertaratutako kideak (19)",
                "Gai-zerrenda",
                "Kalitatezko botoarekin onetsia",
                "2.240.335 byte (2,2 MB)",
                "Ikus-onetsia",
                "legezko kide kopuruaren gehiengo osoa: 11 boto — lortua",
            ),
        ),
    ],
)
def test_galician_and_basque_actas(
    actas: dict[Language, str], language: Language, facts: tuple[str, ...]
) -> None:
    for fact in facts:
        assert fact in actas[language], fact


def _stamp(language: Language) -> list[str]:
    """Every text the stamp and the signature's /Reason may show in a language."""
    texts = [stamp.stamp_style(language).stamp_text]
    for role in Role:
        texts += [stamp.stamp_role(role, language, "x"), stamp.reason_text(role, language, "x")]
    return texts


@pytest.mark.parametrize("language", list(Language))
def test_no_text_of_another_language_in_the_stamp(language: Language) -> None:
    table = {other: _stamp(other) for other in Language}
    shown = " ".join(table[language])
    assert leaks(shown, table[language], _others(language, table)) == []


def test_a_substitute_reason_is_read_back_in_every_language() -> None:
    for language in Language:
        reason = stamp.reason_text(Role.CHAIR, language, "absència per malaltia")
        assert stamp.substitution(reason) == "absència per malaltia", language


def test_every_template_has_the_placeholders_of_the_catalan_one() -> None:
    """A template is filled with the Catalan one's names: another name would raise a KeyError.
    A date's template may use any name `formatting.date` gives (Basque: `{year_ko}`...)."""
    catalan = LABELS[Language.CA].model_dump(mode="json", exclude={"formats"})
    for language in Language:
        table = LABELS[language].model_dump(mode="json", exclude={"formats"})
        assert _names(table) == _names(catalan), language
        formats = LABELS[language].formats
        for template in (formats.date, formats.short_date):
            assert set(PLACEHOLDER.findall(template)) <= DATE_NAMES, language


def _names(value: object, path: str = "") -> dict[str, set[str]]:
    """The placeholders of every template, by its path in the labels."""
    if isinstance(value, str):
        return {path: set(PLACEHOLDER.findall(value))}
    if isinstance(value, dict):
        return {
            k: v for key, item in value.items() for k, v in _names(item, f"{path}.{key}").items()
        }
    return {}


@pytest.mark.parametrize("code", ["gl", "eu"])
def test_session_toml_accepts_galician_and_basque(code: str) -> None:
    data = tomllib.loads((SAMPLE / "session.toml").read_text("utf-8"))
    session = parse_session({**data, "language": code}, SAMPLE.name)
    assert session.language is Language(code)


def test_session_toml_refuses_another_language_in_one_line() -> None:
    data = tomllib.loads((SAMPLE / "session.toml").read_text("utf-8"))
    with pytest.raises(InputError) as caught:
        parse_session({**data, "language": "fr"}, SAMPLE.name)
    message = str(caught.value)
    assert "\n" not in message
    assert "language" in message
    assert "'gl'" in message
    assert "'eu'" in message


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 10, 29), "2026ko urriaren 29a, osteguna"),
        (dt.date(2025, 5, 11), "2025eko maiatzaren 11, igandea"),  # hamaika: no second `a`
        (dt.date(2021, 12, 31), "2021eko abenduaren 31, ostirala"),  # bat; hogeita hamaika
        (dt.date(2031, 1, 1), "2031ko urtarrilaren 1a, asteazkena"),  # hogeita hamaika
        (dt.date(2030, 3, 5), "2030eko martxoaren 5a, asteartea"),  # hogeita hamar
        (dt.date(2040, 2, 15), "2040ko otsailaren 15a, asteazkena"),  # berrogei
        (dt.date(2100, 6, 10), "2100eko ekainaren 10a, osteguna"),  # ehun
        (dt.date(2000, 7, 20), "2000ko uztailaren 20a, osteguna"),  # mila
    ],
)
def test_basque_dates(day: dt.date, expected: str) -> None:
    assert fmt.date(day, labels(Language.EU).formats) == expected


def test_galician_dates_and_numbers() -> None:
    formats = labels(Language.GL).formats
    assert fmt.date(dt.date(2026, 10, 29), formats) == "xoves, 29 de outubro de 2026"
    assert fmt.date(dt.date(2026, 10, 29), formats, weekday=False) == "29 de outubro de 2026"
    assert fmt.number(1234567.5, formats, 1) == "1.234.567,5"
    assert fmt.number(1234567.5, labels(Language.EU).formats, 1) == "1.234.567,5"
