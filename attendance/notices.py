"""Who is told what when a daily report is filed or reviewed (called inside the services'
transactions). A head gets one notification per unit per day, counting up, not one per report."""

from collections import defaultdict

from django.urls import reverse

from attendance.models import DailyReport
from common.dates import tanggal
from inbox import services as inbox
from inbox.models import Kind


def report_filed(report: DailyReport) -> None:
    unit = report.employee.unit
    when = tanggal(report.day.date, weekday=True)
    inbox.notify_batched(
        recipients=inbox.head_accounts([unit.opd_id]),
        kind=Kind.REPORTS_SUBMITTED,
        batch_key=f"reports:{unit.pk}:{report.day_id}",
        text=lambda n: f"{n} laporan kerja harian {unit.name} untuk {when} menunggu pemeriksaan.",
        url=reverse("attendance:review_list"),
    )


def report_returned(report: DailyReport, by, comment: str) -> None:
    when = tanggal(report.day.date, weekday=True)
    inbox.notify(
        recipients=inbox.employee_accounts([report.employee_id]),
        kind=Kind.REPORT_RETURNED,
        text=f"Laporan kerja harian {when} dikembalikan {by.display_name}: “{comment}” Perbaiki di "
        "Laporan saya.",
        url=reverse("attendance:my_reports"),
        about=report,
    )


def report_accepted(report: DailyReport, by) -> None:
    reports_accepted([report], by)


SHOWN_DATES = 5


def reports_accepted(reports: list[DailyReport], by) -> None:
    """One notification per employee, however many of their reports were accepted together."""
    mine: dict[int, list[DailyReport]] = defaultdict(list)
    for report in reports:
        mine[report.employee_id].append(report)
    notes = []
    for user in inbox.employee_accounts(mine):
        theirs = sorted(mine[user.employee_id], key=lambda r: r.day.date)
        if len(theirs) == 1:
            when = tanggal(theirs[0].day.date, weekday=True)
            text = f"Laporan kerja harian {when} diterima {by.display_name}."
            notes.append((user, text, theirs[0]))
            continue
        dates = [tanggal(r.day.date) for r in theirs[:SHOWN_DATES]]
        more = f" dan {len(theirs) - SHOWN_DATES} lainnya" if len(theirs) > SHOWN_DATES else ""
        text = (
            f"{len(theirs)} laporan kerja harian Anda diterima {by.display_name}: "
            f"{', '.join(dates)}{more}."
        )
        notes.append((user, text, None))
    inbox.notify_each(kind=Kind.REPORT_ACCEPTED, notes=notes, url=reverse("attendance:my_reports"))
