"""Who is away, and when: leave, official travel, training, study assignments.

An approved absence takes the employee off site on every day it spans (whole days, both ends
included): coverage, the plan's counts, the planner, the grid, the monitor, the reminders and the
daily reports all read it through `Absence.objects.approved()` and `away_days`. A requested one
counts nowhere yet; a rejected or cancelled one is kept for the history.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from common.dates import tanggal
from common.text import VisibleText, VisibleTextModel
from opd.access import employees_visible_to
from opd.models import Employee


class AbsenceKind(models.TextChoices):
    ANNUAL = "CT", "Cuti tahunan"
    SICK = "CS", "Cuti sakit"
    IMPORTANT = "CAP", "Cuti alasan penting"
    LONG = "CB", "Cuti besar"
    MATERNITY = "CM", "Cuti melahirkan"
    TRAVEL = "DL", "Dinas luar"
    TRAINING = "DIK", "Diklat/pelatihan"
    STUDY = "TB", "Tugas belajar"
    OTHER = "LN", "Lainnya"


LEAVE_KINDS = {
    AbsenceKind.ANNUAL,
    AbsenceKind.SICK,
    AbsenceKind.IMPORTANT,
    AbsenceKind.LONG,
    AbsenceKind.MATERNITY,
}

# The short word the monitor, the grid and the documents show for a day away.
SHORT_LABELS = {
    AbsenceKind.TRAVEL: "dinas luar",
    AbsenceKind.TRAINING: "diklat",
    AbsenceKind.STUDY: "tugas belajar",
    AbsenceKind.OTHER: "tidak di kantor",
}


# The workbook's and the PDF's key to a day away, marked with the kind's code.
AWAY_LEGEND = "tidak di kantor: " + ", ".join(f"{k.value} = {k.label.lower()}" for k in AbsenceKind)


class AbsenceStatus(models.TextChoices):
    REQUESTED = "requested", "Diajukan"
    APPROVED = "approved", "Disetujui"
    REJECTED = "rejected", "Ditolak"
    CANCELLED = "cancelled", "Dibatalkan"


# A requested or approved absence holds its days: another one for the same person may not
# overlap it (the exclusion constraint on PostgreSQL, `Absence.clash` everywhere).
HOLDING = [AbsenceStatus.REQUESTED, AbsenceStatus.APPROVED]


class AbsenceQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=AbsenceStatus.APPROVED)

    def holding(self):
        return self.filter(status__in=HOLDING)

    def overlapping(self, start: date, end: date):
        """Absences with at least one day in [start, end]."""
        return self.filter(start_date__lte=end, end_date__gte=start)

    def covering(self, day: date):
        return self.overlapping(day, day)

    def away_on(self, day: date):
        """The approved absences holding `day` (`~Exists(...)` leaves their staff out)."""
        return self.approved().covering(day)

    def of_opd(self, opd):
        return self.filter(employee__unit__opd=opd)

    def visible_to(self, user):
        """The absences of the staff the user may see (opd.access): another OPD's is a 404."""
        return self.filter(employee__in=employees_visible_to(user))

    def away_rows(self, dates, *, unit_ids=None, opd=None, employee_ids=None, opd_ids=None):
        """(employee id, unit id, position name, start, end) of the approved absences of active
        staff touching the span of `dates` (one query); `away_days` spreads them over days."""
        if not dates:
            return []
        rows = self.approved().overlapping(min(dates), max(dates)).filter(employee__is_active=True)
        if unit_ids is not None:
            rows = rows.filter(employee__unit_id__in=unit_ids)
        if opd is not None:
            rows = rows.filter(employee__unit__opd=opd)
        if opd_ids is not None:
            rows = rows.filter(employee__unit__opd_id__in=sorted(opd_ids))
        if employee_ids is not None:
            rows = rows.filter(employee_id__in=employee_ids)
        return list(
            rows.order_by().values_list(
                "employee_id",
                "employee__unit_id",
                "employee__position_name",
                "start_date",
                "end_date",
                "kind",
            )
        )


def away_days(rows, days) -> dict[tuple[int, int], str]:
    """{(employee id, day id): absence kind} for window `days` (objects with pk and date) inside
    the `away_rows`; at most one absence holds a person's day (they may not overlap)."""
    found = {}
    for employee_id, _, _, start, end, kind in rows:
        for day in days:
            if start <= day.date <= end:
                found[(employee_id, day.pk)] = kind
    return found


def away_cells(
    days, *, opd=None, unit_ids=None, employee_ids=None, opd_ids=None
) -> dict[tuple[int, int], str]:
    """{(employee id, day id): absence kind} of the approved absences on window `days` of active
    staff in scope: one query (none without days)."""
    days = list(days)
    rows = Absence.objects.away_rows(
        [d.date for d in days],
        opd=opd,
        unit_ids=unit_ids,
        employee_ids=employee_ids,
        opd_ids=opd_ids,
    )
    return away_days(rows, days)


class Absence(VisibleTextModel, models.Model):
    """One person away for whole days: leave, official travel, training or study."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="absences", verbose_name="pegawai"
    )
    kind = models.CharField("jenis", max_length=3, choices=AbsenceKind.choices)
    reason = models.CharField(
        "keterangan",
        max_length=200,
        blank=True,
        help_text="Wajib untuk jenis 'Lainnya'; dibaca kepala OPD dan BKPSDM.",
    )
    start_date = models.DateField("tanggal mulai")
    end_date = models.DateField("tanggal selesai", help_text="Hari terakhir tidak di kantor.")
    evidence = models.CharField(
        "nomor surat atau tautan",
        max_length=300,
        blank=True,
        help_text="Mis. nomor SPT, nomor surat cuti, atau tautan dokumen di sistem cuti pemda.",
    )
    status = models.CharField(
        "status", max_length=10, choices=AbsenceStatus.choices, default=AbsenceStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dicatat oleh",
    )
    requested_at = models.DateTimeField("dicatat pada", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diputuskan oleh",
    )
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)
    decided_as = models.CharField(
        "selaku",
        max_length=250,
        blank=True,
        help_text="Jabatan yang memutuskan bila bukan Kepala OPD sendiri, mis. 'Plh. Kepala Dinas "
        "Kesehatan'; tampil di halaman dan riwayat ketidakhadiran.",
    )
    decision_note = models.CharField("catatan keputusan", max_length=500, blank=True)
    history = HistoricalRecords()

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = "ketidakhadiran"
        verbose_name_plural = "ketidakhadiran"
        ordering = ["-start_date", "employee__name"]
        indexes = [models.Index(fields=["employee", "start_date"])]
        constraints = [
            VisibleText(
                fields=["reason", "evidence", "decision_note"], name="absence_text_visible"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="absence_dates_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(kind=AbsenceKind.OTHER) | ~Q(reason=""),
                name="absence_other_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in AbsenceStatus]),
                name="absence_status_valid",
            ),
            # The overlap of two holding absences of one person is refused by an exclusion
            # constraint on PostgreSQL (migration 0002), by `clash` in code everywhere.
        ]

    def __str__(self):
        return f"{self.employee.name}: {self.label} {self.dates_text}"

    @property
    def label(self) -> str:
        """The kind as a person reads it ('Lainnya: ...' names its reason)."""
        if self.kind == AbsenceKind.OTHER and self.reason:
            return f"Lainnya ({self.reason})"
        return self.get_kind_display()

    @property
    def short_label(self) -> str:
        """'cuti', 'dinas luar', 'diklat', ...: what the monitor and the grid say for a day."""
        return short_label(self.kind)

    @property
    def dates_text(self) -> str:
        if self.start_date == self.end_date:
            return tanggal(self.start_date)
        return f"{tanggal(self.start_date)} s.d. {tanggal(self.end_date)}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def dates(self) -> list[date]:
        return [self.start_date + timedelta(days=i) for i in range(self.days)]

    @property
    def holds_days(self) -> bool:
        return self.status in HOLDING

    def clash(self):
        """Another requested or approved absence of the same person sharing a day, or None."""
        if not self.holds_days or not self.employee_id or not self.start_date or not self.end_date:
            return None
        return (
            Absence.objects.holding()
            .filter(employee_id=self.employee_id)
            .overlapping(self.start_date, self.end_date)
            .exclude(pk=self.pk)
            .order_by("start_date")
            .first()
        )

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "Tanggal selesai tidak boleh sebelum tanggal mulai."}
            )
        if self.kind == AbsenceKind.OTHER and not self.reason.strip():
            raise ValidationError({"reason": "Jenis 'Lainnya' wajib diberi keterangan."})
        if other := self.clash():
            raise ValidationError(clash_message(other))


def short_label(kind: str) -> str:
    return "cuti" if kind in LEAVE_KINDS else SHORT_LABELS.get(kind, "tidak di kantor")


def clash_message(other: Absence) -> str:
    return (
        f"Tanggal ini bertabrakan dengan {other.label.lower()} {other.employee.name} "
        f"{other.dates_text} ({other.get_status_display().lower()})."
    )
