"""The planning grid: BKPSDM (and the OPD head while the plan awaits them) set modes in place."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from common.text import invisible_errors
from opd.access import allowed, employees_visible_to, opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from opd.models import Unit
from schedules import coverage, grid, services
from schedules.forms import BulkForm, CellForm, GridFilterForm
from schedules.models import BulkChange, FlexWindow, Plan
from schedules.plan_review import plan_review


def plan_scope(request, slug, code):
    """The window and the OPD, the latter only if the user may see it (else 404)."""
    window = get_object_or_404(FlexWindow.objects.select_related("policy"), slug=slug)
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    if not allowed(request.user, "opd.view_opd", opd):
        raise PermissionDenied
    return window, opd


def _groups(request, window, employees, days, result, *, can_edit, oob=False):
    """The rows of these employees, rendered, under their units' coverage headers."""
    return grid.group_rows(
        grid.build_rows(employees, days, window.allowed_modes()),
        result,
        can_edit=can_edit,
        show_places=allowed(request.user, "schedules.view_wfa_places"),
        oob=oob,
    )


@require_safe
@require_perm("schedules.view_grid")
def plan_grid(request, slug, code):
    window, opd = plan_scope(request, slug, code)
    days = list(window.days.all())
    plan = Plan.objects.current(opd=opd, window=window)
    units = list(Unit.objects.filter(opd=opd).order_by("name"))
    form = GridFilterForm(request.GET or None, opd=opd)
    employees = form.filter(
        employees_visible_to(request.user).active().filter(unit__opd=opd).select_related("unit")
    ).order_by("unit__name", "name", "pk")
    page = Paginator(employees, form.per_page()).get_page(request.GET.get("halaman"))
    note_read(request, ReadKind.SCHEDULE, [e.pk for e in page], detail=f"{window.name} · {opd}")
    context = _grid_context(request, window, opd, plan, days, list(page)) | {
        "units": units,
        "form": form,
        "page": page,
        "review": plan_review(plan),
        "can": _plan_actions(request.user, plan),
        "query": request.GET.urlencode(),
    }
    if context["can_edit"]:  # the bulk box: its actions, copy sources and the last one to undo
        context |= {
            "bulk_actions": BulkForm.ACTIONS,
            "sources": grid.copy_sources(window, days),
            "last_bulk": last_bulk(plan),
        }
    return render(request, "schedules/grid.html", context)


def _grid_context(request, window, opd, plan, days, employees, *, oob=False) -> dict:
    """What the page and its htmx updates share: these employees' rows under their units'
    coverage, and the OPD's shortfalls (the whole OPD's: the plan panel shows them too)."""
    result = coverage.compute(window, opd=opd, days=days)
    can_edit = allowed(request.user, "schedules.edit_plan", plan)
    return {
        "window": window,
        "opd": opd,
        "plan": plan,
        "days": days,
        "groups": _groups(request, window, employees, days, result, can_edit=can_edit, oob=oob),
        "violations": result.violations,
        "shortfalls": grid.group_shortfalls(result.violations),
        "can_edit": can_edit,
        "modes": window.allowed_modes(),
    }


def last_bulk(plan):
    """The plan's last bulk action, for its undo button (None without one)."""
    if plan.pk is None:
        return None
    return BulkChange.objects.filter(plan=plan).select_related("made_by").first()


def _plan_actions(user, plan) -> dict[str, bool]:
    """The plan panel's buttons the user may use."""
    return {
        action: allowed(user, f"schedules.{action}_plan", plan)
        for action in ("submit", "decide", "reopen")
    } | {"history": allowed(user, "schedules.view_history", plan)}


def _respond(request, window, opd, employee_ids, error=None, result=None, short=()):
    """htmx: the changed rows and unit coverage, swapped out of band. Plain POST: redirect.

    A change that sent a submitted plan back to draft reloads the page (its panel changes too).
    `short`: the rules a bulk action left short (as its preview named them).
    """
    if not request.htmx or (result and result.returned_to_draft):
        return _back_to_grid(request, window, opd, error=error, result=result, short=short)
    days = list(window.days.all())
    plan = Plan.objects.current(opd=opd, window=window)
    employees = list(
        employees_visible_to(request.user)
        .filter(pk__in=employee_ids, unit__opd=opd)
        .select_related("unit")
        .order_by("unit__name", "name", "pk")
    )
    # The whole OPD: the plan panel's shortfalls and its "Ajukan" button are swapped too.
    context = _grid_context(request, window, opd, plan, days, employees, oob=True) | {
        "can": {"submit": allowed(request.user, "schedules.submit_plan", plan)},
        "error": error,
        "result": result,
        "short": short,
        "last_bulk": last_bulk(plan) if result is not None else None,
    }
    return render(request, "schedules/_grid_updates.html", context)


def _back_to_grid(request, window, opd, *, error, result, short=()):
    """The outcome as a message, then the same page of the grid (htmx: a full reload)."""
    if error:
        messages.error(request, error)
    elif result is not None:
        text = result.message()
        if short:  # saved although it left rules short: said as a warning, naming them
            messages.warning(request, f"{text} Aturan yang kini kurang: {'; '.join(short[:10])}")
        else:
            messages.success(request, text)
    url = grid_url(window, opd, request.POST.get("query", ""))
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@require_POST
@require_perm("schedules.change_assignments")
def plan_cell(request, slug, code):
    window, opd = plan_scope(request, slug, code)
    form = CellForm(request.POST)
    if not form.is_valid():
        error = " ".join(invisible_errors(form)) or "Isian sel tidak sah. Muat ulang halaman."
        return _respond(request, window, opd, [], error=error)
    data = form.cleaned_data
    try:
        result = services.assignments_set(
            opd=opd,
            window=window,
            employee_ids=[data["employee"]],
            day_ids=[data["day"]],
            mode=data["mode"],
            wfa_place=data["wfa_place"],
            by=request.user,
            # Never optional: a post without the version it saw is refused like a stale one.
            expected_versions=grid.parse_versions([data["versions"]]),
        )
    except (ValidationError, PermissionDenied) as exc:
        return _respond(request, window, opd, [data["employee"]], error=refusal_text(exc))
    return _respond(request, window, opd, [data["employee"]], result=result)


def grid_url(window, opd, query: str) -> str:
    """Back to the same filtered page of the grid (the query string is the page's own)."""
    url = reverse("schedules:grid", args=[window.slug, opd.code])
    return f"{url}?{query}" if query and "//" not in query else url


def refusal_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "Anda tidak berhak mengubah rencana ini."
