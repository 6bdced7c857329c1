"""The week of one OPD, print-ready, as a workbook and as a PDF for signing: the figures of
attendance.weekly.opd_week, one row per employee under their unit, each unit's total and the
OPD's, on A4 landscape; the PDF ends with the head's signature block."""

from io import BytesIO

from openpyxl import Workbook

from common.dates import tanggal
from common.pdf import Document, fit_columns
from common.xlsx import (
    BOLD,
    TITLE,
    finish_table,
    header_row,
    print_area,
    print_setup,
    start_table,
    styled,
    text,
    use_body_font,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"
TOTAL_FILL = (236, 236, 236)  # a unit's total row in the PDF
NIP_SAMPLE = "0" * 18
HEADER_ROW = 4
COLUMNS = (
    ("Unit", 26, None),
    ("Pegawai", 30, None),
    ("NIP", 20, None),
    ("Laporan dikirim", 9, "reports_filed"),
    ("Diterima", 9, "reports_accepted"),
    ("Dikembalikan", 11, "reports_returned"),
    ("Keluaran", 9, "outputs"),
    ("Keluaran dengan rencana aksi", 11, "outputs_on_plan"),
    ("Rencana aksi bergerak", 10, "plans_moved"),
    ("Rencana aksi disetujui", 10, "plans"),
    ("Presensi", 9, "checked_in"),
    ("Presensi sesuai mode rencana", 11, "as_planned"),
)
KEYS = [key for _, _, key in COLUMNS if key]


def filename(opd, monday, extension: str = "xlsx") -> str:
    return f"laporan-mingguan-{opd.code}-{monday:%Y-%m-%d}.{extension}"


def _title(week, opd) -> tuple[str, str]:
    sunday = week.days[-1]
    return (
        f"Laporan mingguan {opd.name}",
        f"Minggu {tanggal(week.monday)} – {tanggal(sunday)} · {week.staff} pegawai aktif",
    )


def _lines(week, opd):
    """(unit, name, NIP, figures...) for each employee, then each unit's total and the OPD's;
    a total row has no NIP."""
    for unit in week.units:
        for line in unit.rows:
            employee = line["employee"]
            yield [unit.unit.name, employee.name, employee.nip] + [line[k] for k in KEYS]
        yield [f"Jumlah {unit.unit.name}", "", ""] + [unit.total[k] for k in KEYS]
    yield [f"Jumlah {opd.short_name or opd.name}", "", ""] + [week.total[k] for k in KEYS]


def pdf(week, opd, *, head, today) -> bytes:
    """The week as a PDF: the table (its header on every page, no cell cut: names and units
    wrap, NIPs keep their 18 digits), then 'Mengetahui, <the head>' with room to sign."""
    title, subtitle = _title(week, opd)
    document = Document(
        landscape=True,
        footer=f"Laporan mingguan {opd.short_name or opd.name} {tanggal(week.monday)}",
        title=title,
        subject=subtitle,
    )
    document.heading(title)
    document.line_of_text(subtitle)
    document.ln(2)
    rows = list(_lines(week, opd))
    number = max(document.text_width("9999"), 13)
    specs = [
        ("Unit", 30, document.want(r[0] for r in rows), "L"),
        ("Pegawai", 34, document.want(r[1] for r in rows), "L"),
        ("NIP", document.text_width(NIP_SAMPLE), 0, "L"),
    ] + [(label, number, 0, "C") for label, _, key in COLUMNS if key]
    document.table(
        fit_columns(document.epw, specs),
        rows,
        fills=lambda row: [TOTAL_FILL if not row[2] else None] * len(row),
        keep_with_end=document.SIGNATURE_HEIGHT,
    )
    position, name, nip = head or (f"Kepala {opd.name}", "", "")
    document.signature(today=today, position=position, name=name, nip=nip)
    return bytes(document.output())


def workbook(week, opd) -> bytes:
    wb = Workbook(write_only=True)
    use_body_font(wb)
    ws = wb.create_sheet("Laporan mingguan")
    start_table(ws, [w for _, w, _ in COLUMNS], header_row=HEADER_ROW, freeze_column=3)
    title, subtitle = _title(week, opd)
    ws.append([styled(ws, title, font=TITLE)])
    ws.append([text(ws, subtitle)])
    ws.append([])
    ws.append(header_row(ws, [label for label, _, _ in COLUMNS]))
    row = HEADER_ROW
    for line in _lines(week, opd):
        if line[2]:  # an employee
            ws.append([text(ws, v) for v in line[:3]] + line[3:])
        else:  # a unit's total, or the OPD's
            ws.append(
                [styled(ws, line[0], font=BOLD), None, None]
                + [styled(ws, v, font=BOLD) for v in line[3:]]
            )
        row += 1
    finish_table(ws, header_row=HEADER_ROW, columns=len(COLUMNS), last_row=row)
    print_setup(
        ws,
        landscape=True,
        footer=f"Laporan mingguan {opd.short_name or opd.name} {tanggal(week.monday)}",
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
    )
    print_area(ws, columns=len(COLUMNS), last_row=row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
