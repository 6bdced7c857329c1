"""Daily output reports (laporan kerja harian): filing, revising, and the head's review."""

from django.db import transaction
from django.utils import timezone

from attendance import filing, notices
from attendance.models import CheckIn, DailyReport, OutputItem, ReportStatus
from attendance.selectors import planned_for
from attendance.services.checkins import Refused, own_employee
from common.dates import tanggal
from common.history import history_copy
from schedules.models import WindowDay
from targets.models import ActionPlan

MAX_ITEMS = 20
MAX_COMMENT = 1000
TEXT_FIELDS = ("description", "unit_of_measure", "evidence_url")
ITEM_FIELDS = (*TEXT_FIELDS, "quantity", "action_plan", "started_at", "ended_at")


def report_mode(employee, day: WindowDay) -> str:
    """The mode a report is tied to: the mode declared at check-in, else the planned one."""
    declared = CheckIn.objects.filter(employee=employee, day=day).values_list("mode", flat=True)
    return declared.first() or planned_for(employee, day)[0]


def _save(report: DailyReport, *, by, reason: str) -> None:
    report._history_user = by  # also outside a request (commands, tests)
    report._change_reason = reason
    report.save()


@transaction.atomic
def report_file(*, user, day: WindowDay, items: list[dict]) -> DailyReport:
    """File the signed-in employee's report for a window day, or revise a returned one.

    `items` are dicts of OutputItem fields (description, quantity, unit_of_measure, evidence_url;
    optionally action_plan, an ActionPlan of the employee's own approved target of that year,
    and started_at / ended_at).
    A revision replaces the items and sends the report back for review; the history of the
    report and of its items keeps what was there before.
    """
    employee = own_employee(user)
    if day.date > timezone.localdate():
        raise Refused(
            f"{tanggal(day.date, weekday=True)} belum tiba: laporan hanya untuk hari ini atau "
            "hari yang sudah lewat."
        )
    if not items:
        raise Refused("Isi sedikitnya satu keluaran.")
    if len(items) > MAX_ITEMS:
        raise Refused(f"Satu laporan memuat paling banyak {MAX_ITEMS} keluaran.")
    _check_plans(employee, day, items)
    report = DailyReport.objects.select_for_update().filter(employee=employee, day=day).first()
    now = timezone.now()
    if report is None:
        if not filing.may_file(day.date):
            raise Refused(filing.closed_message(day.date))
        report = DailyReport(employee=employee, day=day, submitted_at=now)
        reason = "Dikirim"
    elif report.may_be_revised:
        if not filing.may_correct(report):
            raise Refused(filing.closed_message(day.date))
        for old in report.items.all():
            old._history_user = user  # the history of the items keeps the replaced ones
            old.delete()
        reason = "Diperbaiki setelah dikembalikan"
    elif report.awaits_review:
        raise Refused(
            "Laporan hari ini sudah dikirim dan sedang menunggu pemeriksaan. Laporan dapat "
            "diperbaiki bila dikembalikan oleh pemeriksa."
        )
    else:
        raise Refused("Laporan ini sudah diterima dan tidak dapat diubah lagi.")
    report.mode = report_mode(employee, day)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.reviewed_by = None
    report.reviewed_at = None
    report.review_comment = ""
    _save(report, by=user, reason=reason)
    for values in items:
        item = OutputItem(report=report, **{f: values.get(f) or "" for f in TEXT_FIELDS})
        item.quantity = values["quantity"]
        item.action_plan_id = _plan_id(values.get("action_plan"))
        item.started_at, item.ended_at = values.get("started_at"), values.get("ended_at")
        item._history_user = user
        item.save()
    notices.report_filed(report)
    return report


def _plan_id(plan) -> int | None:
    return getattr(plan, "pk", plan) or None


def _check_plans(employee, day: WindowDay, items: list[dict]) -> None:
    """An output serves only the employee's own approved action plans of the day's year (a
    forged post naming another's plan is refused), and ends after it starts."""
    wanted = {_plan_id(v.get("action_plan")) for v in items} - {None}
    if wanted:
        usable = ActionPlan.objects.usable_by(employee.pk, day.date.year).filter(pk__in=wanted)
        if set(usable.values_list("pk", flat=True)) != wanted:
            raise Refused(
                "Rencana aksi yang dipilih bukan bagian dari target Anda yang disetujui untuk "
                f"tahun {day.date.year}. Tidak ada yang disimpan."
            )
    for values in items:
        start, end = values.get("started_at"), values.get("ended_at")
        if start and end and end < start:
            raise Refused("Jam selesai keluaran harus sesudah jam mulainya.")


def _reviewable(report: DailyReport, by) -> DailyReport:
    locked = DailyReport.objects.select_for_update().select_related("employee").get(pk=report.pk)
    if by.employee_id is not None and locked.employee_id == by.employee_id:
        raise Refused("Anda tidak dapat memeriksa laporan Anda sendiri.")
    if not locked.awaits_review:
        raise Refused(
            f"Laporan ini berstatus '{locked.get_status_display()}': hanya laporan yang menunggu "
            "pemeriksaan yang dapat diterima atau dikembalikan."
        )
    return locked


@transaction.atomic
def report_accept(*, report: DailyReport, by) -> DailyReport:
    """Accept a report awaiting review; the reviewer may not be its author."""
    report = _reviewable(report, by)
    report.status = ReportStatus.ACCEPTED
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    _save(report, by=by, reason="Diterima")
    notices.report_accepted(report, by)
    return report


MAX_BULK = 1000


@transaction.atomic
def reports_accept(*, report_ids, by) -> int:
    """Accept several reports in one action, each exactly as if accepted one by one: the same
    reviewer, time and history row ("Diterima"), and one notification per employee.

    All or nothing: a report outside the reviewer's scope (another OPD's id in a forged post),
    the reviewer's own, or one no longer awaiting review (decided by someone else meanwhile)
    refuses the whole action. A fixed number of queries, however many reports (up to MAX_BULK).
    """
    ids = set(report_ids)
    if not ids:
        raise Refused("Pilih sedikitnya satu laporan.")
    if len(ids) > MAX_BULK:
        raise Refused(
            f"Paling banyak {MAX_BULK} laporan dapat diterima sekaligus (dipilih {len(ids)}): "
            "persempit saringan."
        )
    reports = list(
        DailyReport.objects.visible_to(by)
        .filter(pk__in=ids)
        .select_for_update(of=("self",))
        .values_list("pk", "employee_id", "status", "employee__name", "day__date", named=True)
        .order_by("pk")
    )
    _check_bulk(reports, ids, by)
    now = timezone.now()
    DailyReport.objects.filter(pk__in=ids).update(
        status=ReportStatus.ACCEPTED, reviewed_by=by, reviewed_at=now
    )
    history_copy(DailyReport, ids, history_type="~", by=by, when=now, reason="Diterima")
    notices.reports_accepted([(r.pk, r.employee_id, r.day__date) for r in reports], by)
    return len(reports)


def _check_bulk(reports: list, ids: set[int], by) -> None:
    nothing = "Tidak ada laporan yang diterima."
    if len(reports) != len(ids):
        raise Refused(
            f"{len(ids) - len(reports)} laporan yang dipilih tidak ditemukan di OPD Anda. {nothing}"
        )
    if by.employee_id is not None and any(r.employee_id == by.employee_id for r in reports):
        raise Refused(f"Anda tidak dapat memeriksa laporan Anda sendiri. {nothing}")
    decided = [r for r in reports if r.status != ReportStatus.SUBMITTED]
    if decided:
        names = ", ".join(sorted({r.employee__name for r in decided})[:3])
        raise Refused(
            f"{len(decided)} laporan sudah diperiksa sejak daftar dimuat ({names}). {nothing} "
            "Muat ulang daftar lalu ulangi."
        )


@transaction.atomic
def report_return(*, report: DailyReport, by, comment: str) -> DailyReport:
    """Return a report for revision; the comment tells the employee what to fix, so it is due."""
    comment = (comment or "").strip()
    if not comment:
        raise Refused({"comment": "Tulis catatan untuk pegawai: apa yang perlu diperbaiki."})
    if len(comment) > MAX_COMMENT:
        raise Refused({"comment": f"Catatan paling panjang {MAX_COMMENT} karakter."})
    report = _reviewable(report, by)
    report.status = ReportStatus.RETURNED
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    _save(report, by=by, reason="Dikembalikan")
    notices.report_returned(report, by, comment)
    return report
