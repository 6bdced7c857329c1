"""Downloads of work progress: the OPD's week as a print-ready workbook, and the e-Kinerja
daily-progress file (an employee's own month from "Laporan saya"; an OPD's month for BKPSDM and
the OPD's head). Read only; each download is noted in the read access log."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from attendance import weekly
from attendance.views.weekly import chosen_week
from opd.access import allowed, opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from opd.models import Employee
from reports import ekinerja
from reports.documents import exports
from reports.documents import weekly as weekly_doc
from reports.documents.workbook import heads


def _opd_of(request):
    """?opd=<code> (or the posted opd) within the user's scope (another OPD's is a 404);
    without it, the user's only OPD (a head's own), else 404."""
    opds = opds_visible_to(request.user)
    code = request.POST.get("opd") or request.GET.get("opd", "")
    if code:
        return get_object_or_404(opds, code=code)
    only = list(opds[:2])
    if len(only) != 1:
        raise Http404("Pilih OPD.")
    return only[0]


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _week(request, kind: str, opd=None, monday=None):
    """The OPD's chosen week, its download noted in the read log."""
    opd = opd or _opd_of(request)
    monday = monday or chosen_week(request)
    week = weekly.opd_week(opd, monday)
    note_read(
        request,
        ReadKind.EXPORT,
        [row["employee"].pk for unit in week.units for row in unit.rows],
        detail=f"Laporan mingguan {opd.short_name} {monday:%Y-%m-%d} ({kind})",
    )
    return opd, monday, week


@require_safe
@require_perm("attendance.view_monitor")
def week_xlsx(request):
    opd, monday, week = _week(request, "Excel")
    return _file(
        weekly_doc.workbook(week, opd),
        weekly_doc.filename(opd, monday),
        weekly_doc.CONTENT_TYPE,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_perm("attendance.view_monitor")
def week_pdf(request):
    """The week as a PDF for signing, with the head's signature block: at once for most OPDs; one
    with more staff than WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF gets a page whose button (POST) makes
    it as a background job (fpdf2 measures every cell: seconds for thousands of rows)."""
    opd = _opd_of(request)
    monday = chosen_week(request)
    staff = Employee.objects.active().filter(unit__opd=opd).count()
    if request.method == "POST" or staff > settings.WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF:
        if request.method != "POST":
            context = {"opd": opd, "monday": monday, "staff": staff}
            return render(request, "reports/week_pdf_job.html", context)
        job, new = exports.week_pdf_start(user=request.user, opd=opd, monday=monday)
        if not new:
            messages.info(request, "Permintaan yang sama sedang berjalan: ini pekerjaannya.")
        return redirect("jobs:detail", pk=job.pk)
    opd, monday, week = _week(request, "PDF", opd, monday)
    data = weekly_doc.pdf(week, opd, head=heads(opd).get(opd.pk), today=timezone.localdate())
    return _file(data, weekly_doc.filename(opd, monday, "pdf"), weekly_doc.PDF_CONTENT_TYPE)


def chosen_month(request) -> tuple[int, int]:
    """?bulan=YYYY-MM (or posted), else this month; a malformed one is ignored."""
    try:
        day = date.fromisoformat(
            (request.POST.get("bulan") or request.GET.get("bulan", "")) + "-01"
        )
    except ValueError:
        day = timezone.localdate()
    return day.year, day.month


def _months(today: date, count: int = 3) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


@require_safe
@login_required
def ekinerja_page(request):
    """What the e-Kinerja file is, the employee's own months, and the OPD form for BKPSDM and
    heads. The portal never asks for e-Kinerja credentials."""
    context = {
        "months": _months(timezone.localdate()),
        "has_employee": bool(request.user.employee_id),
        "opds": opds_visible_to(request.user).order_by("name")
        if allowed(request.user, "reports.export_ekinerja_opd")
        else None,
        "layout": ekinerja.layout(),
    }
    return render(request, "reports/ekinerja.html", context)


@require_safe
@login_required
def ekinerja_mine(request):
    """The signed-in employee's own accepted outputs of a month: nobody else's, ever."""
    employee_id = request.user.employee_id
    if not employee_id:
        return render(request, "reports/ekinerja.html", {"no_employee": True}, status=404)
    year, month = chosen_month(request)
    data, _ = ekinerja.workbook(ekinerja.outputs(year=year, month=month, pk=employee_id))
    nip = request.user.employee.nip
    return _file(data, ekinerja.filename(year, month, nip), ekinerja.CONTENT_TYPE)


@require_POST
@require_perm("reports.export_ekinerja_opd")
def ekinerja_opd(request):
    """Start the OPD's file for a month as a background job (its page shows how far)."""
    opd = _opd_of(request)
    year, month = chosen_month(request)
    job, new = exports.ekinerja_opd_start(user=request.user, opd=opd, year=year, month=month)
    if not new:
        messages.info(request, "Permintaan yang sama sedang berjalan: ini pekerjaannya.")
    return redirect("jobs:detail", pk=job.pk)
