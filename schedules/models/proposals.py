"""A proposal of the auto-planner, kept until BKPSDM applies it (or asks for a newer one)."""

from django.conf import settings
from django.db import models

from opd.models import Opd
from schedules.models.windows import FlexWindow


class Proposal(models.Model):
    """The changed cells and their summary, with a fingerprint of the inputs they came from.

    Applying compares the fingerprint with the current inputs: a proposal computed before someone
    changed the plan, the staff, the rules or the preferences is refused as stale.
    """

    window = models.ForeignKey(
        FlexWindow, on_delete=models.CASCADE, related_name="proposals", verbose_name="periode"
    )
    opd = models.ForeignKey(
        Opd,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name="OPD",
        help_text="Kosong = seluruh kota.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dibuat oleh",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    fingerprint = models.CharField("sidik data masukan", max_length=64)
    seconds = models.FloatField("waktu hitung (detik)", default=0)
    cells = models.JSONField(
        "sel yang berubah",
        default=dict,
        help_text="Per OPD (id): daftar [pegawai, hari, mode, tempat WFA].",
    )
    summary = models.JSONField("ringkasan", default=dict)
    applied_at = models.DateTimeField("diterapkan", null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diterapkan oleh",
    )
    applied_report = models.JSONField("hasil penerapan", default=dict, blank=True)
    undo = models.JSONField(
        "data pembatalan",
        default=dict,
        blank=True,
        help_text=(
            "Per OPD (id), per sel yang diubah: [pegawai, hari, mode lama, tempat lama, "
            "versi sesudahnya]."
        ),
    )
    undone_at = models.DateTimeField("dibatalkan", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dibatalkan oleh",
    )

    class Meta:
        verbose_name = "usulan auto-planner"
        verbose_name_plural = "usulan auto-planner"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Usulan {self.summary.get('scope_name', '')} · {self.window}"

    @property
    def scope_name(self) -> str:
        return self.opd.name if self.opd_id else "Seluruh kota"
