"""The week of one OPD as a print-ready workbook: the figures of attendance.weekly.opd_week, one
row per employee under their unit, each unit's total and the OPD's, on A4 landscape."""

from io import BytesIO

from openpyxl import Workbook

from common.dates import tanggal
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


def filename(opd, monday) -> str:
    return f"laporan-mingguan-{opd.code}-{monday:%Y-%m-%d}.xlsx"


def workbook(week, opd) -> bytes:
    wb = Workbook(write_only=True)
    use_body_font(wb)
    ws = wb.create_sheet("Laporan mingguan")
    start_table(ws, [w for _, w, _ in COLUMNS], header_row=HEADER_ROW, freeze_column=3)
    sunday = week.days[-1]
    ws.append([styled(ws, f"Laporan mingguan {opd.name}", font=TITLE)])
    ws.append(
        [
            text(
                ws,
                f"Minggu {tanggal(week.monday)} – {tanggal(sunday)} · {week.staff} pegawai aktif",
            )
        ]
    )
    ws.append([])
    ws.append(header_row(ws, [label for label, _, _ in COLUMNS]))
    row = HEADER_ROW
    for unit in week.units:
        for line in unit.rows:
            employee = line["employee"]
            ws.append(
                [text(ws, unit.unit.name), text(ws, employee.name), text(ws, employee.nip)]
                + [line[k] for k in KEYS]
            )
            row += 1
        ws.append(
            [styled(ws, f"Jumlah {unit.unit.name}", font=BOLD), None, None]
            + [styled(ws, unit.total[k], font=BOLD) for k in KEYS]
        )
        row += 1
    ws.append(
        [styled(ws, f"Jumlah {opd.short_name or opd.name}", font=BOLD), None, None]
        + [styled(ws, week.total[k], font=BOLD) for k in KEYS]
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
