"""Retention: personal data is reduced or removed once its purpose is served (UU 27/2022).

Each step below removes one kind of data after its period (settings WFA_RETAIN_*, reasons in the
README). `personal_data_purge(dry_run=True)` counts what would go and changes nothing. The purge
never edits a plan: places are overwritten in place (no new history row, no version bump), so
approved plans stay approved and every page and export keeps working on purged records.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from absences.models import Absence
from attendance import partitions
from attendance.models import CheckIn, DailyReport, OutputItem, ServiceFeedback
from common import disk, region
from devicelogs.models import Explanation, Punch, PunchImport
from eligibility.models import Restriction
from opd.models import Employee
from readlog import services as readlog
from schedules.models import (
    Assignment,
    BulkChange,
    FlexWindow,
    Preference,
    Proposal,
    WindowDay,
)

PURGED = "(dihapus: masa simpan habis)"


@dataclass(frozen=True)
class PurgeLine:
    """One kind of data: how many records were (or would be) reduced or removed, and before when."""

    label: str
    count: int
    before: date | datetime | None = None
    failed: int = 0  # records that could not be removed (a file on a read-only disk)
    fault: str = ""  # why, for the operator

    def text(self, *, dry_run: bool) -> str:
        verb = "akan dihapus" if dry_run else "dihapus"
        when = f" (sebelum {_when(self.before)})" if self.before else ""
        failed = f"; {_number(self.failed)} gagal dihapus: {self.fault}" if self.failed else ""
        return f"{self.label}: {_number(self.count)} {verb}{when}{failed}"


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _when(moment) -> str:
    from common.dates import tanggal

    if isinstance(moment, datetime):
        local = timezone.localtime(moment)
        return f"{tanggal(local.date())} {local:%H.%M} {region.zone_label()}"
    return tanggal(moment)


def personal_data_purge(*, dry_run: bool = False, now: datetime | None = None) -> list[PurgeLine]:
    """Apply (or, with dry_run, count) every retention period; one line per kind of data."""
    now = now or timezone.now()
    lines = []
    for step in STEPS:
        lines += step(now=now, today=timezone.localdate(now), dry_run=dry_run)
    return lines


def days(name: str) -> timedelta:
    return timedelta(days=getattr(settings, name))


# --- check-ins ----------------------------------------------------------------------------------


def check_ins(*, now, today, dry_run):
    """Check-ins go N days after their day. On PostgreSQL a month wholly before the cutoff goes
    as its partition (DETACH, DROP: one statement whatever its size); what is left (the month
    the cutoff falls in, old rows in the DEFAULT partition, SQLite) one day per statement."""
    before = today - days("WFA_RETAIN_CHECK_INS_DAYS")
    whole = [p for p in partitions.month_partitions() if p.end <= before]
    count, kept, fault = 0, [], ""
    for part in whole:
        if dry_run:
            count += partitions.partition_rows(part)
            kept.append(part)
            continue
        try:
            count += partitions.partition_drop(part)
        except partitions.Busy:
            kept.append(part)
            fault = "tabel presensi sedang dipakai; bulan itu dicoba lagi pada jadwal berikutnya"
    rows = CheckIn.objects.filter(date__lt=before)
    for part in kept:  # counted above, or left whole for the next run
        rows = rows.exclude(date__gte=part.start, date__lt=part.end)
    count += rows.count() if dry_run else _delete_by_day(rows, "date")
    failed = 0 if dry_run else sum(partitions.partition_rows(p) for p in kept)
    return [PurgeLine("Catatan presensi (waktu, mode, tanda, jarak)", count, before, failed, fault)]


def _delete_by_day(rows, field: str) -> int:
    """Delete `rows` one day (`field`) per statement: short transactions on a large table, never
    one holding a year of a city's rows."""
    dates = rows.values_list(field, flat=True).distinct().order_by(field)
    return sum(rows.filter(**{field: d}).delete()[0] for d in list(dates))


# --- fingerprint and e-presensi punches ---------------------------------------------------------


def device_punches(*, now, today, dry_run):
    """Punches serve what check-ins serve (the record of who was on site, for the evaluation and
    audits), so they go after the same kind of period, one day per statement. A head's
    explanation of a reconciliation line goes with the punches of its day: without them the line
    it explains no longer exists (and its note may name an illness). An import's report (file
    name, who imported it) goes once none of its punches is left."""
    before = today - days("WFA_RETAIN_DEVICE_PUNCHES_DAYS")
    punches = Punch.objects.filter(day__lt=before)
    explanations = Explanation.objects.filter(date__lt=before)
    # "No punch from `before` on" is, after the punches' own step, "no punch left".
    imports = PunchImport.objects.filter(at__date__lt=before).filter(
        ~Exists(Punch.objects.filter(batch=OuterRef("pk"), day__gte=before))
    )
    if dry_run:
        counted = [punches.count(), explanations.count(), imports.count()]
    else:
        counted = [_delete_by_day(punches, "day"), explanations.delete()[0]]
        counted.append(imports.delete()[1].get(PunchImport._meta.label, 0))
    labels = [
        "Rekaman mesin presensi (sidik jari, e-presensi)",
        "Penjelasan kepala atas baris rekonsiliasi mesin",
        "Laporan impor log mesin (nama berkas, pengimpor)",
    ]
    return [PurgeLine(label, count, before) for label, count in zip(labels, counted, strict=True)]


# --- check-in coordinates ----------------------------------------------------------------------


def check_in_coordinates(*, now, today, dry_run):
    """Raw position and accuracy go after N days; the distance to the office and the flags stay."""
    before = today - days("WFA_RETAIN_COORDINATES_DAYS")
    located = Q(latitude__isnull=False) | Q(longitude__isnull=False) | Q(accuracy_m__isnull=False)
    rows = CheckIn.objects.filter(located)
    if dry_run:
        count = rows.filter(day__date__lt=before).count()
    else:  # one window day per statement: short transactions on a large table
        count = sum(
            rows.filter(day_id=day_id).update(latitude=None, longitude=None, accuracy_m=None)
            for day_id in WindowDay.objects.filter(date__lt=before).values_list("pk", flat=True)
        )
    return [PurgeLine("Koordinat dan akurasi lokasi presensi", count, before)]


# --- WFA places, preferences and proposals of evaluated windows --------------------------------


def evaluated_window_places(*, now, today, dry_run):
    """A window's places, preference reasons and proposals go N days after its last day, once
    its evaluation (weekly summaries, report review) is over."""
    before = today - days("WFA_RETAIN_PLACES_DAYS")
    windows = FlexWindow.objects.annotate(last=Max("days__date")).filter(last__lt=before)
    day_ids = list(WindowDay.objects.filter(window__in=windows).values_list("pk", flat=True))
    kept = ~Q(wfa_place="") & ~Q(wfa_place=PURGED)
    steps = [
        ("Tempat WFA di rencana", Assignment.objects.filter(kept), {"wfa_place": PURGED}),
        ("Tempat WFA di riwayat rencana", Assignment.history.filter(kept), {"wfa_place": PURGED}),
        (
            "Tempat kerja yang dinyatakan saat presensi",
            CheckIn.objects.filter(~Q(place="") & ~Q(place=PURGED)),
            {"place": PURGED},
        ),
        (
            "Tempat WFA rencana yang dicatat saat presensi",
            CheckIn.objects.filter(~Q(planned_place="") & ~Q(planned_place=PURGED)),
            {"planned_place": PURGED},
        ),
        ("Tempat WFA preferensi pegawai", Preference.objects.filter(kept), {"wfa_place": PURGED}),
        ("Alasan preferensi pegawai", Preference.objects.exclude(note=""), {"note": ""}),
    ]
    lines = []
    for label, rows, change in steps:
        rows = rows.filter(day_id__in=day_ids)
        count = rows.count() if dry_run else rows.update(**change)
        lines.append(PurgeLine(label, count, before))
    proposals = Proposal.objects.filter(window__in=windows)
    count = proposals.count() if dry_run else proposals.delete()[1].get(Proposal._meta.label, 0)
    lines.append(PurgeLine("Usulan otomatis (memuat tempat WFA dan preferensi)", count, before))
    undo = BulkChange.objects.filter(plan__window__in=windows)
    count = undo.count() if dry_run else undo.delete()[1].get(BulkChange._meta.label, 0)
    lines.append(PurgeLine("Data pembatalan tindakan massal (memuat tempat WFA)", count, before))
    return lines


# --- citizens' contacts -------------------------------------------------------------------------


def feedback_contacts(*, now, today, dry_run):
    """A citizen's contact is for a reply; the rating and the comment stay for the statistics."""
    before = now - days("WFA_RETAIN_CONTACTS_DAYS")
    rows = ServiceFeedback.objects.filter(created_at__lt=before).exclude(contact="")
    count = rows.count() if dry_run else rows.update(contact="")
    return [PurgeLine("Kontak warga pada masukan masyarakat", count, before)]


# --- sign-in records, sessions and waiting uploads -------------------------------------------


def sign_in_records(*, now, today, dry_run):
    before = now - days("WFA_RETAIN_LOGIN_RECORDS_DAYS")
    lines = []
    for label, model in [
        ("Catatan login (alamat IP dan peramban)", AccessLog),
        ("Catatan login gagal", AccessFailureLog),
        ("Percobaan login yang dihitung untuk penguncian", AccessAttempt),
    ]:
        rows = model.objects.filter(attempt_time__lt=before)
        count = rows.count() if dry_run else rows.delete()[0]
        lines.append(PurgeLine(label, count, before))
    sessions = Session.objects.filter(expire_date__lt=now)
    count = sessions.count() if dry_run else sessions.delete()[0]
    lines.append(PurgeLine("Sesi login yang sudah berakhir", count, now))
    return lines


IMPORT_FILES = "Berkas impor pegawai yang tidak dikonfirmasi"


def expired_import_files(*, now, today, dry_run):
    """Uploaded staff workbooks that were never confirmed (the import page also removes them)."""
    before = now - timedelta(seconds=settings.WFA_IMPORT_TTL_SECONDS)
    directory = Path(settings.WFA_IMPORT_DIR)
    old = [
        path
        for pattern in ("*.xlsx", "*.claimed", "*.signed")  # *.signed: targets/confirmation.py
        for path in (directory.glob(pattern) if directory.is_dir() else [])
        if _modified_before(path, before.timestamp())
    ]
    if dry_run:
        return [PurgeLine(IMPORT_FILES, len(old), before)]
    removed, fault = 0, None
    for path in old:
        try:
            path.unlink(missing_ok=True)
            removed += 1
        except OSError as error:  # e.g. a read-only folder: the rest of the purge goes on
            fault = fault or disk.fault(error, "berkas impor pegawai yang kedaluwarsa")
    return [
        PurgeLine(IMPORT_FILES, removed, before, failed=len(old) - removed, fault=str(fault or ""))
    ]


def _modified_before(path: Path, moment: float) -> bool:
    try:
        return path.stat().st_mtime < moment
    except FileNotFoundError:  # confirmed or removed meanwhile
        return False


# --- change history of staff who left --------------------------------------------------------


def leavers_history(*, now, today, dry_run):
    """History rows of staff no longer active (or deleted), once older than the archive period."""
    before = now - days("WFA_RETAIN_LEAVER_HISTORY_DAYS")
    active = Employee.objects.filter(is_active=True).values("pk")
    active_reports = DailyReport.objects.filter(employee_id__in=active).values("pk")
    old = Q(history_date__lt=before)
    histories = [
        (
            "Riwayat jadwal pegawai yang sudah keluar",
            Assignment.history.exclude(employee_id__in=active),
        ),
        (
            "Riwayat laporan pegawai yang sudah keluar",
            DailyReport.history.exclude(employee_id__in=active),
        ),
        (
            "Riwayat keluaran laporan pegawai yang sudah keluar",
            OutputItem.history.exclude(report_id__in=active_reports),
        ),
        (
            "Riwayat ketidakhadiran pegawai yang sudah keluar",
            Absence.history.exclude(employee_id__in=active),
        ),
        (
            "Riwayat pembatasan kerja fleksibel pegawai yang sudah keluar",
            Restriction.history.exclude(employee_id__in=active),
        ),
    ]
    lines = []
    for label, rows in histories:
        rows = rows.filter(old)
        count = rows.count() if dry_run else rows.delete()[0]
        lines.append(PurgeLine(label, count, before))
    return lines


# --- the read access log itself ----------------------------------------------------------------


def read_log(*, now, today, dry_run):
    before = now - days("WFA_RETAIN_READ_LOG_DAYS")
    purge = readlog.read_log_stale if dry_run else readlog.read_log_purge
    events, subjects = purge(before=before)
    label = f"Log akses data pribadi ({_number(events)} akses)"
    return [PurgeLine(label, subjects, before)]


STEPS = [
    check_ins,
    device_punches,
    check_in_coordinates,
    evaluated_window_places,
    feedback_contacts,
    sign_in_records,
    expired_import_files,
    leavers_history,
    read_log,
]
