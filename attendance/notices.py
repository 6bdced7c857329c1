"""Who is told what when a daily report is filed or reviewed (called inside the services'
transactions). A head gets one notification per unit per day, counting up, not one per report."""

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
    when = tanggal(report.day.date, weekday=True)
    inbox.notify(
        recipients=inbox.employee_accounts([report.employee_id]),
        kind=Kind.REPORT_ACCEPTED,
        text=f"Laporan kerja harian {when} diterima {by.display_name}.",
        url=reverse("attendance:my_reports"),
        about=report,
    )
