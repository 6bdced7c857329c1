"""The coordination workbook (rekap rapat koordinasi) of one window: the city, or one OPD.

Sheets: "Ringkasan" (per OPD and day: modes, plan status, coverage), "Layanan Esensial" (every
essential unit per day), "Kehadiran" (check-ins and daily reports per OPD and day, where there are
any), then one sheet per OPD with its employee x day matrix (reports/staff_sheets.py).

openpyxl's write-only mode streams each sheet to a temporary file, and employees are read with a
database iterator, so memory stays flat whatever the size of the city. The number of queries does
not depend on the number of OPDs or employees (three per window day with attendance data, for
"Kehadiran").
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook

from attendance import summary
from attendance.models import CheckIn, DailyReport
from opd.dates import tanggal
from opd.models import Employee, Opd, PositionType, ServiceCategory, Unit
from reports import figures, staff_sheets
from reports.xlsx import TITLE, finish_table, header_row, start_table, styled, text
from schedules import coverage

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 5  # rows 1-3 say what the sheet is, row 4 is blank
PERCENT = "0.0%"


@dataclass
class Book:
    """What every sheet reads: fetched once, up front, in aggregate queries."""

    window: object
    opd: Opd | None
    days: list
    opds: list[Opd]
    units: list[Unit]
    counts: figures.PlanCounts
    cover: figures.Coverage
    plans: dict
    today: object

    @property
    def scope_label(self) -> str:
        return self.opd.name if self.opd else f"Seluruh kota ({len(self.opds)} OPD)"


def filename(window, opd=None) -> str:
    return f"rekap-wfa-{window.slug}{'-' + opd.code if opd else ''}.xlsx"


def write_workbook(out, *, window, opd: Opd | None = None) -> list[str]:
    """Write the workbook to `out` (a path or a binary file object); return the sheet names."""
    days = list(window.days.all())
    book = Book(
        window=window,
        opd=opd,
        days=days,
        opds=[opd] if opd else list(Opd.objects.order_by("name", "pk")),
        units=list(
            Unit.objects.filter(Q(opd=opd) if opd else Q())
            .select_related("opd")
            .order_by("opd__name", "name", "pk")
        ),
        counts=figures.plan_counts(days, opd=opd),
        cover=figures.Coverage(coverage.compute(window, opd=opd, days=days)),
        plans=figures.plan_statuses(window, opd=opd),
        today=timezone.localdate(),
    )
    wb = Workbook(write_only=True)
    wb.properties.creator = "Portal WFA Kota Palembang"
    wb.properties.title = f"Rekap kerja fleksibel {window.name}"
    taken = {"history"}  # Excel reserves this sheet name
    _summary_sheet(wb, book, taken)
    _essential_sheet(wb, book, taken)
    _attendance_sheet(wb, book, taken)
    staff_sheets.write(wb, book, taken, heads=_heads(opd))
    wb.save(out)
    return wb.sheetnames


def _titled(wb, book, title: str, heading: str, taken: set[str]):
    taken.add(title.lower())
    ws = wb.create_sheet(title)
    return ws, [
        [styled(ws, heading, font=TITLE)],
        [text(ws, f"{book.window.name} · {book.window.legal_basis}")],
        [text(ws, f"{book.scope_label} · dibuat {tanggal(book.today)}")],
        [],
    ]


def _summary_sheet(wb, book: Book, taken: set[str]) -> None:
    ws, top = _titled(wb, book, "Ringkasan", "Ringkasan pemetaan kerja per OPD dan hari", taken)
    labels = ["OPD", "Hari", "Pegawai aktif", "WFO", "WFH", "WFA"]
    labels += ["Status rencana", "Status layanan esensial", "Aturan yang kurang"]
    start_table(ws, [42, 24, 10, 10, 10, 10, 26, 24, 12], header_row=HEADER_ROW)
    for row in top:
        ws.append(row)
    ws.append(header_row(ws, labels))
    unit_ids: dict[int, list[int]] = {}
    for unit in book.units:
        unit_ids.setdefault(unit.opd_id, []).append(unit.pk)
    rows = 0
    for opd in book.opds:
        status = figures.status_label(figures.status_of(book.plans, opd.pk))
        for day in book.days:
            counts = book.counts.total(unit_ids.get(opd.pk, []), day.pk)
            ws.append(
                [
                    text(ws, opd.name),
                    tanggal(day.date, weekday=True),
                    counts.staff,
                    counts.wfo,
                    counts.wfh,
                    counts.wfa,
                    status,
                    book.cover.opd_label(opd.pk, day.pk),
                    book.cover.unmet(opd.pk, day.pk),
                ]
            )
            rows += 1
    finish_table(ws, header_row=HEADER_ROW, columns=len(labels), last_row=HEADER_ROW + rows)


def _essential_sheet(wb, book: Book, taken: set[str]) -> None:
    ws, top = _titled(
        wb, book, "Layanan Esensial", "Layanan esensial: wajib di kantor dan rencana", taken
    )
    labels = ["OPD", "Unit", "Kategori layanan", "Hari", "Pegawai aktif", "Rencana di kantor"]
    labels += ["Wajib di kantor (minimal)", "Status", "Rincian aturan"]
    start_table(ws, [30, 36, 30, 24, 10, 12, 14, 14, 80], header_row=HEADER_ROW)
    for row in top:
        ws.append(row)
    ws.append(header_row(ws, labels))
    rows = 0
    for unit in book.units:
        if not unit.is_essential:
            continue
        for day in book.days:
            status = book.cover.unit_day(unit.pk, day.pk)
            counts = book.counts.unit_day(unit.pk, day.pk)
            ws.append(
                [
                    text(ws, unit.opd.name),
                    text(ws, unit.name),
                    ServiceCategory(unit.service_category).label,
                    tanggal(day.date, weekday=True),
                    counts.staff,
                    counts.wfo,
                    status.required,
                    status.label(),
                    text(ws, status.details()),
                ]
            )
            rows += 1
    finish_table(ws, header_row=HEADER_ROW, columns=len(labels), last_row=HEADER_ROW + rows)


def _attendance_sheet(wb, book: Book, taken: set[str]) -> None:
    ws, top = _titled(wb, book, "Kehadiran", "Presensi dan laporan kerja per OPD dan hari", taken)
    labels = ["OPD", "Hari", "Pegawai aktif", "Presensi masuk", "Kepatuhan presensi"]
    labels += ["Presensi WFO", "Ditandai", "Belum presensi", "Laporan dikirim", "Laporan diterima"]
    start_table(ws, [42, 24, 10, 10, 12, 10, 10, 10, 10, 10], header_row=HEADER_ROW)
    for row in top:
        ws.append(row)
    ws.append(header_row(ws, labels))
    rows = 0
    for day in _days_with_activity(book):
        per_opd = summary.opd_day_figures(book.window, day, opd=book.opd)
        for opd in book.opds:
            f = per_opd.get(opd.pk)
            if f is None:
                continue
            ws.append(
                [
                    text(ws, opd.name),
                    tanggal(day.date, weekday=True),
                    f["staff"],
                    f["checked_in"],
                    styled(ws, f["compliance"], number_format=PERCENT),
                    f["checked_in_onsite"],
                    f["flagged"],
                    max(0, f["staff"] - f["checked_in"]),
                    f["reports_filed"],
                    f["reports_accepted"],
                ]
            )
            rows += 1
    if not rows:
        ws.append(["Belum ada data presensi atau laporan kerja pada periode ini."])
        return
    finish_table(ws, header_row=HEADER_ROW, columns=len(labels), last_row=HEADER_ROW + rows)


def _days_with_activity(book: Book) -> list:
    """The window days with any check-in or daily report in scope (two small queries): the
    figures of the other days are all zeros, not worth three aggregates each."""
    scope = Q(day__in=[d.pk for d in book.days])
    if book.opd is not None:
        scope &= Q(employee__unit__opd=book.opd)
    active = set(CheckIn.objects.filter(scope).values_list("day_id", flat=True).distinct())
    active |= set(DailyReport.objects.filter(scope).values_list("day_id", flat=True).distinct())
    return [d for d in book.days if d.pk in active]


def _heads(opd: Opd | None) -> dict[int, tuple[str, str, str]]:
    """The head (the JPT) of each OPD: {opd id: (position, name, NIP)}. One query."""
    heads = Employee.objects.active().filter(position_type=PositionType.JPT)
    if opd is not None:
        heads = heads.filter(unit__opd=opd)
    found: dict[int, tuple[str, str, str]] = {}
    rows = heads.order_by("unit__opd_id", "name", "pk").values_list(
        "unit__opd_id", "position_name", "name", "nip"
    )
    for opd_id, position, name, nip in rows:
        # Prefer a "Kepala ..." when an OPD has more than one JPT.
        if opd_id not in found or (
            position.startswith("Kepala") and not found[opd_id][0].startswith("Kepala")
        ):
            found[opd_id] = (position, name, nip)
    return found
