"""Cells for the coordination workbook (openpyxl write-only): text that stays text, and styles.

Everything a user typed (names, positions, units, WFA places, OPD names) goes through `text()`.
openpyxl types a plain Python string as a string cell, except a string starting with "=" (a formula)
or one equal to an error code such as "#N/A" (an error value). Spreadsheet programs also start a
formula when someone edits a cell that begins with a sign (common/formulas.py: = + - @ |, their
full-width forms, after any leading whitespace). So such a string, or one starting with "#", is
written as an explicit string cell (data type "s") with Excel's quote prefix: it shows as typed and
stays text even when edited. Characters XML cannot hold are dropped.
"""

import re

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from common.formulas import starts_formula

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31

MODE_FILLS = {
    "WFO": PatternFill("solid", fgColor="D1E7DD"),  # the grid's colours (static/css/portal.css)
    "WFH": PatternFill("solid", fgColor="CFE2FF"),
    "WFA": PatternFill("solid", fgColor="FFF3CD"),
}
AWAY_FILL = PatternFill("solid", fgColor="ECECEC")  # a day away: leave, travel, training
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
FONT_SIZE = 9  # printed on A4: small enough for a whole OPD per few pages, large enough to read
BODY = Font(name="Calibri", size=FONT_SIZE)
BOLD = Font(name="Calibri", size=FONT_SIZE, bold=True)
TITLE = Font(name="Calibri", size=13, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center")
A4 = 9  # the paper size code of A4 in SpreadsheetML
# Date cells in Indonesian ([$-421] is the Indonesian locale for Excel and LibreOffice alike):
# "Senin, 24 Maret 2025" and "24 Maret 2025 07.05.09". The dots of the time are literal (a bare
# "." is the decimal separator, which the Indonesian locale prints as a comma).
DATE_FORMAT = "[$-421]dddd, d mmmm yyyy"
DATETIME_FORMAT = r"[$-421]d mmmm yyyy hh\.mm\.ss"


def use_body_font(wb) -> None:
    """Make the workbook's default font the 9 pt body font.

    Every plain cell (most of the workbook) then prints at 9 pt without a style of its own, which
    keeps the write-only stream fast; column widths are counted in that font's characters too.
    openpyxl keeps the default font as the first of the workbook's fonts.
    """
    wb._fonts = IndexedList([BODY])


LINE_POINTS = 12  # one line of 9 pt text, as LibreOffice and Excel space it


def wrapped_lines(value: str, width: float) -> int:
    """How many lines `value` takes wrapped in a column `width` characters wide.

    Word by word, as spreadsheets wrap, counting a character as one of the width's (a digit's
    width: wider than most letters, so a name never needs more lines than counted)."""
    room = max(1, int(width) - 1)
    lines, used = 1, 0
    for word in str(value).split():
        need = len(word) if not used else used + 1 + len(word)
        if used and need > room:
            lines += 1 + (len(word) - 1) // room
            used = len(word) % room or room
        else:
            lines += (need - 1) // room if not used else 0
            used = need if need <= room else need % room or room
    return lines


def clean(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))


def _risky(value: str) -> bool:
    return value.startswith("#") or starts_formula(value)


def text(ws, value):
    """`value` as something that can only become a text cell (a plain str when that is certain)."""
    value = clean(value)
    if not _risky(value):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # openpyxl typed "=..." as a formula above: undo that
    cell.quotePrefix = True
    return cell


def styled(ws, value, *, font=None, fill=None, number_format=None, alignment=None, border=None):
    """A cell with a style; a string value is forced to text like `text()` does."""
    cell = WriteOnlyCell(ws, value=clean(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
        if _risky(cell.value):
            cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def date_cell(ws, day, *, font=None):
    """A date cell ("Senin, 24 Maret 2025"): it sorts and filters by date, not by its text."""
    return styled(ws, day, font=font, number_format=DATE_FORMAT)


def header_row(ws, labels: list[str]) -> list:
    return [
        styled(ws, label, font=BOLD, fill=HEADER_FILL, alignment=WRAP) if label else None
        for label in labels
    ]


def start_table(ws, widths: list[float], *, header_row: int, freeze_column: int = 1) -> None:
    """Column widths (in characters) and frozen panes: everything above the first data row and
    the columns before `freeze_column` stay in view. A write-only sheet writes both out with its
    first row, so this comes before any append."""
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"{get_column_letter(freeze_column)}{header_row + 1}"


def finish_table(ws, *, header_row: int, columns: int, last_row: int) -> None:
    """An auto-filter over the header and the data rows (written at the end of the sheet)."""
    last = max(last_row, header_row)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{last}"


def print_setup(
    ws,
    *,
    landscape: bool,
    footer: str,
    title_rows: str,
    pages_wide: int = 1,
    title_cols=None,
    side_margin: float = 0.4,
) -> None:
    """Print on A4: `pages_wide` pages wide (as many tall as needed), the table's header rows
    (`title_rows`, e.g. "5:5") on every page, and a footer with `footer` (the window's name),
    "Halaman X dari Y" and the sheet's name.

    Page numbers run on from sheet to sheet (no first page number of the sheet's own): printed
    whole, a workbook's pages are "Halaman 1 dari N" to "Halaman N dari N" in LibreOffice and in
    Excel alike, N the whole document's pages; one sheet printed alone counts its own."""
    setup = ws.page_setup
    setup.paperSize = A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = pages_wide, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    # Inches: narrow sides, room at the bottom for the footer.
    ws.page_margins = PageMargins(
        left=side_margin, right=side_margin, top=0.45, bottom=0.6, header=0.2, footer=0.25
    )
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = title_rows
    if title_cols:  # a table printed several pages wide repeats its first columns on each
        ws.print_title_cols = title_cols
    escaped = clean(footer).replace("&", "&&")
    ws.oddFooter.left.text = escaped
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.oddFooter.right.text = "&A"
    for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right):
        part.size = FONT_SIZE  # scaled with the page: 9 pt prints no smaller than the body


def print_area(ws, *, columns: int, last_row: int) -> None:
    """Print exactly the sheet's content (set once the last row is known)."""
    ws.print_area = f"A1:{get_column_letter(columns)}{last_row}"


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the book.

    `taken` holds the lower-cased names used so far (Excel compares them without case).
    """
    base = SHEET_NAME_FORBIDDEN.sub(" ", clean(name)).strip().strip("'").strip() or "OPD"
    base = base[:SHEET_NAME_MAX].strip()
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(title.lower())
    return title
