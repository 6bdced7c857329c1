"""The e-Kinerja daily-progress file: accepted daily reports, one row per output, in the layout
the community importers read (reports/ekinerja_layout.json, or WFA_EKINERJA_LAYOUT_FILE).

There is no public e-Kinerja API: the portal hands the employee a file and never asks for, stores
or uses e-Kinerja credentials, and never drives BKN's site. The layout is data, so when BKN
renames, adds or reorders a column an admin edits the JSON; nothing here names a column.

Times: the output's own jam mulai/selesai; else the day's check-in and check-out (WIB); else the
layout's default hours. One query for the rows (check-in times as subqueries), streamed.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from openpyxl import Workbook

from attendance.models import CheckIn, OutputItem, ReportStatus
from common.xlsx import header_row, start_table, text, use_body_font

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT = Path(__file__).with_name("ekinerja_layout.json")
SOURCES = {
    "rencana_aksi",
    "rhk",
    "tanggal",
    "jam_mulai",
    "jam_selesai",
    "kegiatan",
    "realisasi",
    "satuan",
    "bukti_dukung",
    "nip",
    "nama",
}
TYPES = {"text", "number"}


@dataclass(frozen=True)
class Column:
    header: str
    source: str
    type: str = "text"
    format: str = ""


@dataclass(frozen=True)
class Layout:
    sheet: str
    columns: tuple[Column, ...]
    opd_prefix: tuple[Column, ...]
    start: time
    end: time


def _columns(items) -> tuple[Column, ...]:
    columns = tuple(Column(**item) for item in items)
    for column in columns:
        if column.source not in SOURCES or column.type not in TYPES:
            raise ValueError(f"kolom {column.header!r}: sumber atau jenis tidak dikenal")
    return columns


@cache
def _load(path: str) -> Layout:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    hours = data.get("default_hours", {})
    return Layout(
        sheet=data.get("sheet", "Progres Harian")[:31],
        columns=_columns(data["columns"]),
        opd_prefix=_columns(data.get("opd_prefix", [])),
        start=time.fromisoformat(hours.get("start", "07:30")),
        end=time.fromisoformat(hours.get("end", "16:00")),
    )


def layout() -> Layout:
    return _load(str(settings.WFA_EKINERJA_LAYOUT_FILE or DEFAULT))


def month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
    return first, date.fromordinal(last)


FIELDS = (
    "action_plan__text",
    "action_plan__rhk",
    "report__day__date",
    "started_at",
    "ended_at",
    "checked_in_at",
    "checked_out_at",
    "description",
    "quantity",
    "unit_of_measure",
    "evidence_url",
    "report__employee__nip",
    "report__employee__name",
    "report__employee_id",
)


def outputs(*, year: int, month: int, **staff):
    """The outputs of accepted reports of the month for the staff matching `staff` (Employee
    lookups: pk=... for one employee, unit__opd=... for an OPD), in date and name order, as
    tuples of FIELDS (a month of a large OPD is tens of thousands of rows: no model instances)."""
    first, last = month_range(year, month)
    check_in = CheckIn.objects.filter(
        employee_id=OuterRef("report__employee_id"), day_id=OuterRef("report__day_id")
    )
    return (
        OutputItem.objects.filter(
            report__status=ReportStatus.ACCEPTED,
            report__day__date__gte=first,
            report__day__date__lte=last,
            **{f"report__employee__{k}": v for k, v in staff.items()},
        )
        .annotate(
            checked_in_at=Subquery(check_in.values("checked_in_at")[:1]),
            checked_out_at=Subquery(check_in.values("checked_out_at")[:1]),
        )
        .order_by("report__day__date", "report__employee__name", "report__employee_id", "pk")
        .values_list(*FIELDS)
    )


def _local_time(moment: datetime | None) -> time | None:
    return timezone.localtime(moment).time().replace(second=0, microsecond=0) if moment else None


def _values(row: tuple, lay: Layout) -> dict:
    (plan, rhk, day, start, end, checked_in, checked_out, description, quantity, unit, url, nip,
     name, _) = row  # fmt: skip
    return {
        "rencana_aksi": plan or "",
        "rhk": rhk or "",
        "tanggal": day,
        "jam_mulai": start or _local_time(checked_in) or lay.start,
        "jam_selesai": end or _local_time(checked_out) or lay.end,
        "kegiatan": description,
        "realisasi": quantity,
        "satuan": unit,
        "bukti_dukung": url,
        "nip": nip,
        "nama": name,
    }


def _cell(ws, column: Column, value):
    if column.type == "number":
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value
    if column.format and isinstance(value, date | time):
        return text(ws, value.strftime(column.format))
    return text(ws, value)


PROGRESS_EVERY = 5000  # rows between two progress reports of the OPD's job


def workbook(items, *, per_opd: bool = False, out=None, progress=None) -> tuple[bytes, list[int]]:
    """The file (bytes, or written to `out`, a path, when given), and the ids of the employees
    whose outputs it holds (for the read log). `progress(done, total, message)` hears how far."""
    lay = layout()
    columns = (*lay.opd_prefix, *lay.columns) if per_opd else lay.columns
    wb = Workbook(write_only=True)
    use_body_font(wb)
    ws = wb.create_sheet(lay.sheet)
    start_table(ws, [max(12, min(len(c.header) + 4, 40)) for c in columns], header_row=1)
    ws.append(header_row(ws, [c.header for c in columns]))
    employees = set()
    total = items.count() if progress is not None else 0
    for done, row in enumerate(items.iterator(chunk_size=2000), 1):
        values = _values(row, lay)
        employees.add(row[-1])
        ws.append([_cell(ws, c, values[c.source]) for c in columns])
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total, f"{done:,} dari {total:,} keluaran".replace(",", "."))
    if out is not None:
        wb.save(out)
        return b"", sorted(employees)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), sorted(employees)


def filename(year: int, month: int, who: str) -> str:
    return f"ekinerja-progres-harian-{who}-{year}-{month:02d}.xlsx"
