"""Data saya (own data and who viewed it) for employees; the read access log for BKPSDM."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from jobs.files import Refused
from opd.access import require_perm
from opd.models import Employee
from privacy.forms import ReadLogFilterForm
from privacy.own_data import personal_data_export
from privacy.read_log_export import read_log_export_start
from readlog import selectors

PAGE = 50


@require_safe
@login_required
def my_data(request):
    """What the portal holds about me (as a download) and who viewed it in the last 90 days."""
    if not request.user.employee_id:
        return render(request, "privacy/my_data.html", {"no_employee": True})
    employee = Employee.objects.select_related("unit__opd").get(pk=request.user.employee_id)
    page = Paginator(selectors.viewers_of(employee), PAGE).get_page(request.GET.get("halaman"))
    context = {
        "employee": employee,
        "page": page,
        "days": selectors.OWN_DAYS,
        "retention": {
            "coordinates": settings.WFA_RETAIN_COORDINATES_DAYS,
            "places": settings.WFA_RETAIN_PLACES_DAYS,
        },
    }
    return render(request, "privacy/my_data.html", context)


@require_safe
@require_perm("privacy.download_own_data")
def my_data_download(request):
    employee = request.user.employee
    response = JsonResponse(
        personal_data_export(employee=employee),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    today = timezone.localdate()
    name = f"data-pribadi-{employee.nip}-{today:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@require_perm("privacy.view_read_log")
def read_log(request):
    """Log akses data pribadi: one row per person per view, searchable."""
    form = ReadLogFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _refused(request, form)
    rows = selectors.read_log_search(**(form.search_arguments() if form.is_bound else {}))
    page = Paginator(rows, PAGE).get_page(request.GET.get("halaman"))
    context = {
        "form": form,
        "page": page,
        "retention_days": settings.WFA_RETAIN_READ_LOG_DAYS,
        # The download repeats the search as it was asked (a POST that starts a job).
        "search": [(f.name, f.value() or "") for f in form] if form.is_bound else [],
    }
    return render(request, "privacy/read_log.html", context)


def _refused(request, form):
    context = {"form": form, "page": None, "retention_days": settings.WFA_RETAIN_READ_LOG_DAYS}
    return render(request, "privacy/read_log.html", context, status=400)


@require_POST
@require_perm("privacy.view_read_log")
def read_log_export(request):
    """The same search as a file (.xlsx to read, .csv for programs), made as a background job."""
    form = ReadLogFilterForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    try:
        job, new = read_log_export_start(
            user=request.user, form=form, fmt=request.POST.get("format", "")
        )
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("privacy:read_log")
    if not new:
        messages.info(request, "Permintaan yang sama sedang berjalan: ini pekerjaannya.")
    return redirect("jobs:detail", pk=job.pk)
