"""What the planning grid shows: one row per employee, one cell per window day.

Reads only; writes go through schedules.services. The number of queries for a page does not grow
with the number of rows (pinned in tests/schedules/test_grid.py).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from opd.models import Employee, Unit
from schedules import coverage
from schedules.models import Assignment, Mode, WindowDay


@dataclass(frozen=True)
class Cell:
    day: WindowDay
    mode: str
    place: str
    version: int
    options: str = ""  # the <option>s of its select, current mode selected (built once per mode)
    pinned: bool = False  # pinned by hand: the auto-planner leaves it as it is

    @property
    def key(self) -> str:
        """The day's id as text: ids printed as numbers go through number localisation."""
        return str(self.day.pk)

    @property
    def is_default(self) -> bool:
        """No assignment row: the employee is on site (WFO) by default."""
        return self.version == 0


@dataclass(frozen=True)
class Row:
    employee: Employee
    cells: list[Cell]

    @property
    def key(self) -> str:
        return str(self.employee.pk)

    @property
    def versions(self) -> str:
        """What the page saw, sent back with every edit so a stale one can be refused."""
        return ",".join(f"{self.employee.pk}:{c.day.pk}:{c.version}" for c in self.cells)


def mode_options(modes: list[str]) -> dict[str, str]:
    """For each mode, the <option> list with that mode selected.

    Built once per page instead of once per cell: a 500-row page has 2,500 cells, and the
    template loop over modes was most of its render time.
    """
    rendered = {}
    for current in Mode.values:
        # A mode the window no longer allows stays visible on the cells that still hold it.
        choices = modes if current in modes else [*modes, current]
        rendered[current] = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((m, mark_safe(" selected") if m == current else "", m) for m in choices),
        )
    return rendered


def build_rows(
    employees: list[Employee], days: list[WindowDay], modes: list[str] | None = None
) -> list[Row]:
    options = mode_options(modes or Mode.values)
    found = {
        (a.employee_id, a.day_id): a
        for a in Assignment.objects.filter(
            employee__in=[e.pk for e in employees], day__in=[d.pk for d in days]
        ).only("employee_id", "day_id", "mode", "wfa_place", "version", "pinned")
    }
    rows = []
    for employee in employees:
        cells = []
        for day in days:
            a = found.get((employee.pk, day.pk))
            cells.append(
                Cell(
                    day=day,
                    mode=a.mode,
                    place=a.wfa_place,
                    version=a.version,
                    options=options[a.mode],
                    pinned=a.pinned,
                )
                if a
                else Cell(day=day, mode=Mode.WFO, place="", version=0, options=options[Mode.WFO])
            )
        rows.append(Row(employee=employee, cells=cells))
    return rows


@dataclass(frozen=True)
class Group:
    """A unit's header (coverage per day) followed by its employees' rows."""

    unit: Unit
    coverage: list[dict]
    rows: list[Row]


def group_rows(rows: list[Row], result: coverage.CoverageResult) -> list[Group]:
    groups: list[Group] = []
    for row in rows:
        unit = row.employee.unit
        if not groups or groups[-1].unit.pk != unit.pk:
            groups.append(Group(unit=unit, coverage=result.unit_summary(unit.pk), rows=[]))
        groups[-1].rows.append(row)
    return groups


def parse_versions(values: list[str]) -> dict[tuple[int, int], int]:
    """'employee:day:version' triples posted by the grid; anything else is a forged post."""
    versions = {}
    for value in values:
        for triple in value.split(","):
            if not triple:
                continue
            try:
                employee_id, day_id, version = (int(x) for x in triple.split(":"))
            except ValueError:
                raise ValidationError(
                    "Data versi pada formulir tidak sah. Muat ulang halaman lalu ulangi."
                ) from None
            versions[(employee_id, day_id)] = version
    return versions
