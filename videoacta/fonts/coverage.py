"""The code points the acta's fonts draw, read from their character maps: the source of the
pure table `videoacta/core/glyphs.py`, which the text rules use without reading a font.

Regenerate the table after changing a font:

    python -m videoacta.fonts.coverage > videoacta/core/glyphs.py
"""

from importlib.resources import files

from fontTools.ttLib import TTFont

from videoacta.fonts import FONT_FILES

Ranges = tuple[tuple[int, int], ...]
REGENERATE = "python -m videoacta.fonts.coverage > videoacta/core/glyphs.py"


def drawn_code_points() -> set[int]:
    """The code points every style's character map holds."""
    fonts = files("videoacta.fonts")
    maps = []
    for name in FONT_FILES.values():
        with fonts.joinpath(name).open("rb") as handle:
            maps.append(set(TTFont(handle).getBestCmap()))
    return set.intersection(*maps)


def as_ranges(codes: set[int]) -> Ranges:
    """Sorted code points as inclusive (first, last) runs."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return tuple(ranges)


def glyphs_module(ranges: Ranges) -> str:
    """The text of `videoacta/core/glyphs.py` holding `ranges`."""
    rows = "".join(f"    (0x{low:04X}, 0x{high:04X}),\n" for low, high in ranges)
    return (
        '"""The code points every style of the acta\'s fonts draws, as inclusive ranges.\n\n'
        "Generated from the fonts in videoacta/fonts; do not edit. Regenerate with\n"
        f"`{REGENERATE}`;\n"
        "tests/document/test_glyphs.py checks that it matches the fonts.\n"
        '"""\n\n'
        f"DRAWN: tuple[tuple[int, int], ...] = (\n{rows})\n"
    )


if __name__ == "__main__":
    print(glyphs_module(as_ranges(drawn_code_points())), end="")
