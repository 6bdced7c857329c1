"""Working hours (time flexibility) from the planning grid: set in bulk, list and clear."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from opd.access import allowed, employees_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from opd.forms import EmployeeFilterForm
from schedules.models import HoursKind, Plan, WorkingHours
from schedules.services.hours import (
    Hours,
    parse_hours_amount,
    parse_time,
    working_hours_clear,
    working_hours_set,
)
from schedules.views.grid import grid_url, plan_scope, refusal_text


def _ids(values) -> list[int]:
    """Posted ids; anything not a number is refused (a forged post changes nothing)."""
    if any(not v.isdigit() for v in values):
        raise ValidationError("Data yang dikirim tidak sah. Muat ulang halaman lalu ulangi.")
    return [int(v) for v in values]


def _posted_hours(post) -> Hours:
    kind = post.get("hours_kind", "")
    if kind not in HoursKind.values:
        raise ValidationError("Pilih jenis jam kerja: shift atau jam dinamis.")
    start = parse_time(post.get("hours_start", ""), "Jam mulai")
    end = parse_time(post.get("hours_end", ""), "Jam selesai")
    required = None
    if kind == HoursKind.DYNAMIC:
        required = parse_hours_amount(post.get("hours_required", ""))
    return Hours(kind, start, end, required)


def _back(request, url, *, error=None, success=None):
    if error:
        messages.error(request, error)
    else:
        messages.success(request, success)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
@require_perm("schedules.change_assignments")
def hours_set(request, slug, code):
    """From the grid's bulk box: the checked employees x the chosen days get these hours."""
    window, opd = plan_scope(request, slug, code)
    url = grid_url(window, opd, request.POST.get("query", ""))
    try:
        employee_ids = _ids(request.POST.getlist("employees"))
        day_ids = _ids(request.POST.getlist("days"))
        if not employee_ids:
            raise ValidationError("Pilih sedikitnya satu pegawai (centang barisnya).")
        hours = _posted_hours(request.POST)
        count = working_hours_set(
            opd=opd,
            window=window,
            employee_ids=employee_ids,
            day_ids=day_ids,
            hours=hours,
            by=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        return _back(request, url, error=refusal_text(exc))
    return _back(request, url, success=f"Jam kerja ditetapkan untuk {count} sel jadwal.")


HOURS_PER_PAGE = 100


@require_safe
@require_perm("schedules.view_grid")
def hours_list(request, slug, code):
    """The working-hours arrangements of the OPD's staff in the window, a page at a time, found
    by name or NIP and unit (a large OPD has thousands), to review and clear."""
    window, opd = plan_scope(request, slug, code)
    plan = Plan.objects.current(opd=opd, window=window)
    form = EmployeeFilterForm(request.GET or None, opd=opd)
    staff = form.filter(employees_visible_to(request.user).filter(unit__opd=opd))
    rows = (
        WorkingHours.objects.filter(day__window=window, employee__in=staff)
        .select_related("employee__unit", "day", "changed_by")
        .order_by("employee__name", "employee_id", "day__date")
    )
    page = Paginator(rows, HOURS_PER_PAGE).get_page(request.GET.get("halaman"))
    note_read(request, ReadKind.SCHEDULE, [r.employee_id for r in page], detail="Jam kerja")
    context = {
        "window": window,
        "opd": opd,
        "form": form,
        "units": opd.units.order_by("name"),
        "page": page,
        "can_edit": allowed(request.user, "schedules.edit_plan", plan),
    }
    return render(request, "schedules/working_hours.html", context)


@require_POST
@require_perm("schedules.change_assignments")
def hours_clear(request, slug, code):
    """Clear the ticked arrangements ('employee:day' pairs): the usual office hours apply."""
    window, opd = plan_scope(request, slug, code)
    url = reverse("schedules:hours", args=[window.slug, opd.code])
    cleared = 0
    try:
        cells = [value.split(":") for value in request.POST.getlist("cells")]
        if not cells or any(len(cell) != 2 for cell in cells):
            raise ValidationError("Pilih sedikitnya satu jam kerja yang akan dihapus.")
        with transaction.atomic():  # all the ticked rows or none
            for employee_id, day_id in _ids_pairs(cells):
                cleared += working_hours_clear(
                    opd=opd, window=window, employee_ids=[employee_id], day_ids=[day_id],
                    by=request.user,
                )  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        return _back(request, url, error=refusal_text(exc))
    return _back(request, url, success=f"{cleared} jam kerja dihapus; berlaku jam kantor biasa.")


def _ids_pairs(cells) -> list[tuple[int, int]]:
    flat = _ids([part for cell in cells for part in cell])
    return list(zip(flat[::2], flat[1::2], strict=True))
