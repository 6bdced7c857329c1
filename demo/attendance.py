"""What happened in the demo's current window so far: check-ins, daily reports, public feedback.

Thousands of staff check in and report on each passed day, so these rows go in bulk; each
check-in is assessed (flags, distance) by the same function as a real one
(attendance.services.checkins.check_in_assess), reports keep their history rows, and the heads'
"reports waiting" notifications are started by the inbox service and count the unit's reports.
The demo accounts' own rows go through the services themselves (report_file, report_return,
report_accept, feedback_record). All draws come from the caller's seeded random generator.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from attendance.models import (
    CheckIn,
    DailyReport,
    Flag,
    OutputItem,
    ReportStatus,
    ServiceFeedback,
)
from attendance.services.checkins import Position, check_in_assess, is_late, left_early
from attendance.services.feedback import feedback_record
from attendance.services.reports import report_accept, report_file, report_return
from common.dates import tanggal
from demo.units import CITY_HALL
from inbox import services as inbox
from inbox.models import Kind, Notification
from opd.models import Employee, ServiceCategory, Unit, User
from schedules.models import Assignment, FlexWindow, HoursKind, Mode, WindowDay, WorkingHours

BATCH = 2000
PRESENT = 0.94  # the rest are on leave or sick
WRONG_MODE = 0.03
FAR = 0.05  # WFO check-ins from outside the office radius
NO_FIX = 0.05  # WFO check-ins without a location (GPS refused or weak)
OUTPUTS = (
    ("Menyusun laporan kegiatan", "dokumen"),
    ("Memverifikasi berkas permohonan", "berkas"),
    ("Membalas surat dan disposisi", "surat"),
    ("Memperbarui data pada aplikasi", "data"),
    ("Menyiapkan bahan rapat", "dokumen"),
    ("Melayani konsultasi daring", "orang"),
)
RETURN_COMMENTS = (
    "Lampirkan tautan bukti untuk setiap keluaran.",
    "Jumlah keluaran belum sesuai dengan target harian; mohon dilengkapi.",
)
FEEDBACK = (
    (5, "Pelayanan cepat dan ramah, antrean tertib."),
    (5, ""),
    (4, "Petugas sigap, hanya ruang tunggu agak panas."),
    (4, ""),
    (3, "Antrean cukup lama di pagi hari."),
    (2, "Loket baru buka pukul 09.00, petugas sedikit."),
    (1, "Petugas tidak ada di tempat saat jam layanan."),
)


@lru_cache(maxsize=64)
def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def _at(day: date, hour: float) -> datetime:
    """A moment of `day` in Asia/Jakarta, to the minute; `hour` in decimal hours (7.5 = 07.30)."""
    return _midnight(day) + timedelta(minutes=int(hour * 60))


def _position(unit: Unit, rng: random.Random) -> Position | None:
    """Where a WFO check-in was made: near the office, sometimes far or unknown.

    An office without coordinates (most bidang) is placed at the city hall for the draw; the
    check-in is not compared with it (check_in_assess leaves such units unflagged).
    """
    draw = rng.random()
    if draw < NO_FIX:
        return None
    spread = 0.004 if draw < NO_FIX + FAR else 0.0004  # about 450 m, or about 45 m
    if unit.latitude is not None:
        lat0, lon0 = unit.latitude, unit.longitude
    else:
        lat0, lon0 = (Decimal(str(x)) for x in CITY_HALL)
    lat = lat0 + Decimal(str(round(rng.uniform(-spread, spread), 6)))
    lon = lon0 + Decimal(str(round(rng.uniform(-spread, spread), 6)))
    return Position(latitude=lat, longitude=lon, accuracy_m=rng.randint(5, 40))


def _declared(planned: str, rng: random.Random) -> str:
    if rng.random() >= WRONG_MODE:
        return planned
    return Mode.WFO if planned != Mode.WFO else Mode.WFH


def _times(day: date, rng: random.Random, hours) -> tuple[datetime, datetime]:
    """Arrival and departure. Staff on a shift come from 40 minutes before its start to 10 after
    and leave from 15 minutes before its end to an hour after (a few late, a few early); the rest
    keep office hours (dynamic hours start early enough for them)."""
    arrival, departure = rng.uniform(6.75, 8.25), rng.uniform(16.0, 17.25)  # always both draws
    if hours is not None and hours.hours_kind == HoursKind.SHIFT:
        arrival = hours.hours_start_minute / 60 - 2 / 3 + (arrival - 6.75) * 5 / 9
        departure = hours.hours_end_minute / 60 - 0.25 + (departure - 16.0)
    return _at(day, arrival), _at(day, departure)


def _hours_flags(hours, arrived: datetime, left: datetime | None) -> list[str]:
    """Late or early as a real check-in and check-out would be marked (attendance.services)."""
    if hours is None:
        return []
    flags = [str(Flag.LATE)] if is_late(hours, arrived) else []
    if left is not None:
        out = SimpleNamespace(**vars(hours), checked_in_at=arrived, checked_out_at=left)
        flags += [str(Flag.EARLY_LEAVE)] if left_early(out) else []
    return flags


def _check_in(employee, day, planned, rng, *, until: datetime | None, hours=None) -> CheckIn:
    planned_mode, planned_place = planned
    arrived, left = _times(day.date, rng, hours)  # the times first: they draw the same
    if until is not None:  # today: nobody has arrived after now, nor left yet
        arrived, left = min(arrived, until - timedelta(minutes=rng.randint(1, 30))), None
    mode = _declared(planned_mode, rng)
    place = ""
    if mode == Mode.WFA:
        place = planned_place if rng.random() > 0.1 else "Palembang, rumah"
    position = _position(employee.unit, rng) if mode == Mode.WFO else None
    flags, distance = check_in_assess(
        unit=employee.unit,
        planned_mode=planned_mode,
        planned_place=planned_place,
        mode=mode,
        place=place,
        position=position,
    )
    return CheckIn(
        employee=employee,
        day=day,
        planned_mode=planned_mode,
        planned_place=planned_place,
        mode=mode,
        place=place,
        checked_in_at=arrived,
        checked_out_at=left,
        latitude=position.latitude if position else None,
        longitude=position.longitude if position else None,
        accuracy_m=position.accuracy_m if position else None,
        distance_m=distance,
        flags=flags + _hours_flags(hours, arrived, left),
    )


def _draws(seed: str, employee: Employee, day: WindowDay) -> random.Random:
    """The draws of one employee's day: a change of plan elsewhere does not shift them."""
    return random.Random(f"{seed}:{employee.nip}:{day.date.isoformat()}")


def check_ins_record(*, window: FlexWindow, today: date, skip: set[int], seed: str) -> int:
    """Check-ins of every passed day of the window, and of today's morning so far.

    Today, staff in `skip` (the demo accounts) are left to check in themselves.
    """
    now = timezone.now()
    days = [d for d in window.days.all() if d.date < today]
    today_day = next((d for d in window.days.all() if d.date == today), None)
    if today_day is not None and now >= _at(today, 7.25):
        days.append(today_day)
    plan = {
        (e, d): (m, p)
        for e, d, m, p in Assignment.objects.for_window(window).values_list(
            "employee_id", "day_id", "mode", "wfa_place"
        )
    }
    hours = {
        (e, d): SimpleNamespace(
            hours_kind=kind,
            hours_start_minute=start,
            hours_end_minute=end,
            hours_required_minutes=required,
        )
        for e, d, kind, start, end, required in WorkingHours.objects.filter(
            day__window=window
        ).values_list(
            "employee_id", "day_id", "kind", "start_minute", "end_minute", "required_minutes"
        )
    }
    staff = list(Employee.objects.active().select_related("unit").order_by("nip"))
    rows = []
    for day in days:
        until = now if day.date == today else None
        share = PRESENT if until is None else PRESENT * 0.7
        for employee in staff:
            rng = _draws(seed, employee, day)
            if (until and employee.pk in skip) or rng.random() >= share:
                continue
            planned = plan.get((employee.pk, day.pk), (Mode.WFO, ""))
            shift = hours.get((employee.pk, day.pk))
            rows.append(_check_in(employee, day, planned, rng, until=until, hours=shift))
    CheckIn.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _status(day_index: int, days: int, rng: random.Random) -> str:
    """Older days are mostly reviewed; the last passed day mostly still waits."""
    draw = rng.random()
    if draw < 0.05:
        return ReportStatus.RETURNED
    accepted = 0.85 if day_index < days - 1 else 0.25
    return ReportStatus.ACCEPTED if draw < 0.05 + accepted else ReportStatus.SUBMITTED


def reports_record(
    *, window: FlexWindow, today: date, heads: dict[int, User], skip: set[int], seed: str
) -> dict[str, int]:
    """Daily reports of the remote staff on each passed day, in every state of review."""
    days = [d for d in window.days.all() if d.date < today]
    remote = (
        CheckIn.objects.filter(day__in=days, mode__in=[Mode.WFH, Mode.WFA])
        .exclude(employee_id__in=skip)
        .select_related("day", "employee__unit")
        .order_by("day__date", "employee__nip")
    )
    index = {d.pk: i for i, d in enumerate(days)}
    reports, counts = [], {}
    for check_in in remote:
        rng = _draws(f"{seed}:report", check_in.employee, check_in.day)
        if rng.random() >= 0.9:
            continue
        status = _status(index[check_in.day_id], len(days), rng)
        sent = _at(check_in.day.date, rng.uniform(15.0, 17.0))
        report = DailyReport(
            employee=check_in.employee, day=check_in.day, mode=check_in.mode, status=status,
            submitted_at=sent,
        )  # fmt: skip
        if status != ReportStatus.SUBMITTED:
            report.reviewed_by = heads.get(check_in.employee.unit.opd_id)
            report.reviewed_at = sent + timedelta(hours=rng.uniform(1, 3))
        if status == ReportStatus.RETURNED:
            report.review_comment = RETURN_COMMENTS[rng.randrange(len(RETURN_COMMENTS))]
        reports.append(report)
        counts[status] = counts.get(status, 0) + 1
    bulk_create_with_history(reports, DailyReport, batch_size=BATCH, default_change_reason="Demo")
    saved = DailyReport.objects.filter(day__in=days).exclude(employee_id__in=skip)
    rng = random.Random(f"{seed}:outputs")
    items = [
        OutputItem(report_id=pk, description=text, quantity=Decimal(rng.randint(1, 12)),
                   unit_of_measure=measure)
        for pk in saved.order_by("pk").values_list("pk", flat=True)
        for text, measure in rng.sample(OUTPUTS, rng.randint(1, 2))
    ]  # fmt: skip
    bulk_create_with_history(items, OutputItem, batch_size=BATCH, default_change_reason="Demo")
    _waiting_notices(saved.filter(status=ReportStatus.SUBMITTED))
    return counts


def _waiting_notices(waiting) -> None:
    """Each head's "N reports of <unit> for <day> wait": one per unit and day, as
    inbox.notify_batched words and keys it, written at once with its count (hundreds of them)."""
    groups: dict[tuple[int, int], int] = {}
    for unit_id, day_id in waiting.values_list("employee__unit_id", "day_id"):
        groups[(unit_id, day_id)] = groups.get((unit_id, day_id), 0) + 1
    units = Unit.objects.in_bulk({u for u, _ in groups})
    days = WindowDay.objects.in_bulk({d for _, d in groups})
    heads: dict[int, list[int]] = {}
    for user_id, opd_id in inbox.head_accounts({u.opd_id for u in units.values()}).values_list(
        "pk", "opd_id"
    ):
        heads.setdefault(opd_id, []).append(user_id)
    url = reverse("attendance:review_list")
    rows = []
    for (unit_id, day_id), count in sorted(groups.items()):
        unit, when = units[unit_id], tanggal(days[day_id].date, weekday=True)
        text = f"{count} laporan kerja harian {unit.name} untuk {when} menunggu pemeriksaan."
        rows += [
            Notification(
                recipient_id=user_id, kind=Kind.REPORTS_SUBMITTED, text=text[:500], url=url,
                batch_key=f"reports:{unit_id}:{day_id}", count=count,
            )
            for user_id in heads.get(unit.opd_id, [])
        ]  # fmt: skip
    Notification.objects.bulk_create(rows, batch_size=BATCH)


def nurse_reports(*, window: FlexWindow, today: date, nurse: User, head: User | None) -> None:
    """The demo nurse's reports, through the services: one returned to correct, one accepted."""
    days = [d for d in window.days.all() if d.date < today]
    if nurse is None or nurse.employee_id is None or head is None or not days:
        return
    items = [
        {"description": "Pelayanan pasien poli umum", "quantity": Decimal("23.5"),
         "unit_of_measure": "pasien"},
        {"description": "Input data kunjungan ke aplikasi", "quantity": Decimal("40"),
         "unit_of_measure": "data"},
    ]  # fmt: skip
    first = report_file(user=nurse, day=days[0], items=items)
    report_accept(report=first, by=head)
    last = report_file(user=nurse, day=days[-1], items=items[:1])
    report_return(
        report=last,
        by=head,
        comment="Jumlah pasien harus bilangan bulat; lampirkan rekap kunjungan.",
    )


def feedback_collect(*, window: FlexWindow, today: date, rng: random.Random) -> int:
    """Citizens rate the essential services open during the window (most are satisfied)."""
    days = [d.date for d in window.days.all() if d.date <= today] or [today]
    units = Unit.objects.exclude(service_category=ServiceCategory.NONE).order_by("code")
    sent = []
    for unit in units:
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            rating, comment = FEEDBACK[rng.randrange(len(FEEDBACK))]
            feedback = feedback_record(
                unit=unit, window=window, rating=rating, comment=comment, contact=""
            )
            # Sent on one of the window's days, not at the moment of seeding.
            feedback.created_at = min(_at(rng.choice(days), rng.uniform(8.0, 15.0)), timezone.now())
            sent.append(feedback)
    ServiceFeedback.objects.bulk_update(sent, ["created_at"], batch_size=500)
    return len(sent)
