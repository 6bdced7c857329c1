"""The city dashboard, the OPD dashboard, and the coordination documents (workbook and PDF).

One OPD's documents are made at once; the whole city's are background jobs
(reports/documents/exports.py).
"""

from tempfile import SpooledTemporaryFile

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from evaluations.selectors import dashboard_panel
from jobs.models import Job
from opd.access import allowed, head_opd, opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from opd.models import Employee
from reports import dashboard, figures, overview
from reports.documents import exports, pdf, workbook
from schedules.models import FlexWindow

IN_MEMORY_BYTES = 8 * 1024 * 1024  # a bigger workbook spills to a temporary file


def _panels(user, window, opd=None) -> list:
    """Sections of other apps' state: today only how far the evaluations are."""
    return [p for p in [dashboard_panel(user=user, window=window, opd=opd)] if p]


def _choice(request):
    """The window list, and the window and day picked by ?periode=<slug>&hari=<day id>."""
    windows = figures.windows_with_days()
    window, day = figures.pick(
        windows, request.GET.get("periode"), request.GET.get("hari"), timezone.localdate()
    )
    return windows, window, day


def _own_opd(request, name: str):
    """A head asking for a city page: the same window and day on their own OPD's page."""
    url = reverse(name, args=[head_opd(request.user).code])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@require_safe
@require_perm("reports.view_dashboard")
def city_dashboard(request):
    """One screen: the city today, what needs attention, the trend across windows."""
    if not allowed(request.user, "opd.view_city"):
        return _own_opd(request, "reports:opd")
    windows, window, day = _choice(request)
    context = {"windows": windows, "window": window, "day": day, "opd": None}
    if window is not None:
        context |= overview.city(
            user=request.user, window=window, day=day, windows=windows, today=timezone.localdate()
        )
    return render(request, "reports/overview.html", context)


@require_safe
@require_perm("reports.view_dashboard")
def opd_dashboard(request, code):
    """The same screen for one OPD, down to its units."""
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    windows, window, day = _choice(request)
    context = {"windows": windows, "window": window, "day": day, "opd": opd}
    if window is not None:
        context |= overview.for_opd(
            opd=opd, window=window, day=day, windows=windows, today=timezone.localdate()
        )
    return render(request, "reports/overview.html", context)


@require_safe
@require_perm("reports.view_dashboard")
def city_table(request, page: str):
    """The dashboard's long tables: every OPD (`opd`), or every service point with its
    feedback (`layanan`). A head gets their own OPD's units."""
    if not allowed(request.user, "opd.view_city"):
        return _own_opd(request, "reports:opd_units")
    windows, window, day = _choice(request)
    context = {"windows": windows, "window": window, "day": day, "opd": None}
    if window is not None:
        context |= dashboard.city(user=request.user, window=window, day=day)
        if page == "opd":
            context["panels"] = _panels(request.user, window)
    return render(request, f"reports/city_{page}.html", context)


@require_safe
@require_perm("reports.view_dashboard")
def opd_units(request, code):
    """Every unit of the OPD, its essential services and their feedback."""
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    windows, window, day = _choice(request)
    context = {"windows": windows, "window": window, "day": day, "opd": opd}
    if window is not None:
        context |= dashboard.for_opd(opd=opd, window=window, day=day)
        context["panels"] = _panels(request.user, window, opd)
    return render(request, "reports/opd_units.html", context)


@require_safe
@require_perm("reports.export_workbook")
def workbook_download(request, slug):
    """One OPD (?opd=<code>; a head's own), at once. The whole city goes to city_export."""
    window = get_object_or_404(FlexWindow, slug=slug)
    opds = opds_visible_to(request.user)
    code = request.GET.get("opd", "").strip()
    opd = None
    if code:
        opd = get_object_or_404(opds, code=code)
    elif allowed(request.user, "reports.export_city"):
        return redirect("reports:city_export", slug=window.slug)  # a background job
    else:
        opd = get_object_or_404(opds)
    _note_export(request, opd, f"Rekap {window.name} ({opd.short_name or opd.name})")
    return _stream(
        lambda out: workbook.write_workbook(
            out,
            window=window,
            opd=opd,
            show_places=allowed(request.user, "schedules.view_wfa_places"),
        ),
        filename=workbook.filename(window, opd),
        content_type=workbook.CONTENT_TYPE,
    )


def _note_export(request, opd, detail: str) -> None:
    """The read access log hears whose schedules a download handed over (UU 27/2022)."""
    staff = Employee.objects.active().filter(unit__opd=opd).values_list("pk", flat=True)
    note_read(request, ReadKind.EXPORT, staff, detail=detail)


def _stream(write, *, filename: str, content_type: str):
    out = SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - FileResponse closes it
    write(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=content_type)


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm("reports.export_workbook")
def plan_pdf(request, slug, code):
    """One OPD's plan as a PDF for signing: a head's own OPD, any OPD for the city roles.

    At once for most OPDs; one with more staff than WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF gets a page
    whose button (POST) makes it as a background job.
    """
    window = get_object_or_404(FlexWindow, slug=slug)
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    staff = Employee.objects.active().filter(unit__opd=opd).count()
    if request.method == "POST" or staff > settings.WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF:
        if request.method != "POST":
            context = {"window": window, "opd": opd, "staff": staff}
            return render(request, "reports/plan_pdf_job.html", context)
        job, new = exports.plan_pdf_start(user=request.user, window=window, opd=opd)
        if not new:
            messages.info(request, "Permintaan yang sama sedang berjalan: ini pekerjaannya.")
        return redirect("jobs:detail", pk=job.pk)
    _note_export(request, opd, f"Rencana PDF {window.name} ({opd.short_name or opd.name})")
    return _stream(
        lambda out: pdf.write_plan_pdf(out, window=window, opd=opd),
        filename=pdf.plan_filename(window, opd),
        content_type=pdf.CONTENT_TYPE,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm("reports.export_city")
def city_export(request, slug):
    """GET: the city's documents and the user's recent jobs for them; POST: start one."""
    window = get_object_or_404(FlexWindow, slug=slug)
    if request.method == "POST":
        fmt = request.POST.get("format", "")
        if fmt not in exports.FORMATS:
            messages.error(request, "Pilih jenis dokumen: rekap (.xlsx) atau ringkasan (.pdf).")
            return redirect("reports:city_export", slug=window.slug)
        job, new = exports.city_export_start(user=request.user, window=window, fmt=fmt)
        if not new:
            messages.info(request, "Permintaan yang sama sedang berjalan: ini pekerjaannya.")
        return redirect("jobs:detail", pk=job.pk)
    recent = Job.objects.filter(owner=request.user, kind__in=exports.FORMATS.values())
    context = {"window": window, "jobs": recent.order_by("-created_at", "-pk")[:10]}
    return render(request, "reports/city_export.html", context)
