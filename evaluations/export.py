"""The print-ready workbook of the evaluation pack: one sheet, one row per unit, A4 landscape."""

from io import BytesIO

from openpyxl import Workbook

from common import xlsx
from common.dates import tanggal
from evaluations import figures, selectors

HEADER_ROW = 5
LEAD = ["OPD", "Unit", "Status", "Jaringan", "Perangkat", "Aplikasi", "Catatan kesiapan", "Uraian"]
WIDTHS = [18, 22, 12, 8, 8, 8, 24, 40] + [9] * (2 * len(figures.ROWS))


def _labels() -> list[str]:
    pairs = [(f"{label} (sebelum)", f"{label} (sesudah)") for _, label, _ in figures.ROWS]
    return LEAD + [label for pair in pairs for label in pair]


def _yes(value) -> str:
    return "Ya" if value else "Tidak"


def _row(ws, unit, evaluation, numbers) -> list:
    status = evaluation.get_status_display() if evaluation else "Belum diisi"
    ready = [_yes(getattr(evaluation, f, False)) for f in ("network_ready", "devices_ready")]
    ready.append(_yes(getattr(evaluation, "applications_ready", False)))
    notes = [getattr(evaluation, f, "") for f in ("readiness_notes", "narrative")]
    cells = [xlsx.text(ws, unit.opd.name), xlsx.text(ws, unit.name), status, *ready]
    cells += [xlsx.styled(ws, value, alignment=xlsx.WRAP) for value in notes]
    for _, _, key in figures.ROWS:
        for period in ("before", "after"):
            value = numbers[period][unit.pk][key]
            cells.append(round(value, 2) if key == "rating" and value is not None else value)
    return cells


def _period(days) -> str:
    if not days:
        return "-"
    return f"{tanggal(days[0])} s.d. {tanggal(days[-1])} ({len(days)} hari kerja)"


def workbook(user, window, *, opd=None) -> bytes:
    """Evaluations of every unit the user sees in the window (of `opd` when given)."""
    rows = selectors.rows_for(user, window, opd=opd)
    numbers = figures.unit_figures(window, [unit.pk for unit, _ in rows])
    wb = Workbook(write_only=True)
    xlsx.use_body_font(wb)
    ws = wb.create_sheet("Evaluasi")
    labels = _labels()
    xlsx.start_table(ws, WIDTHS, header_row=HEADER_ROW, freeze_column=3)
    # Before the first row: a write-only sheet writes its properties (fit to page) with it.
    titles = f"{HEADER_ROW}:{HEADER_ROW}"
    xlsx.print_setup(ws, landscape=True, footer=window.name, title_rows=titles)
    scope = opd.name if opd else "Seluruh OPD"
    ws.append([xlsx.styled(ws, f"Evaluasi kerja fleksibel · {window.name}", font=xlsx.TITLE)])
    ws.append([xlsx.text(ws, f"{scope} · Pasal 35 PermenPANRB 4/2025 · {window.legal_basis}")])
    ws.append([f"Sebelum: {_period(numbers['before_days'])}"])
    ws.append([f"Sesudah: {_period(numbers['after_days'])}"])
    ws.append(xlsx.header_row(ws, labels))
    for unit, evaluation in rows:
        ws.append(_row(ws, unit, evaluation, numbers))
    last = HEADER_ROW + len(rows)
    xlsx.finish_table(ws, header_row=HEADER_ROW, columns=len(labels), last_row=last)
    xlsx.print_area(ws, columns=len(labels), last_row=last)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
