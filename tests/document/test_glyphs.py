"""The pure table of drawn code points (core/glyphs.py) is the fonts' own character map."""

import unicodedata
from pathlib import Path

from videoacta.core import glyphs, text
from videoacta.fonts.coverage import (
    REGENERATE,
    as_ranges,
    drawn_code_points,
    glyphs_module,
)

TABLE = Path(glyphs.__file__)


def test_the_committed_table_is_the_one_the_fonts_make() -> None:
    made = glyphs_module(as_ranges(drawn_code_points()))
    assert TABLE.read_text(encoding="utf-8") == made, (
        f"videoacta/core/glyphs.py no longer matches the fonts: regenerate it with `{REGENERATE}`"
    )


def test_the_printable_set_is_the_fonts_character_map_less_the_refused_categories() -> None:
    drawn = drawn_code_points()
    printable = text.printable()
    assert printable <= drawn
    dropped = drawn - printable
    assert all(unicodedata.category(chr(c)) in text.REFUSED_CATEGORIES for c in dropped)


def test_runs_are_inclusive_and_joined() -> None:
    assert as_ranges({0x41, 0x42, 0x43, 0x45, 0x100}) == (
        (0x41, 0x43),
        (0x45, 0x45),
        (0x100, 0x100),
    )
    assert as_ranges(set()) == ()
