"""Laporan mingguan: the employee's own week (phone) and the head's week of the OPD (one page)."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from attendance import weekly
from attendance.models import CheckIn, DailyReport
from opd.access import opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from schedules.models import WindowDay

WEEK_ROWS = 300  # employees listed at once on the head's page


def chosen_week(request) -> date:
    """?minggu=YYYY-MM-DD (any day of the week), else this week; a malformed one is ignored."""
    try:
        day = date.fromisoformat(request.GET.get("minggu", ""))
    except ValueError:
        day = timezone.localdate()
    return weekly.week_of(day)


def _nav(monday: date) -> dict:
    return {
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
    }


@require_safe
@login_required
def my_week(request):
    """Kemajuan minggu ini: the week's days (plan, check-in, report), the outputs against each
    action plan of the approved target, and the week's counts."""
    employee_id = request.user.employee_id
    monday = chosen_week(request)
    if not employee_id:
        return render(request, "attendance/my_week.html", _nav(monday) | {"no_employee": True})
    dates = weekly.week_dates(monday)
    days = list(
        WindowDay.objects.filter(date__in=dates).select_related("window").order_by("date", "pk")
    )
    check_ins = {c.day_id: c for c in CheckIn.objects.filter(employee_id=employee_id, day__in=days)}
    reports = {
        r.day_id: r for r in DailyReport.objects.filter(employee_id=employee_id, day__in=days)
    }
    context = _nav(monday) | {
        "days": [(d, check_ins.get(d.pk), reports.get(d.pk)) for d in days],
        "plans": weekly.employee_plans(employee_id, monday),
        "figures": weekly.activity(dates, by="employee", pk=employee_id).get(
            employee_id, weekly.zero()
        ),
        "year": weekly.target_year(monday),
    }
    return render(request, "attendance/my_week.html", context)


def _week_opd(request):
    """?opd=<code> within the user's scope (another OPD's is a 404), else the first (a head's
    own); and the OPDs to choose from (one query)."""
    opds = list(opds_visible_to(request.user).order_by("name"))
    code = request.GET.get("opd", "")
    if not code:
        return (opds[0] if opds else None), opds
    for opd in opds:
        if opd.code == code:
            return opd, opds
    raise Http404("OPD tidak ditemukan.")


@require_safe
@require_perm("attendance.view_monitor")
def week_review(request):
    """The head's week on one page: per unit, each employee's reports filed, accepted and
    returned, outputs and those tied to an action plan, check-ins in the planned mode."""
    opd, opds = _week_opd(request)
    monday = chosen_week(request)
    context = _nav(monday) | {"opd": opd, "opds": opds if len(opds) > 1 else None}
    if opd is not None:
        week = weekly.opd_week(opd, monday)
        chosen = request.GET.get("unit", "")
        # Every employee on the page while it stays light on a phone; a larger OPD shows its
        # units' totals, and one unit's staff when asked (the workbook always has everyone).
        shown = {
            u.unit.pk
            for u in week.units
            if u.unit.code == chosen or (not chosen and week.staff <= WEEK_ROWS)
        }
        note_read(
            request,
            ReadKind.REPORTS,
            [row["employee"].pk for u in week.units if u.unit.pk in shown for row in u.rows],
            detail=f"Laporan mingguan {opd.short_name} {monday:%Y-%m-%d}",
        )
        context |= {"week": week, "shown": shown, "chosen": chosen, "limit": WEEK_ROWS}
    return render(request, "attendance/week_review.html", context)
