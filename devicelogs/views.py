"""Fingerprint and e-presensi logs: BKPSDM uploads a machine's file (dry run, then a job stores
it), and the daily reconciliation with the plan per OPD and unit, where a head explains lines."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from common.disk import DiskFault
from common.xlsx_safety import megabytes
from devicelogs import confirmation, holding, importing, layout, reading, reconciliation, services
from devicelogs.forms import ExplanationForm, LogUploadForm
from devicelogs.models import LineKind, PunchImport
from jobs.services import job_start
from opd.access import allowed, employees_visible_to, opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read

IMPORTS_SHOWN = 30
LINES_SHOWN = 200


@require_safe
@require_perm("devicelogs.import_logs")
def imports(request):
    return _upload_page(request, LogUploadForm())


@require_POST
@require_perm("devicelogs.import_logs")
def import_check(request):
    """The dry run: the per-file report; nothing is written; a clean file waits for confirming."""
    form = LogUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    data, device = form.cleaned_data["file"], form.cleaned_data["device"]
    name = request.FILES["file"].name[:200]
    try:
        read = reading.read_file(data, name)
    except ValidationError as exc:
        form.add_error("file", exc.messages)
        return _upload_page(request, form, status=400)
    report = importing.check(device, read, name=name, sha256=importing.fingerprint(data))
    token = None
    if report.can_store:
        try:
            token = holding.keep(request, data, device_id=device.pk, name=name)
        except DiskFault as fault:
            return _upload_page(request, form, status=503, errors=[str(fault)])
    context = {"report": report, "token": token}
    return render(request, "devicelogs/result.html", context, status=400 if report.refused else 200)


@require_POST
@require_perm("devicelogs.import_logs")
def import_confirm(request):
    try:
        upload, pending = holding.claim(request, request.POST.get("token", ""))
    except ValidationError as exc:
        return _upload_page(request, LogUploadForm(), status=400, errors=exc.messages)
    except DiskFault as fault:
        return _upload_page(request, LogUploadForm(), status=503, errors=[str(fault)])
    job, _ = job_start(
        owner=request.user,
        kind=confirmation.DEVICE_LOG_IMPORT,
        parameters={"upload": upload, "device": pending["device"], "name": pending["name"]},
        title=f"Impor log mesin: {pending['name']}",
    )
    return redirect("jobs:detail", pk=job.pk)


def _upload_page(request, form, *, status=200, errors=()):
    context = {
        "form": form,
        "errors": errors,
        "columns": layout.column_headers(),
        "max_size": megabytes(settings.WFA_DEVICE_LOG_MAX_BYTES),
        "recent": PunchImport.objects.select_related("device", "by")[:IMPORTS_SHOWN],
    }
    return render(request, "devicelogs/imports.html", context, status=status)


def _chosen_date(request) -> tuple[date, str]:
    """?tanggal=YYYY-MM-DD, else today; an unreadable date falls back to today with a message."""
    raw = request.GET.get("tanggal", "")
    today = timezone.localdate()
    if not raw:
        return today, ""
    try:
        return date.fromisoformat(raw), ""
    except ValueError:
        return today, "Tanggal tidak dikenal; ditampilkan hari ini (format: 2026-11-25)."


@require_safe
@require_perm("devicelogs.view_reconciliation")
def reconciliation_city(request):
    """The city: per OPD, the day's counts. A head goes straight to their own OPD."""
    on, problem = _chosen_date(request)
    if not allowed(request.user, "opd.view_city"):
        opd = opds_visible_to(request.user).order_by("pk").first()
        if opd is None:
            raise PermissionDenied
        return redirect(
            reverse("devicelogs:reconciliation_opd", args=[opd.code]) + f"?tanggal={on:%Y-%m-%d}"
        )
    counts = reconciliation.opd_counts(on)
    opds = opds_visible_to(request.user).order_by("name").only("pk", "code", "name")
    rows = [{"opd": o, **counts[o.pk]} for o in opds if o.pk in counts]
    totals = {key: sum(row[key] for row in rows) for key in reconciliation.COUNTED}
    context = {"on": on, "problem": problem, "rows": rows, "totals": totals}
    return render(request, "devicelogs/city.html", context, status=400 if problem else 200)


@require_safe
@require_perm("devicelogs.view_reconciliation")
def summary(request):
    """The day's counts as a fragment the monitor and the dashboards load beside their own
    figures (htmx, on load): ?opd=<code> for one OPD (another's is a 404), else the user's
    whole scope (the city for BKPSDM and the mayor's office). No names: nothing to log."""
    on, _ = _chosen_date(request)
    code = request.GET.get("opd")
    if code:
        opd = get_object_or_404(opds_visible_to(request.user), code=code)
        totals, link = reconciliation.reconcile(on, opd=opd, lines=False).totals, opd.code
    elif allowed(request.user, "opd.view_city"):
        totals, link = reconciliation.reconcile(on, lines=False).totals, ""
    else:
        opd = get_object_or_404(opds_visible_to(request.user).order_by("pk")[:1])
        totals, link = reconciliation.reconcile(on, opd=opd, lines=False).totals, opd.code
    # The dashboards show one number beside the link (their one screen has no room for three):
    # the lines still to look at; the three counts stay for screen readers and on the monitor.
    seen = totals["no_punch"] + totals["remote_punch"] + totals["outside_hours"]
    context = {
        "on": on,
        "totals": totals,
        "code": link,
        "compact": "ringkas" in request.GET,
        "open": max(seen - totals["explained"], 0),
    }
    return render(request, "devicelogs/_summary.html", context)


@require_safe
@require_perm("devicelogs.view_reconciliation")
def reconciliation_opd(request, code):
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    on, problem = _chosen_date(request)
    found = reconciliation.reconcile(on, opd=opd)
    kind = request.GET.get("jenis", "")
    lines = [line for line in found.lines if not kind or line.kind == kind]
    names = reconciliation.unit_names(found.units)
    shown = lines[:LINES_SHOWN]
    note_read(
        request,
        ReadKind.CHECK_INS,
        [line.employee_id for line in shown],
        detail=f"Rekonsiliasi mesin {opd.short_name} · {on:%Y-%m-%d}",
    )
    context = {
        "opd": opd,
        "on": on,
        "problem": problem,
        "found": found,
        "units": [(names.get(pk, ""), counts) for pk, counts in found.units.items()],
        "unit_names": names,
        "lines": shown,
        "hidden": len(lines) - len(shown),
        "kind": kind,
        "kinds": LineKind.choices,
        "may_explain": allowed(request.user, "devicelogs.explain", opd),
    }
    return render(request, "devicelogs/opd.html", context, status=400 if problem else 200)


@require_POST
@require_perm("devicelogs.explain_any")
def explain(request, code):
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    form = ExplanationForm(request.POST)
    back = reverse("devicelogs:reconciliation_opd", args=[opd.code])
    if not form.is_valid():
        return render(
            request,
            "devicelogs/explain_error.html",
            {"errors": [e for errs in form.errors.values() for e in errs], "back": back},
            status=400,
        )
    data = form.cleaned_data
    # Another OPD's employee (a forged id) is a 404, as every other lookup.
    get_object_or_404(employees_visible_to(request.user).filter(unit__opd=opd), pk=data["employee"])
    try:
        services.explanation_record(
            user=request.user,
            employee_id=data["employee"],
            day=data["date"],
            kind=data["kind"],
            note=data["note"],
        )
    except ValidationError as exc:
        return render(
            request,
            "devicelogs/explain_error.html",
            {"errors": exc.messages, "back": back},
            status=400,
        )
    return redirect(
        f"{back}?tanggal={data['date']:%Y-%m-%d}#baris-{data['employee']}-{data['kind']}"
    )
