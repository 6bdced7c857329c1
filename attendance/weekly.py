"""Laporan mingguan: a week's outputs against the work targets, reports filed, accepted and
returned, and check-ins in the planned mode, per employee, unit and OPD.

`activity` is the one count of these figures: the week's pages and workbook ask it per employee,
the evaluation pack's before/after (evaluations/figures.py) per unit, so both say the same.
Three aggregate queries whatever the number of staff: reports, outputs, check-ins.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from attendance.models import CheckIn, DailyReport, OutputItem, ReportStatus
from opd.models import Employee
from targets.models import ActionPlan

KEYS = (
    "reports_filed",
    "reports_accepted",
    "reports_returned",
    "outputs",
    "outputs_on_plan",
    "plans_moved",
    "checked_in",
    "as_planned",
    "flagged",
)
GROUPS = {"employee": "employee", "unit": "employee__unit"}


def week_of(day: date) -> date:
    """The Monday that starts the (ISO) week of `day`."""
    return day - timedelta(days=day.weekday())


def week_dates(monday: date) -> list[date]:
    return [monday + timedelta(days=n) for n in range(7)]


def target_year(monday: date) -> int:
    """The year whose targets a week counts against: the year of its Thursday (ISO weeks)."""
    return (monday + timedelta(days=3)).year


def zero() -> dict:
    return dict.fromkeys(KEYS, 0)


def activity(dates: list[date], *, by: str, **staff) -> dict[int, dict]:
    """{employee or unit id: the KEYS counted over `dates`} for the staff matching `staff`
    (Employee lookups, e.g. unit__opd=opd or unit__in=ids). Ids without activity are absent."""
    group = GROUPS[by]
    where = {"day__date__in": dates} | {f"employee__{k}": v for k, v in staff.items()}
    result: dict[int, dict] = {}

    def add(rows):
        for row in rows:
            result.setdefault(row.pop("key"), zero()).update(row)

    add(
        DailyReport.objects.filter(**where)
        .values(key=F(group))
        .annotate(
            reports_filed=Count("pk"),
            reports_accepted=Count("pk", filter=Q(status=ReportStatus.ACCEPTED)),
            reports_returned=Count("pk", filter=Q(status=ReportStatus.RETURNED)),
        )
        .order_by()
    )
    add(
        OutputItem.objects.filter(**{f"report__{k}": v for k, v in where.items()})
        .values(key=F(f"report__{group}"))
        .annotate(
            outputs=Count("pk"),
            outputs_on_plan=Count("action_plan"),
            plans_moved=Count("action_plan", distinct=True),
        )
        .order_by()
    )
    add(
        CheckIn.objects.filter(**where)
        .values(key=F(group))
        .annotate(
            checked_in=Count("pk"),
            as_planned=Count("pk", filter=Q(mode=F("planned_mode"))),
            flagged=Count("pk", filter=~Q(flags=[])),
        )
        .order_by()
    )
    return result


def add_up(rows) -> dict:
    total = zero()
    for row in rows:
        for key in KEYS:
            total[key] += row[key]
    return total


@dataclass
class UnitWeek:
    unit: object
    rows: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=zero)


@dataclass
class OpdWeek:
    monday: date
    units: list[UnitWeek]
    total: dict
    staff: int

    @property
    def days(self) -> list[date]:
        return week_dates(self.monday)


def opd_week(opd, monday: date) -> OpdWeek:
    """Every active employee of the OPD with the week's figures and their approved plans,
    grouped by unit with unit totals, and the OPD's total. Five queries."""
    dates = week_dates(monday)
    staff = list(
        Employee.objects.filter(unit__opd=opd, is_active=True)
        .select_related("unit")
        .order_by("unit__name", "unit_id", "name", "pk")
    )
    figures = activity(dates, by="employee", unit__opd=opd)
    plans = dict(
        ActionPlan.objects.usable_by_opd(opd, target_year(monday))
        .values("target__employee_id")
        .annotate(n=Count("pk"))
        .values_list("target__employee_id", "n")
    )
    units: list[UnitWeek] = []
    for employee in staff:
        if not units or units[-1].unit.pk != employee.unit_id:
            units.append(UnitWeek(unit=employee.unit))
        row = figures.get(employee.pk, zero()) | {
            "employee": employee,
            "plans": plans.get(employee.pk, 0),
        }
        units[-1].rows.append(row)
    for unit in units:
        unit.total = add_up(unit.rows) | {"plans": sum(r["plans"] for r in unit.rows)}
    total = add_up(u.total for u in units) | {"plans": sum(u.total["plans"] for u in units)}
    return OpdWeek(monday=monday, units=units, total=total, staff=len(staff))


@dataclass
class PlanProgress:
    plan: ActionPlan
    week: Decimal
    accepted_to_date: Decimal

    @property
    def percent(self) -> int | None:
        if not self.plan.quantity:
            return None
        return round(self.accepted_to_date * 100 / self.plan.quantity)


def employee_plans(employee_id: int, monday: date) -> list[PlanProgress]:
    """Each approved action plan of the week's year: its target, this week's quantity (reports
    not returned) and the quantity accepted from 1 January to the week's Sunday. Two queries."""
    year = target_year(monday)
    plans = list(ActionPlan.objects.usable_by(employee_id, year).order_by("rhk", "pk"))
    dates = week_dates(monday)
    outputs = OutputItem.objects.filter(
        action_plan__in=[p.pk for p in plans], report__employee_id=employee_id
    )
    sums = outputs.values("action_plan").annotate(
        week=Sum(
            "quantity",
            filter=Q(report__day__date__in=dates) & ~Q(report__status=ReportStatus.RETURNED),
        ),
        accepted=Sum(
            "quantity",
            filter=Q(
                report__status=ReportStatus.ACCEPTED,
                report__day__date__gte=date(year, 1, 1),
                report__day__date__lte=dates[-1],
            ),
        ),
    )
    found = {row["action_plan"]: row for row in sums.order_by()}
    return [
        PlanProgress(
            plan=p,
            week=(found.get(p.pk) or {}).get("week") or Decimal(0),
            accepted_to_date=(found.get(p.pk) or {}).get("accepted") or Decimal(0),
        )
        for p in plans
    ]
