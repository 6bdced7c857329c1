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
from schedules import coverage, grid, selectors, services
from schedules.forms import BulkForm, CellForm, GridFilterForm
from schedules.models import FlexWindow, Mode, Plan
from schedules.services.cells import MISSING_VERSIONS


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
        "changes": selectors.plan_changes_since_submission(plan),
        "can": _plan_actions(request.user, plan),
        "query": request.GET.urlencode(),
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


def _plan_actions(user, plan) -> dict[str, bool]:
    """The plan panel's buttons the user may use."""
    return {
        action: allowed(user, f"schedules.{action}_plan", plan)
        for action in ("submit", "decide", "reopen")
    } | {"history": allowed(user, "schedules.view_history", plan)}


def _respond(request, window, opd, employee_ids, error=None, result=None):
    """htmx: the changed rows and unit coverage, swapped out of band. Plain POST: redirect.

    A change that sent a submitted plan back to draft reloads the page (its panel changes too).
    """
    if not request.htmx or (result and result.returned_to_draft):
        return _back_to_grid(request, window, opd, error=error, result=result)
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
    }
    return render(request, "schedules/_grid_updates.html", context)


def _back_to_grid(request, window, opd, *, error, result):
    """The outcome as a message, then the same page of the grid (htmx: a full reload)."""
    if error:
        messages.error(request, error)
    else:
        messages.success(request, result.message())
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


@require_POST
@require_perm("schedules.change_assignments")
def plan_bulk(request, slug, code):
    window, opd = plan_scope(request, slug, code)
    form = BulkForm(request.POST, window=window, opd=opd)
    posted_ids = [e for e in request.POST.getlist("employees") if e.isdigit()]
    if not form.is_valid():
        error = " ".join(m for errors in form.errors.values() for m in errors)
        return _respond(request, window, opd, posted_ids, error=error)
    try:
        shown = {e for e, _ in grid.parse_versions(request.POST.getlist("versions"))}
        employee_ids, result = _bulk_apply(request, window, opd, form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        return _respond(request, window, opd, posted_ids, error=refusal_text(exc))
    # Only rows on the user's page are re-rendered; a whole unit may be far larger.
    return _respond(request, window, opd, shown.intersection(employee_ids), result=result)


def _bulk_apply(request, window, opd, data):
    """The bulk form's action through its service: (the employees it touched, the result)."""
    versions = grid.parse_versions(request.POST.getlist("versions"))
    if not versions:  # the page always sends what it showed; never optional
        raise services.StaleEdit(MISSING_VERSIONS)
    day_ids = [d.pk for d in data["days"]]
    common = {"opd": opd, "window": window, "by": request.user, "expected_versions": versions}
    if data["action"] == "copy":
        employee_ids = [e.pk for e in data["employees"]]
        result = services.assignments_copy_day(
            source_day_id=data["source_day"].pk,
            target_day_ids=day_ids,
            employee_ids=employee_ids,
            **common,
        )
        return employee_ids, result
    if data["action"] in ("pin", "unpin"):
        employee_ids = [e.pk for e in data["employees"]]
        result = services.cells_pin(
            employee_ids=employee_ids, day_ids=day_ids, pinned=data["action"] == "pin", **common
        )
        return employee_ids, result
    return _bulk_set_modes(data, day_ids, common)


def _bulk_set_modes(data, day_ids, common):
    """Set a mode (WFO for "reset") on the chosen employees' or a whole unit's days."""
    whole_unit = data["action"] == "unit"
    if whole_unit:
        employee_ids = list(data["unit"].employees.active().values_list("pk", flat=True))
    else:
        employee_ids = [e.pk for e in data["employees"]]
    mode = Mode.WFO if data["action"] == "reset" else data["mode"]
    result = services.assignments_set(
        employee_ids=employee_ids,
        day_ids=day_ids,
        mode=mode,
        wfa_place=data["wfa_place"],
        bulk=True,
        # A whole unit may be larger than the page: the cells on the page are still checked.
        versions_cover_all=not whole_unit,
        **common,
    )
    return employee_ids, result


def grid_url(window, opd, query: str) -> str:
    """Back to the same filtered page of the grid (the query string is the page's own)."""
    url = reverse("schedules:grid", args=[window.slug, opd.code])
    return f"{url}?{query}" if query and "//" not in query else url


def refusal_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "Anda tidak berhak mengubah rencana ini."
