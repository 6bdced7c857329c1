"""Pemeriksaan laporan: the head's (or BKPSDM's) queue of daily reports, filtered and sorted, with
counts per unit and day; accepting several reports in one action, or one at a time; returning
one at a time with its note."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from attendance import exports, services
from attendance.forms import ReturnForm, ReviewFilterForm
from attendance.models import DailyReport
from attendance.selectors import for_page, review_queue, waiting_counts
from attendance.services.reports import MAX_BULK
from opd.access import opds_visible_to, require_perm
from opd.disclosure import ReadKind, note_read
from opd.models import Unit

PER_PAGE = 25
FORGED = "Data yang dikirim tidak sah. Muat ulang halaman lalu ulangi."


def _filter_form(user, data) -> tuple[ReviewFilterForm, object]:
    """The filters, their choices limited to the user's scope, and the one OPD in view (a head's
    own, or the one BKPSDM chose), if any."""
    opds = list(opds_visible_to(user).only("pk", "code", "name").order_by("name"))
    if len(opds) == 1:
        chosen = opds[0]
    else:
        chosen = next((o for o in opds if o.code == data.get("opd")), None)
    units = []
    if chosen is not None:
        units = list(Unit.objects.filter(opd=chosen).only("code", "name").order_by("name"))
    form = ReviewFilterForm(data, opds=opds if len(opds) > 1 else [], units=units)
    return form, chosen


def _query(data, **changes) -> str:
    """The queue's query string with some filters changed (None drops one), without its page."""
    query = data.copy()
    for name, value in {"halaman": None, **changes}.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return query.urlencode()


@require_safe
@require_perm("attendance.review_reports")
def review_list(request):
    """The queue: one page of the filtered reports, the counts per unit (or OPD) and day, and
    the forms that accept the rows selected, or every report matching, in one action."""
    form, chosen = _filter_form(request.user, request.GET)
    filters = form.filters()
    reports = for_page(review_queue(request.user, filters))
    page = Paginator(reports, int(filters["per"] or PER_PAGE)).get_page(request.GET.get("halaman"))
    note_read(
        request, ReadKind.REPORTS, [r.employee_id for r in page], detail="Pemeriksaan laporan"
    )
    waiting = not filters["status"]
    context = {
        "form": form,
        "page": page,
        "chosen": chosen,
        "counts": _counts(request, chosen),
        "waiting": waiting,
        "accept_all": waiting and 0 < page.paginator.count <= MAX_BULK,
        "max_bulk": MAX_BULK,
        "query": _query(request.GET),
        "shown_at": timezone.now().isoformat(),
        "here": request.get_full_path(),
    }
    return render(request, "attendance/review_list.html", context)


@require_safe
@require_perm("attendance.review_reports")
def review_export(request):
    """Every report matching the queue's filters as an .xlsx to read; the read log hears whose."""
    form, _ = _filter_form(request.user, request.GET)
    reports = review_queue(request.user, form.filters())
    staff = reports.order_by().values_list("employee_id", flat=True).distinct()
    note_read(request, ReadKind.EXPORT, list(staff), detail="Laporan kerja harian (.xlsx)")
    return exports.reports_download(reports)


FOLDED_ABOVE = 8  # more units than this: the counts table starts folded, the list comes first


def _counts(request, chosen) -> dict:
    """The counts table: per unit of the OPD in view, else per OPD, and per day; each count
    links to the queue filtered to that unit (or OPD) and day."""
    counts = waiting_counts(
        request.user, opd_code=chosen.code if chosen else "", per_unit=chosen is not None
    )
    for row in counts.rows:
        where = {"unit": row.code} if chosen else {"opd": row.code, "unit": None}
        row.cells = [
            (day, row.per_day.get(day, 0), _query(request.GET, hari=day.isoformat(), **where))
            for day in counts.days
        ]
    return {"days": counts.days, "rows": counts.rows, "open": len(counts.rows) <= FOLDED_ABOVE}


@require_POST
@require_perm("attendance.review_reports")
def reports_accept(request):
    """Accept the rows ticked (`laporan`), or every report matching the filters the head saw
    (`lingkup=semua`), all or nothing."""
    try:
        ids = _all_matching(request) if request.POST.get("lingkup") == "semua" else _ticked(request)
        count = services.reports_accept(report_ids=ids, by=request.user)
    except services.Refused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{count} laporan diterima.")
    return _back(request, reverse("attendance:review_list"))


def _ticked(request) -> list[int]:
    values = request.POST.getlist("laporan")
    if any(not value.isdigit() for value in values):
        raise services.Refused(FORGED)
    return [int(value) for value in values]


def _all_matching(request) -> list[int]:
    """Every report matching the posted filters and sent before the page was shown; refused when
    their number is no longer the one the head confirmed (someone decided some meanwhile)."""
    shown_at = parse_datetime(request.POST.get("sebelum", ""))
    expected = request.POST.get("jumlah", "")
    if shown_at is None or not expected.isdigit():
        raise services.Refused(FORGED)
    form, _ = _filter_form(request.user, QueryDict(request.POST.get("saring", "")))
    reports = review_queue(request.user, form.filters()).filter(submitted_at__lte=shown_at)
    ids = list(reports.values_list("pk", flat=True)[: MAX_BULK + 1])
    if len(ids) != int(expected) and len(ids) <= MAX_BULK:
        raise services.Refused(
            f"Daftar berubah sejak dimuat: {expected} menjadi {len(ids)} laporan. Tidak ada "
            "laporan yang diterima; periksa daftar lalu ulangi."
        )
    return ids


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _reviewable(request, pk):
    return get_object_or_404(
        DailyReport.objects.visible_to(request.user).select_related("employee"), pk=pk
    )


@require_POST
@require_perm("attendance.review_reports")
def report_accept(request, pk):
    report = _reviewable(request, pk)
    try:
        services.report_accept(report=report, by=request.user)
    except services.Refused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Laporan {report.employee.name} diterima.")
    return _back(request, reverse("attendance:report", args=[report.pk]))


@require_POST
@require_perm("attendance.review_reports")
def report_return(request, pk):
    report = _reviewable(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["comment"]))
        return _back(request, reverse("attendance:report", args=[report.pk]))
    try:
        services.report_return(report=report, by=request.user, comment=form.cleaned_data["comment"])
    except services.Refused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Laporan {report.employee.name} dikembalikan dengan catatan.")
        if note := form.stripped_note():
            messages.info(request, note)
    return _back(request, reverse("attendance:report", args=[report.pk]))
