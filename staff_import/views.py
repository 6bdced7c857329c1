"""Staff import for BKPSDM: upload -> dry run -> confirm, and the template to fill in.

Between the dry run and the confirmation the checked file waits in WFA_IMPORT_DIR under a random
token, which the session of the user who uploaded it holds; the confirmation hands it to a
background job (staff_import/confirmation.py) that validates every row again (the database may have
changed) and applies it in one transaction, with a progress page.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.disk import DiskFault
from common.xlsx_safety import megabytes
from jobs.services import job_start
from opd import guards
from opd.access import require_perm
from opd.models import PNS_GOLONGAN, PPPK_GOLONGAN, PositionType
from staff_import import columns, confirmation, files, plan, services
from staff_import.forms import XLSX, SiasnColumnsForm, StaffUploadForm, UnitMappingForm
from staff_import.models import REQUIRED_FIELDS, SiasnColumn, SiasnField, UnitMapping
from staff_import.template import template_workbook

SHOWN = 200  # rows of each list on the dry-run page; the counts are always complete
DEPARTURES_SHOWN = 1000  # "keluar/pindah" rows offered with a box each
MAPPINGS_PER_PAGE = 100
NIP = re.compile(r"[0-9]{18}")
KEY = re.compile(r"(id|nama):.{1,300}", re.S)


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
    data, name = form.cleaned_data["file"], request.FILES["file"].name
    try:
        found = plan.plan_from_bytes(data, name=name)
    except ValidationError as exc:
        form.add_error("file", exc.messages)
        return _upload_page(request, form, status=400)
    token, at_risk = None, []
    if (found.has_changes or found.unmapped) and not found.refused:
        try:
            token = files.keep(request, data, name)
        except DiskFault as fault:
            return _upload_page(request, form, status=503, errors=[str(fault)])
        at_risk = services.staff_import_preview(plan=found)
    return _result_page(request, found, token=token, name=name, at_risk=at_risk)


@require_safe
@require_perm("opd.manage_city")
def staff_import_preview(request):
    """The kept upload checked again (after BKPSDM mapped a unit): nothing is written."""
    try:
        token, data, name = files.peek(request)
        found = plan.plan_from_bytes(data)
    except ValidationError as exc:
        return _upload_page(request, StaffUploadForm(), status=400, errors=exc.messages)
    at_risk = services.staff_import_preview(plan=found)
    return _result_page(request, found, token=token, name=name, at_risk=at_risk)


@require_POST
@require_perm("opd.manage_city")
def staff_import_confirm(request):
    """Hand the kept file to a background job, which checks every row again (the database may
    have changed) and applies it all or nothing (staff_import/confirmation.py); its page shows
    how far."""
    skip = sorted({key for key in request.POST.getlist("skip") if KEY.fullmatch(key)})
    unmapped = {key for key in request.POST.getlist("unmapped") if KEY.fullmatch(key)}
    leaving = sorted({nip for nip in request.POST.getlist("leaving") if NIP.fullmatch(nip)})
    if unmapped - set(skip):
        messages.error(
            request,
            f"{len(unmapped - set(skip))} unit organisasi SIASN belum dipetakan. Petakan unitnya, "
            "atau centang 'Lewati baris unit ini', lalu konfirmasi. Belum ada yang disimpan.",
        )
        return redirect("opd:staff_import_preview")
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
        parameters={"upload": upload, "skip": skip, "leaving": leaving},
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
        "moves_shown": found.moves[:SHOWN],
        "others_shown": found.other_updates[:SHOWN],
        "departures_shown": found.departures[:DEPARTURES_SHOWN],
        "departures_hidden": max(len(found.departures) - DEPARTURES_SHOWN, 0),
        "leaving_nips": {u.employee.nip for u in found.leaving},
    }
    return render(request, "staff_import/result.html", context, status=status)


# --- what BKPSDM keeps for SIASN files: the unit mapping and the column headings ----------------


@require_safe
@require_perm("opd.manage_city")
def unit_mapping_list(request):
    mappings = UnitMapping.objects.select_related("unit__opd").order_by("siasn_name", "pk")
    page = Paginator(mappings, MAPPINGS_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "staff_import/unit_mappings.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm("opd.manage_city")
def unit_mapping_edit(request, pk=None):
    """Add (from the preview: ?nama=...&id=... pre-filled) or change one unor's mapping."""
    mapping = get_object_or_404(UnitMapping, pk=pk) if pk else UnitMapping()
    back = request.GET.get("kembali") == "pratinjau"
    if request.method == "POST":
        form = UnitMappingForm(request.POST, instance=mapping)
        if form.is_valid():
            with transaction.atomic():
                saved = form.save()
            messages.success(request, f"Pemetaan unor {saved.siasn_name} disimpan.")
            return redirect("opd:staff_import_preview" if back else "opd:unit_mapping_list")
        status = 400
    else:
        initial = {}
        if not pk:
            initial = {
                "siasn_name": request.GET.get("nama", "")[:300],
                "siasn_id": request.GET.get("id", "")[:64],
            }
        form, status = UnitMappingForm(instance=mapping, initial=initial), 200
    context = {"form": form, "mapping": mapping, "back": back}
    return render(request, "staff_import/unit_mapping_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm("opd.manage_city")
def siasn_columns(request):
    current = {c.field: c.headers for c in SiasnColumn.objects.order_by()}
    if request.method == "POST":
        form = SiasnColumnsForm(request.POST, current=current)
        if form.is_valid():
            with transaction.atomic():
                for value in SiasnField.values:
                    lines = [ln.strip() for ln in form.cleaned_data[value].splitlines()]
                    SiasnColumn.objects.update_or_create(
                        field=value, defaults={"headers": "\n".join(ln for ln in lines if ln)}
                    )
            messages.success(request, "Judul kolom SIASN disimpan.")
            return redirect("opd:siasn_columns")
        status = 400
    else:
        form, status = SiasnColumnsForm(current=current), 200
    return render(
        request,
        "staff_import/siasn_columns.html",
        {"form": form, "required": [str(f) for f in REQUIRED_FIELDS]},
        status=status,
    )
