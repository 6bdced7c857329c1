"""Masukan masyarakat: a public page to rate an essential service, and the staff's list of it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from attendance import services, throttle
from attendance.forms import FeedbackForm
from attendance.models import ServiceFeedback
from opd.access import opds_visible_to, require_perm, units_visible_to
from opd.models import Unit
from schedules.models import FlexWindow

FEEDBACK_PAGE = 50
WORST = 20


def _window(slug: str | None) -> FlexWindow | None:
    """The window asked for (?periode=), else the current one, else the next, else the latest."""
    if slug:
        chosen = FlexWindow.objects.filter(slug=slug).first()
        if chosen is not None:
            return chosen
    today = timezone.localdate()
    current = FlexWindow.objects.filter(days__date=today).order_by("-pk").first()
    if current is not None:
        return current
    upcoming = FlexWindow.objects.filter(days__date__gt=today).order_by("days__date").first()
    return upcoming or FlexWindow.objects.order_by("-days__date").first()


@require_safe
def services_list(request):
    """Public: the essential services open during a window, by OPD. No login."""
    window = _window(request.GET.get("periode"))
    query = request.GET.get("q", "").strip()[:100]
    units = Unit.objects.essential().select_related("opd").order_by("opd__name", "name")
    if query:
        units = units.filter(Q(name__icontains=query) | Q(opd__name__icontains=query))
    context = {
        "window": window,
        "window_days": list(window.days.all()) if window else [],
        "windows": FlexWindow.objects.only("slug", "name"),
        "units": units,
        "query": query,
    }
    return render(request, "attendance/feedback_services.html", context)


@require_http_methods(["GET", "POST"])
def feedback_form(request, code):
    """Public: rate one service. Abuse is expected, so each refusal says why and stores nothing."""
    unit = get_object_or_404(Unit.objects.essential().select_related("opd"), code=code)
    window = _window(request.POST.get("periode") or request.GET.get("periode"))
    form = FeedbackForm(request.POST or None)
    status, refusal = 200, ""
    if request.method == "POST":
        attempt = throttle.Attempt(request)
        if not attempt.allowed:
            status, refusal = 429, throttle.refusal_text()
        elif form.is_bot():
            status = 400
            refusal = (
                "Kiriman ditolak: kolom tersembunyi 'Situs web' terisi, tanda kiriman otomatis. "
                "Tidak ada yang disimpan."
            )
        elif form.is_valid():
            services.feedback_record(
                unit=unit,
                window=window,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                contact=form.cleaned_data["contact"],
            )
            messages.success(request, f"Terima kasih. Masukan Anda untuk {unit.name} tersimpan.")
            target = reverse("attendance:feedback_services")
            return redirect(f"{target}?periode={window.slug}" if window else target)
        else:
            attempt.give_back()  # a typo is not abuse: it does not use up the address's quota
            status = 400
            refusal = "Masukan belum tersimpan: periksa isian yang ditandai."
    context = {"unit": unit, "window": window, "form": form, "refusal": refusal}
    return render(request, "attendance/feedback_form.html", context, status=status)


@require_safe
@require_perm("attendance.view_feedback")
def feedback_list(request):
    """Masukan masyarakat for staff: city-wide roles see all, a head their own OPD's units."""
    feedback = ServiceFeedback.objects.filter(unit__in=units_visible_to(request.user))
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
        "window": window,
        "opds": opds if len(opds) > 1 else [],
        "chosen": chosen,
        "rating": rating,
    }
    return render(request, "attendance/feedback_list.html", context)
