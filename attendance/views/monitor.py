"""Pantauan: today's plan against check-ins and reports, per unit, refreshed by htmx polling;
and the weekly summary of a window per OPD."""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from attendance import selectors, summary
from opd.access import allowed, head_opd, opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from schedules.models import FlexWindow, WindowDay

LATEST = 20
FLAGGED = 50
NOT_YET = 50
POLL_SECONDS = 30
REPEAT_AFTER = timedelta(minutes=30)


def _chosen_day(request) -> WindowDay | None:
    """?hari=<id> when given (404 if unknown), else today's window day, else None."""
    raw = request.GET.get("hari")
    if raw:
        if not raw.isdigit():
            raise Http404("Hari tidak dikenal.")
        return get_object_or_404(WindowDay.objects.select_related("window"), pk=raw)
    return selectors.today_window_day()


def _day_choices():
    return WindowDay.objects.select_related("window").order_by("-window_id", "date")


def _add_up(rows) -> dict:
    """The totals row: every count (and every flag's count) summed over the rows."""
    totals = {"flags": dict.fromkeys(summary.FLAG_CODES, 0)}
    for row in rows:
        for key, value in row.items():
            if key == "flags":
                for code, n in value.items():
                    totals["flags"][code] += n
            elif isinstance(value, int):
                totals[key] = totals.get(key, 0) + value
    return totals


def _opd_context(opd, day) -> dict:
    """Everything the OPD monitor shows for one day: a fixed number of queries."""
    context = {"opd": opd, "day": day, "poll": POLL_SECONDS, "now": timezone.now()}
    if day is None:
        return context
    rows = summary.unit_rows(opd, summary.unit_day_figures(day.window, day, opd=opd))
    lists = summary.opd_day_lists(opd, day, latest=LATEST, flagged=FLAGGED, not_yet=NOT_YET)
    return context | {"rows": rows, "totals": _add_up(rows)} | lists


def _opd(request, code):
    return get_object_or_404(opds_visible_to(request.user), code=code)


@require_safe
@require_perm("attendance.view_monitor")
def monitor(request):
    """The city: every OPD's figures for the day. A head goes straight to their own OPD."""
    if not allowed(request.user, "opd.view_city"):  # a head
        target = redirect("attendance:monitor_opd", code=head_opd(request.user).code)
        if request.GET.get("hari"):
            target["Location"] += f"?hari={request.GET['hari']}"
        return target
    context = _city_context(request, _chosen_day(request)) | {"days": _day_choices()}
    return render(request, "attendance/monitor_city.html", context)


@require_safe
@require_perm("attendance.view_monitor")
def monitor_partial(request):
    if not allowed(request.user, "opd.view_city"):
        raise Http404
    context = _city_context(request, _chosen_day(request))
    return render(request, "attendance/_monitor_city.html", context)


def _city_context(request, day) -> dict:
    context = {"day": day, "poll": POLL_SECONDS, "now": timezone.now()}
    if day is None:
        return context
    figures = summary.opd_day_figures(day.window, day)
    opds = opds_visible_to(request.user).order_by("name").only("pk", "code", "name")
    rows = [{"opd": o, **figures[o.pk]} for o in opds if o.pk in figures]
    totals = _add_up(rows)
    expected = totals.get("staff_days", 0)  # staff less those away that day
    totals["compliance"] = summary.compliance(totals.get("checked_in", 0), expected)
    return context | {"rows": rows, "totals": totals}


@require_safe
@require_perm("attendance.view_monitor")
def monitor_opd(request, code):
    opd = _opd(request, code)
    context = _opd_context(opd, _chosen_day(request)) | {"days": _day_choices()}
    _note_people(request, context)
    return render(request, "attendance/monitor_opd.html", context)


@require_safe
@require_perm("attendance.view_monitor")
def monitor_opd_partial(request, code):
    opd = _opd(request, code)
    context = _opd_context(opd, _chosen_day(request))
    _note_people(request, context)
    return render(request, "attendance/_monitor_opd.html", context)


def _note_people(request, context) -> None:
    """The named check-ins, reports and absentees are logged; the page polls every 30 seconds,
    so the same person shown again within half an hour is not logged twice."""
    if context["day"] is None:
        return
    shown = [
        *(c.employee_id for c in context["flagged"]),
        *(c.employee_id for c in context["latest"]),
        *(r.employee_id for r in context["reports"]),
        *(e.pk for e in context["not_yet"]),
    ]
    detail = f"Pantauan {context['opd'].short_name} · {context['day']}"
    note_read(request, ReadKind.CHECK_INS, shown, detail=detail, repeat_after=REPEAT_AFTER)


@require_safe
@require_perm("attendance.view_monitor")
def weekly(request, slug):
    """Ringkasan mingguan: per week of the window, per visible OPD, and the window's total."""
    window = get_object_or_404(FlexWindow, slug=slug)
    own = None if allowed(request.user, "opd.view_city") else head_opd(request.user)
    opds = list(opds_visible_to(request.user).order_by("name").only("pk", "code", "name"))
    weeks = summary.opd_week_figures(window, opd=own)
    total = summary.add_up_weeks(weeks)
    days = list(window.days.all())
    context = {
        "window": window,
        "windows": FlexWindow.objects.only("slug", "name"),
        "weeks": [
            {
                "monday": monday,
                "days": [d for d in days if summary.week_of(d.date) == monday],
                "rows": [{"opd": o, **figures[o.pk]} for o in opds if o.pk in figures],
            }
            for monday, figures in weeks.items()
        ],
        "total": [{"opd": o, **total[o.pk]} for o in opds if o.pk in total],
    }
    return render(request, "attendance/weekly.html", context)
