"""The viewer page of the sample in every language (ca, es, en, gl, eu): what it shows holds no
label of another language (the labels of every language are inlined for the switcher, in a
script: those are not shown)."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.label_leaks import leaks, strings, without
from videoacta import pipeline
from videoacta.core.terms import Language
from videoacta.core.video_index import Index
from videoacta.publish.viewer.labels import LANGUAGES, catalogue
from videoacta.publish.viewer.page import render_viewer

HIDDEN = {"script", "style", "select"}  # the switcher names every language in its own
SHOWN_ATTRIBUTES = {"aria-label", "title", "alt"}


class Shown(HTMLParser):
    """The text a reader is shown: elements' text and the attributes read aloud."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in HIDDEN
        self.parts += [v or "" for k, v in attrs if k in SHOWN_ATTRIBUTES and not self.hidden]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in HIDDEN

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _shown(html: str) -> str:
    parser = Shown()
    parser.feed(html)
    return " | ".join(parser.parts)


def _labels(code: str) -> list[str]:
    return [text for key, text in catalogue()[code].items() if key != "language_name"]


@pytest.fixture(scope="module")
def pages(sample_index: Path) -> dict[str, str]:
    """The sample's page in each language, as the text shown, without the session's words."""
    run = pipeline.run_tally(SAMPLE)
    index = Index.model_validate_json((sample_index / "index.json").read_bytes())
    data = [*strings(run.model_dump(mode="json")), *strings(index.model_dump(mode="json"))]
    shown = {}
    for language in Language:
        session = run.session.model_copy(update={"language": language})
        html = render_viewer(run=run.model_copy(update={"session": session}), index=index)
        assert f'<html lang="{language.value}"' in html
        shown[language.value] = without(_shown(html), data)
    return shown


def test_every_language_has_every_viewer_label() -> None:
    assert set(LANGUAGES) == {language.value for language in Language} == set(catalogue())
    keys = catalogue()["ca"].keys()
    assert all(catalogue()[code].keys() == keys for code in LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_label_of_another_language_in_the_viewer(pages: dict[str, str], code: str) -> None:
    others = [text for other in LANGUAGES if other != code for text in _labels(other)]
    assert leaks(pages[code], _labels(code), others) == []


def test_the_check_finds_a_label_of_another_language(pages: dict[str, str]) -> None:
    """The Spanish page read as if it were Basque: the check names Spanish labels."""
    found = leaks(pages["es"], _labels("eu"), _labels("es"))
    assert {"Orden del día", "Firmas"} <= set(found)


@pytest.mark.parametrize(
    ("code", "facts"),
    [
        ("gl", ("Orde do día", "Votación nominal", "Maioría absoluta", "Sinaturas")),
        (
            "eu",
            (
                "Gai-zerrenda",
                "Izendapen bidezko bozketa",
                "Legezko kide kopuruaren gehiengo osoa",
                "Sinadurak",
            ),
        ),
    ],
)
def test_galician_and_basque_pages(pages: dict[str, str], code: str, facts: tuple[str]) -> None:
    for fact in facts:
        assert fact in pages[code], fact
