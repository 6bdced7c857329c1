"""Plan status per OPD, the approval workflow, history, and the employee's own schedule."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from opd.access import employees_visible_to, opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from schedules import coverage, services
from schedules.forms import PlanNoteForm
from schedules.grid_views import _scope
from schedules.models import (
    Assignment,
    FlexWindow,
    Mode,
    Plan,
    PlanStatus,
    Preference,
    WindowDay,
)

HISTORY_PAGE = 50


@require_safe
@require_perm("schedules.view_grid")
def plan_overview(request, slug):
    """Every visible OPD's plan for a window: status, staff, remote cells, shortfalls."""
    window = get_object_or_404(FlexWindow, slug=slug)
    opds = opds_visible_to(request.user).annotate(
        staff=Count("units__employees", filter=Q(units__employees__is_active=True))
    )
    plans = {p.opd_id: p for p in Plan.objects.for_window(window).select_related("acted_by")}
    shortfalls = Counter(c.unit.opd_id for c in coverage.compute(window).violations)
    remote = dict(
        Assignment.objects.for_window(window)
        .remote()
        .values_list("employee__unit__opd_id")
        .annotate(n=Count("pk"))
    )
    rows = [
        {
            "opd": opd,
            "plan": plans.get(opd.pk),
            "status": plans[opd.pk].status if opd.pk in plans else PlanStatus.DRAFT,
            "shortfalls": shortfalls.get(opd.pk, 0),
            "remote": remote.get(opd.pk, 0),
        }
        for opd in opds
    ]
    counts = Counter(row["status"] for row in rows)
    progress = [(label, counts.get(value, 0)) for value, label in PlanStatus.choices]
    context = {"window": window, "rows": rows, "progress": progress}
    return render(request, "schedules/plan_overview.html", context)


def _act(request, slug, code, action):
    window, opd = _scope(request, slug, code)
    plan = services.plan_for(opd=opd, window=window)
    try:
        action(plan)
    except (ValidationError, PermissionDenied) as exc:
        lines = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        # A refusal for shortfalls lists them all; the plan panel shows the same list as links.
        messages.error(request, lines[0] + (" Rinciannya di bawah." if len(lines) > 1 else ""))
    return redirect("schedules:grid", slug=window.slug, code=opd.code)


@require_POST
@require_perm("opd.manage_city")
def plan_submit(request, slug, code):
    def submit(plan):
        services.plan_submit(plan=plan, by=request.user)
        messages.success(request, "Rencana diajukan ke Kepala OPD untuk disetujui.")

    return _act(request, slug, code, submit)


@require_POST
@require_perm("schedules.decide_plans")
def plan_approve(request, slug, code):
    def approve(plan):
        services.plan_approve(plan=plan, by=request.user)
        messages.success(request, "Rencana disetujui dan dikunci.")

    return _act(request, slug, code, approve)


@require_POST
@require_perm("schedules.decide_plans")
def plan_return(request, slug, code):
    def send_back(plan):
        form = PlanNoteForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        services.plan_return(plan=plan, by=request.user, note=note)
        messages.success(request, "Rencana dikembalikan ke BKPSDM dengan catatan Anda.")

    return _act(request, slug, code, send_back)


@require_POST
@require_perm("opd.manage_city")
def plan_reopen(request, slug, code):
    def reopen(plan):
        form = PlanNoteForm(request.POST)
        reason = form.cleaned_data["note"] if form.is_valid() else ""
        services.plan_reopen(plan=plan, by=request.user, reason=reason)
        messages.success(request, "Rencana dibuka kembali sebagai draf.")

    return _act(request, slug, code, reopen)


@require_safe
@require_perm("schedules.view_history")
def plan_history(request, slug, code):
    window, opd = _scope(request, slug, code)
    plan = services.plan_for(opd=opd, window=window)
    changes = (
        Assignment.history.filter(day__window=window, employee__unit__opd=opd)
        .select_related("history_user", "employee", "day")
        .order_by("-history_date", "-history_id")
    )
    page = Paginator(changes, HISTORY_PAGE).get_page(request.GET.get("halaman"))
    context = {
        "window": window,
        "opd": opd,
        "plan": plan,
        "plan_events": plan.history.select_related("history_user").order_by("-history_date"),
        "page": page,
    }
    _annotate_previous_modes(page)
    detail = f"Riwayat rencana {window.name} · {opd}"
    note_read(request, ReadKind.HISTORY, [r.employee_id for r in page], detail=detail)
    return render(request, "schedules/plan_history.html", context)


@require_safe
@require_perm("schedules.view_history")
def employee_history(request, nip):
    employee = get_object_or_404(
        employees_visible_to(request.user).select_related("unit__opd"), nip=nip
    )
    changes = (
        Assignment.history.filter(employee=employee)
        .select_related("history_user", "day__window")
        .order_by("-history_date", "-history_id")
    )
    page = Paginator(changes, HISTORY_PAGE).get_page(request.GET.get("halaman"))
    _annotate_previous_modes(page)
    note_read(request, ReadKind.HISTORY, [employee.pk], detail="Riwayat jadwal pegawai")
    context = {"employee": employee, "page": page}
    return render(request, "schedules/employee_history.html", context)


def _annotate_previous_modes(page) -> None:
    """Give each history record on the page the mode it replaced (WFO when there was no row)."""
    records = list(page)
    if not records:
        return
    wanted = {r.history_id for r in records}
    timeline = (
        Assignment.history.filter(
            employee_id__in={r.employee_id for r in records},
            day_id__in={r.day_id for r in records},
            history_date__lte=max(r.history_date for r in records),
        )
        .order_by("history_date", "history_id")
        .values_list("history_id", "employee_id", "day_id", "mode")
    )
    last: dict[tuple[int, int], str] = {}
    previous = {}
    for history_id, employee_id, day_id, mode in timeline:
        if history_id in wanted:
            previous[history_id] = last.get((employee_id, day_id), "WFO")
        last[(employee_id, day_id)] = mode
    for record in records:
        record.previous_mode = previous.get(record.history_id, "WFO")


@require_safe
@login_required
def my_schedule(request):
    """Jadwal saya: the employee's mode on every day of every window, and their preferences."""
    if not request.user.employee_id:
        return render(request, "schedules/my_schedule.html", {"days": [], "no_employee": True})
    employee = request.user.employee
    days = WindowDay.objects.select_related("window").order_by("-window_id", "date")
    assigned = {a.day_id: a for a in Assignment.objects.filter(employee=employee)}
    wished = {p.day_id: p for p in Preference.objects.filter(employee=employee)}
    rows = [
        {
            "day": d,
            "assignment": assigned.get(d.pk),
            "preference": wished.get(d.pk),
            "remote_modes": [m for m in d.window.allowed_modes() if m != Mode.WFO],
        }
        for d in days
    ]
    context = {"rows": rows, "employee": employee}
    return render(request, "schedules/my_schedule.html", context)
