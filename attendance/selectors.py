"""Reads of the review queue (Pemeriksaan laporan): the filtered reports and the counts per unit
(or per OPD) and day. The page and the bulk accept's "all N matching" read the same queryset, so
what a head accepts is exactly what the page counted."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch

from attendance.models import DailyReport, OutputItem, ReportStatus
from opd.models import Employee

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
        Prefetch("items", queryset=OutputItem.objects.order_by("pk"))
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
