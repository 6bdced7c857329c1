"""Reminders on window days: staff who have not checked in, heads with reports left unreviewed."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from absences.models import Absence
from attendance.models import DailyReport, ReportStatus
from attendance.selectors import today_window_day
from inbox import services as inbox
from inbox.models import Kind
from opd.access import head_opd_ids
from opd.models import User
from schedules.holidays import working_days_before
from schedules.models import Assignment


@dataclass(frozen=True)
class ReminderResult:
    check_in: int
    review: int


def reminders_send(*, today: date | None = None) -> ReminderResult:
    today = today or timezone.localdate()
    return ReminderResult(check_in=_check_in(today), review=_review(today))


def _check_in(today: date) -> int:
    day = today_window_day(today)
    if day is None:
        return 0
    # Not those away (leave, travel, training): nobody expects their check-in.
    away = Absence.objects.away_on(day.date).filter(employee_id=OuterRef("employee_id"))
    accounts = list(
        User.objects.filter(is_active=True, employee__is_active=True)
        .exclude(employee__check_ins__day=day)
        .filter(~Exists(away))
    )
    planned = dict(
        Assignment.objects.filter(
            day=day, employee_id__in=[u.employee_id for u in accounts]
        ).values_list("employee_id", "mode")
    )
    for user in accounts:
        mode = Assignment.mode_of(planned.get(user.employee_id))
        inbox.notify_batched(
            recipients=[user],
            kind=Kind.CHECKIN_REMINDER,
            batch_key=f"checkin:{day.pk}",
            text=lambda n, mode=mode: f"Anda belum presensi hari ini ({day}); rencana Anda {mode}.",
            url=reverse("attendance:check_in_page"),
        )
    return len(accounts)


def _review(today: date) -> int:
    days = settings.WFA_REVIEW_REMINDER_DAYS
    cutoff = working_days_before(today, days)
    waiting = Counter(
        DailyReport.objects.filter(
            status=ReportStatus.SUBMITTED, submitted_at__date__lt=cutoff
        ).values_list("employee__unit__opd_id", flat=True)
    )
    heads = list(inbox.head_accounts(waiting))
    for head in heads:
        count = sum(waiting[opd_id] for opd_id in head_opd_ids(head))  # a Plh: the OPDs acted for
        inbox.notify_batched(
            recipients=[head],
            kind=Kind.REVIEW_REMINDER,
            batch_key=f"review:{today.isoformat()}",
            text=lambda n, count=count: (
                f"{count} laporan kerja harian sudah menunggu pemeriksaan lebih dari {days} hari "
                "kerja."
            ),
            url=reverse("attendance:review_list"),
        )
    return len(heads)
