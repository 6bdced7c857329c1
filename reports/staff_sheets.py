"""One sheet per OPD in the coordination workbook: every active employee x every window day.

Two queries for the whole city: the window's remote assignments (kept in memory as a few bytes per
remote employee) and the active employees, streamed in OPD, unit and name order with a database
iterator. Each row goes straight to its OPD's write-only sheet, so memory does not grow with staff.
"""

from django.db.models import Q

from opd.dates import tanggal
from opd.models import Employee
from reports.xlsx import (
    BOLD,
    MODE_FILLS,
    TITLE,
    finish_table,
    header_row,
    sheet_title,
    start_table,
    styled,
    text,
)
from schedules.models import Assignment, Mode
from schedules.models.assignments import REMOTE_MODES

HEADER_ROW = 5
CHUNK = 2000
TEXT_FORMAT = "@"
MODE_CODES = {Mode.WFO: "O", Mode.WFH: "H", Mode.WFA: "A"}


def write(wb, book, taken: set[str], *, heads: dict) -> None:
    plans = remote_plans(book)
    sheets = {}
    for opd in book.opds:
        sheets[opd.pk] = _OpdSheet(wb, book, opd, sheet_title(opd.short_name or opd.name, taken))
    scope = Q(unit__opd=book.opd) if book.opd else Q()
    staff = (
        Employee.objects.active()
        .filter(scope)
        .order_by("unit__opd__name", "unit__name", "name", "pk")
        .values_list("pk", "nip", "name", "position_name", "unit__name", "unit__opd_id")
    )
    for pk, nip, name, position, unit, opd_id in staff.iterator(chunk_size=CHUNK):
        sheet = sheets.get(opd_id)
        if sheet is None:  # an OPD created while the workbook was being written
            continue
        codes, place = plans.get(pk, ("", ""))
        sheet.add(nip, name, position, unit, codes, place)
    for opd in book.opds:
        sheets[opd.pk].close(heads.get(opd.pk), book.today)


def remote_plans(book) -> dict[int, tuple[str, str]]:
    """{employee id: (one mode code per day, "O"/"H"/"A"; the WFA place text)} for remote staff."""
    index = {d.pk: i for i, d in enumerate(book.days)}
    rows = Assignment.objects.filter(
        day__in=list(index), mode__in=REMOTE_MODES, employee__is_active=True
    )
    if book.opd is not None:
        rows = rows.filter(employee__unit__opd=book.opd)
    rows = rows.order_by("employee_id").values_list("employee_id", "day_id", "mode", "wfa_place")
    plans: dict[int, tuple[str, str]] = {}
    current, codes, places = None, [], {}

    def flush():
        if current is not None:
            plans[current] = ("".join(codes), _place_text(places, book.days))

    for employee_id, day_id, mode, place in rows.iterator(chunk_size=CHUNK * 5):
        if employee_id != current:
            flush()
            current, codes, places = employee_id, ["O"] * len(index), {}
        codes[index[day_id]] = MODE_CODES[mode]
        if mode == Mode.WFA and place:
            places[index[day_id]] = place
    flush()
    return plans


def _place_text(places: dict[int, str], days) -> str:
    """One place when every WFA day has the same one, else each day with its place."""
    distinct = set(places.values())
    if len(distinct) <= 1:
        return next(iter(distinct), "")
    return "; ".join(f"{tanggal(days[i].date)}: {places[i]}" for i in sorted(places))


class _OpdSheet:
    """A write-only sheet of one OPD: title, header, employee rows, then the signature block."""

    def __init__(self, wb, book, opd, title: str):
        self.opd = opd
        self.ws = ws = wb.create_sheet(title)
        self.rows = 0
        day_count = len(book.days)
        self.columns = 4 + day_count + 1
        widths = [21, 34, 34, 30] + [22] * day_count + [40]
        start_table(ws, widths, header_row=HEADER_ROW, freeze_column=3)
        status = book.plans.get(opd.pk)
        status_label = status.get_status_display() if status else "Draf"
        ws.append([styled(ws, f"Pemetaan kerja {opd.name}", font=TITLE)])
        ws.append([text(ws, f"{book.window.name} · {book.window.legal_basis}")])
        ws.append([f"Status rencana: {status_label} · pegawai tanpa penugasan dihitung WFO"])
        ws.append([])
        labels = ["NIP", "Nama", "Jabatan", "Unit"]
        labels += [tanggal(d.date, weekday=True) for d in book.days] + ["Tempat WFA"]
        ws.append(header_row(ws, labels))
        # One styled cell per day column and mode, reused row after row: a write-only sheet
        # writes each row out as soon as it is appended.
        self.mode_cells = [
            {code: styled(ws, mode, fill=MODE_FILLS[mode]) for mode, code in MODE_CODES.items()}
            for _ in range(day_count)
        ]
        self.nip_cell = styled(ws, "", number_format=TEXT_FORMAT)

    def add(self, nip, name, position, unit, codes: str, place: str) -> None:
        """One employee: `codes` has a mode code per day ("" when every day is WFO)."""
        ws = self.ws
        self.nip_cell.value = nip
        self.nip_cell.data_type = "s"  # digits stay text: leading zeros and all 18 of them
        row = [self.nip_cell, text(ws, name), text(ws, position), text(ws, unit)]
        if codes:
            row += [cells[code] for cells, code in zip(self.mode_cells, codes, strict=True)]
        else:
            row += [cells["O"] for cells in self.mode_cells]
        if place:
            row.append(text(ws, place))
        ws.append(row)
        self.rows += 1

    def close(self, head, today) -> None:
        """Auto-filter over the table, then 'Mengetahui, Kepala ...' with the head's name."""
        ws = self.ws
        if not self.rows:
            ws.append(["Tidak ada pegawai aktif."])
        finish_table(
            ws,
            header_row=HEADER_ROW,
            columns=self.columns,
            last_row=HEADER_ROW + self.rows,
        )
        column = self.columns  # the block stands at the right, under "Tempat WFA"
        position, name, nip = head or (f"Kepala {self.opd.name}", "", "")
        lines = [
            "",
            f"Palembang, {tanggal(today)}",
            "Mengetahui,",
            position,
            "",
            "",
            "",
            styled(ws, name, font=BOLD) if name else "",
            f"NIP. {nip}" if nip else "NIP. ......",
        ]
        for line in lines:
            if isinstance(line, str):
                line = text(ws, line) if line else None
            ws.append([None] * (column - 1) + [line])
