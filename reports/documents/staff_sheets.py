"""One sheet per OPD in the coordination workbook: every active employee x every window day.

One query for the whole city: the active employees in OPD, unit and name order, each joined to its
remote (WFH/WFA) assignments of the window, streamed with a database iterator. An employee's rows
arrive together, so each employee goes straight to its OPD's write-only sheet and nothing of the
city is held in memory, whatever its size.

Printed on A4 portrait, one page wide: narrow day columns holding the mode code, the header row
on every page, and the signature block under the table's last rows (see `_OpdSheet.close`).

When the window's policy has time flexibility, a last column "Jam kerja" notes each employee's
shift or dynamic hours per day; they come in the same query (joined like the remote days).
"""

from itertools import groupby

from django.db.models import FilteredRelation, Q

from absences.models import AWAY_LEGEND, AbsenceKind, away_cells
from common import region
from common.dates import hari, tanggal
from common.xlsx import (
    AWAY_FILL,
    BOLD,
    CENTER,
    MODE_FILLS,
    TITLE,
    finish_table,
    header_row,
    print_area,
    print_setup,
    sheet_title,
    start_table,
    styled,
    text,
)
from opd.models import Employee
from schedules.models import Mode, WorkingHours
from schedules.models.assignments import REMOTE_MODES

HEADER_ROW = 5
CHUNK = 2000
TEXT_FORMAT = "@"
MODE_CODES = {Mode.WFO: "O", Mode.WFH: "H", Mode.WFA: "A"}
SIGNATURE_ROWS = 8
PROGRESS_EVERY = 1000  # employees between two progress reports


def write(
    wb, book, taken: set[str], *, heads: dict, progress=None, show_places: bool = True
) -> None:
    """The OPD sheets; `progress(done)` is called with the employees written so far.

    Without `show_places` the WFA place column is left out (UU 27/2022: the mayor's office
    needs the modes, not where each person works)."""
    sheets = {}
    with_hours = _time_flex(book)
    away: dict[int, dict[int, str]] = {}  # employee id -> {day id: absence kind}
    for (employee_id, day_id), kind in away_cells(book.days, opd=book.opd).items():
        away.setdefault(employee_id, {})[day_id] = kind
    for opd in book.opds:
        title = sheet_title(opd.short_name or opd.name, taken)
        sheets[opd.pk] = _OpdSheet(
            wb, book, opd, title, show_places=show_places, with_hours=with_hours
        )
    done = 0
    for _, employee_rows in groupby(staff_rows(book, with_hours), key=lambda row: row[0]):
        rows = list(employee_rows)
        _, nip, name, position, unit, opd_id, *_ = rows[0]
        sheet = sheets.get(opd_id)
        if sheet is None:  # an OPD created while the workbook was being written
            continue
        codes, place = _plan_of(rows, book, away.get(rows[0][0], {}))
        sheet.add(nip, name, position, unit, codes, place, _hours_of(rows, book))
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    for opd in book.opds:
        sheets[opd.pk].close(heads.get(opd.pk), book.today)
    if progress is not None:
        progress(done)


def _time_flex(book) -> bool:
    """Whether the window's policy has time flexibility (no query for a window without one)."""
    policy = book.window.policy if book.window.policy_id else None
    return bool(policy and policy.time_flex)


def staff_rows(book, with_hours: bool = False):
    """(employee id, NIP, name, position, unit, OPD id, remote day id, mode, WFA place) rows of
    the active staff in scope, in OPD, unit and name order; an employee with no remote day has
    one row with None in the last three, one with remote days has a row per remote day.

    `with_hours` adds (hours day id, kind, start, end, required minutes), joined the same way:
    an employee's rows are then every pairing of a remote day and a day with working hours."""
    fields = [
        "pk",
        "nip",
        "name",
        "position_name",
        "unit__name",
        "unit__opd_id",
        "away__day_id",
        "away__mode",
        "away__wfa_place",
    ]
    remote = FilteredRelation(
        "assignments",
        condition=Q(
            assignments__day__in=[d.pk for d in book.days],
            assignments__mode__in=REMOTE_MODES,
        ),
    )
    staff = Employee.objects.active().annotate(away=remote)
    if book.opd is not None:
        staff = staff.filter(unit__opd=book.opd)
    if with_hours:
        timed = FilteredRelation(
            "working_hours", condition=Q(working_hours__day__in=[d.pk for d in book.days])
        )
        staff = staff.annotate(timed=timed)
        fields += [f"timed__{f}" for f in HOURS_FIELDS]
    return (
        staff.order_by("unit__opd__name", "unit__name", "name", "pk")
        .values_list(*fields)
        .iterator(chunk_size=CHUNK)
    )


def _plan_of(rows, book, away: dict[int, str]) -> tuple[list[str], str]:
    """One mode code per day ([] when every day is WFO), a day away marked with its absence
    kind (CT, DL, ...; `away`: the employee's {day id: kind}), and the WFA place text."""
    index = book.day_index
    days_away = {index[day_id]: kind for day_id, kind in away.items()}
    if rows[0][6] is None and not days_away:
        return [], ""
    codes = ["O"] * len(index)
    places = {}
    for day_id, mode, place in {row[6:9] for row in rows if row[6] is not None}:
        codes[index[day_id]] = MODE_CODES[mode]
        if mode == Mode.WFA and place:
            places[index[day_id]] = place
    for i, kind in days_away.items():
        codes[i] = kind
        places.pop(i, None)
    return codes, _place_text(places, book.days)


HOURS_FIELDS = ("day_id", *WorkingHours.TIME_FIELDS)  # read by position in _hours_of


def _hours_of(rows, book) -> str:
    """'24/3 07.00–15.30 (shift); 25/3 jam dinamis 06.00–18.00, 7,5 jam' ("" without hours)."""
    found = {row[9:14] for row in rows if len(row) > 9 and row[9] is not None}
    notes = []
    for day_id, kind, start, end, required in sorted(found, key=lambda h: book.day_index[h[0]]):
        hours = WorkingHours(kind=kind, start_minute=start, end_minute=end)
        hours.required_minutes = required
        day = book.days[book.day_index[day_id]].date
        notes.append(f"{day.day}/{day.month} {hours.describe()}")
    return "; ".join(notes)


def _place_text(places: dict[int, str], days) -> str:
    """One place when every WFA day has the same one, else each day with its place."""
    distinct = set(places.values())
    if len(distinct) <= 1:
        return next(iter(distinct), "")
    return "; ".join(f"{tanggal(days[i].date)}: {places[i]}" for i in sorted(places))


def day_heading(day) -> str:
    """A narrow column's heading: "Sen" over "24/3" (the full dates are in the title rows)."""
    return f"{hari(day.date)[:3]} {day.date.day}/{day.date.month}"


class _OpdSheet:
    """A write-only sheet of one OPD: title, header, employee rows, then the signature block."""

    def __init__(
        self, wb, book, opd, title: str, *, show_places: bool = True, with_hours: bool = False
    ):
        self.opd = opd
        self.ws = ws = wb.create_sheet(title)
        self.rows = 0
        self.show_places = show_places
        self.with_hours = with_hours
        day_count = len(book.days)
        self.columns = 4 + day_count + (1 if show_places else 0) + (1 if with_hours else 0)
        widths = [19, 30, 30, 28] + [6] * day_count + ([28] if show_places else [])
        widths += [34] if with_hours else []
        start_table(ws, widths, header_row=HEADER_ROW, freeze_column=3)
        print_setup(
            ws, landscape=False, footer=book.window.name, title_rows=f"{HEADER_ROW}:{HEADER_ROW}"
        )
        status = book.plans.get(opd.pk)
        status_label = status.get_status_display() if status else "Draf"
        first, last = book.days[0].date, book.days[-1].date
        ws.append([styled(ws, f"Pemetaan kerja {opd.name}", font=TITLE)])
        ws.append([text(ws, f"{book.window.name} · {book.window.legal_basis}")])
        ws.append(
            [
                f"Status rencana: {status_label} · {tanggal(first)} s.d. {tanggal(last)} · "
                "pegawai tanpa penugasan dihitung WFO · " + AWAY_LEGEND
            ]
        )
        ws.append([])
        labels = ["NIP", "Nama", "Jabatan", "Unit"]
        labels += [day_heading(d) for d in book.days] + (["Tempat WFA"] if show_places else [])
        labels += ["Jam kerja"] if with_hours else []
        ws.append(header_row(ws, labels))
        # One styled cell per day column and mode, reused row after row: a write-only sheet
        # writes each row out as soon as it is appended.
        self.mode_cells = [
            {
                code: styled(ws, mode, fill=MODE_FILLS[mode], alignment=CENTER)
                for mode, code in MODE_CODES.items()
            }
            | {
                kind: styled(ws, kind, fill=AWAY_FILL, alignment=CENTER)
                for kind in AbsenceKind.values
            }
            for _ in range(day_count)
        ]
        self.nip_cell = styled(ws, "", number_format=TEXT_FORMAT)

    def add(self, nip, name, position, unit, codes: list, place: str, hours: str = "") -> None:
        """One employee: `codes` has a mode code (or absence kind) per day ([]: every day WFO)."""
        ws = self.ws
        self.nip_cell.value = nip
        self.nip_cell.data_type = "s"  # digits stay text: leading zeros and all 18 of them
        row = [self.nip_cell, text(ws, name), text(ws, position), text(ws, unit)]
        if codes:
            row += [cells[code] for cells, code in zip(self.mode_cells, codes, strict=True)]
        else:
            row += [cells["O"] for cells in self.mode_cells]
        if self.show_places and (place or hours):
            row.append(text(ws, place) if place else None)
        if hours and self.with_hours:
            row.append(text(ws, hours))
        ws.append(row)
        self.rows += 1

    def close(self, head, today) -> None:
        """Auto-filter over the table, then 'Mengetahui, Kepala ...' with the head's name.

        The block stands right after the table's last row, in the name and position columns, and
        is short (eight rows): spreadsheets cannot keep rows together across a page break, so a
        short block right under the table is what keeps it on the page where the table ends in
        all but the rarest case.
        """
        ws = self.ws
        if not self.rows:
            ws.append(["Tidak ada pegawai aktif."])
        last_row = HEADER_ROW + max(self.rows, 1)
        finish_table(ws, header_row=HEADER_ROW, columns=self.columns, last_row=last_row)
        position, name, nip = head or (f"Kepala {self.opd.name}", "", "")
        lines = [
            "",
            f"{region.place_name()}, {tanggal(today)}",
            "Mengetahui,",
            position,
            "",
            "",
            styled(ws, name, font=BOLD) if name else "",
            f"NIP {nip}" if nip else "NIP ......",
        ]
        for line in lines:
            if isinstance(line, str):
                line = text(ws, line) if line else None
            ws.append([None, None, line])
        print_area(ws, columns=self.columns, last_row=last_row + SIGNATURE_ROWS)
