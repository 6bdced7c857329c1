"""Reads of the attendance app that more than one page needs: today's window day, an employee's
plan for a day, and what a check-in needs to know, read in one query."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from attendance.models import CheckIn
from opd.models import Employee
from schedules.models import Assignment, WindowDay, WorkingHours


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


def check_in_day(*, employee_id: int | None, today: date | None = None) -> CheckInDay | None:
    """Today's window day as `today_window_day`, with what a check-in needs: one query.

    The check-in page's POST reads it once for the form (the window's modes) and the service.
    """
    today = today or timezone.localdate()
    plan = Assignment.objects.filter(employee_id=employee_id, day=OuterRef("pk"))
    earlier = CheckIn.objects.filter(employee_id=employee_id, day__date=OuterRef("date"))
    day = (
        WindowDay.objects.select_related("window")
        .filter(date=today)
        .annotate(
            planned_mode=Subquery(plan.values("mode")[:1]),
            planned_place=Subquery(plan.values("wfa_place")[:1]),
            earlier_at=Subquery(earlier.values("checked_in_at")[:1]),
            **hours_subqueries(employee_id=employee_id, day=OuterRef("pk")),
        )
        .order_by("-window_id")
        .first()
    )
    if day is None:
        return None
    return CheckInDay(
        day=day,
        planned_mode=Assignment.mode_of(day.planned_mode),
        planned_place=day.planned_place or "",
        earlier_at=day.earlier_at,
        hours=WorkingHours.from_row(day),
    )


def hours_subqueries(*, employee_id: int | None, day) -> dict:
    """Annotations `hours_<field>` of the employee's working hours on `day` (an OuterRef), so the
    hours come in the query that reads the day or the check-in (`WorkingHours.from_row`)."""
    hours = WorkingHours.objects.filter(employee_id=employee_id, day=day)
    return {f"hours_{f}": Subquery(hours.values(f)[:1]) for f in WorkingHours.TIME_FIELDS}
