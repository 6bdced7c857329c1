"""Building blocks of the portal's PDF documents (fpdf2): an A4 page with a footer, headings,
tables whose cells wrap instead of cutting, and a signature block.

- The font is DejaVu Sans Condensed (common/fonts/, version 2.37 with its licence), embedded as a
  subset: any name prints as typed ("Siti Nur’aini, S.Kep. éı"), and nothing is read from the
  system at run time.
- Every document is PDF/A-2b (fpdf2's `enforce_compliance`): XMP metadata with the title, the
  pemda as author and the subject, an sRGB output intent, every font embedded. fpdf2 then writes
  the metadata in XMP only (no Info dictionary, which PDF/A-2 does not need).
- A table never cuts a cell: a text too wide for its column goes on the next line of the cell (a
  word longer than the column is broken between letters), and the row grows to hold it. Columns
  that must stay on one line (a NIP, a mode) are given the width of their text by the caller,
  measured with `text_width`.
"""

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from common import region
from common.dates import tanggal

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSansCondensed"
BODY_SIZE = 8  # pt, table cells
HEADER_SIZE = 7.5  # pt, table headers
LEADING = 1.22  # line height / font size
PAD_X = 1.0  # mm left and right inside a cell
PAD_Y = 0.55  # mm above and below a cell's lines
GREY = (217, 217, 217)
PT = 25.4 / 72  # mm per point


def clean(value) -> str:
    """`value` as text to print: composed (NFC, so "e" + accent is the one glyph "é"), tabs and
    line breaks as spaces."""
    text = "" if value is None else str(value)
    return unicodedata.normalize("NFC", " ".join(text.split()))


@dataclass(frozen=True)
class Column:
    """A table column: its header, its width in mm, and how its cells align (L, C or R)."""

    label: str
    width: float
    align: str = "L"


def fit_columns(epw: float, specs) -> list[Column]:
    """Columns across the page width `epw`, from (label, least, want, align) in order, in mm:
    a column that wants 0 keeps its least width (a NIP, a mode). The others get what they want
    (`Document.want`: most of their values on one line) when it all fits, the spare room shared
    in proportion;
    otherwise each gets its least width and the room left in proportion to what it lacks, so
    the columns that would wrap most get the most (the caller makes the least widths fit)."""
    rest = epw - sum(least for _, least, want, _ in specs if not want)
    flexible = [(i, least, max(least, want)) for i, (_, least, want, _) in enumerate(specs) if want]
    widths = [least for _, least, _, _ in specs]
    wanted = sum(want for _, _, want in flexible)
    lacking = sum(want - least for _, least, want in flexible)
    spare = rest - sum(least for _, least, _ in flexible)
    for i, least, want in flexible:
        if wanted <= rest:
            widths[i] = want * rest / wanted
        elif lacking > 0:
            widths[i] = least + spare * (want - least) / lacking
    return [Column(spec[0], width, spec[3]) for spec, width in zip(specs, widths, strict=True)]


class Document(FPDF):
    """A4 with the document's footer and "Halaman X dari Y" at the foot of every page."""

    def __init__(self, *, landscape: bool, footer: str, title: str, subject: str):
        super().__init__(
            orientation="L" if landscape else "P",
            unit="mm",
            format="A4",
            enforce_compliance="PDF/A-2B",
        )
        self.add_font(FONT, "", FONTS / "DejaVuSansCondensed.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSansCondensed-Bold.ttf")
        self.footer_text = clean(footer)
        self.set_title(clean(title))
        self.set_author(f"Pemerintah {region.city_name()}")
        self.set_subject(clean(subject))
        self.set_creator(f"Portal WFA {region.city_name()}")
        self.set_lang("id-ID")
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(True, margin=14)
        self.alias_nb_pages("{nb}")
        self.set_line_width(0.2)
        self.repeat_header = None  # (columns, header height): drawn again on each new page
        self._widths = {}
        self.add_page()

    def footer(self):
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.cell(self.epw / 2, 4, self.footer_text)
        self.cell(self.epw / 2, 4, f"Halaman {self.page_no()} dari {{nb}}", align="R")

    def header(self):
        if self.repeat_header is not None:
            self._header_row(*self.repeat_header)

    # --- text -------------------------------------------------------------------------------

    def _width(self, text: str) -> float:
        """The width of `text` in the current font, remembered: a table repeats its modes,
        positions and units thousands of times, and fpdf2 measures a string in about 0.1 ms."""
        key = (self.font_family, self.font_style, self.font_size_pt, text)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(text)
        return width

    def text_width(self, text: str, size: float = BODY_SIZE, style: str = "") -> float:
        """The width (mm) of `text` on one line, with a cell's padding."""
        self.set_font(FONT, style, size)
        return self._width(clean(text)) + 2 * PAD_X + 0.2

    def want(self, values, size: float = BODY_SIZE, style: str = "") -> float:
        """The width (mm), padding included, in which 19 of 20 `values` fit on one line: a
        column sized to its single longest value would take room that every other row needs,
        while that one value can wrap."""
        self.set_font(FONT, style, size)
        widths = sorted(self._width(clean(v)) for v in values)
        if not widths:
            return 0
        return widths[int(0.95 * (len(widths) - 1))] + 2 * PAD_X + 0.2

    def heading(self, text: str, size: int = 13, keep: float = 25):
        """A bold heading, on the next page unless `keep` mm fit below it (a table's header
        and first rows): never alone at the foot of a page."""
        self.set_font(FONT, "B", size)
        lines = len(self.wrap(text, self.epw))
        if self.will_page_break(lines * size * 0.5 + 1 + keep):
            self.add_page()
        self.multi_cell(0, size * 0.5, clean(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def line_of_text(self, text: str, size: int = 9, style: str = ""):
        self.set_font(FONT, style, size)
        self.multi_cell(0, size * 0.47, clean(text), new_x="LMARGIN", new_y="NEXT")

    def wrap(self, text: str, width: float) -> list[str]:
        """`text` in lines no wider than `width` mm in the current font: at spaces, and a word
        wider than a line between its letters. Explicit line breaks are kept."""
        lines = []
        for paragraph in str(text).split("\n"):
            paragraph = clean(paragraph)
            if self._width(paragraph) <= width:
                lines.append(paragraph)
                continue
            line = ""
            for word in paragraph.split(" "):
                candidate = f"{line} {word}" if line else word
                if self._width(candidate) <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = word
                while self._width(line) > width and len(line) > 1:
                    cut = len(line) - 1
                    while cut > 1 and self._width(line[:cut]) > width:
                        cut -= 1
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line)
        return lines

    # --- tables -----------------------------------------------------------------------------

    def table(self, columns: list[Column], rows, *, fills=None, keep_with_end: float = 0):
        """Rows under a grey header that repeats on every page; no cell is ever cut. `fills(row)`
        gives each cell's background colour (or None). `keep_with_end` (mm) is room kept for
        what follows the table on the page of its last rows (the signature block)."""
        header = self._header_height(columns)
        if self.will_page_break(header + self._line(BODY_SIZE) * 3):
            self.add_page()
        self._header_row(columns, header)
        self.repeat_header = (columns, header)
        self.set_font(FONT, size=BODY_SIZE)
        pending = []  # the last rows are held back to keep them with what follows
        for row in rows:
            pending.append(self._layout(columns, row, fills))
            if len(pending) > 3:
                self._row(columns, *pending.pop(0))
        held = sum(height for _, height, _ in pending)
        if keep_with_end and self.will_page_break(held + keep_with_end):
            self.add_page()
        for laid in pending:
            self._row(columns, *laid)
        self.repeat_header = None
        self.ln(2)

    @staticmethod
    def _line(size: float) -> float:
        return size * PT * LEADING

    def _layout(self, columns, row, fills):
        """Each cell's lines, the row's height and its colours."""
        cells = []
        for column, value in zip(columns, row, strict=True):
            cells.append(self.wrap("" if value is None else str(value), column.width - 2 * PAD_X))
        lines = max(len(c) for c in cells)
        height = lines * self._line(BODY_SIZE) + 2 * PAD_Y
        return cells, height, fills(row) if fills else None

    def _row(self, columns, cells, height, colours):
        if self.y + height > self.page_break_trigger:
            self.add_page()
            self.set_font(FONT, size=BODY_SIZE)
        self._cells(columns, cells, height, colours, BODY_SIZE)
        self.set_xy(self.l_margin, self.y + height)

    def _cells(self, columns, cells, height, colours, size):
        line = self._line(size)
        ascent = size * PT * 0.78  # baseline below the top of a line
        x, y = self.l_margin, self.y
        for index, (column, lines) in enumerate(zip(columns, cells, strict=True)):
            colour = colours[index] if colours else None
            if colour:
                self.set_fill_color(*colour)
            self.rect(x, y, column.width, height, style="DF" if colour else "D")
            top = y + PAD_Y + (line - size * PT) / 2 + ascent
            for n, text in enumerate(lines):
                if not text:
                    continue
                if column.align == "L":
                    left = x + PAD_X
                else:
                    spare = column.width - self._width(text)
                    left = x + (spare / 2 if column.align == "C" else spare - PAD_X)
                self.text(left, top + n * line, text)
            x += column.width

    def _header_height(self, columns) -> float:
        self.set_font(FONT, "B", HEADER_SIZE)
        lines = max(len(self.wrap(c.label, c.width - 2 * PAD_X)) for c in columns)
        return lines * self._line(HEADER_SIZE) + 2 * PAD_Y

    def _header_row(self, columns, height):
        self.set_font(FONT, "B", HEADER_SIZE)
        cells = [self.wrap(c.label, c.width - 2 * PAD_X) for c in columns]
        centred = [Column(c.label, c.width, "C") for c in columns]
        self._cells(centred, cells, height, [GREY] * len(columns), HEADER_SIZE)
        self.set_xy(self.l_margin, self.y + height)
        self.set_font(FONT, size=BODY_SIZE)

    # --- signature --------------------------------------------------------------------------

    SIGNATURE_HEIGHT = 40  # mm: place and date, "Mengetahui,", position, room to sign, name, NIP

    def signature(self, *, today, position: str, name: str, nip: str):
        """'Mengetahui, <position>' with room to sign, then the official's name and NIP; without
        a known official, a line to write the name on and one for the NIP. Kept whole on one
        page."""
        if self.will_page_break(self.SIGNATURE_HEIGHT):
            self.add_page()
        width = self.epw * 0.4
        x = self.l_margin + self.epw - width
        self.ln(3)
        for text in (f"{region.place_name()}, {tanggal(today)}", "Mengetahui,"):
            self._signature_line(x, width, text)
        self.set_font(FONT, "", 9)
        for text in self.wrap(position, width - 2):
            self._signature_line(x, width, text)
        self.ln(14)  # room to sign
        if name:
            self.set_font(FONT, "B", 9)
            for text in self.wrap(name, width - 2):
                self._signature_line(x, width, text, "B")
            self._signature_line(x, width, f"NIP {nip}" if nip else "")
            return
        # Nobody is known: a line for the name, and "NIP" with a line after it.
        self.set_draw_color(0)
        self.line(x, self.y + 4, x + width * 0.85, self.y + 4)
        self.ln(6.5)
        self._signature_line(x, width, "NIP")
        self.line(x + 8, self.y - 0.6, x + width * 0.85, self.y - 0.6)

    def _signature_line(self, x, width, text, style=""):
        self.set_x(x)
        self.set_font(FONT, style, 9)
        self.cell(width, 4.6, clean(text), new_x="LMARGIN", new_y="NEXT")
