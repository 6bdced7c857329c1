"""How long a daily report stays open: its day and WFA_REPORT_FILING_DAYS working days after it.

A report is written while the day's work is fresh; months later it is neither useful to the
reviewer nor honest. Older days are shown as missed, never as work still to do, and nothing
(to-dos, reminders) asks for them. A returned report may be corrected within the same number of
working days after its return, so a head who returns one late still gives the employee time.
"""

from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from attendance.models import ReportStatus
from common.dates import tanggal
from schedules.holidays import working_days_before


def filing_days() -> int:
    return max(settings.WFA_REPORT_FILING_DAYS, 0)


def filing_opens_on(today: date | None = None) -> date:
    """The oldest date whose report may still be filed today."""
    return working_days_before(today or timezone.localdate(), filing_days())


def may_file(day_date: date, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return filing_opens_on(today) <= day_date <= today


def correctable(today: date | None = None) -> Q:
    """The returned reports that may still be corrected, as a filter (to-dos, the digest)."""
    opens = filing_opens_on(today)
    start = timezone.make_aware(datetime.combine(opens, time.min))
    return Q(status=ReportStatus.RETURNED) & (Q(day__date__gte=opens) | Q(reviewed_at__gte=start))


def may_correct(report, *, today: date | None = None) -> bool:
    """A returned report: while its day is open, or within the period after its return."""
    if not report.may_be_revised:
        return False
    today = today or timezone.localdate()
    returned_on = timezone.localdate(report.reviewed_at) if report.reviewed_at else None
    opens = filing_opens_on(today)
    return report.day.date >= opens or (returned_on is not None and returned_on >= opens)


def closed_message(day_date: date) -> str:
    return (
        f"Batas pengisian laporan {tanggal(day_date, weekday=True)} sudah lewat: laporan hanya "
        f"dapat dikirim pada harinya dan {filing_days()} hari kerja sesudahnya."
    )
