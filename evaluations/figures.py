"""Before vs after figures of the evaluation pack, per unit, computed on demand (never stored).

"After" is the window's own days; "before" is the same number of working days just before the
window's first day (weekends and national holidays skipped, schedules/holidays.py). Check-ins and
daily reports hang on window days, so the before period counts what was recorded on days of any
earlier window falling in it, and zero when there were none.

Eight aggregate queries in all (four per period), whatever the number of units or staff: the
three of attendance.weekly.activity (the laporan mingguan's own count) and the feedback.
"""

from datetime import date, timedelta

from django.db.models import Avg, Count

from attendance import weekly
from attendance.models import ServiceFeedback
from schedules.holidays import non_working_reason

KEYS = (*weekly.KEYS, "feedback", "rating")


def before_dates(after: list[date]) -> list[date]:
    """The same number of working days as `after`, ending the day before its first day."""
    if not after:
        return []
    found, day = [], min(after)
    while len(found) < len(after):
        day -= timedelta(days=1)
        if non_working_reason(day) is None:
            found.append(day)
    return sorted(found)


def _period(dates: list[date], unit_ids: list[int]) -> dict[int, dict]:
    """The unit's figures over `dates`: the weekly progress's own count (attendance.weekly),
    so the pack and the laporan mingguan say the same, and the citizens' feedback."""
    result = {pk: dict.fromkeys(KEYS, 0) | {"rating": None} for pk in unit_ids}
    for pk, figures in weekly.activity(dates, by="unit", unit__in=unit_ids).items():
        result[pk].update(figures)
    rows = (
        ServiceFeedback.objects.filter(created_at__date__in=dates, unit__in=unit_ids)
        .values("unit")
        .annotate(feedback=Count("pk"), rating=Avg("rating"))
        .order_by()
    )
    for row in rows:
        result[row.pop("unit")].update(row)
    return result


def as_planned_share(figures: dict) -> float | None:
    """Share of check-ins in the planned mode (None without check-ins); not the attendance
    compliance (`attendance.summary.compliance`), which counts check-ins against the staff."""
    if not figures["checked_in"]:
        return None
    return figures["as_planned"] / figures["checked_in"]


def unit_figures(window, unit_ids: list[int]) -> dict:
    """{"after_days", "before_days", "after": {unit_id: {...}}, "before": {unit_id: {...}}}."""
    after = list(window.days.values_list("date", flat=True))
    before = before_dates(after)
    unit_ids = list(unit_ids)
    return {
        "after_days": after,
        "before_days": before,
        "after": _period(after, unit_ids),
        "before": _period(before, unit_ids),
    }


ROWS = (
    ("Kinerja", "Laporan harian dikirim", "reports_filed"),
    ("Kinerja", "Laporan harian diterima", "reports_accepted"),
    ("Kinerja", "Laporan harian dikembalikan", "reports_returned"),
    ("Kinerja", "Jumlah keluaran", "outputs"),
    ("Kinerja", "Keluaran terkait rencana aksi SKP", "outputs_on_plan"),
    ("Disiplin", "Presensi", "checked_in"),
    ("Disiplin", "Presensi sesuai rencana", "as_planned"),
    ("Disiplin", "Presensi ditandai", "flagged"),
    ("Layanan", "Masukan masyarakat", "feedback"),
    ("Layanan", "Rata-rata nilai (1-5)", "rating"),
)


def comparison(figures: dict, unit_id: int) -> list[dict]:
    """Rows for one unit: aspect, label, before, after (the page and the export show these)."""
    before, after = figures["before"][unit_id], figures["after"][unit_id]
    return [
        {"aspect": aspect, "label": label, "before": before[key], "after": after[key]}
        for aspect, label, key in ROWS
    ]
