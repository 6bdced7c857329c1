"""Eligibility for flexible work, per day (PermenPANRB No. 4/2025): one rule beside the cap.

Who may not work flexibly is data with dates (eligibility.models.Restriction). This module says
what that means for a window's plans: a remote cell on a day a restriction runs breaks the rule.
Submit and approval refuse such a plan (listing who and which days), and a change of a
restriction, under the staff-change guard, sends a promised plan holding such a cell to "Perlu
ditinjau" (schedules/services/guard.py). The write path (schedules/services/cells.py), the grid,
the planner's loader and preferences read `restricted_cells` themselves, for the days they show.

`policy_in_force` and `period_end` give a new appointment, transfer or promotion its end date
from the policy (FlexPolicy.new_staff_months): data, not code.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from common.dates import tanggal
from eligibility.models import Restriction, restricted_days
from opd.models import Employee
from schedules.models import Assignment, FlexPolicy, FlexWindow, Mode
from schedules.selectors import current_of

# How a review note marks a line about eligibility rather than a coverage shortfall.
ONLY_WFO = "Hanya boleh WFO: "


@dataclass(frozen=True)
class RemoteWhileRestricted:
    """One employee planned remote on days a restriction runs."""

    employee: Employee
    dates: tuple[date, ...]
    why: str

    def describe(self) -> str:
        days = ", ".join(tanggal(d) for d in self.dates[:5])
        if len(self.dates) > 5:
            days += f" dan {len(self.dates) - 5} hari lainnya"
        return (
            f"{self.employee.name} ({self.employee.nip}) dijadwalkan WFH/WFA pada {days}, padahal "
            f"hanya boleh WFO ({self.why})."
        )


def restriction_violations(
    window: FlexWindow, *, opd=None, opd_ids=None
) -> list[RemoteWhileRestricted]:
    """The remote cells of this window's plans (one OPD, some, or all) on days a restriction
    runs, one line per employee: two queries (one when nobody is restricted)."""
    days = list(window.days.all())
    rows = Restriction.objects.rows([d.date for d in days])
    if not rows:
        return []
    restricted = restricted_days(rows, days)
    employees = Employee.objects.filter(pk__in={e for e, _ in restricted})
    if opd is not None:
        employees = employees.filter(unit__opd=opd)
    if opd_ids is not None:
        employees = employees.filter(unit__opd_id__in=sorted(set(opd_ids)))
    remote = (
        Assignment.objects.filter(day__window=window, employee__in=employees)
        .exclude(mode=Mode.WFO)
        .select_related("employee__unit", "day")
        .order_by("employee__name", "employee_id", "day__date")
    )
    found: dict[int, list] = {}
    for a in remote:
        why = restricted.get((a.employee_id, a.day_id))
        if why:
            found.setdefault(a.employee_id, [a.employee, why, []])[2].append(a.day.date)
    return [RemoteWhileRestricted(e, tuple(dates), why) for e, why, dates in found.values()]


def policy_in_force(day: date) -> FlexPolicy | None:
    """The policy of the window current on `day` (schedules.selectors.current_of) among the
    windows that follow a policy; None when no window has one."""
    windows = FlexWindow.objects.filter(policy__isnull=False).prefetch_related("days")
    window = current_of(list(windows.select_related("policy")), day)
    return window.policy if window is not None else None


def period_end(start: date, months: int) -> date:
    """The last day of a period of `months` calendar months from `start` (1 March + 6 months:
    31 August; 31 August + 6 months: 28 February)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) - timedelta(days=1)
