"""The coordination workbook (rekap rapat koordinasi) of one window: the city, or one OPD.

Sheets: "Ringkasan" (OPD x day matrix), "Rincian per hari", "Layanan Esensial", "Kehadiran"
(reports/documents/summary_sheets.py), then one sheet per OPD with its employee x day matrix
(reports/documents/staff_sheets.py). Every sheet is set up to print on A4.

openpyxl's write-only mode streams each sheet to a temporary file, and employees are read with a
database iterator, so memory stays flat whatever the size of the city. The number of queries does
not depend on the number of OPDs or employees (three per window day with attendance data, for
"Kehadiran"). A file is written under a temporary name and renamed when complete
(jobs.files.atomic_path), so a reader never sees half a workbook.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook

from common import region
from common.xlsx import use_body_font
from jobs.files import atomic_path
from opd.models import Employee, Opd, PositionType, Unit
from reports import figures
from reports.documents import staff_sheets, summary_sheets
from schedules import coverage, selectors
from schedules.selectors import PlanCounts, planned_counts

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Book:
    """What every sheet reads: fetched once, up front, in aggregate queries."""

    window: object
    opd: Opd | None
    days: list
    opds: list[Opd]
    units: list[Unit]
    counts: PlanCounts
    cover: figures.Coverage
    plans: dict
    today: object

    @property
    def scope_label(self) -> str:
        return self.opd.name if self.opd else f"Seluruh kota ({len(self.opds)} OPD)"

    @cached_property
    def day_index(self) -> dict[int, int]:
        return {d.pk: i for i, d in enumerate(self.days)}

    @property
    def staff_total(self) -> int:
        """Active staff in scope, from the counts already fetched (no query)."""
        return sum(self.counts.staff.values())


def filename(window, opd=None) -> str:
    return f"rekap-wfa-{window.slug}{'-' + opd.code if opd else ''}.xlsx"


def read_book(*, window, opd: Opd | None = None) -> Book:
    days = list(window.days.all())
    return Book(
        window=window,
        opd=opd,
        days=days,
        opds=[opd] if opd else list(Opd.objects.order_by("name", "pk")),
        units=list(
            Unit.objects.filter(Q(opd=opd) if opd else Q())
            .select_related("opd")
            .order_by("opd__name", "name", "pk")
        ),
        counts=planned_counts(days, opd=opd),
        cover=figures.Coverage(coverage.compute(window, opd=opd, days=days)),
        plans=selectors.plan_statuses(window, opd=opd),
        today=timezone.localdate(),
    )


def write_workbook(
    out, *, window, opd: Opd | None = None, progress=None, show_places: bool = True
) -> list[str]:
    """Write the workbook to `out` (a path, written atomically, or a binary file object); return
    the sheet names. `progress(done, total, message)` hears of the employees written;
    `show_places=False` leaves out the WFA places (for readers who need not have them)."""
    book = read_book(window=window, opd=opd)
    total = book.staff_total
    if progress is not None:
        progress(0, total, "Menulis lembar ringkasan")
    wb = Workbook(write_only=True)
    use_body_font(wb)
    wb.properties.creator = f"Portal WFA {region.city_name()}"
    wb.properties.title = f"Rekap kerja fleksibel {window.name}"
    taken = {"history"}  # Excel reserves this sheet name
    summary_sheets.write(wb, book, taken)

    def staff_progress(done):
        progress(min(done, total), total, "Menulis lembar per OPD")

    staff_sheets.write(
        wb,
        book,
        taken,
        heads=heads(opd),
        progress=staff_progress if progress else None,
        show_places=show_places,
    )
    if hasattr(out, "write"):
        wb.save(out)
    else:
        with atomic_path(out) as temporary:
            wb.save(temporary)
    return wb.sheetnames


def heads(opd: Opd | None) -> dict[int, tuple[str, str, str]]:
    """The head (the JPT) of each OPD: {opd id: (position, name, NIP)}. One query."""
    found_heads = Employee.objects.active().filter(position_type=PositionType.JPT)
    if opd is not None:
        found_heads = found_heads.filter(unit__opd=opd)
    found: dict[int, tuple[str, str, str]] = {}
    rows = found_heads.order_by("unit__opd_id", "name", "pk").values_list(
        "unit__opd_id", "position_name", "name", "nip"
    )
    for opd_id, position, name, nip in rows:
        # Prefer a "Kepala ..." when an OPD has more than one JPT.
        if opd_id not in found or (
            position.startswith("Kepala") and not found[opd_id][0].startswith("Kepala")
        ):
            found[opd_id] = (position, name, nip)
    return found
