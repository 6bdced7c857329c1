"""How the city (or one OPD) went across windows: one point per window, up to the chosen one.

Five aggregate queries for all the windows together (remote cells, check-ins, approved plans,
feedback, approved absences), whatever their number and the city's size. Shares are of today's
active staff, the portal's one rule for who is planned (schedules.selectors.planned_counts): a
past window is seen with the staff of today, as the dashboards and the workbook see it. A day
away (leave, official travel, training) is neither expected on site nor expected to check in,
as on the monitor and the dashboards' compliance (#25).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count
from django.utils import translation
from django.utils.formats import date_format

from absences.models import away_cells
from attendance import summary
from attendance.models import CheckIn, ServiceFeedback
from schedules.models import Assignment, FlexWindow, Plan, PlanStatus, WindowDay

TREND_WINDOWS = 6


@dataclass(frozen=True)
class Point:
    """One window's figures."""

    window: FlexWindow
    first: date
    days: int
    passed: int  # its days up to today
    onsite: float  # planned on site, % of staff x days
    checked_in: float | None  # check-ins, % of staff x days passed; None before it began
    approved: float  # % of the OPDs in scope with an approved plan
    feedback: int
    rating: float | None  # the citizens' average, 1 to 5

    @property
    def label(self) -> str:
        """The window on a chart's axis: its first day, "3 Des 2026"."""
        with translation.override("id"):
            return date_format(self.first, "j M Y")


def trend_windows(windows: list[FlexWindow], window: FlexWindow) -> list[FlexWindow]:
    """The chosen window and the ones that began before it, at most TREND_WINDOWS, oldest
    first. `windows` hold their days (figures.windows_with_days)."""
    start = window.days.all()[0].date
    earlier = [w for w in windows if w.days.all() and w.days.all()[0].date <= start]
    earlier.sort(key=lambda w: (w.days.all()[0].date, w.pk))
    return earlier[-TREND_WINDOWS:]


def across_windows(windows, window, today: date, *, staff: int, opds: int, opd=None):
    """The trend's points up to `window`, for the city or one OPD (`opd`); `staff`: active staff
    in scope, `opds`: how many OPDs the plans' share counts."""
    chosen = trend_windows(windows, window)
    ids = [w.pk for w in chosen]
    remote = _per_window(
        Assignment.objects.remote_cells(WindowDay.objects.filter(window_id__in=ids), opd=opd),
        "day__window_id",
    )
    scope = {"employee__is_active": True} | ({"employee__unit__opd": opd} if opd else {})
    checked = _per_window(
        CheckIn.objects.filter(day__window_id__in=ids, day__date__lte=today, **scope),
        "day__window_id",
    )
    plans = Plan.objects.filter(window_id__in=ids, status=PlanStatus.APPROVED)
    approved = _per_window(plans.filter(opd=opd) if opd else plans, "window_id")
    feedback = ServiceFeedback.objects.filter(window_id__in=ids)
    if opd is not None:
        feedback = feedback.filter(unit__opd=opd)
    rated = {
        w: (n, avg)
        for w, n, avg in feedback.values_list("window_id").annotate(Count("pk"), Avg("rating"))
    }
    away = _away(chosen, today, opd)
    return [
        _point(w, today, staff, opds, remote.get(w.pk, 0), checked.get(w.pk, 0),
               approved.get(w.pk, 0), rated.get(w.pk, (0, None)), away.get(w.pk, (0, 0)))
        for w in chosen
    ]  # fmt: skip


def _away(windows, today: date, opd) -> dict[int, tuple[int, int]]:
    """{window id: (staff-days away, of them up to today)} of approved absences of active staff
    in scope (one query)."""
    days = [d for w in windows for d in w.days.all()]
    found: dict[int, tuple[int, int]] = {}
    window_of = {d.pk: (d.window_id, d.date <= today) for d in days}
    for _, day_id in away_cells(days, opd=opd):
        window_id, passed = window_of[day_id]
        total, before = found.get(window_id, (0, 0))
        found[window_id] = (total + 1, before + passed)
    return found


def _per_window(queryset, field: str) -> dict[int, int]:
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))


def _point(window, today, staff, opds, remote, checked, approved, rated, away) -> Point:
    dates = [d.date for d in window.days.all()]
    passed = sum(1 for d in dates if d <= today)
    away_days, away_passed = away
    cells = staff * len(dates) - away_days  # the staff-days someone is expected at work
    feedback, rating = rated
    return Point(
        window=window,
        first=dates[0],
        days=len(dates),
        passed=passed,
        onsite=100 * (cells - remote) / cells if cells else 0.0,
        checked_in=(
            summary.compliance(checked, staff * passed - away_passed, scale=100) if passed else None
        ),
        approved=100 * approved / opds if opds else 0.0,
        feedback=feedback,
        rating=float(rating) if rating is not None else None,
    )


def chart(points: list[Point]) -> dict:
    """The chart's JSON: a line per share (a gap where a window has not begun)."""
    return {
        "labels": [p.label for p in points],
        "series": {
            "Rencana di kantor": [round(p.onsite, 1) for p in points],
            "Presensi": [None if p.checked_in is None else round(p.checked_in, 1) for p in points],
            "Rencana OPD disetujui": [round(p.approved, 1) for p in points],
        },
    }
