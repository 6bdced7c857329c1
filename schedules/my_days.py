"""Reads for the employee's own days ("Jadwal saya"): the list, the month calendar, the feed.

No Assignment row means WFO (the default of every plan), so every window day has a mode.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import F, FilteredRelation, Max, Min, Q

from eligibility.models import restricted_cells
from schedules.models import (
    Assignment,
    FlexWindow,
    Mode,
    Preference,
    WindowDay,
    WorkingHours,
)


@dataclass(frozen=True)
class MyDay:
    day: WindowDay
    mode: str
    place: str
    assigned: bool  # False: the plan's default WFO, no cell was set
    preference: Preference | None = None
    hours: WorkingHours | None = None  # time flexibility: a shift or dynamic hours
    restricted: str = ""  # why this day is WFO only (a restriction runs), read with preferences

    @property
    def remote_modes(self) -> list[str]:
        return [m for m in self.day.window.allowed_modes() if m != Mode.WFO]


def my_days(
    employee,
    *,
    with_preferences: bool = False,
    month: date | None = None,
    window=None,
    windows=None,
) -> list[MyDay]:
    """Every window day (newest window first, then by date) with the employee's planned mode,
    or only those of one month, one window or some windows (a queryset of FlexWindow).

    Four queries at most: days with their windows and working hours, assignments, and with the
    preferences the days a restriction makes WFO only (eligibility.models).
    """
    days = _with_hours(WindowDay.objects.select_related("window"), employee).order_by(
        "-window_id", "date"
    )
    cells = Assignment.objects.filter(employee=employee)
    if window is not None:
        days = days.filter(window=window)
        cells = cells.for_window(window)
    if windows is not None:
        days = days.filter(window__in=windows.values("pk"))
        cells = cells.filter(day__window__in=windows.values("pk"))
    if month is not None:
        days = days.filter(date__year=month.year, date__month=month.month)
        cells = cells.filter(day__date__year=month.year, day__date__month=month.month)
    days = list(days)
    assigned = {a.day_id: a for a in cells}
    wished, restricted = {}, {}
    if with_preferences:
        preferences = Preference.objects.filter(employee=employee)
        if windows is not None:
            preferences = preferences.filter(day__window__in=windows.values("pk"))
        wished = {p.day_id: p for p in preferences}
        if days:
            restricted = {
                d: why for (_, d), why in restricted_cells(days, employee_ids=[employee.pk]).items()
            }
    return [
        MyDay(
            day=d,
            mode=assigned[d.pk].mode if d.pk in assigned else Assignment.DEFAULT_MODE,
            place=assigned[d.pk].wfa_place if d.pk in assigned else "",
            assigned=d.pk in assigned,
            preference=wished.get(d.pk),
            hours=_hours(d),
            restricted=restricted.get(d.pk, ""),
        )
        for d in days
    ]


def _with_hours(days, employee):
    """The employee's working hours of each day joined in the same query (one row at most)."""
    days = days.annotate(
        own_hours=FilteredRelation("working_hours", condition=Q(working_hours__employee=employee))
    )
    fields = WorkingHours.TIME_FIELDS
    return days.annotate(**{f"hours_{f}": F(f"own_hours__{f}") for f in fields})


def _hours(day) -> WorkingHours | None:
    return WorkingHours.from_row(day)


@dataclass(frozen=True)
class CalendarCell:
    date: date | None  # None: a padding cell before the 1st or after the last day
    days: list[MyDay]  # the window days of this date (two windows may share one)


def month_weeks(month: date, days: list[MyDay]) -> list[list[CalendarCell]]:
    """The month as weeks Monday to Sunday, each date with its window days."""
    by_date: dict[date, list[MyDay]] = {}
    for my in sorted(days, key=lambda m: (m.day.date, -m.day.window_id)):
        by_date.setdefault(my.day.date, []).append(my)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [
        [
            CalendarCell(d, by_date.get(d, []))
            if d.month == month.month
            else CalendarCell(None, [])
            for d in week
        ]
        for week in weeks
    ]


def months_with_days() -> list[date]:
    """The first of every month that holds a window day, oldest first (for quick navigation)."""
    dates = WindowDay.objects.dates("date", "month", order="ASC")
    return list(dates)


def windows_by_span(today: date):
    """(current and coming windows, the count of past ones): a window is past once its last day
    is before today, so the current one stays on top until its span ends, weekends included."""
    spans = FlexWindow.objects.annotate(first_day=Min("days__date"), last_day=Max("days__date"))
    coming = spans.filter(last_day__gte=today).order_by("first_day", "pk")
    return coming, spans.filter(last_day__lt=today)
