"""Target kerja: the employee fills and submits (phone), the head approves, or a file imports."""

from dataclasses import astuple
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from common.disk import DiskFault
from jobs.services import job_start
from opd.access import allowed, require_perm
from opd.disclosure import ReadKind, note_read
from targets import confirmation, importing, services
from targets.forms import ActionPlanForm, ReturnForm, TargetUploadForm
from targets.models import ActionPlan, TargetStatus, WorkTarget

SHOWN = 200  # rows of each list on the dry-run page; the counts are always complete


def _year(request) -> int:
    try:
        year = int(request.GET.get("tahun") or request.POST.get("tahun") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _grouped(plans) -> list[tuple[str, list[ActionPlan]]]:
    return [(rhk, list(items)) for rhk, items in groupby(plans, key=lambda p: p.rhk)]


@require_safe
@login_required
def my_target(request):
    """Target kerja saya: the year's RHK and action plans, the form to add one, the status."""
    year = _year(request)
    return _my_target_page(request, year, ActionPlanForm())


def _my_target_page(request, year, form, status=200):
    employee_id = request.user.employee_id
    target = (
        WorkTarget.objects.filter(employee_id=employee_id, year=year).first()
        if employee_id
        else None
    )
    plans = list(target.plans.all()) if target else []
    context = {
        "year": year,
        "years": [year - 1, year, year + 1],
        "target": target,
        "groups": _grouped(plans),
        "rhks": sorted({p.rhk for p in plans}),
        "form": form,
        "editable": employee_id and (target is None or target.editable),
        "no_employee": not employee_id,
    }
    return render(request, "targets/my_target.html", context, status=status)


@require_POST
@login_required
def plan_add(request):
    year = _year(request)
    form = ActionPlanForm(request.POST)
    if form.is_valid():
        try:
            services.plan_add(user=request.user, year=year, **form.cleaned_data)
        except services.Refused as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Rencana aksi ditambahkan.")
            return redirect(f"{reverse('targets:mine')}?tahun={year}")
    return _my_target_page(request, year, form, status=400)


@require_POST
@login_required
def plan_remove(request, pk):
    own = ActionPlan.objects.filter(target__employee_id=request.user.employee_id)
    plan = get_object_or_404(own.select_related("target"), pk=pk)
    try:
        services.plan_remove(user=request.user, plan=plan)
    except services.Refused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Rencana aksi dihapus.")
    return redirect(f"{reverse('targets:mine')}?tahun={plan.target.year}")


@require_POST
@login_required
def target_submit(request):
    year = _year(request)
    try:
        services.target_submit(user=request.user, year=year)
    except services.Refused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Target {year} diajukan kepada atasan untuk disetujui.")
    return redirect(f"{reverse('targets:mine')}?tahun={year}")


@require_safe
@require_perm("targets.review_targets")
def review_list(request):
    """Targets awaiting approval in the reviewer's scope, oldest first."""
    waiting = list(
        WorkTarget.objects.visible_to(request.user)
        .filter(status=TargetStatus.SUBMITTED)
        .select_related("employee__unit__opd")
        .order_by("submitted_at", "pk")[:200]
    )
    note_read(request, ReadKind.REPORTS, [t.employee_id for t in waiting], detail="Target menunggu")
    return render(request, "targets/review_list.html", {"waiting": waiting})


@require_safe
@login_required
def target_detail(request, pk):
    target = get_object_or_404(
        WorkTarget.objects.visible_to(request.user).select_related(
            "employee__unit__opd", "decided_by"
        ),
        pk=pk,
    )
    note_read(request, ReadKind.REPORTS, [target.employee_id], detail=f"Target {target.year}")
    return _detail_page(request, target, ReturnForm())


def _detail_page(request, target, return_form, status=200):
    context = {
        "target": target,
        "groups": _grouped(target.plans.all()),
        "may_review": allowed(request.user, "targets.review_targets")
        and target.status == TargetStatus.SUBMITTED
        and target.employee_id != request.user.employee_id,
        "return_form": return_form,
    }
    return render(request, "targets/target_detail.html", context, status=status)


def _scoped(request, pk) -> WorkTarget:
    return get_object_or_404(WorkTarget.objects.visible_to(request.user), pk=pk)


@require_POST
@require_perm("targets.review_targets")
def target_approve(request, pk):
    target = _scoped(request, pk)
    try:
        services.target_approve(target=target, by=request.user)
    except services.Refused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Target {target.year} {target.employee.name} disetujui.")
    return redirect("targets:review_list")


@require_POST
@require_perm("targets.review_targets")
def target_return(request, pk):
    target = _scoped(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.target_return(target=target, by=request.user, **form.cleaned_data)
        except services.Refused as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Target {target.year} dikembalikan kepada pegawai.")
            return redirect("targets:review_list")
    return _detail_page(request, target, form, status=400)


# --- import: upload -> dry run -> confirmation ---------------------------------------------


@require_safe
@require_perm("targets.import_targets")
def import_start(request):
    return _upload_page(request, TargetUploadForm())


def _upload_page(request, form, status=200, errors=()):
    from targets import layout

    context = {"form": form, "errors": errors, "columns": layout.column_headers()}
    return render(request, "targets/import.html", context, status=status)


@require_POST
@require_perm("targets.import_targets")
def import_check(request):
    """The dry run: every row checked, nothing written; a clean file may then be confirmed."""
    form = TargetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    try:
        raw = importing.read_rows(form.cleaned_data["file"])
        found = importing.plan_rows(raw, user=request.user)
    except ValidationError as exc:
        form.add_error("file", exc.messages)
        return _upload_page(request, form, status=400)
    token = ""
    if found.has_changes and not found.refused:
        rows = [astuple(r) for r in found.clean]
        token = signing.dumps(rows, salt=confirmation.salt(request.user), compress=True)
    return _result_page(request, found, token=token, name=request.FILES["file"].name)


def _result_page(request, found, *, token="", name="", done=False, status=200):
    context = {
        "plan": found,
        "token": token,
        "name": name,
        "done": done,
        "shown": SHOWN,
        "add": found.add[:SHOWN],
        "change": found.change[:SHOWN],
        "refused": found.refused[:SHOWN],
    }
    return render(request, "targets/import_result.html", context, status=status)


@require_POST
@require_perm("targets.import_targets")
def import_confirm(request):
    """Apply the dry run's rows (signed by the server for this user, so nothing in them can be
    forged), checked again against the database as it is now, all or nothing: at once, or for
    more than WFA_TARGET_IMPORT_IMMEDIATE_MAX_ROWS rows as a background job whose page shows how
    far it is (targets/confirmation.py)."""
    token = request.POST.get("token", "")
    try:
        rows = confirmation.rows_of(token, request.user, max_age=settings.WFA_IMPORT_TTL_SECONDS)
    except (signing.BadSignature, TypeError, ValueError):
        errors = [
            "Hasil pemeriksaan ini tidak dikenal atau sudah kedaluwarsa. Unggah berkasnya lagi "
            "untuk diperiksa; tidak ada data yang diubah."
        ]
        return _upload_page(request, TargetUploadForm(), status=400, errors=errors)
    if len(rows) > settings.WFA_TARGET_IMPORT_IMMEDIATE_MAX_ROWS:
        try:
            kept = confirmation.keep(token)
        except DiskFault as fault:
            errors = [f"{fault} Unggah berkasnya lagi setelah itu."]
            return _upload_page(request, TargetUploadForm(), status=503, errors=errors)
        job, _ = job_start(
            owner=request.user,
            kind=confirmation.TARGETS_IMPORT,
            parameters={"upload": kept},
            title=f"Impor target kerja ({len(rows)} baris)",
        )
        return redirect("jobs:detail", pk=job.pk)
    found = services.targets_import(rows=rows, by=request.user)
    if found.refused:
        return _result_page(request, found, status=400)
    messages.success(request, confirmation.found_message(found))
    return _result_page(request, found, done=True)
