"""Reads for the public service pages (SE MenPANRB 2/2026): which service points are open, when,
with how many staff on site, and the QR code that leads a citizen to a service's feedback form.

Headcounts only, never names: the public sees how many staff are planned at the office, not who.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import segno
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from attendance.geo import distance_m
from attendance.models import ServiceHours
from common.site import site_url
from opd.models import Unit
from schedules.models import FlexWindow, WindowDay
from schedules.selectors import current_of, current_window, planned_counts

# Coordinates from the visitor's browser are rounded before use and never stored or logged.
MAX_QUERY = 100


def public_window(slug: str | None) -> FlexWindow | None:
    """The window asked for (?periode=), else the current one, else the next, else the latest."""
    if slug:
        chosen = FlexWindow.objects.filter(slug=slug).first()
        if chosen is not None:
            return chosen
    return current_window()


NOT_STARTED = (
    "Masukan hanya dapat diberikan untuk periode kerja fleksibel yang sedang berjalan atau sudah "
    "selesai. Tidak ada yang disimpan; buka lagi daftar layanan untuk periode yang berlaku."
)


def feedback_window(slug: str | None) -> tuple[FlexWindow | None, bool]:
    """The window a citizen's rating belongs to: one that has begun (running or ended), never a
    coming one or a draft. `slug` (?periode=) picks one of those; without it, the running
    window, else the one that ended last (None before any window began). The flag is False when
    `slug` names no window that has begun (a forged or stale form): the rating is refused."""
    today = timezone.localdate()
    begun = FlexWindow.objects.filter(days__date__lte=today).distinct()
    if slug:
        chosen = begun.filter(slug=slug).first()
        return chosen, chosen is not None
    return current_of(begun.prefetch_related("days"), today), True


def service_points(query: str = ""):
    """Essential units (they stay open during a window), found by service, OPD or kecamatan."""
    units = Unit.objects.essential().select_related("opd").order_by("opd__name", "name")
    query = query.strip()[:MAX_QUERY]
    if query:
        units = units.filter(
            Q(name__icontains=query)
            | Q(opd__name__icontains=query)
            | Q(code__icontains=query)
            | Q(kecamatan__icontains=query)
        )
    return units


def nearest(units, latitude: float, longitude: float, limit: int = 10) -> list:
    """The `limit` service points closest to a position; each gets `.distance_km`."""
    located = [u for u in units if u.latitude is not None]
    for unit in located:
        unit.distance_km = distance_m(latitude, longitude, unit.latitude, unit.longitude) / 1000
    return sorted(located, key=lambda u: u.distance_km)[:limit]


def position(data) -> tuple[float, float] | None:
    """A visitor's position from ?lat=&lon= (rounded to about 1 km), or None when absent or bad."""
    try:
        lat, lon = float(data.get("lat", "")), float(data.get("lon", ""))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # NaN fails too
        return None
    return round(lat, 2), round(lon, 2)


@dataclass
class ServicePoint:
    """One service point on the public page: its hours and its planned on-site staff per day."""

    unit: Unit
    hours: list[ServiceHours] = field(default_factory=list)
    changed: bool = False
    onsite: list[tuple[WindowDay, int]] = field(default_factory=list)

    @property
    def open_on_site_days(self) -> int:
        return sum(1 for _, n in self.onsite if n > 0)


def service_points_info(units: list[Unit], window: FlexWindow | None, days: list[WindowDay]):
    """Hours (a window's changed hours replace the usual ones) and on-site counts, 3 queries."""
    unit_ids = [u.pk for u in units]
    rows = ServiceHours.objects.filter(unit_id__in=unit_ids).filter(
        Q(window__isnull=True) | Q(window=window) if window else Q(window__isnull=True)
    )
    usual, changed = defaultdict(list), defaultdict(list)
    for row in rows.order_by("pk"):
        (changed if row.window_id else usual)[row.unit_id].append(row)
    counts = onsite_counts(unit_ids, days)
    return [
        ServicePoint(
            unit=u,
            hours=changed.get(u.pk) or usual.get(u.pk, []),
            changed=u.pk in changed,
            onsite=[(d, counts.get((u.pk, d.pk), 0)) for d in days],
        )
        for u in units
    ]


def onsite_counts(unit_ids: list[int], days: list[WindowDay]) -> dict[tuple[int, int], int]:
    """Active staff planned on site per (unit, day), for the units that have staff: two queries.

    schedules.selectors.planned_counts (no assignment = on site), without coverage's rules: the
    public asks whether someone is there, not whether a rule is met.
    """
    if not unit_ids or not days:
        return {}
    counts = planned_counts(days, unit_ids=unit_ids)
    return {
        (u, d.pk): counts.unit_day(u, d.pk).wfo
        for u in unit_ids
        for d in days
        if counts.staff.get(u, 0)
    }


def changed_hours(window: FlexWindow | None) -> list[ServiceHours]:
    """Every changed schedule of a window, for the notice at the top of the public page."""
    if window is None:
        return []
    return list(
        ServiceHours.objects.filter(window=window)
        .select_related("unit__opd")
        .order_by("unit__opd__name", "unit__name", "pk")
    )


def feedback_url(unit: Unit) -> str:
    """The absolute address a service point's QR code opens (the site as citizens reach it)."""
    path = reverse("attendance:feedback_form", args=[unit.code])
    return f"{site_url(path)}?via=qr"


def qr_svg(unit: Unit, *, scale: int = 4, sized: bool = True) -> str:
    """The QR code of a service point as SVG (error correction M survives a smudge).

    Unsized (a viewBox only), it scales to the width its card gives it when printed.
    """
    code = segno.make(feedback_url(unit), error="m", micro=False)
    title = f"Kode QR masukan untuk {unit.name}"
    return code.svg_inline(scale=scale, title=title, omitsize=not sized)
