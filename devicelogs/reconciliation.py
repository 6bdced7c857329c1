"""The daily reconciliation of device punches with the plan, per OPD and unit.

For one date and a scope (an OPD, or the city), each active employee who is not away (an
approved absence) is compared with the office machines' punches of that date:

- planned WFO (no Assignment row is WFO; on a working day outside any window everyone is)
  and no punch: `no_punch`;
- planned WFH or WFA and a punch on an office machine: `remote_punch`;
- planned WFO with punches outside the working hours (the day's shift or dynamic hours, else
  the office's usual hours, WFA_OFFICE_HOURS): arrived after the latest start, or left before
  the end (judged only with two punches or more): `outside_hours`.

A head's explanation of a line (devicelogs.Explanation) is shown with it and counted apart.
The monitor, the dashboards and the API read `reconcile` (lines and counts) or `opd_counts`
(the city's counts per OPD): a fixed number of queries whatever the size of the scope.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.conf import settings
from django.db.models import Max, Min
from django.db.models.functions import ExtractHour, ExtractMinute

from absences.models import Absence
from devicelogs.models import Explanation, LineKind, Punch
from opd.models import Employee, Unit
from schedules.holidays import non_working_reason
from schedules.models import Assignment, HoursKind, WindowDay, WorkingHours
from schedules.models.hours import clock

COUNTED = ("staff", "away", "planned_wfo", "punched", *LineKind.values, "explained")


@cache
def _office_hours(text: str) -> tuple[int, int]:
    start, _, end = text.partition("-")

    def minute(part: str) -> int:
        hours, _, minutes = part.strip().replace(".", ":").partition(":")
        return int(hours) * 60 + int(minutes or 0)

    return minute(start), minute(end)


def office_hours() -> tuple[int, int]:
    """The office's usual hours (minutes since midnight) from WFA_OFFICE_HOURS ("07:30-16:00")."""
    return _office_hours(settings.WFA_OFFICE_HOURS)


@dataclass
class Line:
    employee_id: int
    name: str
    nip: str
    unit_id: int
    kind: str
    planned: str
    first_in: int | None  # minutes since midnight, city time
    last_out: int | None
    detail: str = ""
    note: str = ""  # the head's explanation, when given

    @property
    def first_text(self) -> str:
        return clock(self.first_in) if self.first_in is not None else ""

    @property
    def last_text(self) -> str:
        return clock(self.last_out) if self.last_out is not None else ""

    @property
    def label(self) -> str:
        return LineKind(self.kind).label

    @property
    def explained(self) -> bool:
        return bool(self.note)


@dataclass
class Reconciliation:
    on: date
    day: WindowDay | None  # the window day of that date, if any
    working: bool  # a window day, or a working day outside windows
    lines: list[Line] = field(default_factory=list)
    units: dict[int, dict] = field(default_factory=dict)  # unit id -> counts
    totals: dict = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))


def window_day_of(on: date) -> WindowDay | None:
    """The date's window day (the newest window's, as the check-in takes it)."""
    return WindowDay.objects.filter(date=on).select_related("window").order_by("-window_id").first()


def reconcile(on: date, *, opd=None, unit_ids=None, lines: bool = True) -> Reconciliation:
    """Lines and per-unit counts for `on` in the scope: 6 queries (7 on a window day).
    `lines=False` counts only (the city's figures): no names read, no line built."""
    day = window_day_of(on)
    result = Reconciliation(on=on, day=day, working=day is not None or not non_working_reason(on))
    staff = list(
        Employee.objects.active_staff(unit_ids=unit_ids, opd=opd)
        .order_by(*(("unit_id", "name", "pk") if lines else ()))
        .values_list("pk", *(("name", "nip") if lines else ()), "unit_id")
    )
    remote = {}
    hours = {}
    if day is not None:
        remote = dict(
            Assignment.objects.remote_cells([day], unit_ids=unit_ids, opd=opd).values_list(
                "employee_id", "mode"
            )
        )
        hours = {
            row[0]: WorkingHours(**dict(zip(WorkingHours.TIME_FIELDS, row[1:], strict=True)))
            for row in _scoped(WorkingHours.objects.filter(day=day), opd, unit_ids).values_list(
                "employee_id", *WorkingHours.TIME_FIELDS
            )
        }
    away = {row[0] for row in Absence.objects.away_rows([on], unit_ids=unit_ids, opd=opd)}
    # First in and last out as minutes of the day in the city's time, counted by the database
    # (13,800 timestamps converted one by one in Python cost more than the whole query).
    punches = {
        employee_id: (first, last)
        for employee_id, first, last in _scoped(
            Punch.objects.office().filter(day=on), opd, unit_ids
        )
        .values("employee_id")
        .annotate(
            first=ExtractHour(Min("at")) * 60 + ExtractMinute(Min("at")),
            last=ExtractHour(Max("at")) * 60 + ExtractMinute(Max("at")),
        )
        .values_list("employee_id", "first", "last")
    }
    notes = {
        (employee_id, kind): note
        for employee_id, kind, note in _scoped(
            Explanation.objects.filter(date=on), opd, unit_ids
        ).values_list("employee_id", "kind", "note")
    }
    units = result.units
    usual = office_hours()
    for pk, *person, unit_id in staff:
        counts = units.get(unit_id)
        if counts is None:
            counts = units[unit_id] = dict.fromkeys(COUNTED, 0)
        counts["staff"] += 1
        if pk in away:
            counts["away"] += 1
            continue
        planned = remote.get(pk, Assignment.DEFAULT_MODE)
        seen = punches.get(pk)
        if seen:
            counts["punched"] += 1
        if planned == Assignment.DEFAULT_MODE:
            counts["planned_wfo"] += int(result.working)
        if not result.working:
            continue
        kind, detail = _judge(planned, seen, hours.get(pk), usual)
        if kind is None:
            continue
        note = notes.get((pk, kind), "")
        first, last = seen or (None, None)
        if lines:
            name, nip = person
            result.lines.append(
                Line(pk, name, nip, unit_id, kind, planned, first, last, detail, note)
            )
        counts[kind] += 1
        counts["explained"] += bool(note)
    for counts in units.values():
        for key, value in counts.items():
            result.totals[key] += value
    return result


def _scoped(rows, opd, unit_ids):
    """Rows of an employee-linked model narrowed like `active_staff` (active staff only)."""
    rows = rows.filter(employee__is_active=True)
    if unit_ids is not None:
        rows = rows.filter(employee__unit_id__in=unit_ids)
    return rows if opd is None else rows.filter(employee__unit__opd=opd)


def _judge(planned: str, seen, hours: WorkingHours | None, usual) -> tuple[str | None, str]:
    """The line's kind and detail for one employee (None: nothing to look at)."""
    if planned != Assignment.DEFAULT_MODE:
        if seen:
            return LineKind.REMOTE_PUNCH, f"terekam {clock(seen[0])}"
        return None, ""
    if not seen:
        return LineKind.NO_PUNCH, ""
    arrived, left = seen
    if hours is None:
        latest_start, end = usual
    elif hours.kind == HoursKind.SHIFT:
        latest_start, end = hours.start_minute, hours.end_minute
    else:
        latest_start = hours.latest_start
        end = min(hours.end_minute, arrived + (hours.required_minutes or 0))
    problems = []
    if arrived > latest_start:
        problems.append(f"datang {clock(arrived)} (batas {clock(latest_start)})")
    if left > arrived and left < end:  # one punch (or one minute): leaving is not judged
        problems.append(f"pulang {clock(left)} (selesai {clock(end)})")
    if problems:
        return LineKind.OUTSIDE_HOURS, "; ".join(problems)
    return None, ""


def unit_names(unit_ids) -> dict[int, str]:
    return dict(Unit.objects.filter(pk__in=list(unit_ids)).values_list("pk", "name"))


def opd_counts(on: date, *, opds=None) -> dict[int, dict]:
    """The city's counts per OPD id for `on` (the city monitor, the dashboards, the API)."""
    result = reconcile(on, lines=False)
    opd_of = dict(Unit.objects.filter(pk__in=list(result.units)).values_list("pk", "opd_id"))
    found: dict[int, dict] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    for unit_id, counts in result.units.items():
        target = found[opd_of[unit_id]]
        for key, value in counts.items():
            target[key] += value
    if opds is not None:
        wanted = {o if isinstance(o, int) else o.pk for o in opds}
        return {k: v for k, v in found.items() if k in wanted}
    return dict(found)
