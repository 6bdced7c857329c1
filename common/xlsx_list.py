"""A list for a person to read, as one .xlsx sheet: the downloads of BKPSDM's lists.

The read access log, the citizens' feedback, the daily reports under review and the evaluations
are downloaded for someone to read, sort and filter. In the workbook a NIP is text (a number
would show as 1.96701012001122E+17 and lose digits), a date or a time is a date cell in the
Indonesian format (so sorting by it orders by time, not by the day's name), a count is a number,
and what a user typed stays text (common/xlsx.py). The header row is frozen and has filters; the
sheet prints on A4 landscape, one page wide, with the header on every page.

Rows stream to a write-only sheet: memory stays flat for a list of any length.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from common import region
from common.xlsx import (
    BOLD,
    DATE_FORMAT,
    DATETIME_FORMAT,
    HEADER_FILL,
    WRAP,
    clean,
    finish_table,
    print_area,
    print_setup,
    start_table,
    styled,
    text,
    use_body_font,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 1


@dataclass(frozen=True)
class Column:
    """One column: its header, its width in characters, and what its cells hold.

    kind: "text" (anything typed, a NIP), "date", "datetime" (an aware datetime is shown in the
    city's time zone) or "number".
    """

    label: str
    width: float
    kind: str = "text"


def write_list(
    out,
    *,
    sheet: str,
    title: str,
    columns: list[Column],
    rows: Iterable[list],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write `rows` (lists of values, in `columns`' order) as one sheet to `out` (a path or a
    binary file); return the number of data rows. `progress(rows written)` every 1,000 rows."""
    wb = Workbook(write_only=True)
    use_body_font(wb)
    wb.properties.creator = f"Portal WFA {region.city_name()}"
    wb.properties.title = clean(title)
    ws = wb.create_sheet(sheet[:31])
    start_table(ws, [c.width for c in columns], header_row=HEADER_ROW)
    print_setup(ws, landscape=True, footer=title, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.append([styled(ws, c.label, font=BOLD, fill=HEADER_FILL, alignment=WRAP) for c in columns])
    # One cell per date column, re-used: a write-only sheet writes a cell out when it is
    # appended, so the style is registered once instead of once a row.
    zone = timezone.get_current_timezone()
    stamped = {
        i: _date_cell(ws, c.kind) for i, c in enumerate(columns) if c.kind in ("date", "datetime")
    }
    written = 0
    for row in rows:
        ws.append(
            [_cell(ws, value, columns[i].kind, stamped.get(i), zone) for i, value in enumerate(row)]
        )
        written += 1
        if progress is not None and written % 1000 == 0:
            progress(written)
    last = HEADER_ROW + written
    finish_table(ws, header_row=HEADER_ROW, columns=len(columns), last_row=last)
    print_area(ws, columns=len(columns), last_row=last)
    wb.save(out)
    return written


def _date_cell(ws, kind: str):
    cell = WriteOnlyCell(ws)
    cell.number_format = DATETIME_FORMAT if kind == "datetime" else DATE_FORMAT
    return cell


def _cell(ws, value, kind: str, stamp, zone):
    if value is None or value == "":
        return None
    if stamp is not None:
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(zone).replace(tzinfo=None)
            stamp.value = value.replace(microsecond=0)  # the log's times to the second
            return stamp
        if isinstance(value, date):
            stamp.value = value
            return stamp
    if kind == "number" and isinstance(value, int | float):
        return value
    return text(ws, value)
