"""Time flexibility (PermenPANRB No. 4/2025): an employee's working hours on one window day.

A shift has a start and an end; dynamic hours have a band (earliest start, latest end) and the
hours required within it. Times are minutes since midnight so the database checks them on every
backend; a shift does not cross midnight (the end is after the start on the same day).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from opd.models import Employee
from schedules.models.windows import WindowDay

DAY_MINUTES = 24 * 60


def clock(minutes: int) -> str:
    """450 -> '07.30' (Indonesian time notation)."""
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def hours_text(minutes: int) -> str:
    """450 -> '7,5 jam'; 480 -> '8 jam'."""
    hours = f"{minutes / 60:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{hours} jam"


class HoursKind(models.TextChoices):
    SHIFT = "shift", "shift"
    DYNAMIC = "dynamic", "jam dinamis"


class WorkingHours(models.Model):
    """One employee's working hours on one window day. No row: the office's usual hours."""

    # What a reader needs to know the hours (the rest is who and when): pages that join the
    # hours into another query annotate these as `hours_<field>` and build an unsaved
    # instance from them (`from_row`).
    TIME_FIELDS = ("kind", "start_minute", "end_minute", "required_minutes")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="working_hours", verbose_name="pegawai"
    )
    day = models.ForeignKey(
        WindowDay, on_delete=models.CASCADE, related_name="working_hours", verbose_name="hari"
    )
    kind = models.CharField("jenis", max_length=7, choices=HoursKind.choices)
    start_minute = models.PositiveSmallIntegerField(
        "mulai (menit sejak 00.00)", help_text="Shift: jam mulai. Jam dinamis: paling awal datang."
    )
    end_minute = models.PositiveSmallIntegerField(
        "selesai (menit sejak 00.00)", help_text="Shift: jam selesai. Jam dinamis: paling lambat."
    )
    required_minutes = models.PositiveSmallIntegerField(
        "jam kerja wajib (menit)", null=True, blank=True, help_text="Hanya untuk jam dinamis."
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="terakhir diubah oleh",
    )
    changed_at = models.DateTimeField("terakhir diubah", auto_now=True)
    history = HistoricalRecords(excluded_fields=["changed_at"])

    class Meta:
        verbose_name = "jam kerja"
        verbose_name_plural = "jam kerja"
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="hours_unique_per_day"),
            models.CheckConstraint(
                condition=Q(kind__in=["shift", "dynamic"]), name="hours_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_minute__gt=F("start_minute")),
                name="hours_end_after_start",
                violation_error_message="Jam selesai harus setelah jam mulai.",
            ),
            models.CheckConstraint(
                condition=Q(end_minute__lte=DAY_MINUTES),
                name="hours_within_24h",
                violation_error_message="Jam kerja tidak boleh lebih dari 24 jam.",
            ),
            models.CheckConstraint(
                condition=(Q(kind="shift") & Q(required_minutes__isnull=True))
                | (
                    Q(kind="dynamic")
                    & Q(required_minutes__gt=0)
                    & Q(required_minutes__lte=F("end_minute") - F("start_minute"))
                ),
                name="hours_required_within_band",
                violation_error_message=(
                    "Jam kerja wajib harus lebih dari 0 dan tidak melebihi rentang jam dinamis."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.employee} · {self.day}: {self.describe()}"

    @classmethod
    def from_row(cls, row) -> "WorkingHours | None":
        """The hours another query read into `row` as `hours_<field>` for each of TIME_FIELDS
        (None when the day has no row: the office's usual hours)."""
        if getattr(row, "hours_kind", None) is None:
            return None
        return cls(**{f: getattr(row, f"hours_{f}") for f in cls.TIME_FIELDS})

    @property
    def latest_start(self) -> int:
        """The last minute of arrival that is not late: the shift start, or the band's end less
        the required hours."""
        if self.kind == HoursKind.SHIFT:
            return self.start_minute
        return self.end_minute - (self.required_minutes or 0)

    def describe(self) -> str:
        """'07.00–15.30 (shift)' or 'jam dinamis 06.00–18.00, 7,5 jam'."""
        span = f"{clock(self.start_minute)}–{clock(self.end_minute)}"
        if self.kind == HoursKind.SHIFT:
            return f"{span} (shift)"
        return f"jam dinamis {span}, {hours_text(self.required_minutes or 0)}"

    def label(self) -> str:
        """For Jadwal saya: 'Jam kerja: 07.00–15.30 (shift)' or
        'Jam dinamis 06.00–18.00, 7,5 jam'."""
        if self.kind == HoursKind.SHIFT:
            return f"Jam kerja: {self.describe()}"
        return self.describe()[0].upper() + self.describe()[1:]
