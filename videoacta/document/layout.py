"""The acta's page and type: fpdf2 with a running header and footer, headings, facts, tables.

Tables are drawn here rather than with fpdf2's `table()`: a body of 577 members over 200 nominal
votes is 115,000 rows, and plain cells are some five times faster. A row is never split across
pages, and the header row is repeated at the top of each page a table runs onto.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import cast

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.util import Padding

from videoacta.fonts import FONT_FILES

FAMILY = "NotoSans"

PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
LEFT = RIGHT = 22.0
TOP, BOTTOM = 24.0, 20.0
WIDTH = PAGE_WIDTH - LEFT - RIGHT

BODY, SMALL, TABLE = 9.5, 8.0, 8.5  # font sizes, points
LINE = 4.7  # mm per line of body text
TABLE_LINE = 4.1
PAD = 1.4  # horizontal padding of a table cell, mm
VPAD = 0.9

TEXT = (25, 25, 25)
MUTED = (96, 96, 96)
ACCENT = (24, 56, 96)
RULE = (185, 185, 185)
HEAD_FILL = (229, 234, 241)
TOTAL_FILL = (243, 245, 248)
HEADINGS = {  # level: size (pt), space before (mm), colour
    1: (13.0, 5.0, ACCENT),
    2: (11.0, 4.0, ACCENT),
    3: (9.5, 2.5, TEXT),
    4: (8.5, 1.5, MUTED),
}

RGB = tuple[int, int, int]
PAGES_ALIAS = "{pages}"  # the page count, once known; as wide as a count of 7 digits


def font_path(style: str = "") -> str:
    """The packaged TTF of a style: "" regular, "B" bold, "I" italic."""
    return str(files("videoacta.fonts").joinpath(FONT_FILES[style]))


@dataclass(frozen=True)
class Cell:
    """One table cell: text, and optionally a link (a URI or an fpdf2 link id) and a style."""

    text: str
    link: str | int | None = None
    style: str = ""
    color: RGB | None = None


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


class ActaPDF(FPDF):
    """An A4 PDF/A-3B page with the acta's fonts, running header (from page 2) and footer."""

    def __init__(self, running: tuple[str, str]) -> None:
        super().__init__(orientation="P", unit="mm", format="A4", enforce_compliance="PDF/A-3B")
        for style in FONT_FILES:
            self.add_font(FAMILY, style, font_path(style))
        self.running = running
        self.set_margins(LEFT, TOP, RIGHT)
        self.set_auto_page_break(True, BOTTOM)
        self.set_font(FAMILY, size=BODY)
        self.set_text_color(*TEXT)
        self.alias_nb_pages(PAGES_ALIAS)

    def header(self) -> None:
        if self.page == 1:
            return
        self._small(MUTED)
        self.set_xy(LEFT, 11)
        left, right = self.running
        self.cell(WIDTH / 2, 4, left)
        self.cell(WIDTH / 2, 4, right, align="R")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(LEFT, 16, PAGE_WIDTH - RIGHT, 16)
        self._restore()
        self.set_xy(LEFT, TOP)

    def footer(self) -> None:
        self._small(MUTED)
        self.set_xy(LEFT, PAGE_HEIGHT - 13)
        self.cell(WIDTH, 4, f"{self.page_no()} / {PAGES_ALIAS}", align="C")
        self._restore()

    def _small(self, color: RGB) -> None:
        self.set_font(FAMILY, "", SMALL)
        self.set_text_color(*color)

    def _restore(self) -> None:
        self.set_font(FAMILY, "", BODY)
        self.set_text_color(*TEXT)


class Layout:
    """Writes blocks of the acta one under the other, breaking pages where a block won't fit."""

    def __init__(self, pdf: ActaPDF) -> None:
        self.pdf = pdf

    @property
    def room(self) -> float:
        """Millimetres left on the page."""
        return self.pdf.page_break_trigger - self.pdf.y

    def fit(self, text: str, style: str = "B") -> float:
        """The width in mm of a table column that holds `text` on one line."""
        self.pdf.set_font(FAMILY, style, TABLE)
        return self.pdf.get_string_width(text) + 2 * PAD + 0.5

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm fit on this one."""
        if self.room < height:
            self.pdf.add_page()

    def space(self, height: float) -> None:
        if self.room > height:
            self.pdf.set_y(self.pdf.y + height)

    def heading(self, text: str, level: int, *, keep: float = 30.0) -> None:
        """A section (1), item (2), block (3) or sub-block (4) heading, kept with what follows."""
        size, before, color = HEADINGS[level]
        if self.pdf.y > TOP + 1:
            self.space(before)
        self.keep(keep + self._heading_height(text, level))
        self.pdf.set_font(FAMILY, "B", size)
        self.pdf.set_text_color(*color)
        self.pdf.multi_cell(
            WIDTH, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        if level == 1:
            self.pdf.set_draw_color(*ACCENT)
            self.pdf.set_line_width(0.35)
            self.pdf.line(LEFT, self.pdf.y + 0.8, PAGE_WIDTH - RIGHT, self.pdf.y + 0.8)
            self.pdf.set_y(self.pdf.y + 2.6)
        else:
            self.pdf.set_y(self.pdf.y + (1.0 if level < 4 else 0.6))
        self._body()

    def _heading_height(self, text: str, level: int) -> float:
        size = HEADINGS[level][0]
        self.pdf.set_font(FAMILY, "B", size)
        lines = self.pdf.multi_cell(
            WIDTH, size * 0.48, text, dry_run=True, output=MethodReturnValue.LINES
        )
        return len(cast(list[str], lines)) * size * 0.48 + (3.4 if level == 1 else 1.0)

    def banner(self, text: str) -> None:
        """A line on a tinted band: the result of a vote."""
        self.keep(8)
        self.pdf.set_fill_color(*TOTAL_FILL)
        self.pdf.set_font(FAMILY, "B", 10)
        self.pdf.set_text_color(*TEXT)
        self.pdf.set_y(self.pdf.y + 0.5)
        padding = Padding(top=0.4, right=PAD, bottom=0.4, left=PAD)
        self.pdf.multi_cell(
            WIDTH, 6.2, text, align="L", fill=True, padding=padding, new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )  # fmt: skip
        self.pdf.set_y(self.pdf.y + 3.0)
        self._body()

    def paragraph(
        self,
        text: str,
        *,
        style: str = "",
        size: float = BODY,
        color: RGB = TEXT,
        after: float = 1.5,
    ) -> None:
        self.pdf.set_font(FAMILY, style, size)
        self.pdf.set_text_color(*color)
        self.pdf.multi_cell(WIDTH, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.set_y(self.pdf.y + after)
        self._body()

    def facts(
        self,
        pairs: Sequence[tuple[str, str | Cell]],
        *,
        label_width: float = 0.24,
        title: str | None = None,
        after: float = 0.0,
    ) -> None:
        """Label and value rows, the labels muted, kept on one page with their title (level 3)
        and `after` mm of what follows: the heading block, a vote, a file."""
        columns = (Column("", label_width), Column("", 1 - label_width))
        rows = [(Cell(label, color=MUTED), value) for label, value in pairs]
        table = Table(columns, rows, header=False, rules=False)
        height = self.table_height(table) + after
        if title is not None:
            self.heading(title, 3, keep=height)
        else:
            self.keep(height)
        self.table(table)

    def table_height(self, table: Table) -> float:
        """The height the rows of `table` take (without a header)."""
        widths = [c.width * table.width for c in table.columns]
        height = 0.0
        for row in table.rows:
            cells = [c if isinstance(c, Cell) else Cell(c) for c in row]
            lines = [self._lines(c, w) for c, w in zip(cells, widths, strict=True)]
            height += max(len(ls) for ls in lines) * TABLE_LINE + 2 * VPAD
        return height

    def table(self, table: Table) -> None:
        widths = [c.width * table.width for c in table.columns]
        self.pdf.set_font(FAMILY, "", TABLE)
        if table.header:
            self.keep(3 * (TABLE_LINE + 2 * VPAD))
            self._header_row(table, widths)
        for number, row in enumerate(table.rows):
            cells = [c if isinstance(c, Cell) else Cell(c) for c in row]
            lines = [self._lines(c, w) for c, w in zip(cells, widths, strict=True)]
            height = max(len(ls) for ls in lines) * TABLE_LINE + 2 * VPAD
            if self.room < height:
                self.pdf.add_page()
                if table.header:
                    self._header_row(table, widths)
            fill = table.fills[number] if number < len(table.fills) else None
            self._row(table, widths, cells, lines, height, fill)
        self.pdf.set_y(self.pdf.y + 2.0)
        self._body()

    def _header_row(self, table: Table, widths: Sequence[float]) -> None:
        cells = [Cell(c.title, style="B") for c in table.columns]
        lines = [self._lines(c, w) for c, w in zip(cells, widths, strict=True)]
        height = max(len(ls) for ls in lines) * TABLE_LINE + 2 * VPAD
        self._row(table, widths, cells, lines, height, HEAD_FILL)

    def _lines(self, cell: Cell, width: float) -> list[str]:
        self.pdf.set_font(FAMILY, cell.style, TABLE)
        inner = width - 2 * PAD
        if "\n" not in cell.text and self.pdf.get_string_width(cell.text) <= inner:
            return [cell.text]
        lines = self.pdf.multi_cell(
            inner, TABLE_LINE, cell.text, dry_run=True, output=MethodReturnValue.LINES, padding=0
        )
        return cast(list[str], lines)

    def _row(
        self,
        table: Table,
        widths: Sequence[float],
        cells: Sequence[Cell],
        lines: Sequence[list[str]],
        height: float,
        fill: RGB | None,
    ) -> None:
        x, y = LEFT, self.pdf.y
        if fill is not None:
            self.pdf.set_fill_color(*fill)
            self.pdf.rect(x, y, table.width, height, style="F")
        for cell, column, width, text in zip(cells, table.columns, widths, lines, strict=True):
            self.pdf.set_font(FAMILY, cell.style, TABLE)
            self.pdf.set_text_color(*(cell.color or TEXT))
            for n, line in enumerate(text):
                self.pdf.set_xy(x + PAD, y + VPAD + n * TABLE_LINE)
                self.pdf.cell(width - 2 * PAD, TABLE_LINE, line, align=column.align, link=cell.link)
            x += width
        self.pdf.set_y(y + height)
        if table.rules:
            self.pdf.set_draw_color(*RULE)
            self.pdf.set_line_width(0.15)
            self.pdf.line(LEFT, y + height, LEFT + table.width, y + height)

    def _body(self) -> None:
        self.pdf.set_font(FAMILY, "", BODY)
        self.pdf.set_text_color(*TEXT)
