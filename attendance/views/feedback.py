"""Masukan masyarakat: a public page to rate an essential service, and the staff's list of it."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from attendance import exports, service_info, services, throttle
from attendance.forms import FeedbackForm
from attendance.models import ServiceFeedback
from opd.access import allowed, opds_visible_to, require_perm, units_visible_to
from opd.models import Unit
from schedules.models import FlexWindow

FEEDBACK_PAGE = 50
WORST = 20
BOT_REFUSAL = (
    "Kiriman ditolak: kolom tersembunyi 'Situs web' terisi, tanda kiriman otomatis. "
    "Tidak ada yang disimpan."
)


@require_safe
def services_list(request):
    """Public, search first: found by name, or nearest when the visitor shares a position."""
    window = service_info.public_window(request.GET.get("periode"))
    query = request.GET.get("q", "").strip()[: service_info.MAX_QUERY]
    here = service_info.position(request.GET)
    units = service_info.service_points(query)
    found = None
    if here is not None:
        found = service_info.nearest(units, *here)
    elif query:
        found = list(units)
    context = {
        "window": window,
        "window_days": list(window.days.all()) if window else [],
        "windows": FlexWindow.objects.only("slug", "name"),
        "found": found,
        "units": units if found is None else [],
        "query": query,
        "near": here is not None,
    }
    return render(request, "attendance/feedback_services.html", context)


@require_http_methods(["GET", "POST"])
def feedback_form(request, code):
    """Public: rate one service. Abuse is expected, so each refusal says why and stores nothing."""
    unit = get_object_or_404(Unit.objects.essential().select_related("opd"), code=code)
    sent = request.method == "POST"
    window, known = service_info.feedback_window(
        request.POST.get("periode") if sent else request.GET.get("periode")
    )
    via_qr = (request.POST.get("via") or request.GET.get("via")) == "qr"
    form = FeedbackForm(request.POST or None)
    status, refusal = 200, ""
    if sent:
        status, refusal = _feedback_refusal(request, form, known)
        if not refusal:
            _record(request, form, unit=unit, window=window, via_qr=via_qr)
            # A page of its own that stays put: reloading it sends nothing again.
            return redirect("attendance:feedback_thanks", code=unit.code)
    context = {"unit": unit, "window": window, "form": form, "refusal": refusal, "via_qr": via_qr}
    return render(request, "attendance/feedback_form.html", context, status=status)


def _record(request, form, *, unit, window, via_qr: bool) -> None:
    data = form.cleaned_data
    services.feedback_record(
        unit=unit,
        window=window,
        rating=data["rating"],
        comment=data["comment"],
        contact=data["contact"],
        via_qr=via_qr,
    )
    if note := form.stripped_note():  # invisible characters taken out of the comment
        messages.info(request, note)


def _feedback_refusal(request, form, window_known: bool) -> tuple[int, str]:
    """Why a sent form is refused, as (status, Indonesian text); (200, "") when it may be saved.

    The address's quota is checked first, then the honeypot and the window, then the fields."""
    attempt = throttle.Attempt(request)
    if not attempt.allowed:
        return 429, throttle.refusal_text()
    if form.is_bot():
        return 400, BOT_REFUSAL
    if not window_known:
        return 400, service_info.NOT_STARTED
    if form.is_valid():
        return 200, ""
    attempt.give_back()  # a typo is not abuse: it does not use up the address's quota
    return 400, "Masukan belum tersimpan: periksa isian yang ditandai."


@require_safe
def feedback_thanks(request, code):
    """Public: the page after sending, with the national complaints channel for anything more."""
    unit = get_object_or_404(Unit.objects.essential().select_related("opd"), code=code)
    context = {"unit": unit, "lapor_url": settings.WFA_LAPOR_URL}
    return render(request, "attendance/feedback_thanks.html", context)


@require_safe
@require_perm("attendance.view_feedback")
def feedback_list(request):
    """Masukan masyarakat for staff: city-wide roles see all, a head their own OPD's units."""
    feedback = ServiceFeedback.objects.filter(unit__in=units_visible_to(request.user))
    feedback, filters = _filtered_feedback(request, feedback)
    worst = (
        feedback.values("unit__name", "unit__opd__short_name")
        .annotate(n=Count("pk"), average=Avg("rating"))
        .order_by("average", "-n", "unit__name")[:WORST]
    )
    page = Paginator(
        feedback.select_related("unit__opd", "window").order_by("-created_at", "-pk"),
        FEEDBACK_PAGE,
    ).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "worst": worst,
        "windows": FlexWindow.objects.only("slug", "name"),
        **filters,
    }
    return render(request, "attendance/feedback_list.html", context)


@require_safe
@require_perm("attendance.view_feedback")
def feedback_export(request):
    """The list with its filters as an .xlsx to read (every row, not a page)."""
    feedback = ServiceFeedback.objects.filter(unit__in=units_visible_to(request.user))
    feedback, _ = _filtered_feedback(request, feedback)
    show_contact = allowed(request.user, "attendance.view_feedback_contact")
    return exports.feedback_download(feedback, show_contact=show_contact)


def _filtered_feedback(request, feedback):
    """The feedback narrowed by the list's filters (?periode, ?opd, ?nilai), and the filters'
    context: the window, the OPDs to choose from (none when there is only one), the choices."""
    window = FlexWindow.objects.filter(slug=request.GET.get("periode") or "").first()
    if window is not None:
        feedback = feedback.filter(window=window)
    opds = list(opds_visible_to(request.user).only("pk", "code", "name"))
    chosen = next((o for o in opds if o.code == request.GET.get("opd")), None)
    if chosen is not None:
        feedback = feedback.filter(unit__opd=chosen)
    rating = request.GET.get("nilai", "")
    if rating in {"1", "2", "3", "4", "5"}:
        feedback = feedback.filter(rating=int(rating))
    filters = {
        "window": window,
        "opds": opds if len(opds) > 1 else [],
        "chosen": chosen,
        "rating": rating,
    }
    return feedback, filters
