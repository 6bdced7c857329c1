"""Plan status per OPD, the approval workflow and the plan's history."""

from collections import Counter
from datetime import UTC, datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from common.text import invisible_errors
from opd.access import employees_visible_to, opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from schedules import selectors, services
from schedules.forms import PlanNoteForm
from schedules.models import (
    Assignment,
    FlexWindow,
    Plan,
    PlanStatus,
)
from schedules.views.grid import plan_scope

HISTORY_PAGE = 50


@require_safe
@require_perm("schedules.view_grid")
def plan_overview(request, slug):
    """Every visible OPD's plan for a window: status, staff, remote cells, shortfalls."""
    window = get_object_or_404(FlexWindow, slug=slug)
    rows = selectors.opd_plan_rows(window, opds_visible_to(request.user))
    counts = Counter(row["status"] for row in rows)
    shown = OverviewForm(request.GET)
    shown.is_valid()  # a bad value is dropped alone; the list shows as if it were not given
    status, order = shown.cleaned_data.get("status"), shown.cleaned_data.get("urut") or "opd"
    context = {
        "window": window,
        "rows": _sorted_rows([r for r in rows if not status or r["status"] == status], order),
        "total": len(rows),
        "progress": [(value, label, counts.get(value, 0)) for value, label in PlanStatus.choices],
        "status": status,
        "order": order,
        "orders": OverviewForm.ORDERS,
    }
    return render(request, "schedules/plan_overview.html", context)


class OverviewForm(forms.Form):
    """The plan-status list's GET parameters: which status to show, and the order."""

    ORDERS = [
        ("opd", "Nama OPD"),
        ("status", "Status"),
        ("kekurangan", "Kekurangan terbanyak"),
        ("pegawai", "Pegawai terbanyak"),
        ("terakhir", "Tindakan terbaru"),
    ]
    status = forms.ChoiceField(choices=PlanStatus.choices, required=False)
    urut = forms.ChoiceField(choices=ORDERS, required=False)


_STATUS_ORDER = {value: i for i, value in enumerate(PlanStatus.values)}
_NEVER = datetime.min.replace(tzinfo=UTC)


def _sorted_rows(rows: list[dict], order: str) -> list[dict]:
    """The OPDs in the chosen order; ties (and the default) by OPD name."""
    rows = sorted(rows, key=lambda r: r["opd"].name)
    keys = {
        "status": lambda r: _STATUS_ORDER[r["status"]],
        "kekurangan": lambda r: -r["shortfalls"],
        "pegawai": lambda r: -r["opd"].staff,
        "terakhir": lambda r: (
            -(r["plan"].acted_at if r["plan"] and r["plan"].acted_at else _NEVER).timestamp()
        ),
    }
    return sorted(rows, key=keys[order]) if order in keys else rows


def _note(form) -> str:
    """The note typed, "" when there is none (the service says a note is needed); a note with
    invisible characters is refused here with the reason."""
    if form.is_valid():
        return form.cleaned_data["note"]
    if refused := invisible_errors(form):
        raise ValidationError(refused)
    return ""


def _act(request, slug, code, action):
    window, opd = plan_scope(request, slug, code)
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
        note = _note(PlanNoteForm(request.POST))
        services.plan_return(plan=plan, by=request.user, note=note)
        messages.success(request, "Rencana dikembalikan ke BKPSDM dengan catatan Anda.")

    return _act(request, slug, code, send_back)


@require_POST
@require_perm("opd.manage_city")
def plan_reopen(request, slug, code):
    def reopen(plan):
        reason = _note(PlanNoteForm(request.POST))
        services.plan_reopen(plan=plan, by=request.user, reason=reason)
        messages.success(request, "Rencana dibuka kembali sebagai draf.")

    return _act(request, slug, code, reopen)


@require_safe
@require_perm("schedules.view_history")
def plan_history(request, slug, code):
    window, opd = plan_scope(request, slug, code)
    plan = Plan.objects.current(opd=opd, window=window)  # a GET never creates the plan
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
        "plan_events": (
            plan.history.select_related("history_user").order_by("-history_date") if plan.pk else []
        ),
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
    previous = selectors.previous_values(records)
    for record in records:
        record.previous_mode = previous[record.history_id][0]
