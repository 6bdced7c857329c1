"""What the planning grid shows: one row per employee, one cell per window day.

Reads only; writes go through schedules.services. The number of queries for a page does not grow
with the number of rows (pinned in tests/schedules/test_grid.py).
"""

from dataclasses import dataclass
from datetime import timedelta
from html import escape  # the standard one: Django's lazy-aware wrapper costs per call here

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from absences.models import away_cells, short_label
from common.dates import tanggal
from eligibility.models import restricted_cells
from opd.models import Employee, Unit
from schedules import coverage
from schedules.models import Assignment, CoverageRule, Mode, WindowDay, WorkPattern
from schedules.models.bulk import WEEKDAYS

SOURCES_LISTED = 8


@dataclass(frozen=True, slots=True)
class Cell:
    key: str  # the day's id as text (ids printed as numbers go through number localisation)
    mode: str
    place: str
    version: int
    options: str = ""  # the <option>s of its select, current mode selected (built once per mode)
    pinned: bool = False  # pinned by hand: the auto-planner leaves it as it is
    away: str = ""  # the absence kind on this day (an approved absence): shown, never set
    locked: str = ""  # why this day is WFO only (a restriction runs): WFO is the one choice

    @property
    def is_default(self) -> bool:
        """No assignment row: the employee is on site (WFO) by default."""
        return self.version == 0


@dataclass(frozen=True, slots=True)
class Row:
    employee: Employee
    key: str  # the employee's id as text
    cells: list[Cell]
    patterns: str = ""  # their repeating remote days, e.g. "WFH Jum"

    @property
    def versions(self) -> str:
        """What the page saw, sent back with every edit so a stale one can be refused."""
        return ",".join(f"{self.key}:{c.key}:{c.version}" for c in self.cells)


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
    """One row per employee, one cell per day, from three queries (tuples, not model instances):
    the assignments, the approved absences, whose days show the absence instead of a mode, and
    the restrictions, whose days offer WFO only and say why (eligibility.models)."""
    options = mode_options(modes or Mode.values)
    wfo_only = mode_options([Mode.WFO])
    found = {
        (employee_id, day_id): rest
        for employee_id, day_id, *rest in Assignment.objects.filter(
            employee__in=[e.id for e in employees], day__in=[d.id for d in days]
        ).values_list("employee_id", "day_id", "mode", "wfa_place", "version", "pinned")
    }
    away = away_cells(days, employee_ids=[e.id for e in employees]) if employees else {}
    locked = restricted_cells(days, employee_ids=[e.id for e in employees]) if employees else {}
    patterns = _patterns([e.id for e in employees])
    day_keys = [(d.id, str(d.id)) for d in days]
    # A day without a row is WFO by default: one shared cell per day serves every such row.
    mode, place = Assignment.value_of(None)
    default = {day_id: Cell(key, mode, place, 0, options[mode]) for day_id, key in day_keys}
    rows = []
    for employee in employees:
        cells = []
        for day_id, key in day_keys:
            a = found.get((employee.id, day_id))
            cell = Cell(key, a[0], a[1], a[2], options[a[0]], a[3]) if a else default[day_id]
            if (employee.id, day_id) in away:
                cell = Cell(key, cell.mode, "", cell.version, away=away[(employee.id, day_id)])
            elif (employee.id, day_id) in locked:
                why = locked[(employee.id, day_id)]
                cell = Cell(key, cell.mode, cell.place, cell.version, wfo_only[cell.mode],
                            cell.pinned, locked=why)  # fmt: skip
            cells.append(cell)
        rows.append(
            Row(
                employee=employee,
                key=str(employee.id),
                cells=cells,
                patterns=patterns.get(employee.id, ""),
            )
        )
    return rows


def _patterns(employee_ids: list[int]) -> dict[int, str]:
    """Each employee's repeating remote days, short: 'WFH Sen, WFA Jum' (one query)."""
    found: dict[int, list[str]] = {}
    for employee_id, weekday, mode in (
        WorkPattern.objects.filter(employee_id__in=employee_ids)
        .order_by("employee_id", "weekday")
        .values_list("employee_id", "weekday", "mode")
    ):
        found.setdefault(employee_id, []).append(f"{mode} {WEEKDAYS[weekday][:3]}")
    return {e: ", ".join(parts) for e, parts in found.items()}


def copy_sources(window, days: list[WindowDay]) -> list[tuple[str, str]]:
    """What the copy action offers: the latest calendar weeks with window days before this
    window's last week, then the latest other windows (one query)."""
    if not days:
        return []
    last = max(d.date for d in days)
    last_week = last - timedelta(days=last.weekday())
    weeks: list = []
    windows: dict[int, str] = {}
    for day, window_id, name in (
        WindowDay.objects.filter(date__lt=last_week + timedelta(days=7))
        .order_by("-date")
        .values_list("date", "window_id", "window__name")
    ):
        monday = day - timedelta(days=day.weekday())
        if monday < last_week and monday not in weeks and len(weeks) < SOURCES_LISTED:
            weeks.append(monday)
        if window_id != window.pk and window_id not in windows and len(windows) < SOURCES_LISTED:
            windows[window_id] = name
    return [
        (f"minggu:{monday.isoformat()}", f"Minggu {tanggal(monday)} – "
         f"{tanggal(monday + timedelta(days=6))}")
        for monday in weeks
    ] + [(f"periode:{pk}", f"Periode {name}") for pk, name in windows.items()]  # fmt: skip


@dataclass(frozen=True)
class Group:
    """A unit's header (coverage per day) followed by its employees' rows, built as HTML."""

    unit: Unit
    coverage: list[dict]
    rows: list[Row]
    html: SafeString = SafeString("")


def group_rows(
    rows: list[Row],
    result: coverage.CoverageResult,
    *,
    can_edit: bool = False,
    show_places: bool = False,
    oob: bool = False,
) -> list[Group]:
    """Consecutive rows of one unit under that unit's coverage; the rows rendered in Python.

    A template include per row cost about 0.5 ms a row (most of a 500-row page's time), so the
    rows are built here from pre-escaped pieces; the unit headers stay in the template.
    """
    runs: list[list[Row]] = []
    for row in rows:
        if not runs or runs[-1][0].employee.unit_id != row.employee.unit_id:
            runs.append([])
        runs[-1].append(row)
    checks = result.by_unit_day()  # grouped once, not once per unit
    return [
        Group(
            unit=run[0].employee.unit,
            coverage=_unit_summary(checks, result.days, run[0].employee.unit_id),
            rows=run,
            html=mark_safe(
                "".join(
                    row_html(r, can_edit=can_edit, show_places=show_places, oob=oob) for r in run
                )
            ),
        )
        for run in runs
    ]


def _unit_summary(checks: dict, days: list[WindowDay], unit_id: int) -> list[dict]:
    """Per day: the unit's worst shortfall and its checks (as CoverageResult.unit_summary)."""
    summary = []
    for day in days:
        found = checks.get((unit_id, day.pk), [])
        shortfall = max((c.shortfall for c in found), default=0)
        summary.append({"day": day, "checks": found, "shortfall": shortfall, "ruled": bool(found)})
    return summary


OOB = ' hx-swap-oob="true"'
KNOWN_MODES = frozenset(Mode.values)
WFA = Mode.WFA.value
PIN_BADGE = (
    '<span class="badge text-bg-dark float-end" '
    'title="Dikunci manual: usulan otomatis tidak mengubahnya">kunci</span>'
)


def row_html(row: Row, *, can_edit: bool, show_places: bool, oob: bool = False) -> str:
    """One employee's <tr>: the name (sticky, with its bulk checkbox), position, and the cells."""
    employee, key = row.employee, row.key
    pick = (
        f'<input class="form-check-input me-1" type="checkbox" name="employees" value="{key}"'
        f' form="bulk" aria-labelledby="n{key}">'
        if can_edit
        else ""
    )
    why = next((c.locked for c in row.cells if c.locked), "")
    only_wfo = (
        f' <span class="badge text-bg-secondary" title="Hanya WFO: {escape(why)}">hanya WFO</span>'
        if why
        else ""
    )
    cells = "".join(
        cell_html(key, c, can_edit=can_edit, show_places=show_places) for c in row.cells
    )
    pattern = (
        f' <span class="badge text-bg-info" title="Pola berulang">pola: {escape(row.patterns)}'
        "</span>"
        if row.patterns
        else ""
    )
    return (
        f'<tr id="row-{key}" data-employee="{key}"{OOB if oob else ""}'
        f' data-unit="{employee.unit_id}">'
        f'<th scope="row" class="fw-normal grid-name" id="n{key}">{pick}'
        f'<input type="hidden" name="versions" value="{row.versions}" form="bulk">'
        f'{escape(employee.name)} <code class="small text-muted">{escape(employee.nip)}</code>'
        f"{only_wfo}{pattern}</th>"
        f'<td class="small">{escape(employee.position_name)}</td>{cells}</tr>'
    )


def cell_html(row_key: str, cell: Cell, *, can_edit: bool, show_places: bool) -> str:
    """A day's cell: coloured by mode, and the mode always written (a select or bold text); a
    day away shows the absence and no control (it cannot be set)."""
    if cell.away:
        label = short_label(cell.away)
        return (
            f'<td data-day="{cell.key}" class="mode-away" data-away="{cell.away}">'
            f'<span class="badge text-bg-light border" title="Ketidakhadiran yang disetujui: '
            f'jadwal hari ini tidak dapat diubah">{label}</span></td>'
        )
    mode = cell.mode if cell.mode in KNOWN_MODES else escape(cell.mode)
    if can_edit:
        body = (
            f'<select class="form-select form-select-sm" aria-labelledby="n{row_key} '
            f'd{cell.key}">{cell.options}</select>'
        )
        if cell.mode == WFA:
            body += (
                '<input class="form-control form-control-sm mt-1" name="wfa_place" '
                f'value="{escape(cell.place)}" maxlength="200" placeholder="Tempat WFA" '
                'aria-label="Tempat WFA">'
            )
    else:
        body = f"<strong>{mode}</strong>"
        if cell.place and show_places:
            body += f' <span class="small">{escape(cell.place)}</span>'
    pin = PIN_BADGE if cell.pinned else ""
    if cell.locked:
        why = escape(cell.locked)
        lock = (
            f'<span class="badge text-bg-secondary d-block mt-1" title="Hanya WFO: {why}">'
            f'hanya WFO<span class="visually-hidden">: {why}</span></span>'
        )
        return (
            f'<td data-day="{cell.key}" class="mode-{mode} cell-locked" data-locked="{why}">'
            f"{pin}{body}{lock}</td>"
        )
    return f'<td data-day="{cell.key}" class="mode-{mode}">{pin}{body}</td>'


@dataclass(frozen=True)
class Shortfall:
    """One rule short in one unit, with every day it is short (one line, not one per day)."""

    unit: Unit
    rule: CoverageRule
    checks: list[coverage.Check]
    days_text: str  # "Sen, 24 Mar (perlu 1 di kantor, rencana 0); Sel, 25 Mar (...)"


def group_shortfalls(violations: list[coverage.Check]) -> list[Shortfall]:
    """Shortfalls by unit and rule, in unit-name order, days in window order."""
    grouped: dict[tuple[int, int], list[coverage.Check]] = {}
    for check in violations:
        grouped.setdefault((check.unit.pk, check.rule.pk), []).append(check)
    days = {c.day.pk: c.day for c in violations}
    labels = {pk: date_format(day.date, "D, j M") for pk, day in days.items()}  # once a day
    found = []
    for checks in grouped.values():
        checks.sort(key=lambda c: c.day.date)
        text = "; ".join(
            f"{labels[c.day.pk]} (perlu {c.required} di kantor, rencana {c.planned})"
            for c in checks
        )
        found.append(
            Shortfall(unit=checks[0].unit, rule=checks[0].rule, checks=checks, days_text=text)
        )
    return sorted(found, key=lambda s: (s.unit.name, s.unit.pk, s.rule.name, s.rule.pk))


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
