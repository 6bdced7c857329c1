"""Reads of the attendance app that more than one page needs.

- Today's window day, an employee's plan for a day, and what a check-in needs to know read in
  one query (`CheckInDay`).
- The review queue (Pemeriksaan laporan): the filtered reports and the counts per unit (or per
  OPD) and day. The page and the bulk accept's "all N matching" read the same queryset, so what
  a head accepts is exactly what the page counted.
"""

import functools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from attendance.models import CheckIn, DailyReport, OutputItem, ReportStatus
from opd.models import Employee, Unit
from schedules.models import Assignment, FlexWindow, WindowDay, WorkingHours


def today_window_day(today: date | None = None) -> WindowDay | None:
    """Today's window day (Asia/Jakarta), or None when today is not in any window.

    Should two windows share a date, the newest window's day is the one everybody checks in on,
    so that the one-check-in-per-day constraint holds for the date.
    """
    today = today or timezone.localdate()
    return (
        WindowDay.objects.select_related("window").filter(date=today).order_by("-window_id").first()
    )


def planned_for(employee: Employee, day: WindowDay) -> tuple[str, str]:
    """The employee's planned mode and WFA place on that day (no Assignment row: WFO)."""
    row = (
        Assignment.objects.filter(employee=employee, day=day)
        .values_list("mode", "wfa_place")
        .first()
    )
    return Assignment.value_of(row)


@dataclass(frozen=True)
class CheckInDay:
    """Today's window day as one employee checks in on it: the plan, an earlier check-in on the
    same date (under any window: one check-in per date) and the day's working hours."""

    day: WindowDay
    planned_mode: str
    planned_place: str
    earlier_at: datetime | None
    hours: WorkingHours | None
    employee: Employee  # the staff record with its unit (TAP_*_FIELDS), active or not


def check_in_day(*, employee_id: int | None, today: date | None = None) -> CheckInDay | None:
    """Today's window day as `today_window_day`, with what a check-in needs: one statement.
    None when today is not a window day, or when there is no such staff record.

    The check-in page's POST reads it once for the form (the window's modes) and the service.
    It is the morning peak's read, so its SQL is written once per process (`_check_in_day_sql`)
    rather than compiled by the ORM on every tap (which cost more CPU than the rest of the tap):
    the staff record with its unit (for the office radius) and the day with its window come
    back with the fields a check-in reads (the others load on access), the plan, an earlier
    check-in on the same date under any window, and the hours.
    """
    if employee_id is None:
        return None
    today = today or timezone.localdate()
    sql, day_fields, window_fields = _check_in_day_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [today, today, employee_id])
        row = cursor.fetchone()
    if row is None:
        return None
    employee = employee_from_row(row)
    row = row[len(TAP_EMPLOYEE_FIELDS) + len(TAP_UNIT_FIELDS) :]
    n, m = len(day_fields), len(window_fields)
    day = WindowDay.from_db(connection.alias, day_fields, row[:n])
    window = FlexWindow.from_db(connection.alias, window_fields, row[n : n + m])
    WindowDay._meta.get_field("window").set_cached_value(day, window)
    mode, place, earlier_at, *hours = row[n + m :]
    return CheckInDay(
        employee=employee,
        day=day,
        planned_mode=Assignment.mode_of(mode),
        planned_place=place or "",
        earlier_at=_moment(earlier_at),
        hours=WorkingHours(**dict(zip(WorkingHours.TIME_FIELDS, hours, strict=True)))
        if hours[0] is not None
        else None,
    )


# What a check-in reads of the staff record and of its unit (from_db defers the other fields).
TAP_EMPLOYEE_FIELDS = ("id", "unit_id", "nip", "name", "is_active")
TAP_UNIT_FIELDS = ("id", "opd_id", "latitude", "longitude", "radius_m")


def employee_columns(alias: str = "e", unit_alias: str = "u") -> list[str]:
    """The columns of TAP_EMPLOYEE_FIELDS and TAP_UNIT_FIELDS, in order, for `employee_from_row`."""
    q = connection.ops.quote_name
    employee = [f"{alias}.{q(Employee._meta.get_field(f).column)}" for f in TAP_EMPLOYEE_FIELDS]
    unit = [f"{unit_alias}.{q(Unit._meta.get_field(f).column)}" for f in TAP_UNIT_FIELDS]
    return employee + unit


def employee_from_row(values) -> Employee:
    """The staff record with its unit from a row that starts with `employee_columns()`."""
    n = len(TAP_EMPLOYEE_FIELDS)
    employee = Employee.from_db(connection.alias, TAP_EMPLOYEE_FIELDS, values[:n])
    unit_values = list(values[n : n + len(TAP_UNIT_FIELDS)])
    for i in (2, 3):  # SQLite hands back the coordinates as numbers, PostgreSQL as Decimals
        if unit_values[i] is not None and not isinstance(unit_values[i], Decimal):
            unit_values[i] = Decimal(str(unit_values[i]))
    unit = Unit.from_db(connection.alias, TAP_UNIT_FIELDS, unit_values)
    Employee._meta.get_field("unit").set_cached_value(employee, unit)
    return employee


# What a check-in reads of its day and window (WindowDay.from_db defers the other fields).
CHECK_IN_DAY_FIELDS = ("id", "window_id", "date")
CHECK_IN_WINDOW_FIELDS = ("id", "name", "allows_wfh", "allows_wfa")


@functools.cache
def _check_in_day_sql() -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The statement of `check_in_day`, its parameters (date, date, employee), and the fields it
    reads of the day and of the window, in order (after `employee_columns()`)."""
    q = connection.ops.quote_name

    def columns(model, alias, names):
        return [f"{alias}.{q(model._meta.get_field(n).column)}" for n in names]

    def table(model):
        return q(model._meta.db_table)

    hours = [f"h.{q(WorkingHours._meta.get_field(f).column)}" for f in WorkingHours.TIME_FIELDS]
    select = [
        *employee_columns(),
        *columns(WindowDay, "wd", CHECK_IN_DAY_FIELDS),
        *columns(FlexWindow, "w", CHECK_IN_WINDOW_FIELDS),
        "a.mode",
        "a.wfa_place",
        # by the date, a constant: PostgreSQL reads the one month's partition (attendance/
        # partitions.py), not every month's index
        f"(SELECT c.checked_in_at FROM {table(CheckIn)} c"
        " WHERE c.employee_id = e.id AND c.date = %s ORDER BY c.id LIMIT 1)",
        *hours,
    ]
    sql = (
        f"SELECT {', '.join(select)} FROM {table(Employee)} e"
        f" JOIN {table(Unit)} u ON u.id = e.unit_id"
        f" JOIN {table(WindowDay)} wd ON wd.date = %s"
        f" JOIN {table(FlexWindow)} w ON w.id = wd.window_id"
        f" LEFT JOIN {table(Assignment)} a ON a.day_id = wd.id AND a.employee_id = e.id"
        f" LEFT JOIN {table(WorkingHours)} h ON h.day_id = wd.id AND h.employee_id = e.id"
        " WHERE e.id = %s ORDER BY wd.window_id DESC LIMIT 1"
    )
    return sql, CHECK_IN_DAY_FIELDS, CHECK_IN_WINDOW_FIELDS


def _moment(value) -> datetime | None:
    """A timestamp read by raw SQL: aware already on PostgreSQL, UTC text on SQLite."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def hours_subqueries(*, employee_id: int | None, day) -> dict:
    """Annotations `hours_<field>` of the employee's working hours on `day` (an OuterRef), so the
    hours come in the query that reads the day or the check-in (`WorkingHours.from_row`)."""
    hours = WorkingHours.objects.filter(employee_id=employee_id, day=day)
    return {f"hours_{f}": Subquery(hours.values(f)[:1]) for f in WorkingHours.TIME_FIELDS}


# --- the review queue ------------------------------------------------------------------

ORDERS = {
    "": ("submitted_at", "pk"),
    "baru": ("-submitted_at", "-pk"),
    "hari": ("day__date", "employee__name", "pk"),
    "nama": ("employee__name", "day__date", "pk"),
    "unit": ("employee__unit__name", "employee__name", "day__date", "pk"),
}


def reviewable_by(user):
    """Every report the user may review: their scope (opd/access.py), never their own."""
    return DailyReport.objects.visible_to(user).exclude(employee_id=user.employee_id)


def _with_evidence(reports, choice: str):
    items = OutputItem.objects.filter(report=OuterRef("pk"))
    if choice == "bukti":
        return reports.filter(Exists(items.exclude(evidence_url="")))
    if choice == "tanpa-bukti":
        return reports.exclude(Exists(items.exclude(evidence_url="")))
    if choice == "tanpa-keluaran":
        return reports.exclude(Exists(items))
    return reports


def _in_status(reports, status: str):
    if status == "semua":
        return reports
    return reports.filter(status=status or ReportStatus.SUBMITTED)


def review_queue(user, filters: dict):
    """The reports of the queue for these filters (ReviewFilterForm.filters()), in their order."""
    reports = _in_status(reviewable_by(user), filters["status"])
    if filters["opd"]:
        reports = reports.filter(employee__unit__opd__code=filters["opd"])
    if filters["unit"]:
        reports = reports.filter(employee__unit__code=filters["unit"])
    if filters["hari"]:
        reports = reports.filter(day__date=filters["hari"])
    if filters["mode"]:
        reports = reports.filter(mode=filters["mode"])
    if filters["q"].strip():
        reports = reports.filter(employee__in=Employee.objects.search(filters["q"]))
    reports = _with_evidence(reports, filters["bukti"])
    return reports.order_by(*ORDERS[filters["urut"]])


def for_page(reports):
    """What each row of the page shows: the employee, unit, OPD, day and the outputs."""
    return reports.select_related("employee__unit__opd", "day__window").prefetch_related(
        Prefetch("items", queryset=OutputItem.objects.select_related("action_plan").order_by("pk"))
    )


@dataclass
class CountRow:
    """One unit (or OPD) of the counts table: reports waiting in all, and per day."""

    code: str
    name: str
    total: int = 0
    per_day: dict[date, int] = field(default_factory=dict)


@dataclass
class WaitingCounts:
    days: list[date]  # the days with a report waiting, newest first: the table's columns
    rows: list[CountRow]


def waiting_counts(user, *, opd_code: str = "", per_unit: bool) -> WaitingCounts:
    """Reports waiting for the user's review per unit (one OPD in view) or per OPD (the whole
    city), and per day. One query."""
    waiting = reviewable_by(user).filter(status=ReportStatus.SUBMITTED)
    if opd_code:
        waiting = waiting.filter(employee__unit__opd__code=opd_code)
    place = "employee__unit" if per_unit else "employee__unit__opd"
    rows: dict[str, CountRow] = {}
    counted = (
        waiting.values(f"{place}__code", f"{place}__name", "day__date")
        .annotate(n=Count("pk"))
        .order_by(f"{place}__name", f"{place}__code")
    )
    for entry in counted:
        code, day = entry[f"{place}__code"], entry["day__date"]
        row = rows.setdefault(code, CountRow(code, entry[f"{place}__name"]))
        row.total += entry["n"]
        row.per_day[day] = row.per_day.get(day, 0) + entry["n"]
    days = sorted({day for row in rows.values() for day in row.per_day}, reverse=True)
    return WaitingCounts(days, list(rows.values()))
