"""The plan of one OPD for one window, and its approval workflow."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from common.text import VisibleText, VisibleTextModel
from opd.models import Opd
from schedules.models.windows import FlexWindow


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draf"
    SUBMITTED = "submitted", "Diajukan ke Kepala OPD"
    RETURNED = "returned", "Dikembalikan untuk diperbaiki"
    APPROVED = "approved", "Disetujui"
    REVIEW = "review", "Perlu ditinjau"


# Statuses in which the plan's content is promised to the OPD head (awaiting them or approved):
# a later change of staff, rules or days that leaves it short sends it to REVIEW.
PROMISED = (PlanStatus.SUBMITTED, PlanStatus.APPROVED)


class PlanQuerySet(models.QuerySet):
    def for_window(self, window):
        return self.filter(window=window)

    def current(self, *, opd, window):
        """The plan if anyone acted on it, else an unsaved draft standing in for it: pages that
        only read (GET) never create a plan row; the workflow's services create it when
        something happens to it."""
        return self.filter(opd=opd, window=window).first() or self.model(opd=opd, window=window)


class Plan(VisibleTextModel, models.Model):
    """Draft -> submitted by BKPSDM -> approved (locked) or returned by the OPD head.

    A plan row exists once anyone acts on it; an OPD without one is in draft. A submitted or
    approved plan that a change of staff, rules or days leaves short goes to "Perlu ditinjau"
    (review): BKPSDM fixes it and submits it again.
    """

    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="plans", verbose_name="OPD")
    window = models.ForeignKey(
        FlexWindow, on_delete=models.CASCADE, related_name="plans", verbose_name="periode"
    )
    status = models.CharField(
        "status", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    note = models.TextField(
        "catatan terakhir",
        blank=True,
        help_text="Catatan pengembalian dari Kepala OPD atau alasan BKPSDM membuka kembali.",
    )
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="terakhir ditindak oleh",
    )
    acted_as = models.CharField(
        "selaku",
        max_length=250,
        blank=True,
        help_text="Jabatan yang bertindak bila bukan Kepala OPD sendiri, mis. 'Plh. Kepala Dinas "
        "Kesehatan'; tampil di rencana, riwayat dan cap PDF.",
    )
    acted_at = models.DateTimeField("terakhir ditindak", null=True, blank=True)
    submitted_at = models.DateTimeField(
        "diajukan",
        null=True,
        blank=True,
        help_text="Saat terakhir diajukan ke Kepala OPD; perubahan sesudahnya ditunjukkan.",
    )
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "rencana OPD"
        verbose_name_plural = "rencana OPD"
        constraints = [
            VisibleText(fields=["note"], name="plan_text_visible"),
            models.UniqueConstraint(fields=["opd", "window"], name="plan_unique_per_opd_window"),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["draft", "submitted", "returned", "approved", "review"]
                ),
                name="plan_status_valid",
            ),
        ]

    def __str__(self):
        return f"Rencana {self.opd} · {self.window}"

    @property
    def is_locked(self) -> bool:
        """Approved plans are frozen until BKPSDM reopens them with a reason."""
        return self.status == PlanStatus.APPROVED
