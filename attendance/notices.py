"""Who is told what when a daily report is filed or reviewed (called inside the services'
transactions). A head gets one notification per unit per day, counting up, not one per report."""

from collections import defaultdict
from datetime import date
from functools import cache

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
    reports_accepted([(report.pk, report.employee_id, report.day.date)], by)


SHOWN_DATES = 5


def reports_accepted(reports: list[tuple[int, int, date]], by) -> None:
    """One notification per employee, however many of their reports were accepted together:
    `reports` are (report id, employee id, day) triples."""
    mine: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for pk, employee_id, day in reports:
        mine[employee_id].append((pk, day))
    notes = []
    # Formatting a date the Indonesian way costs more than the rest of a note: once per day.
    long, short = cache(lambda d: tanggal(d, weekday=True)), cache(tanggal)
    for user_id, employee_id in inbox.employee_accounts(mine).values_list("pk", "employee_id"):
        theirs = sorted(mine[employee_id], key=lambda report: report[1])
        if len(theirs) == 1:
            pk, day = theirs[0]
            text = f"Laporan kerja harian {long(day)} diterima {by.display_name}."
            notes.append((user_id, text, (DailyReport, pk)))
            continue
        dates = [short(day) for _, day in theirs[:SHOWN_DATES]]
        more = f" dan {len(theirs) - SHOWN_DATES} lainnya" if len(theirs) > SHOWN_DATES else ""
        text = (
            f"{len(theirs)} laporan kerja harian Anda diterima {by.display_name}: "
            f"{', '.join(dates)}{more}."
        )
        notes.append((user_id, text, None))
    inbox.notify_each(kind=Kind.REPORT_ACCEPTED, notes=notes, url=reverse("attendance:my_reports"))
