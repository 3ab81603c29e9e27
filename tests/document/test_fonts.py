"""The fonts shipped for acta.pdf: 1000 units per em (pyHanko's stamps), the characters of the
minutes, and their licence beside them."""

import io
from importlib.resources import files
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from videoacta.labels import LABELS

FONTS = files("videoacta.fonts")
STYLES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf")
NEEDED = "àèéíïòóúüçÀÈÉÍÏÒÓÚÜÇ l·l L·L ŀ ñÑ ¿¡ «» “” \u2018\u2019 \u2013 — … • € № ⅓ \u00d7 ș ő ł"


@pytest.mark.parametrize("name", STYLES)
def test_units_per_em_is_1000(name: str) -> None:
    with FONTS.joinpath(name).open("rb") as handle:
        assert TTFont(handle)["head"].unitsPerEm == 1000


@pytest.mark.parametrize("name", STYLES)
def test_every_character_of_the_labels_and_of_catalan_and_spanish_is_covered(name: str) -> None:
    with FONTS.joinpath(name).open("rb") as handle:
        cmap = TTFont(handle).getBestCmap()
    text = NEEDED + "".join(_strings(label.model_dump()) for label in LABELS.values())
    missing = sorted({ch for ch in text if ch.isprintable() and ord(ch) not in cmap})
    assert missing == []


def test_the_licence_and_how_the_subsets_were_made_ship_with_the_fonts() -> None:
    assert "SIL OPEN FONT LICENSE" in FONTS.joinpath("OFL.txt").read_text(encoding="utf-8")
    assert "pyftsubset" in FONTS.joinpath("README").read_text(encoding="utf-8")


def _strings(value: Any) -> str:
    if isinstance(value, dict):
        return "".join(_strings(k) + _strings(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return "".join(_strings(v) for v in value)
    return value if isinstance(value, str) else ""


GREEK_AND_CYRILLIC = "ΑΒΓΔΩαβγδωάέήίόύώϊϋΐΰ ЁЖЩЪЫЬЭЮЯёжщъыьэюяЄІЇЎєіїўҐґЂЉЊЋЏђљњћџ"


@pytest.mark.parametrize("name", STYLES)
def test_greek_and_cyrillic_are_covered_and_the_subsets_stay_small(name: str) -> None:
    with FONTS.joinpath(name).open("rb") as handle:
        data = handle.read()
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert [ch for ch in GREEK_AND_CYRILLIC if ch != " " and ord(ch) not in cmap] == []
    assert 0x4E00 not in cmap  # CJK stays out: videoacta.core.text refuses it at input
    assert len(data) < 130_000
