"""The flexible-work policy a window follows (PermenPANRB No. 4/2025 and the circulars using it).

Every number is data with its legal basis: BKPSDM adds a new circular's policy in the portal.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from common.dates import tanggal
from common.text import VisibleText, VisibleTextModel
from opd.models import Employee

CAP_MAX = 5  # a calendar week has five working days
NEW_STAFF_MONTHS = 6  # the default period; each policy sets its own (data, not code)
NEW_STAFF_MONTHS_MAX = 60


class FlexPolicy(VisibleTextModel, models.Model):
    """What a circular allows: location and/or time flexibility, the weekly cap of remote days."""

    name = models.CharField("nama kebijakan", max_length=200, unique=True)
    legal_basis = models.CharField(
        "dasar hukum", max_length=300, help_text="Mis. PermenPANRB No. 4 Tahun 2025."
    )
    location_flex = models.BooleanField(
        "fleksibilitas lokasi (WFH/WFA)",
        default=True,
        help_text="Tanpa fleksibilitas lokasi semua pegawai bekerja di kantor (WFO).",
    )
    time_flex = models.BooleanField("fleksibilitas waktu (shift/jam dinamis)", default=False)
    weekly_cap = models.PositiveSmallIntegerField(
        "batas hari WFH/WFA per minggu",
        default=2,
        help_text="Per pegawai per minggu kalender (Senin–Minggu), dihitung lintas periode.",
    )
    allows_wfh = models.BooleanField("WFH diizinkan", default=True)
    allows_wfa = models.BooleanField("WFA diizinkan", default=True)
    new_staff_months = models.PositiveSmallIntegerField(
        "masa hanya WFO bagi pegawai baru, mutasi atau promosi (bulan)",
        default=NEW_STAFF_MONTHS,
        help_text=(
            "Pegawai yang baru diangkat, dimutasi atau dipromosikan hanya boleh WFO selama ini, "
            "dihitung dari tanggal SK-nya (PermenPANRB No. 4/2025). 0: tidak dibatasi."
        ),
    )
    evaluation_due = models.DateField("batas evaluasi", null=True, blank=True)
    notes = models.TextField("catatan", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kebijakan kerja fleksibel"
        verbose_name_plural = "kebijakan kerja fleksibel"
        ordering = ["name"]
        constraints = [
            VisibleText(fields=["name", "legal_basis", "notes"], name="flexpolicy_text_visible"),
            models.CheckConstraint(
                condition=Q(weekly_cap__gte=0) & Q(weekly_cap__lte=CAP_MAX),
                name="policy_weekly_cap_0_5",
                violation_error_message="Batas hari WFH/WFA per minggu harus antara 0 dan 5.",
            ),
            models.CheckConstraint(
                condition=Q(new_staff_months__lte=NEW_STAFF_MONTHS_MAX),
                name="policy_new_staff_months_max",
                violation_error_message="Masa hanya WFO pegawai baru paling lama 60 bulan.",
            ),
            models.CheckConstraint(
                condition=~Q(legal_basis=""),
                name="policy_has_legal_basis",
                violation_error_message="Dasar hukum kebijakan wajib diisi.",
            ),
        ]

    def __str__(self):
        return self.name

    def remote_modes(self) -> list[str]:
        """The remote modes the policy allows (none without location flexibility)."""
        if not self.location_flex:
            return []
        return [m for m, on in (("WFH", self.allows_wfh), ("WFA", self.allows_wfa)) if on]


class CapException(VisibleTextModel, models.Model):
    """Lets one employee exceed the weekly cap (special duty or personal condition)."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="cap_exceptions", verbose_name="pegawai"
    )
    reason = models.TextField("alasan (tugas khusus atau kondisi pribadi)")
    days_per_week = models.PositiveSmallIntegerField(
        "hari WFH/WFA per minggu yang diizinkan", default=CAP_MAX
    )
    starts_on = models.DateField("berlaku mulai")
    ends_on = models.DateField("berlaku sampai")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="diberikan oleh",
    )
    granted_at = models.DateTimeField("diberikan", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["granted_at"])

    class Meta:
        verbose_name = "pengecualian batas mingguan"
        verbose_name_plural = "pengecualian batas mingguan"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            VisibleText(fields=["reason"], name="capexception_text_visible"),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="cap_exception_has_reason",
                violation_error_message="Alasan pengecualian wajib diisi.",
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gte=1) & Q(days_per_week__lte=CAP_MAX),
                name="cap_exception_days_1_5",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cap_exception_dates_ordered"
            ),
        ]

    def __str__(self):
        return (
            f"{self.employee}: {self.days_per_week} hari/minggu, {tanggal(self.starts_on)} – "
            f"{tanggal(self.ends_on)}"
        )
