"""Staff import for BKPSDM: upload -> dry run -> confirm, and the template to fill in.

Between the dry run and the confirmation the checked file waits in WFA_IMPORT_DIR under a random
token, which the session of the user who uploaded it holds; the confirmation hands it to a
background job (staff_import/confirmation.py) that validates every row again (the database may have
changed) and applies it in one transaction, with a progress page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from common.disk import DiskFault
from common.xlsx_safety import megabytes
from jobs.services import job_start
from opd import guards
from opd.access import require_perm
from opd.models import PNS_GOLONGAN, PPPK_GOLONGAN, PositionType
from staff_import import columns, confirmation, files, plan, services
from staff_import.forms import XLSX, StaffUploadForm
from staff_import.template import template_workbook

SHOWN = 200  # rows of each list on the dry-run page; the counts are always complete


@require_safe
@require_perm("opd.manage_city")
def staff_import_start(request):
    return _upload_page(request, StaffUploadForm())


@require_POST
@require_perm("opd.manage_city")
def staff_import_check(request):
    """The dry run: nothing is written; a clean file waits for confirmation."""
    form = StaffUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    data = form.cleaned_data["file"]
    try:
        found = plan.plan_rows(plan.read_rows(data))
    except ValidationError as exc:
        form.add_error("file", exc.messages)
        return _upload_page(request, form, status=400)
    token, at_risk = None, []
    if found.has_changes and not found.refused:
        try:
            token = files.keep(request, data)
        except DiskFault as fault:
            return _upload_page(request, form, status=503, errors=[str(fault)])
        at_risk = services.staff_import_preview(plan=found)
    name = request.FILES["file"].name
    return _result_page(request, found, token=token, name=name, at_risk=at_risk)


@require_POST
@require_perm("opd.manage_city")
def staff_import_confirm(request):
    """Hand the kept file to a background job, which checks every row again (the database may
    have changed) and applies it all or nothing (staff_import/confirmation.py); its page shows
    how far."""
    try:
        # One confirmation per dry run, whatever happens next: of two at once, one claims it.
        upload = files.hand_over(files.claim(request, request.POST.get("token", "")))
    except ValidationError as exc:
        return _upload_page(request, StaffUploadForm(), status=400, errors=exc.messages)
    except DiskFault as fault:
        errors = [f"{fault} Unggah berkasnya lagi setelah itu."]
        return _upload_page(request, StaffUploadForm(), status=503, errors=errors)
    job, _ = job_start(
        owner=request.user,
        kind=confirmation.STAFF_IMPORT,
        parameters={"upload": upload},
        title="Impor data pegawai",
    )
    return redirect("jobs:detail", pk=job.pk)


@require_safe
@require_perm("opd.manage_city")
def staff_import_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.xlsx"'
    return response


def _upload_page(request, form, *, status=200, errors=()):
    context = {
        "form": form,
        "errors": errors,
        "columns": columns.COLUMNS,
        "max_size": megabytes(settings.WFA_IMPORT_MAX_BYTES),
        "max_rows": settings.WFA_IMPORT_MAX_ROWS,
        "ttl_minutes": settings.WFA_IMPORT_TTL_SECONDS // 60,
        "pns_golongan": f"{PNS_GOLONGAN[0]} sampai {PNS_GOLONGAN[-1]}",
        "pppk_golongan": f"{PPPK_GOLONGAN[0]} sampai {PPPK_GOLONGAN[-1]}",
        "position_types": PositionType.labels,
    }
    return render(request, "staff_import/upload.html", context, status=status)


def _result_page(request, found, *, token=None, name="", status=200, at_risk=()):
    context = {
        "at_risk": at_risk,
        "at_risk_text": guards.describe(list(at_risk), future=True),
        "plan": found,
        "token": token,
        "name": name,
        "shown": SHOWN,
        "create_shown": found.create[:SHOWN],
        "update_shown": found.update[:SHOWN],
        "refused_shown": found.refused[:SHOWN],
        "refused_hidden": max(len(found.refused) - SHOWN, 0),
    }
    return render(request, "staff_import/result.html", context, status=status)
