"""Data saya (own data and who viewed it) for employees; the read access log for BKPSDM."""

import csv

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from common import region
from common.formulas import csv_safe
from opd.access import require_perm
from opd.models import Employee
from privacy.forms import ReadLogFilterForm
from privacy.own_data import personal_data_export
from readlog import selectors

PAGE = 50
CSV_HEADER = [
    f"Waktu ({region.zone_label()})",
    "Akun pengakses",
    "Nama pengakses",
    "Peran",
    "Data yang dilihat",
    "Keterangan",
    "NIP pegawai",
    "Nama pegawai",
    "OPD",
    "Halaman",
    "Alamat IP",
]


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
    context = {"form": form, "page": page, "retention_days": settings.WFA_RETAIN_READ_LOG_DAYS}
    return render(request, "privacy/read_log.html", context)


def _refused(request, form):
    context = {"form": form, "page": None, "retention_days": settings.WFA_RETAIN_READ_LOG_DAYS}
    return render(request, "privacy/read_log.html", context, status=400)


@require_safe
@require_perm("privacy.view_read_log")
def read_log_export(request):
    """The same search as a CSV file (UTF-8 with BOM, so that Excel reads the names right)."""
    form = ReadLogFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _refused(request, form)
    rows = selectors.read_log_search(**(form.search_arguments() if form.is_bound else {}))
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    name = f"log-akses-data-pribadi-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class _Echo:
    def write(self, value):
        return value


def _csv_lines(rows):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)
    for row in rows.iterator(chunk_size=2000):
        event, employee = row.event, row.employee
        yield writer.writerow(
            [
                csv_safe(value)
                for value in [
                    f"{timezone.localtime(event.at):%Y-%m-%d %H:%M:%S}",
                    event.viewer_username,
                    event.viewer.get_full_name() if event.viewer else "",
                    event.get_viewer_role_display(),
                    event.get_kind_display(),
                    event.detail,
                    employee.nip if employee else f"(pegawai terhapus #{row.employee_id})",
                    employee.name if employee else "",
                    employee.unit.opd.short_name if employee else "",
                    event.path,
                    event.ip_address or "",
                ]
            ]
        )
