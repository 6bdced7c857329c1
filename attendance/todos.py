"""Daily reports that wait for someone: for the home page inbox and the daily digest."""

from django.urls import reverse

from attendance.filing import correctable
from attendance.models import DailyReport, ReportStatus
from common.dates import tanggal
from inbox.selectors import Todo
from inbox.services import bkpsdm_accounts, employee_accounts, head_accounts
from opd.access import head_opd_ids, is_bkpsdm, is_head

LISTED = 5


def report_todos(user) -> list[Todo]:
    if is_head(user) or is_bkpsdm(user):
        waiting = DailyReport.objects.filter(status=ReportStatus.SUBMITTED)
        if is_head(user):
            waiting = waiting.filter(employee__unit__opd_id__in=head_opd_ids(user))
        count = waiting.count()
        if not count:
            return []
        return [
            Todo(
                text=f"{count} laporan kerja harian belum diperiksa",
                url=reverse("attendance:review_list"),
                count=count,
            )
        ]
    if user.employee_id:
        # Only those still open to correction: an old day's report no longer asks for work.
        returned = (
            DailyReport.objects.filter(correctable(), employee_id=user.employee_id)
            .select_related("day")
            .order_by("day__date")[:LISTED]
        )
        return [
            Todo(
                text=f"Laporan {tanggal(r.day.date, weekday=True)} dikembalikan: "
                f"“{r.review_comment}” Perbaiki laporan.",
                url=reverse("attendance:my_reports"),
                tone="danger",
            )
            for r in returned
        ]
    return []


def report_todo_users() -> set[int]:
    """Reviewers with reports waiting, and staff with a returned report."""
    waiting = DailyReport.objects.filter(status=ReportStatus.SUBMITTED)
    reviewers = head_accounts(waiting.values("employee__unit__opd_id")) | bkpsdm_accounts()
    users = set(reviewers.values_list("pk", flat=True)) if waiting.exists() else set()
    returned = DailyReport.objects.filter(correctable()).values("employee_id")
    return users | set(employee_accounts(returned).values_list("pk", flat=True))
