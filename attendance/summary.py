"""What happened, added up: read-only aggregates of check-ins and daily reports against the plan.

The live monitor, the weekly summary and the `reports` app all read these. Each function runs a
fixed number of aggregate queries (three or four) whatever the number of employees, and adds up in
memory.

Conventions shared by every function:
- Only active staff count (`Employee.is_active`), in the unit they belong to now; check-ins and
  reports of staff who have since been deactivated are left out, so `checked_in <= staff`.
- The planned mode of an employee on a day is their Assignment's mode, or WFO when there is no
  Assignment row (schedules/models/assignments.py): every active employee is planned every day.
- `opd` narrows to one OPD (an `Opd` or its pk); None means the whole city. Scoping to what a user
  may see is the caller's job (opd/access.py).
- Every unit (or OPD) in scope has a key, with zeros when nothing happened there.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q

from absences.models import Absence
from attendance.models import CheckIn, DailyReport, Flag, ReportStatus
from opd.models import Employee, Opd, Unit
from schedules.models import FlexWindow, Mode, WindowDay
from schedules.selectors import PlanCounts, planned_remote

FLAG_CODES = list(Flag.values)
ACTIVITY_KEYS = [
    "checked_in",
    "checked_in_onsite",
    "flagged",
    "reports_filed",
    "reports_accepted",
    "reports_waiting",
    "reports_returned",
]


def _has_flag(code: str) -> Q:
    """Check-ins carrying this flag code.

    PostgreSQL tests jsonb containment (cheap); SQLite has no JSON `contains`, so it matches the
    quoted code in the JSON text, which is exact because no flag code contains another.
    """
    if connection.vendor == "postgresql":
        return Q(flags__contains=[code])
    return Q(flags__icontains=f'"{code}"')


def _check_in_counts() -> dict:
    """Check-ins, of which WFO, flagged, and one count per flag code."""
    counts = {
        "checked_in": Count("pk"),
        "checked_in_onsite": Count("pk", filter=Q(mode=Mode.WFO)),
        "flagged": Count("pk", filter=~Q(flags=[])),
    }
    for code in FLAG_CODES:
        counts[f"flag_{code}"] = Count("pk", filter=_has_flag(code))
    return counts


def _report_counts() -> dict:
    return {
        "reports_filed": Count("pk"),
        "reports_accepted": Count("pk", filter=Q(status=ReportStatus.ACCEPTED)),
        "reports_waiting": Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
        "reports_returned": Count("pk", filter=Q(status=ReportStatus.RETURNED)),
    }


def _zero_activity() -> dict:
    return dict.fromkeys(ACTIVITY_KEYS, 0) | {"flags": dict.fromkeys(FLAG_CODES, 0)}


def _add_activity(target: dict, row: dict) -> None:
    for key, value in row.items():
        if key.startswith("flag_"):
            target["flags"][key.removeprefix("flag_")] += value
        elif key in ACTIVITY_KEYS:
            target[key] += value


def _activity(scope: Q, *group_by: str):
    """Rows of check-in counts, then rows of report counts, grouped by `group_by` (2 queries)."""
    for model, counts in ((CheckIn, _check_in_counts()), (DailyReport, _report_counts())):
        yield from model.objects.filter(scope).values(*group_by).annotate(**counts).order_by()


def _check_day(window: FlexWindow, day: WindowDay) -> None:
    if day.window_id != window.pk:
        raise ValueError(f"{day} is not a day of {window}")


def unit_day_figures(window: FlexWindow, day: WindowDay, *, opd=None) -> dict[int, dict]:
    """Per unit id, one window day's plan against what happened.

    Keys of each unit's dict:
    - "staff": active staff of the unit;
    - "planned_onsite": active staff planned WFO that day (no Assignment row counts as WFO);
    - "planned_wfh", "planned_wfa": active staff planned WFH / WFA;
    - "checked_in": check-ins that day; "checked_in_onsite": of which declared WFO;
    - "flagged": check-ins with at least one flag; "flags": {Flag code: check-ins with it};
    - "away": active staff on leave, official travel or training that day (approved absences);
    - "not_yet": staff expected (everyone active and not away) without a check-in
      = staff - away - checked_in;
    - "reports_filed": daily reports filed (any status); "reports_accepted": accepted;
      "reports_waiting": awaiting review; "reports_returned": returned for revision.

    Four queries: units with staff counts, remote assignments (schedules.selectors, the one
    count of who is planned on site), check-ins, reports.
    """
    _check_day(window, day)
    figures = _unit_plan(day, opd)
    scope = Q(employee__is_active=True, day=day)
    if opd is not None:
        scope &= Q(employee__unit__opd=opd)
    for row in _activity(scope, "employee__unit_id"):
        unit = figures.get(row.pop("employee__unit_id"))
        if unit is not None:
            _add_activity(unit, row)
    for unit in figures.values():
        unit["not_yet"] = max(0, unit["staff"] - unit["away"] - unit["checked_in"])
    return figures


def _unit_plan(day: WindowDay, opd) -> dict[int, dict]:
    """Every unit in scope (with zeros when it has no staff) with its planned modes on the day
    and zero activity: two queries. The units' query counts their active staff itself, so that
    a unit without staff keeps its key without a third query; the remote cells and the on-site
    rule (`Counts.wfo`) are schedules.selectors'."""
    units = Unit.objects.all() if opd is None else Unit.objects.filter(opd=opd)
    staff = units.annotate(n=Count("employees", filter=Q(employees__is_active=True))).values_list(
        "pk", "n"
    )
    plan = PlanCounts(staff=dict(staff.order_by()), remote=planned_remote([day], opd=opd))
    figures = {}
    for unit_id in plan.staff:
        counts = plan.unit_day(unit_id, day.pk)
        figures[unit_id] = {
            "staff": counts.staff,
            "planned_onsite": counts.wfo,
            "planned_wfh": counts.wfh,
            "planned_wfa": counts.wfa,
            "away": counts.away,
        } | _zero_activity()
    return figures


def unit_day_activity(window: FlexWindow, day: WindowDay, *, opd=None) -> dict[int, dict]:
    """Per unit id, one window day's check-ins and reports only (the activity keys of
    `unit_day_figures`): two queries, for a caller that has the plan's counts already."""
    _check_day(window, day)
    scope = Q(employee__is_active=True, day=day)
    if opd is not None:
        scope &= Q(employee__unit__opd=opd)
    figures: dict[int, dict] = defaultdict(_zero_activity)
    for row in _activity(scope, "employee__unit_id"):
        _add_activity(figures[row.pop("employee__unit_id")], row)
    return dict(figures)


def _opd_staff(opd) -> dict[int, int]:
    opds = Opd.objects.all() if opd is None else Opd.objects.filter(pk=getattr(opd, "pk", opd))
    counts = opds.annotate(n=Count("units__employees", filter=Q(units__employees__is_active=True)))
    return dict(counts.values_list("pk", "n").order_by())


def _opd_totals(staff: int, days: int) -> dict:
    return {"staff": staff, "days": days, "staff_days": staff * days, "away_days": 0} | (
        _zero_activity()
    )


def away_days(days, opd) -> dict[tuple[int, int], int]:
    """{(OPD id, day id): active staff away that day (an approved absence)}: one query (none
    without days). Nobody is expected to check in on a day away, so the compliance denominators
    leave those staff-days out."""
    days = list(days)
    if not days:
        return {}
    rows = Absence.objects.approved().overlapping(
        min(d.date for d in days), max(d.date for d in days)
    )
    rows = rows.filter(employee__is_active=True)
    if opd is not None:
        rows = rows.filter(employee__unit__opd=opd)
    found: dict[tuple[int, int], int] = defaultdict(int)
    for opd_id, start, end in rows.order_by().values_list(
        "employee__unit__opd_id", "start_date", "end_date"
    ):
        for day in days:
            if start <= day.date <= end:
                found[(opd_id, day.pk)] += 1
    return found


def _less_away(figures: dict[int, dict], away: dict[tuple[int, int], int], day_ids) -> None:
    """Take the staff-days away (`_away_days`) of these days off each OPD's expected check-ins."""
    day_ids = set(day_ids)
    for (opd_id, day_id), n in away.items():
        target = figures.get(opd_id)
        if target is not None and day_id in day_ids:
            target["away_days"] += n
            target["staff_days"] = max(0, target["staff_days"] - n)


def compliance(checked_in: int, expected: int, *, scale: int = 1) -> float:
    """Attendance compliance: the check-ins over the check-ins expected (active staff x days,
    less the staff-days away on approved leave, travel or training: `_away_days`).

    A ratio 0..1, or 0..100 with `scale=100`; 0.0 when nothing was expected (no staff or no
    day). The one computation of it: the monitor, the dashboards and the workbook format it.
    """
    return scale * checked_in / expected if expected else 0.0


def activity_total(per_unit: dict[int, dict], unit_ids, keys=ACTIVITY_KEYS) -> dict:
    """The `keys` of `unit_day_activity` added up over these units (a unit without activity
    adds nothing): no query."""
    total = dict.fromkeys(keys, 0)
    for unit_id in unit_ids:
        unit = per_unit.get(unit_id)
        if unit:
            for key in total:
                total[key] += unit.get(key, 0)
    return total


def _finish(target: dict) -> dict:
    target["compliance"] = compliance(target["checked_in"], target["staff_days"])
    return target


def _opd_scope(scope: Q, opd) -> Q:
    return scope if opd is None else scope & Q(employee__unit__opd=opd)


def opd_window_figures(window: FlexWindow, *, opd=None) -> dict[int, dict]:
    """Per OPD id, the whole window added up.

    Keys of each OPD's dict:
    - "staff": active staff; "days": days in the window;
    - "staff_days": staff x days (the check-ins expected);
    - "checked_in": check-ins over the window's days; "checked_in_onsite": of which declared WFO;
    - "compliance": checked_in / staff_days as a float 0..1 (0.0 when there is no staff or day),
      see `compliance`;
    - "flagged": check-ins with at least one flag; "flags": {Flag code: check-ins with it};
    - "reports_filed", "reports_accepted", "reports_waiting", "reports_returned": as in
      `unit_day_figures`.

    Five queries: the window's days, OPDs with staff counts, the days away, check-ins, reports.
    """
    days = list(WindowDay.objects.filter(window=window).only("pk", "date"))
    figures = {pk: _opd_totals(n, len(days)) for pk, n in _opd_staff(opd).items()}
    _less_away(figures, away_days(days, opd), [d.pk for d in days])
    scope = _opd_scope(Q(employee__is_active=True, day__window=window), opd)
    for row in _activity(scope, "employee__unit__opd_id"):
        target = figures.get(row.pop("employee__unit__opd_id"))
        if target is not None:
            _add_activity(target, row)
    return {pk: _finish(target) for pk, target in figures.items()}


def opd_day_figures(window: FlexWindow, day: WindowDay, *, opd=None, away=None) -> dict[int, dict]:
    """Per OPD id, one window day: the same keys as `opd_window_figures`, with "days" = 1.

    Four queries: OPDs with staff counts, the staff away, check-ins, reports; three when the
    caller read the days away of several days at once (`away=away_days(days, opd)`).
    """
    _check_day(window, day)
    figures = {pk: _opd_totals(n, 1) for pk, n in _opd_staff(opd).items()}
    _less_away(figures, away_days([day], opd) if away is None else away, [day.pk])
    scope = _opd_scope(Q(employee__is_active=True, day=day), opd)
    for row in _activity(scope, "employee__unit__opd_id"):
        target = figures.get(row.pop("employee__unit__opd_id"))
        if target is not None:
            _add_activity(target, row)
    return {pk: _finish(target) for pk, target in figures.items()}


def week_of(day: date) -> date:
    """The Monday that starts the (ISO) week of `day`: the key of a week in the figures."""
    return day - timedelta(days=day.weekday())


def opd_week_figures(window: FlexWindow, *, opd=None) -> dict[date, dict[int, dict]]:
    """Per week of the window, per OPD id: that week's window days added up.

    Weeks are keyed by their Monday (`week_of`), in date order; a window of 24-27 March and
    8 April 2025 has two. Each OPD's dict has the keys of `opd_window_figures`, with "days" the
    window's days in that week and "staff_days" = staff x those days.

    Four queries: the window's days, OPDs with staff counts, check-ins, reports (grouped by OPD
    and day, added up per week here).
    """
    days = list(WindowDay.objects.filter(window=window).values_list("pk", "date"))
    week_of_day = {pk: week_of(d) for pk, d in days}
    days_per_week = defaultdict(int)
    for monday in week_of_day.values():
        days_per_week[monday] += 1
    staff = _opd_staff(opd)
    figures = {
        monday: {pk: _opd_totals(n, count) for pk, n in staff.items()}
        for monday, count in sorted(days_per_week.items())
    }
    away = away_days([WindowDay(pk=pk, date=d) for pk, d in days], opd)
    for monday, opds in figures.items():
        _less_away(opds, away, [pk for pk, d in days if week_of_day[pk] == monday])
    scope = _opd_scope(Q(employee__is_active=True, day__window=window), opd)
    for row in _activity(scope, "employee__unit__opd_id", "day_id"):
        monday = week_of_day.get(row.pop("day_id"))
        target = figures.get(monday, {}).get(row.pop("employee__unit__opd_id"))
        if target is not None:
            _add_activity(target, row)
    return {monday: {pk: _finish(t) for pk, t in opds.items()} for monday, opds in figures.items()}


def add_up_weeks(weeks: dict[date, dict[int, dict]]) -> dict[int, dict]:
    """The window's totals per OPD from `opd_week_figures` (the same as `opd_window_figures`),
    added up in memory: no query."""
    totals: dict[int, dict] = {}
    for opds in weeks.values():
        for pk, week in opds.items():
            target = totals.setdefault(pk, _opd_totals(week["staff"], 0))
            target["days"] += week["days"]
            target["staff_days"] += week["staff_days"]
            target["away_days"] += week["away_days"]
            _add_activity(target, {k: week[k] for k in ACTIVITY_KEYS})
            _add_activity(target, {f"flag_{c}": n for c, n in week["flags"].items()})
    return {pk: _finish(target) for pk, target in totals.items()}


def opd_day_lists(opd: Opd, day: WindowDay, *, latest: int, flagged: int, not_yet: int) -> dict:
    """What the OPD monitor lists for one day, as lazy querysets (one query each when read):
    "flagged" and "latest" check-ins, the latest daily "reports", active staff "not_yet"
    checked in (not those away), and the staff "away" (leave, travel, training) with their
    absence. Only the OPD's active staff; the newest first, the waiting staff by unit."""
    of_day = {"day": day, "employee__unit__opd": opd, "employee__is_active": True}
    away = Absence.objects.away_on(day.date)
    check_ins = CheckIn.objects.filter(**of_day).select_related("employee__unit")
    return {
        "flagged": check_ins.flagged().order_by("-checked_in_at")[:flagged],
        "latest": check_ins.order_by("-checked_in_at")[:latest],
        "reports": DailyReport.objects.filter(**of_day)
        .select_related("employee__unit")
        .order_by("-submitted_at")[:latest],
        "not_yet": Employee.objects.active()
        .filter(unit__opd=opd)
        .exclude(check_ins__day=day)
        .filter(~Exists(away.filter(employee_id=OuterRef("pk"))))
        .select_related("unit")
        .order_by("unit__name", "name")[:not_yet],
        "away": away.filter(employee__unit__opd=opd, employee__is_active=True)
        .select_related("employee__unit")
        .order_by("employee__unit__name", "employee__name")[:not_yet],
    }


def unit_rows(opd: Opd, figures: dict[int, dict]) -> list[dict]:
    """The OPD's units with staff, by name, each with its `unit_day_figures`: one query."""
    units = Unit.objects.filter(opd=opd).order_by("name").only("pk", "name", "latitude")
    return [{"unit": u, **figures[u.pk]} for u in units if figures[u.pk]["staff"]]
