"""Laporan kerja harian: the employee files and revises (the review is in views/review.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from absences.models import away_cells, short_label
from attendance import filing, services
from attendance.forms import OutputItemForm, ReturnForm, output_item_formset
from attendance.models import CheckIn, DailyReport, ReportStatus
from attendance.services.reports import MAX_ITEMS, TEXT_FIELDS
from opd.access import allowed
from opd.disclosure import ReadKind, note_read
from schedules.models import WindowDay
from targets.models import ActionPlan

REVIEW_PAGE = 25
RECENT_DAYS = 15  # the open days and, folded, the last ones before them


@require_safe
@login_required
def my_reports(request):
    """Laporan saya: the days still open to report (and returned reports still to correct)
    first; the days before, folded, each with its report or marked missed, or away (leave,
    travel, training: no report expected)."""
    employee_id = request.user.employee_id
    if not employee_id:
        return render(request, "attendance/my_reports.html", {"no_employee": True})
    today = timezone.localdate()
    opens = filing.filing_opens_on(today)
    days = list(
        WindowDay.objects.select_related("window")
        .filter(date__lte=today)
        .order_by("-date", "-window_id")[:RECENT_DAYS]
    )
    reports = {
        r.day_id: r
        for r in DailyReport.objects.filter(employee_id=employee_id, day__in=days).select_related(
            "day"
        )
    }
    away = away_cells(days, employee_ids=[employee_id])  # a day away expects no report
    rows = [
        {
            "day": d,
            "report": reports.get(d.pk),
            "open": d.date >= opens,
            "away": short_label(away[(employee_id, d.pk)]) if (employee_id, d.pk) in away else "",
        }
        for d in days
    ]
    context = {
        "open_rows": [r for r in rows if r["open"]],
        "older_rows": [r for r in rows if not r["open"]],
        "to_correct": _to_correct(employee_id, reports, opens),
        "opens": opens,
        "filing_days": filing.filing_days(),
    }
    return render(request, "attendance/my_reports.html", context)


def _to_correct(employee_id, listed: dict, opens) -> list[DailyReport]:
    """Returned reports of days before the open period that may still be corrected (returned
    within it): the open days' rows show their own."""
    returned = DailyReport.objects.filter(
        employee_id=employee_id, status=ReportStatus.RETURNED, day__date__lt=opens
    ).select_related("day__window")
    return [r for r in returned if filing.may_correct(r)]


def _rows(request) -> int:
    """How many item rows the form shows: at least 3, more on request (?baris=), at most 20."""
    try:
        wanted = int(request.GET.get("baris", 0))
    except ValueError:
        wanted = 0
    return max(3, min(wanted, MAX_ITEMS))


@require_http_methods(["GET", "POST"])
@login_required
def report_form(request, day_id):
    """File the report of one window day, or revise it once returned."""
    day = get_object_or_404(WindowDay.objects.select_related("window"), pk=day_id)
    employee_id = request.user.employee_id
    report = (
        DailyReport.objects.filter(employee_id=employee_id, day=day).first()
        if employee_id
        else None
    )
    if report is not None and not report.may_be_revised:
        return redirect("attendance:report", pk=report.pk)
    adding = request.method == "POST" and "tambah" in request.POST
    plans = _plans(employee_id, day)
    formset = _items_formset(request, report, plans, adding=adding)
    if request.method == "POST" and not adding and formset.is_valid():
        try:
            report = services.report_file(user=request.user, day=day, items=formset.items())
        except services.Refused as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Laporan kerja harian terkirim untuk diperiksa.")
            if note := formset.stripped_note():
                messages.info(request, note)
            return redirect("attendance:report", pk=report.pk)
    context = _report_form_context(request, day, report, formset) | {"plans": plans}
    status = 400 if request.method == "POST" and not adding else 200
    return render(request, "attendance/report_form.html", context, status=status)


def _plans(employee_id, day) -> dict[str, ActionPlan]:
    """The picklist: the employee's own approved action plans of the day's year, by label."""
    if not employee_id:
        return {}
    plans = ActionPlan.objects.usable_by(employee_id, day.date.year).order_by("rhk", "text")
    return {plan.label: plan for plan in plans}


def _initial(report) -> list[dict]:
    """A returned report's items as the form's rows, the action plan by its label."""
    if report is None:
        return []
    return [
        {f: getattr(item, f) for f in (*TEXT_FIELDS, "quantity", "started_at", "ended_at")}
        | {"rencana_aksi": item.action_plan.label if item.action_plan else ""}
        for item in report.items.select_related("action_plan")
    ]


def _items_formset(request, report, plans, *, adding: bool):
    """The output items' formset: bound to a POST, more rows when `adding`, or a returned
    report's items in the first rows."""
    items = _initial(report)
    rows = max(_rows(request), len(items) + 1)
    if adding:  # more rows, keeping what was typed: nothing is checked or saved yet
        typed = _typed_rows(request.POST)
        extra = min(3, MAX_ITEMS - len(typed))
        return output_item_formset(extra, plans=plans)(initial=typed, prefix="keluaran")
    if request.method == "POST":
        return output_item_formset(rows, plans=plans)(request.POST, prefix="keluaran")
    # a returned report's items fill the first rows, to be corrected in place
    return output_item_formset(rows - len(items), plans=plans)(initial=items, prefix="keluaran")


def _report_form_context(request, day, report, formset) -> dict:
    employee_id = request.user.employee_id
    future = day.date > timezone.localdate()
    open_ = filing.may_correct(report) if report else filing.may_file(day.date)
    return {
        "day": day,
        "report": report,
        "formset": formset,
        "no_employee": not employee_id,
        "future": future,
        "closed": not future and not open_,
        "closed_message": filing.closed_message(day.date),
        "can_add_rows": len(formset.forms) < MAX_ITEMS,
        "mode": services.report_mode(request.user.employee, day) if employee_id else None,
    }


def _typed_rows(data) -> list[dict]:
    """The rows as typed (before any check), for the form to show them again with more rows."""
    try:
        total = min(int(data.get("keluaran-TOTAL_FORMS", 0)), MAX_ITEMS)
    except ValueError:
        total = 0
    rows = [
        {name: data.get(f"keluaran-{i}-{name}", "") for name in OutputItemForm.base_fields}
        for i in range(total)
    ]
    return [row for row in rows if any(value.strip() for value in row.values())]


@require_safe
@login_required
def report_detail(request, pk):
    report = get_object_or_404(
        DailyReport.objects.visible_to(request.user).select_related(
            "employee__unit__opd", "day__window", "reviewed_by"
        ),
        pk=pk,
    )
    history = report.history.select_related("history_user").order_by("-history_date")
    note_read(request, ReadKind.REPORTS, [report.employee_id], detail=f"Laporan {report.day}")
    context = {
        "report": report,
        "items": report.items.select_related("action_plan"),
        "history": history,
        "check_in": CheckIn.objects.filter(employee=report.employee, day=report.day).first(),
        "may_review": allowed(request.user, "attendance.review_reports")
        and report.awaits_review
        and report.employee_id != request.user.employee_id,
        "return_form": ReturnForm(),
    }
    return render(request, "attendance/report_detail.html", context)
