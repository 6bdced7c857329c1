"""The weekly cap of location-flexible days (PermenPANRB No. 4/2025): one implementation.

A week is a calendar week, Monday to Sunday. Its cap is the lowest among the policies of the
windows that have a day in it (a week straddling two windows counts the remote days of both); a
week no policy governs has no cap. An employee's exception covering the week raises their cap to
its days per week. Every path that sets a cell asks this module: the write path (refuse, or skip
and count in bulk), preferences, the planner (a hard constraint), submit and approval (listed per
employee and week) and the command line (`rules_report`).

A rule that writes nothing, so it lives beside the coverage engine (schedules/coverage.py), not
among the services: the planner's loader and the write path both read it.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import TruncWeek

from common.dates import tanggal
from opd.models import Employee
from schedules.models import Assignment, CapException, FlexWindow, Mode, Preference, WindowDay

CHUNK = 2000
MAX_LISTED = 10


def week_of(day: date) -> date:
    """The Monday of the calendar week of `day`."""
    return day - timedelta(days=day.weekday())


def week_label(week: date) -> str:
    """'23 Maret 2026 – 29 Maret 2026'."""
    return f"{tanggal(week)} – {tanggal(week + timedelta(days=6))}"


@dataclass(frozen=True)
class Cap:
    """The cap of one calendar week and the policy it comes from."""

    days: int
    policy: str


@dataclass(frozen=True)
class CapViolation:
    """One employee over the cap in one week."""

    employee: Employee
    week: date
    days: int
    cap: int

    def describe(self) -> str:
        return (
            f"{self.employee.name} ({self.employee.nip}), minggu {week_label(self.week)}: "
            f"{self.days} hari WFH/WFA, batas {self.cap} hari per minggu."
        )


def week_caps(weeks: Iterable[date]) -> dict[date, Cap]:
    """The cap of each of these weeks that a policy governs (one query)."""
    weeks = set(weeks)
    if not weeks:
        return {}
    rows = WindowDay.objects.filter(
        date__range=(min(weeks), max(weeks) + timedelta(days=6)), window__policy__isnull=False
    ).values_list(
        "date",
        "window__policy__weekly_cap",
        "window__policy__location_flex",
        "window__policy__name",
    )
    caps: dict[date, Cap] = {}
    for day, cap, location_flex, name in rows:
        week = week_of(day)
        cap = cap if location_flex else 0
        if week in weeks and (week not in caps or cap < caps[week].days):
            caps[week] = Cap(cap, name)
    return caps


def exception_days(employee_ids: Iterable[int], weeks: Iterable[date]) -> dict[tuple, int]:
    """(employee id, week) -> the days per week an exception allows there (one query)."""
    employee_ids, weeks = set(employee_ids), set(weeks)
    found: dict[tuple, int] = {}
    if not employee_ids or not weeks:
        return found
    rows = CapException.objects.filter(
        starts_on__lte=max(weeks) + timedelta(days=6), ends_on__gte=min(weeks)
    ).values_list("employee_id", "starts_on", "ends_on", "days_per_week")
    if len(employee_ids) <= CHUNK:
        rows = rows.filter(employee_id__in=sorted(employee_ids))
    for employee_id, starts, ends, days in rows:
        if employee_id not in employee_ids:
            continue
        for week in weeks:
            if starts <= week + timedelta(days=6) and ends >= week:
                key = (employee_id, week)
                found[key] = max(found.get(key, 0), days)
    return found


def _remote_dates(
    employee_ids: list[int], weeks: Iterable[date], *, opd_ids=None, except_dates=()
) -> dict[tuple, set[date]]:
    """(employee id, week) -> the dates already planned WFH/WFA in these weeks, any window (a day
    away on leave or travel is not a remote day); `except_dates` left out (a caller that has
    read them already).

    One query: a few employees by id; many (a whole OPD, a city) by the weeks' dates alone, or
    within `opd_ids`, kept here when the employee is asked for. A query per 2,000 ids took
    1.6-5.5 s on a city of 100,000 (issue #31).
    """
    weeks = set(weeks)
    lo, hi = min(weeks), max(weeks) + timedelta(days=6)
    rows = (
        Assignment.objects.remote()
        .not_away()
        .filter(day__date__range=(lo, hi))
        .exclude(day__date__in=sorted(except_dates))
    )
    wanted = set(employee_ids)
    if len(wanted) <= CHUNK:
        rows = rows.filter(employee_id__in=sorted(wanted))
    elif opd_ids is not None:
        rows = rows.filter(employee__unit__opd_id__in=sorted(opd_ids))
    dates: dict[tuple, set[date]] = defaultdict(set)
    for employee_id, day in rows.values_list("employee_id", "day__date"):
        if employee_id in wanted and week_of(day) in weeks:
            dates[(employee_id, week_of(day))].add(day)
    return dates


def _mode_of(row) -> str:
    return Assignment.mode_of(row.mode if row is not None else None)


def _refusal(over: list[tuple], caps) -> ValidationError:
    lines = []
    listed = over[:MAX_LISTED]
    employees = Employee.objects.in_bulk({e for e, _ in listed})  # names, only for a refusal
    for employee_id, week in listed:
        cap = caps[week]
        lines.append(
            f"{employees[employee_id].name} sudah mencapai batas {cap.days} hari WFH/WFA pada "
            f"minggu {week_label(week)} ({cap.policy})."
        )
    lines.append(
        "Hari lain dalam minggu itu tetap WFO. Bila ada tugas khusus atau kondisi pribadi, Kepala "
        "OPD atau BKPSDM dapat memberi pengecualian batas mingguan."
    )
    return ValidationError(lines)


def cells_within_cap(
    *,
    values: Mapping,
    existing: Mapping,
    days: Mapping[int, WindowDay],
    skip: bool,
    opd_ids: Iterable[int] | None = None,
) -> tuple[dict, int]:
    """The cells of a write that keep every employee within the cap, and how many were dropped.

    Only a cell that turns remote (from WFO) can break the cap; cells are taken in date order,
    so a bulk action keeps the first days of a week and skips the rest (`skip`), while a single
    edit is refused with who, which week and the policy. `opd_ids`: the OPDs the cells belong
    to (the planned days of many employees are then read in one query over those OPDs).
    """
    caps = week_caps({week_of(day.date) for day in days.values()})
    turning = [
        (employee_id, day_id)
        for (employee_id, day_id), value in values.items()
        if value.mode != Mode.WFO
        and week_of(days[day_id].date) in caps
        and _mode_of(existing.get((employee_id, day_id))) == Mode.WFO
    ]
    if not turning:
        return dict(values), 0
    employee_ids = sorted({e for e, _ in turning})
    planned = _remote_dates(employee_ids, caps, opd_ids=opd_ids)
    for (employee_id, day_id), value in values.items():
        if value.mode == Mode.WFO:
            planned[(employee_id, week_of(days[day_id].date))].discard(days[day_id].date)
    extra = exception_days(employee_ids, caps)
    dropped, over = set(), []
    for employee_id, day_id in sorted(turning, key=lambda c: (days[c[1]].date, c[0])):
        day = days[day_id].date
        key = (employee_id, week_of(day))
        limit = max(caps[key[1]].days, extra.get(key, 0))
        if day not in planned[key] and len(planned[key]) >= limit:
            dropped.add((employee_id, day_id))
            if key not in over:
                over.append(key)
            continue
        planned[key].add(day)
    if over and not skip:
        raise _refusal(over, caps)
    return {c: v for c, v in values.items() if c not in dropped}, len(dropped)


def preference_within_cap(*, employee: Employee, day: WindowDay) -> None:
    """A wish for a remote day is refused when the week already holds the cap of remote days
    (wishes and planned WFH/WFA together)."""
    week = week_of(day.date)
    cap = week_caps([week]).get(week)
    if cap is None:
        return
    limit = max(cap.days, exception_days([employee.pk], [week]).get((employee.pk, week), 0))
    span = (week, week + timedelta(days=6))
    wished = Preference.objects.filter(employee=employee, day__date__range=span).values_list(
        "day__date", flat=True
    )
    planned = _remote_dates([employee.pk], [week]).get((employee.pk, week), set())
    taken = (set(wished) | planned) - {day.date}
    if len(taken) >= limit:
        raise ValidationError(
            f"Minggu {week_label(week)} sudah berisi {len(taken)} hari WFH/WFA (direncanakan atau "
            f"diinginkan); batasnya {limit} hari per minggu ({cap.policy}). Hapus salah satu "
            "preferensi lain atau minta pengecualian kepada Kepala OPD."
        )


def cap_violations(
    window: FlexWindow, *, opd=None, opd_ids: Iterable[int] | None = None
) -> list[CapViolation]:
    """Every employee over the cap in a week of the window, counting every window's days."""
    weeks = {week_of(d) for d in window.days.values_list("date", flat=True)}
    caps = week_caps(weeks)
    if not caps:
        return []
    rows = (
        Assignment.objects.remote()
        .not_away()
        .filter(
            employee__is_active=True,
            day__date__range=(min(caps), max(caps) + timedelta(days=6)),
        )
        .annotate(week=TruncWeek("day__date"))
        .values("employee_id", "week")
        .annotate(days=Count("day__date", distinct=True))
        .filter(days__gt=min(c.days for c in caps.values()))
    )
    if opd is not None:
        rows = rows.of_opd(opd)
    if opd_ids is not None:
        rows = rows.filter(employee__unit__opd_id__in=list(opd_ids))
    found = []
    for row in rows:
        week = row["week"].date() if hasattr(row["week"], "date") else row["week"]
        if week in caps and row["days"] > caps[week].days:
            found.append((row["employee_id"], week, row["days"]))
    return _with_exceptions(found, caps)


def _with_exceptions(found: list[tuple], caps: dict[date, Cap]) -> list[CapViolation]:
    if not found:
        return []
    extra = exception_days({e for e, _, _ in found}, {w for _, w, _ in found})
    employees = Employee.objects.select_related("unit__opd").in_bulk({e for e, _, _ in found})
    violations = []
    for employee_id, week, days in found:
        limit = max(caps[week].days, extra.get((employee_id, week), 0))
        if days > limit:
            violations.append(CapViolation(employees[employee_id], week, days, limit))
    return sorted(violations, key=lambda v: (v.employee.name, v.week))


def week_allowances(window: FlexWindow, days: list, employee_ids: Iterable[int], *, opd_ids=None):
    """For the planner: the capped weeks of the window (lists of day indices) and, per
    (employee id, week index), the remote days the cap still allows in this window, only where
    it can bind (fewer than the window's days that week). Remote days of other windows count
    (`opd_ids`: the scope the employees come from, None for the whole city)."""
    indices: dict[date, list[int]] = defaultdict(list)
    for j, day in enumerate(days):
        indices[week_of(day.date)].append(j)
    caps = week_caps(indices)
    if not caps:
        return [], {}
    capped = sorted(caps)
    employee_ids = sorted(set(employee_ids))
    # This window's own cells are the planner's to decide (the loader has read them): only the
    # remote days of other windows in these weeks count against the cap here.
    own = {day.date for day in days}
    elsewhere = _remote_dates(employee_ids, capped, opd_ids=opd_ids, except_dates=own)
    outside = {key: len(dates) for key, dates in elsewhere.items()}
    extra = exception_days(employee_ids, capped)
    allowances = {}
    for w, week in enumerate(capped):
        in_window = len(indices[week])
        for employee_id in employee_ids:
            key = (employee_id, week)
            allowed = max(caps[week].days, extra.get(key, 0)) - outside.get(key, 0)
            if allowed < in_window:
                allowances[(employee_id, w)] = max(0, allowed)
    return [indices[week] for week in capped], allowances
