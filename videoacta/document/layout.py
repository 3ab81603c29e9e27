"""The acta's blocks, recorded in order for the typesetter (acta.typ): headings, facts, tables.

The section code (front, items, votes, back) says what comes next; this records it as a plain
document model, which videoacta.document.typeset hands to Typst as data. Typst breaks the pages:
a heading is kept with what follows it, a row is never split across pages, and a table's header
row is repeated at the top of each page it runs onto.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from fontTools.ttLib import TTFont

from videoacta.fonts import FONT_FILES

PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
LEFT = RIGHT = 22.0
WIDTH = PAGE_WIDTH - LEFT - RIGHT

BODY, TABLE = 9.5, 8.5  # font sizes, points
SHORT = 12  # rows: a table this short is never split across pages
PAD = 1.4  # horizontal padding of a table cell, mm
POINTS_PER_MM = 72 / 25.4

RGB = tuple[int, int, int]
TEXT = (25, 25, 25)
MUTED = (96, 96, 96)
ACCENT = (24, 56, 96)
TOTAL_FILL = (243, 245, 248)
COLORS = {TEXT: "text", MUTED: "muted", ACCENT: "accent"}  # the template's names
Block = dict[str, Any]


@dataclass(frozen=True)
class Cell:
    """One table cell: text, and optionally a link (a URI, or the number of the agenda item it
    leads to), a style ("B", "I"), a colour, and `page_of`: drawn as the page of that item."""

    text: str
    link: str | int | None = None
    style: str = ""
    color: RGB | None = None
    page_of: int | None = None


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # a share of the table's width
    align: str = "L"


@dataclass(frozen=True)
class Table:
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell | str]]
    header: bool = True
    width: float = WIDTH
    rules: bool = True
    fills: Sequence[RGB | None] = field(default_factory=tuple)  # per row, optional


@dataclass(frozen=True)
class SignatureSlot:
    """A place for a signature: its field's name, caption, the signer's name and office."""

    field: str
    caption: str
    name: str
    role: str

    @property
    def label(self) -> str:
        """The field's tooltip and alternative text: who signs it, with their office."""
        return f"{self.caption}: {self.name}, {self.role}"


@cache
def _advances(style: str) -> tuple[dict[int, int], int]:
    """A style's advance width by code point, and its units per em."""
    with files("videoacta.fonts").joinpath(FONT_FILES[style]).open("rb") as handle:
        font = TTFont(handle)
        metrics = font["hmtx"].metrics
        widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
        return widths, int(font["head"].unitsPerEm)


def text_width(text: str, style: str = "", size: float = TABLE) -> float:
    """The width in mm of `text` on one line, in the acta's font of `style` at `size` points."""
    widths, units = _advances(style)
    fallback = widths.get(ord("M"), units)
    advance = sum(widths.get(ord(c), fallback) for c in text)
    return advance / units * size / POINTS_PER_MM


class Layout:
    """Records the acta's blocks one after the other, for acta.typ to lay out."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._label: str | None = None

    def fit(self, text: str, style: str = "B") -> float:
        """The width in mm of a table column that holds `text` on one line."""
        return text_width(text, style) + 2 * PAD + 0.5

    def keep(self, height: float) -> None:
        """Kept for the section code: Typst keeps headings with what follows them."""

    def space(self, height: float) -> None:
        """Kept for the section code: the template spaces blocks."""

    def page_break(self) -> None:
        """What follows starts a page."""
        self.blocks.append({"t": "break"})

    def title(self, body: str, title: str, date: str) -> None:
        """The top of the first page: the body, the document's title (its first heading), date."""
        self.blocks.append({"t": "title", "body": body, "title": title, "date": date})

    def anchor(self, item: int) -> int:
        """Make the next heading the target of links to agenda item `item`; its link value."""
        self._label = f"item-{item}"
        return item

    def heading(self, text: str, level: int, *, keep: float = 30.0) -> None:
        """A section (1), item (2), block (3) or sub-block (4) heading, kept with what follows."""
        block: Block = {"t": "h", "look": level, "text": text}
        if self._label is not None:
            block["label"], self._label = self._label, None
        self.blocks.append(block)

    def banner(self, text: str) -> None:
        """A line on a tinted band: the result of a vote."""
        self.blocks.append({"t": "banner", "text": text})

    def paragraph(
        self,
        text: str,
        *,
        style: str = "",
        size: float = BODY,
        color: RGB = TEXT,
        after: float = 1.5,
    ) -> None:
        block = {"t": "p", "text": text, "style": style, "small": size < BODY}
        block |= {"sticky": self._leads()}  # a heading's note, kept with what follows
        self.blocks.append({**block, "color": COLORS.get(color, "text")})

    def facts(
        self,
        pairs: Sequence[tuple[str, str | Cell]],
        *,
        label_width: float = 0.24,
        title: str | None = None,
        after: float = 0.0,
    ) -> None:
        """Label and value rows, the labels muted, kept on one page with their title (level 3),
        and with what follows if `after` (the counts of a vote after its facts)."""
        if title is not None:
            self.heading(title, 3)
        rows = [[label, _cell(value)] for label, value in pairs]
        leads = title is None and self._leads()  # an item's times, after its heading
        block = {"t": "facts", "label_width": label_width, "sticky": after > 0 or leads}
        self.blocks.append({**block, "rows": rows})

    def table(self, table: Table) -> None:
        """A table; with a header row (table header cells), repeated on each page it runs onto.

        A shaded table (a vote's counts) is kept whole and with what follows; a short one (a
        vote's groups) is kept whole."""
        columns = [{"title": c.title, "width": c.width, "align": c.align} for c in table.columns]
        rows = [[_cell(c) for c in row] for row in table.rows]
        shaded = any(table.fills)
        block = {"t": "table", "header": table.header, "width": table.width / WIDTH}
        block |= {"rules": table.rules, "shaded": shaded, "sticky": shaded}
        block |= {"breakable": not shaded and len(rows) > SHORT}
        self.blocks.append({**block, "columns": columns, "rows": rows})

    def settled(self) -> list[Block]:
        """The blocks, each heading given its level in the structure tree: as it looks, but at
        most one below the heading before it (PDF/UA-1 skips none: a block directly under a
        section is an H2). The document's title is the first H1."""
        level = 0
        for block in self.blocks:
            if block["t"] == "title":
                level = 1
            elif block["t"] == "h":
                level = block["level"] = min(block["look"], level + 1)
        return self.blocks

    def _leads(self) -> bool:
        """Whether the last block is a heading or kept with it: what comes next is kept with
        what follows it too (an item's heading, kind and times, with its first block)."""
        last = self.blocks[-1] if self.blocks else {}
        return last.get("t") == "h" or (last.get("t") == "p" and last["sticky"])

    def signatures(self, slots: Sequence[SignatureSlot]) -> None:
        """Two boxes side by side where the signatures will be drawn, captioned."""
        boxes = [
            {"field": s.field, "caption": s.caption, "name": s.name, "role": s.role} for s in slots
        ]
        self.blocks.append({"t": "signatures", "boxes": boxes})


def _cell(value: Cell | str) -> str | Block:
    """A cell as the template reads it: plain text, or text with its link, style and colour."""
    if isinstance(value, str):
        return value
    out: Block = {"text": value.text}
    if isinstance(value.link, str):
        out["url"] = value.link
    elif isinstance(value.link, int):
        out["item"] = value.link
    if value.page_of is not None:
        out["page_of"] = value.page_of
    if value.style:
        out["style"] = value.style
    if value.color is not None:
        out["color"] = COLORS.get(value.color, "text")
    return out
