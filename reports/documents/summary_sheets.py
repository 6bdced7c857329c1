"""The city-level sheets of the coordination workbook, before the per-OPD sheets.

- "Ringkasan": one row per OPD, one group of columns per day (WFO, WFH, WFA, coverage): the whole
  city on one or two landscape A4 pages, for the meeting.
- "Rincian per hari": the same figures as a long list, one row per OPD and day (to filter).
- "Layanan Esensial": every essential unit per day, required against planned on site.
- "Kehadiran": check-ins and daily reports per OPD and day, for the days that have any.
"""

from django.db.models import Q
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter

from attendance import summary
from attendance.models import CheckIn, DailyReport
from common.dates import tanggal
from common.xlsx import (
    BOLD,
    CENTER,
    HEADER_FILL,
    LINE_POINTS,
    TITLE,
    date_cell,
    finish_table,
    header_row,
    print_area,
    print_setup,
    start_table,
    styled,
    text,
    wrapped_lines,
)
from opd.models import ServiceCategory
from reports import figures
from schedules import selectors
from schedules.models import PlanStatus
from schedules.selectors import Counts

HEADER_ROW = 5  # rows 1-3 say what the sheet is, row 4 is blank
PERCENT = "0.0%"
DAY_COLUMNS = ["WFO", "WFH", "WFA", "Layanan"]
# Ringkasan prints its body at 9 pt scaled to no less than 8 pt: five days fit one A4 landscape
# page across; a longer window prints more pages across, each repeating the OPD columns.
OPD_NAME_WIDTH = 30
STAFF_WIDTH = 6  # "ASN aktif": five digits (the city's total)
STATUS_WIDTH = 12
DAY_WIDTHS = [6, 4, 4, 7]  # WFO (five digits: the city's total), WFH, WFA (4), "Kurang 12"
DAYS_PER_PAGE = 5
SHORT_STATUS = {
    PlanStatus.DRAFT: "Draf",
    PlanStatus.SUBMITTED: "Diajukan",
    PlanStatus.RETURNED: "Dikembalikan",
    PlanStatus.APPROVED: "Disetujui",
    PlanStatus.REVIEW: "Perlu ditinjau",
}
WRAP_LEFT = Alignment(wrap_text=True, vertical="top")
RULE = Side(style="thin", color="808080")
DAY_START = Border(left=RULE)  # a day's group starts here
TOTAL_RULE = Border(top=RULE)
TOTAL_DAY_START = Border(left=RULE, top=RULE)
# The city's totals may have more digits than a column of the OPDs' counts: shrunk to fit, as
# are the day's column labels (regular weight: they fit at 9 pt; shrinking is a safety net).
TOTAL = Alignment(shrink_to_fit=True)
DAY_LABEL = Alignment(horizontal="center", shrink_to_fit=True)
TOP = Alignment(vertical="top")
TOP_CENTER = Alignment(horizontal="center", vertical="top")


def write(wb, book, taken: set[str]) -> None:
    _matrix_sheet(wb, book, taken)
    _daily_sheet(wb, book, taken)
    _essential_sheet(wb, book, taken)
    _attendance_sheet(wb, book, taken)


def _titled(
    wb, book, title: str, heading: str, taken: set[str], *, landscape: bool, rows: str, **wide
):
    taken.add(title.lower())
    ws = wb.create_sheet(title)
    print_setup(ws, landscape=landscape, footer=book.window.name, title_rows=rows, **wide)
    return ws, [
        [styled(ws, heading, font=TITLE)],
        [text(ws, f"{book.window.name} · {book.window.legal_basis}")],
        [text(ws, f"{book.scope_label} · dibuat {tanggal(book.today)}")],
        [],
    ]


def _unit_ids(book) -> dict[int, list[int]]:
    unit_ids: dict[int, list[int]] = {}
    for unit in book.units:
        unit_ids.setdefault(unit.opd_id, []).append(unit.pk)
    return unit_ids


def coverage_code(cover, opd_id: int, day_id: int) -> str:
    """The coverage of an OPD on a day in a narrow cell: OK, Kurang N (rules), or - (no rule)."""
    if opd_id not in cover.ruled_opds:
        return "-"
    n = cover.unmet(opd_id, day_id)
    return f"Kurang {n}" if n else "OK"


def _matrix_sheet(wb, book, taken: set[str]) -> None:
    """OPD x day: staff, plan status, then per day WFO, WFH, WFA and the coverage state."""
    pages_wide = max(1, -(-len(book.days) // DAYS_PER_PAGE))
    ws, top = _titled(
        wb,
        book,
        "Ringkasan",
        "Ringkasan pemetaan kerja per OPD",
        taken,
        landscape=True,
        rows=f"{HEADER_ROW}:{HEADER_ROW + 1}",
        pages_wide=pages_wide,
        title_cols="A:C" if pages_wide > 1 else None,
        side_margin=0.25,  # inches: the width goes to the type size
    )
    columns = 3 + len(DAY_COLUMNS) * len(book.days)
    widths = [OPD_NAME_WIDTH, STAFF_WIDTH, STATUS_WIDTH] + DAY_WIDTHS * len(book.days)
    start_table(ws, widths, header_row=HEADER_ROW + 1, freeze_column=2)
    top[3] = [
        "Layanan: OK = semua aturan layanan esensial terpenuhi; Kurang N = N aturan tidak "
        "terpenuhi; - = tanpa aturan. Pegawai tanpa penugasan dihitung WFO."
    ]
    for row in top:
        ws.append(row)
    _matrix_header(ws, book)
    city = _matrix_opd_rows(ws, book)
    ws.append(_matrix_total_row(ws, book, city))
    last_row = HEADER_ROW + 2 + len(book.opds)
    finish_table(ws, header_row=HEADER_ROW + 1, columns=columns, last_row=last_row - 1)
    print_area(ws, columns=columns, last_row=last_row)


def _matrix_header(ws, book) -> None:
    """Two header rows: each date over its four columns, the first three columns merged down."""
    days_row = ["OPD", "ASN aktif", "Status rencana"]
    for day in book.days:  # "Senin, 24 Maret": the year is in the window's name above
        days_row += [tanggal(day.date, weekday=True).rsplit(" ", 1)[0], "", "", ""]
    ws.row_dimensions[HEADER_ROW].height = LINE_POINTS + 1
    ws.append(header_row(ws, days_row))
    ws.row_dimensions[HEADER_ROW + 1].height = LINE_POINTS + 1
    labels = [styled(ws, label, fill=HEADER_FILL, alignment=DAY_LABEL) for label in DAY_COLUMNS]
    ws.append([None, None, None] + labels * len(book.days))  # the first three: merged above
    for index in range(len(book.days)):  # each date heads its four columns
        first = 4 + index * len(DAY_COLUMNS)
        ws.merged_cells.add(_span(HEADER_ROW, first, first + len(DAY_COLUMNS) - 1))
    for first in (1, 2, 3):
        ws.merged_cells.add(_span(HEADER_ROW, first, first, last_row=HEADER_ROW + 1))


def _matrix_opd_rows(ws, book) -> dict[int, Counts]:
    """A row per OPD; returns the city's counts per day id, summed along the way."""
    unit_ids = _unit_ids(book)
    city = {day.pk: Counts() for day in book.days}
    for row_index, opd in enumerate(book.opds, HEADER_ROW + 2):
        ids = unit_ids.get(opd.pk, [])
        status = SHORT_STATUS[selectors.status_of(book.plans, opd.pk)]
        # A wrapped name gets the row height of its lines: never drawn over the next row.
        lines = max(wrapped_lines(opd.name, OPD_NAME_WIDTH), wrapped_lines(status, STATUS_WIDTH))
        if lines > 1:
            ws.row_dimensions[row_index].height = lines * LINE_POINTS + 2
        row = [
            styled(ws, opd.name, alignment=WRAP_LEFT),
            styled(
                ws, book.counts.total(ids, book.days[0].pk).staff if book.days else 0, alignment=TOP
            ),
            styled(ws, status, alignment=WRAP_LEFT),
        ]
        for day in book.days:  # each row's figures at the top, by the first line of its name
            counts = book.counts.total(ids, day.pk)
            city[day.pk] += counts
            code = coverage_code(book.cover, opd.pk, day.pk)
            row += [
                styled(ws, counts.wfo, border=DAY_START, alignment=TOP),
                styled(ws, counts.wfh, alignment=TOP),
                styled(ws, counts.wfa, alignment=TOP),
                styled(ws, code, alignment=TOP_CENTER),
            ]
        ws.append(row)
    return city


def _matrix_total_row(ws, book, city: dict[int, Counts]) -> list:
    """The "Jumlah" row under a rule: the city's staff, modes per day and rules left short per
    day. Its figures are of regular weight: a bold digit is wider, and the city's five-digit
    totals would not fit their columns at the body's size."""
    total = [styled(ws, "Jumlah", font=BOLD, border=TOTAL_RULE), None, None]
    if book.days:
        staff = city[book.days[0].pk].staff
        total[1] = styled(ws, staff, alignment=TOTAL, border=TOTAL_RULE)
    total[2] = styled(ws, None, border=TOTAL_RULE)
    for day in book.days:
        counts = city[day.pk]
        short = sum(book.cover.unmet(opd.pk, day.pk) for opd in book.opds)
        total += [
            styled(ws, counts.wfo, border=TOTAL_DAY_START, alignment=TOTAL),
            styled(ws, counts.wfh, border=TOTAL_RULE, alignment=TOTAL),
            styled(ws, counts.wfa, border=TOTAL_RULE, alignment=TOTAL),
            styled(ws, f"Kurang {short}" if short else "OK", border=TOTAL_RULE, alignment=CENTER),
        ]
    return total


def _span(row: int, first: int, last: int, *, last_row: int | None = None) -> str:
    return f"{get_column_letter(first)}{row}:{get_column_letter(last)}{last_row or row}"


def _list_sheet(
    wb, book, taken: set[str], *, title, heading, landscape, labels, widths, rows, empty=""
) -> None:
    """A titled table: header repeated on every printed page, auto-filter, print area.

    `rows(ws)` yields the table's rows; `empty` is said instead when it yields none.
    """
    ws, top = _titled(
        wb, book, title, heading, taken, landscape=landscape, rows=f"{HEADER_ROW}:{HEADER_ROW}"
    )
    start_table(ws, widths, header_row=HEADER_ROW)
    for row in top:
        ws.append(row)
    ws.append(header_row(ws, labels))
    count = 0
    for row in rows(ws):
        ws.append(row)
        count += 1
    if not count and empty:
        ws.append([empty])
        print_area(ws, columns=len(labels), last_row=HEADER_ROW + 1)
        return
    finish_table(ws, header_row=HEADER_ROW, columns=len(labels), last_row=HEADER_ROW + count)
    print_area(ws, columns=len(labels), last_row=HEADER_ROW + count)


def _daily_sheet(wb, book, taken: set[str]) -> None:
    unit_ids = _unit_ids(book)

    def rows(ws):
        for opd in book.opds:
            status = figures.status_label(selectors.status_of(book.plans, opd.pk))
            for day in book.days:
                counts = book.counts.total(unit_ids.get(opd.pk, []), day.pk)
                yield [
                    text(ws, opd.name),
                    date_cell(ws, day.date),
                    counts.staff,
                    counts.wfo,
                    counts.wfh,
                    counts.wfa,
                    status,
                    book.cover.opd_label(opd.pk, day.pk),
                    book.cover.unmet(opd.pk, day.pk),
                ]

    _list_sheet(
        wb,
        book,
        taken,
        title="Rincian per hari",
        heading="Pemetaan kerja per OPD dan hari",
        landscape=False,
        labels=["OPD", "Hari", "Pegawai aktif", "WFO", "WFH", "WFA", "Status rencana"]
        + ["Status layanan esensial", "Aturan yang kurang"],
        widths=[38, 22, 8, 7, 7, 7, 20, 16, 9],
        rows=rows,
    )


def _essential_sheet(wb, book, taken: set[str]) -> None:
    def rows(ws):
        for unit in book.units:
            if not unit.is_essential:
                continue
            for day in book.days:
                status = book.cover.unit_day(unit.pk, day.pk)
                counts = book.counts.unit_day(unit.pk, day.pk)
                yield [
                    text(ws, unit.opd.name),
                    text(ws, unit.name),
                    ServiceCategory(unit.service_category).label,
                    date_cell(ws, day.date),
                    counts.staff,
                    counts.wfo,
                    status.required,
                    status.label(),
                    text(ws, status.details()),
                ]

    _list_sheet(
        wb,
        book,
        taken,
        title="Layanan Esensial",
        heading="Layanan esensial: wajib di kantor dan rencana",
        landscape=True,
        labels=["OPD", "Unit", "Kategori layanan", "Hari", "Pegawai aktif", "Rencana di kantor"]
        + ["Wajib di kantor (minimal)", "Status", "Rincian aturan"],
        widths=[26, 32, 22, 22, 8, 9, 9, 10, 70],
        rows=rows,
    )


def _attendance_sheet(wb, book, taken: set[str]) -> None:
    def rows(ws):
        days = _days_with_activity(book)
        away = summary.away_days(days, book.opd)  # one query for every day
        for day in days:
            per_opd = summary.opd_day_figures(book.window, day, opd=book.opd, away=away)
            for opd in book.opds:
                f = per_opd.get(opd.pk)
                if f is None:
                    continue
                yield [
                    text(ws, opd.name),
                    date_cell(ws, day.date),
                    f["staff"],
                    f["checked_in"],
                    styled(ws, f["compliance"], number_format=PERCENT),
                    f["checked_in_onsite"],
                    f["flagged"],
                    max(0, f["staff_days"] - f["checked_in"]),  # the absent are not expected
                    f["reports_filed"],
                    f["reports_accepted"],
                ]

    _list_sheet(
        wb,
        book,
        taken,
        title="Kehadiran",
        heading="Presensi dan laporan kerja per OPD dan hari",
        landscape=True,
        labels=["OPD", "Hari", "Pegawai aktif", "Presensi masuk", "Kepatuhan presensi"]
        + ["Presensi WFO", "Ditandai", "Belum presensi", "Laporan dikirim", "Laporan diterima"],
        widths=[40, 22, 9, 9, 10, 9, 9, 9, 9, 9],
        rows=rows,
        empty="Belum ada data presensi atau laporan kerja pada periode ini.",
    )


def _days_with_activity(book) -> list:
    """The window days with any check-in or daily report in scope (two small queries): the
    figures of the other days are all zeros, not worth three aggregates each."""
    scope = Q(day__in=[d.pk for d in book.days])
    if book.opd is not None:
        scope &= Q(employee__unit__opd=book.opd)
    active = set(CheckIn.objects.filter(scope).values_list("day_id", flat=True).distinct())
    active |= set(DailyReport.objects.filter(scope).values_list("day_id", flat=True).distinct())
    return [d for d in book.days if d.pk in active]
