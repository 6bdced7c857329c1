"""The city dashboard, the OPD dashboard and the coordination workbook download. Read only."""

from tempfile import SpooledTemporaryFile

from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from opd.access import allowed, opds_visible_to, require_perm
from reports import dashboard, figures, workbook
from schedules.models import FlexWindow

IN_MEMORY_BYTES = 8 * 1024 * 1024  # a bigger workbook spills to a temporary file


def _choice(request):
    """The window list, and the window and day picked by ?periode=<slug>&hari=<day id>."""
    windows = figures.windows_with_days()
    window, day = figures.pick(
        windows, request.GET.get("periode"), request.GET.get("hari"), timezone.localdate()
    )
    return windows, window, day


@require_safe
@require_perm("reports.view_dashboard")
def city_dashboard(request):
    if not allowed(request.user, "opd.view_city"):
        # A head: the same window and day on the dashboard of their own OPD.
        url = reverse("reports:opd", args=[request.user.opd.code])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)
    windows, window, day = _choice(request)
    context = {"windows": windows, "window": window, "day": day, "opd": None}
    if window is not None:
        context |= dashboard.city(user=request.user, window=window, day=day)
    return render(request, "reports/dashboard.html", context)


@require_safe
@require_perm("reports.view_dashboard")
def opd_dashboard(request, code):
    opd = get_object_or_404(opds_visible_to(request.user), code=code)
    windows, window, day = _choice(request)
    context = {"windows": windows, "window": window, "day": day, "opd": opd}
    if window is not None:
        context |= dashboard.for_opd(opd=opd, window=window, day=day)
    return render(request, "reports/dashboard.html", context)


@require_safe
@require_perm("reports.export_workbook")
def workbook_download(request, slug):
    """The whole city for BKPSDM and the mayor's office (?opd=<code> for one OPD); a head's own."""
    window = get_object_or_404(FlexWindow, slug=slug)
    opds = opds_visible_to(request.user)
    code = request.GET.get("opd", "").strip()
    opd = None
    if code:
        opd = get_object_or_404(opds, code=code)
    elif not allowed(request.user, "opd.view_city"):
        opd = get_object_or_404(opds)
    out = SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - FileResponse closes it
    workbook.write_workbook(out, window=window, opd=opd)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=workbook.filename(window, opd),
        content_type=workbook.CONTENT_TYPE,
    )
