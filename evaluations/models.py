"""The evaluation pack of PermenPANRB 4/2025 article 35: one record per unit and window.

Figures (before vs after) are computed on demand by evaluations/figures.py, never stored: the
record holds only what people write and who moved it along the workflow.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from common.text import VisibleText, VisibleTextModel
from opd.models import Unit
from schedules.models import FlexWindow


class Status(models.TextChoices):
    DRAFT = "draft", "Draf"
    SUBMITTED = "submitted", "Dikirim unit"
    SIGNED_OFF = "signed_off", "Disetujui Kepala OPD"
    CONSOLIDATED = "consolidated", "Dikonsolidasi BKPSDM"


def _who(label: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
    )


class Evaluation(VisibleTextModel, models.Model):
    """Monitoring and evaluation of one unit for one window, in stages (unit, OPD, BKPSDM)."""

    window = models.ForeignKey(
        FlexWindow, on_delete=models.CASCADE, related_name="evaluations", verbose_name="periode"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="evaluations", verbose_name="unit"
    )
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    network_ready = models.BooleanField("jaringan internet memadai", default=False)
    devices_ready = models.BooleanField("perangkat kerja memadai", default=False)
    applications_ready = models.BooleanField("aplikasi kerja memadai", default=False)
    readiness_notes = models.TextField("catatan kesiapan", max_length=2000, blank=True)
    narrative = models.TextField(
        "uraian evaluasi",
        max_length=5000,
        blank=True,
        help_text="Wajib sebelum dikirim. Dibaca Kepala OPD, BKPSDM dan PPK.",
    )
    updated_by = _who("terakhir diubah oleh")
    updated_at = models.DateTimeField("terakhir diubah", auto_now=True)
    submitted_by = _who("dikirim oleh")
    submitted_at = models.DateTimeField("dikirim", null=True, blank=True)
    submitted_as = models.CharField("dikirim selaku", max_length=250, blank=True)
    signed_off_by = _who("disetujui oleh")
    signed_off_at = models.DateTimeField("disetujui", null=True, blank=True)
    signed_off_as = models.CharField(
        "disetujui selaku",
        max_length=250,
        blank=True,
        help_text="Bila bukan kepala sendiri, mis. 'Plh. Kepala Dinas Kesehatan' (juga 'dikirim "
        "selaku' untuk Plh/Plt kepala unit).",
    )
    consolidated_by = _who("dikonsolidasi oleh")
    consolidated_at = models.DateTimeField("dikonsolidasi", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "evaluasi unit"
        verbose_name_plural = "evaluasi unit"
        ordering = ["unit__opd__name", "unit__name"]
        constraints = [
            VisibleText(fields=["readiness_notes", "narrative"], name="evaluation_text_visible"),
            models.UniqueConstraint(fields=["window", "unit"], name="evaluation_window_unit"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.window}"

    @property
    def editable(self) -> bool:
        """Only a draft is edited: once submitted, what the OPD head signs is what the unit sent."""
        return self.status == Status.DRAFT
