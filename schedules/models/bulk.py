"""What a bulk action did, so it can be undone; repeating remote days per employee."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.text import VisibleText, VisibleTextModel
from opd.models import Employee
from schedules.models.plans import Plan
from schedules.models.windows import Mode

WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


class BulkChange(models.Model):
    """The last bulk action on a plan (one per plan, replaced by the next one).

    It can be undone while nothing later touched its cells: each cell keeps the version the
    action left, and any later edit of that cell raises it.
    """

    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="last_bulk", verbose_name="rencana"
    )
    summary = models.CharField("tindakan", max_length=300)
    changed = models.PositiveIntegerField("sel diubah")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="oleh",
    )
    made_at = models.DateTimeField("pada")
    cells = models.JSONField(
        "data pembatalan",
        default=list,
        help_text="Per sel yang diubah: [pegawai, hari, mode lama, tempat lama, versi sesudahnya].",
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
        verbose_name = "tindakan massal terakhir"
        verbose_name_plural = "tindakan massal terakhir"

    def __str__(self):
        return f"{self.summary} · {self.plan}"

    @property
    def can_undo(self) -> bool:
        return self.undone_at is None and self.changed > 0


class WorkPattern(VisibleTextModel, models.Model):
    """An employee's repeating remote day (e.g. WFH every Friday), applied to a window's days of
    that weekday through the one write path. No pattern: the plan decides day by day."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="patterns", verbose_name="pegawai"
    )
    weekday = models.PositiveSmallIntegerField(
        "hari", choices=list(enumerate(WEEKDAYS)), help_text="0 = Senin … 6 = Minggu."
    )
    mode = models.CharField("mode kerja", max_length=3, choices=Mode.choices)
    wfa_place = models.CharField("tempat WFA", max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="terakhir diubah oleh",
    )
    changed_at = models.DateTimeField("terakhir diubah", auto_now=True)

    class Meta:
        verbose_name = "pola berulang"
        verbose_name_plural = "pola berulang"
        constraints = [
            VisibleText(fields=["wfa_place"], name="workpattern_text_visible"),
            models.UniqueConstraint(fields=["employee", "weekday"], name="pattern_one_per_weekday"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="pattern_weekday_valid"),
            models.CheckConstraint(
                condition=Q(mode__in=["WFH", "WFA"]), name="pattern_mode_remote"
            ),
            models.CheckConstraint(
                condition=(Q(mode="WFA") & ~Q(wfa_place="")) | (~Q(mode="WFA") & Q(wfa_place="")),
                name="pattern_place_iff_wfa",
            ),
        ]

    def __str__(self):
        return f"{self.employee}: {self.describe()}"

    def describe(self) -> str:
        """'WFH setiap Jumat' or 'WFA (Prabumulih) setiap Jumat'."""
        place = f" ({self.wfa_place})" if self.wfa_place else ""
        return f"{self.mode}{place} setiap {WEEKDAYS[self.weekday]}"
