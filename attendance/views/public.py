"""Informasi layanan (SE MenPANRB 2/2026): the public page of service points during a window, the
QR code of each, and the printable QR cards that BKPSDM and heads post at the service points."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from attendance import service_info
from opd.access import require_perm, units_visible_to
from opd.models import Opd, Unit
from schedules.models import FlexWindow

POINTS_PAGE = 30
CARDS_MAX = 400


@require_safe
def service_info_page(request):
    """Public: per service point its hours, changed schedules and staff on site per day."""
    window = service_info.public_window(request.GET.get("periode"))
    days = list(window.days.all()) if window else []
    query = request.GET.get("q", "").strip()[: service_info.MAX_QUERY]
    page = Paginator(service_info.service_points(query), POINTS_PAGE).get_page(
        request.GET.get("halaman")
    )
    context = {
        "window": window,
        "days": days,
        "windows": FlexWindow.objects.only("slug", "name"),
        "query": query,
        "page": page,
        "points": service_info.service_points_info(list(page), window, days),
        "changes": service_info.changed_hours(window),
        "lapor_url": settings.WFA_LAPOR_URL,
    }
    return render(request, "attendance/service_info.html", context)


@require_safe
@cache_control(public=True, max_age=3600)
def service_qr(request, code):
    """Public: a service point's QR code (SVG) that opens its feedback form."""
    unit = get_object_or_404(Unit.objects.essential(), code=code)
    svg = service_info.qr_svg(unit, scale=8)
    return HttpResponse(f'<?xml version="1.0"?>\n{svg}', content_type="image/svg+xml")


@require_safe
@require_perm("attendance.print_qr_cards")
def qr_cards(request):
    """Printable QR cards of the service points in reach: all for BKPSDM, their own for a head."""
    units = service_info.service_points().filter(pk__in=units_visible_to(request.user))
    opds = Opd.objects.filter(pk__in=units.values("opd_id")).only("code", "name")
    chosen = request.GET.get("opd", "")
    if chosen:
        units = units.filter(opd__code=chosen)
    cards = [
        (u, service_info.qr_svg(u, sized=False), service_info.feedback_url(u))
        for u in units[:CARDS_MAX]
    ]
    context = {
        "cards": cards,
        "opds": opds,
        "chosen": chosen,
        "truncated": len(cards) == CARDS_MAX,
        "lapor_url": settings.WFA_LAPOR_URL,
    }
    return render(request, "attendance/qr_cards.html", context)
