"""Reads of the evaluation pack, scoped by opd/access.py (another OPD's unit is a 404)."""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils import timezone

from evaluations.models import Evaluation
from opd.access import units_visible_to
from schedules.models import FlexWindow
from schedules.selectors import current_of


def window_for(slug: str) -> FlexWindow:
    return get_object_or_404(FlexWindow, slug=slug)


def latest_window() -> FlexWindow | None:
    """The window to evaluate: the current window (schedules.selectors.current_of) among those
    that have begun, since one that has not started has nothing to evaluate; else, before any
    window began, the newest. Two queries."""
    today = timezone.localdate()
    windows = list(FlexWindow.objects.prefetch_related("days"))
    begun = [w for w in windows if any(d.date <= today for d in w.days.all())]
    return current_of(begun, today) or (windows[0] if windows else None)


def unit_for(user, code: str):
    return get_object_or_404(units_visible_to(user).select_related("opd"), code=code)


def evaluation_of(window, unit) -> Evaluation:
    """The saved record, or an unsaved draft (GET pages never write)."""
    found = Evaluation.objects.filter(window=window, unit=unit).first()
    return found or Evaluation(window=window, unit=unit)


def rows_for(user, window, *, opd=None) -> list[tuple]:
    """(unit, evaluation or None) for every unit the user sees, optionally of one OPD."""
    units = units_visible_to(user).select_related("opd").order_by("opd__name", "name")
    if opd is not None:
        units = units.filter(opd=opd)
    saved = {
        e.unit_id: e
        for e in Evaluation.objects.filter(window=window, unit__in=units).select_related(
            "submitted_by", "signed_off_by", "consolidated_by"
        )
    }
    return [(unit, saved.get(unit.pk)) for unit in units]


@dataclass(frozen=True)
class Panel:
    """A section of the dashboards: a heading, a sentence, rows of (label, number) and a link."""

    title: str
    text: str
    rows: list[tuple[str, int]] = field(default_factory=list)
    link: str = ""
    link_text: str = ""


def dashboard_panel(*, user, window, opd=None) -> Panel | None:
    """The dashboards' evaluation panel: how far the units the user sees are (two queries)."""
    from django.db.models import Count
    from django.urls import reverse

    from evaluations.models import Status
    from opd.access import allowed

    if not allowed(user, "evaluations.view"):
        return None
    units = units_visible_to(user)
    if opd is not None:
        units = units.filter(opd=opd)
    counts = dict(
        Evaluation.objects.filter(window=window, unit__in=units)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    total = units.count()
    started = sum(counts.values())
    rows = [(label, counts.get(value, 0)) for value, label in Status.choices]
    return Panel(
        title="Evaluasi (PermenPANRB 4/2025 Pasal 35)",
        text=f"{started} dari {total} unit sudah mulai mengisi evaluasi periode ini.",
        rows=[("Belum mulai", total - started), *rows],
        link=reverse("evaluations:list", args=[window.slug]),
        link_text="Buka evaluasi",
    )
