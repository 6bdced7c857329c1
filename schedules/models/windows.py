"""When: flexible-work windows and their days. The legal basis is data, not code."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from common.dates import tanggal
from common.text import VisibleText, VisibleTextModel
from schedules.holidays import non_working_reason


class Mode(models.TextChoices):
    WFO = "WFO", "WFO (kantor)"
    WFH = "WFH", "WFH (rumah)"
    WFA = "WFA", "WFA (lokasi lain)"


class FlexWindow(VisibleTextModel, models.Model):
    """A period in which a circular lets agencies combine WFO, WFH and WFA."""

    slug = models.SlugField("kode", max_length=60, unique=True)
    name = models.CharField("nama", max_length=200)
    legal_basis = models.CharField(
        "dasar hukum", max_length=300, help_text="Mis. SE MenPANRB No. 2 Tahun 2025."
    )
    signed_on = models.DateField("tanggal ditandatangani", null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name="mengubah",
        help_text="Surat edaran yang diubah (mis. SE 3/2025 mengubah SE 2/2025).",
    )
    allows_wfh = models.BooleanField("WFH diizinkan", default=True)
    allows_wfa = models.BooleanField("WFA diizinkan", default=True)
    notes = models.TextField("catatan", blank=True)
    policy = models.ForeignKey(
        "schedules.FlexPolicy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="windows",
        verbose_name="kebijakan",
        help_text="Batas hari WFH/WFA per minggu dan mode yang diizinkan. Kosong: tanpa batas.",
    )

    class Meta:
        verbose_name = "periode kerja fleksibel"
        verbose_name_plural = "periode kerja fleksibel"
        ordering = ["-id"]
        constraints = [
            VisibleText(fields=["name", "legal_basis", "notes"], name="flexwindow_text_visible"),
        ]

    def __str__(self):
        return self.name

    def allowed_modes(self) -> list[str]:
        """WFO is always allowed: on-site work is never forbidden by a circular."""
        modes = [Mode.WFO]
        if self.allows_wfh:
            modes.append(Mode.WFH)
        if self.allows_wfa:
            modes.append(Mode.WFA)
        return modes


class WindowDay(VisibleTextModel, models.Model):
    window = models.ForeignKey(
        FlexWindow, on_delete=models.CASCADE, related_name="days", verbose_name="periode"
    )
    date = models.DateField("tanggal")
    legal_basis = models.CharField(
        "dasar hukum hari ini",
        max_length=300,
        blank=True,
        help_text="Diisi bila hari ini ditambahkan oleh surat lain (mis. SE 3/2025 untuk 8 April).",
    )
    holiday_override_reason = models.TextField(
        "alasan tetap dijadikan hari kerja fleksibel",
        blank=True,
        help_text="Wajib bila tanggal ini akhir pekan, libur nasional atau cuti bersama.",
    )
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dikecualikan oleh",
    )

    class Meta:
        verbose_name = "hari kerja fleksibel"
        verbose_name_plural = "hari kerja fleksibel"
        ordering = ["date"]
        constraints = [
            VisibleText(
                fields=["legal_basis", "holiday_override_reason"], name="windowday_text_visible"
            ),
            models.UniqueConstraint(fields=["window", "date"], name="window_day_unique"),
            models.CheckConstraint(
                condition=Q(overridden_by__isnull=True) | ~Q(holiday_override_reason=""),
                name="window_day_override_has_reason",
            ),
        ]

    def __str__(self):
        return tanggal(self.date, weekday=True)

    def clean(self):
        """A holiday or weekend is refused unless BKPSDM records why it is a working day anyway."""
        if self.date is None:
            return
        reason = non_working_reason(self.date)
        if reason and not self.holiday_override_reason.strip():
            raise ValidationError(
                {
                    "date": f"{tanggal(self.date, weekday=True)} bukan hari kerja: {reason}. "
                    "Isi alasan pengecualian bila tanggal ini tetap dijadikan hari kerja fleksibel."
                }
            )
