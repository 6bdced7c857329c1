"""What employees would like: a remote mode on a window day, granted only where coverage allows."""

from django.db import models
from django.db.models import Q

from common.text import VisibleText, VisibleTextModel
from opd.models import Employee
from schedules.models.windows import Mode, WindowDay


class Preference(VisibleTextModel, models.Model):
    """An employee's wish for one window day (WFH, or WFA with the place), set in 'Jadwal saya'."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="preferences", verbose_name="pegawai"
    )
    day = models.ForeignKey(
        WindowDay, on_delete=models.CASCADE, related_name="preferences", verbose_name="hari"
    )
    mode = models.CharField(
        "mode yang diinginkan",
        max_length=3,
        choices=[(Mode.WFH, Mode.WFH.label), (Mode.WFA, Mode.WFA.label)],
    )
    wfa_place = models.CharField("tempat WFA", max_length=200, blank=True)
    note = models.CharField("alasan", max_length=300, blank=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        verbose_name = "preferensi pegawai"
        verbose_name_plural = "preferensi pegawai"
        constraints = [
            VisibleText(fields=["wfa_place", "note"], name="preference_text_visible"),
            models.UniqueConstraint(fields=["employee", "day"], name="one_preference_per_day"),
            models.CheckConstraint(condition=Q(mode__in=["WFH", "WFA"]), name="preference_remote"),
            models.CheckConstraint(
                condition=Q(mode="WFA") | Q(wfa_place=""), name="preference_place_only_for_wfa"
            ),
        ]

    def __str__(self):
        return f"{self.employee} · {self.day}: {self.mode}"
