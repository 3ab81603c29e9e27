"""The code points every style of the acta's fonts draws, as inclusive ranges.

Generated from the fonts in videoacta/fonts; do not edit. Regenerate with
`python -m videoacta.fonts.coverage > videoacta/core/glyphs.py`;
tests/document/test_glyphs.py checks that it matches the fonts.
"""

DRAWN: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),
    (0x00A0, 0x024F),
    (0x0370, 0x0377),
    (0x037A, 0x037F),
    (0x0384, 0x038A),
    (0x038C, 0x038C),
    (0x038E, 0x03A1),
    (0x03A3, 0x03E1),
    (0x03F0, 0x052F),
    (0x1E00, 0x1EFF),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x20AC, 0x20AC),
    (0x2116, 0x2116),
    (0x2153, 0x2153),
)
