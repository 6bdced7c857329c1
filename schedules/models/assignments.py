"""Where each employee works on each window day."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from absences.models import Absence
from common.text import VisibleText, VisibleTextModel
from opd.models import Employee
from schedules.models.windows import Mode, WindowDay

REMOTE_MODES = [Mode.WFH, Mode.WFA]


class AssignmentQuerySet(models.QuerySet):
    def for_window(self, window):
        return self.filter(day__window=window)

    def of_opd(self, opd):
        return self.filter(employee__unit__opd=opd)

    def remote(self):
        return self.filter(mode__in=REMOTE_MODES)

    def not_away(self):
        """Leave out the cells on a day their employee is away (an approved absence): such a day
        is neither on site nor a remote day (the counts and the weekly cap ask this)."""
        away = Absence.objects.approved().filter(
            employee_id=OuterRef("employee_id"),
            start_date__lte=OuterRef("day__date"),
            end_date__gte=OuterRef("day__date"),
        )
        return self.filter(~Exists(away))

    def remote_cells(self, days, *, unit_ids=None, opd=None, staff=None):
        """The rows that take an active employee off site (WFH or WFA) on `days` (window days,
        as a list or a QuerySet: then a subquery, no query of its own); the rows the plan's
        counts and the coverage engine count (`Employee.objects.active_staff` is the rest).
        A cell on a day the employee is away (an approved absence) is left out: the absence
        counts that day (`schedules.coverage.away_counts`), not the cell. `staff` (an Employee
        QuerySet, the coverage engine's `dated_staff`) replaces the active staff of the scope."""
        cells = self.remote().filter(day__in=days).not_away()
        if staff is not None:
            return cells.filter(employee__in=staff.values("pk"))
        cells = cells.filter(employee__is_active=True)
        if unit_ids is not None:
            cells = cells.filter(employee__unit_id__in=unit_ids)
        return cells if opd is None else cells.of_opd(opd)


class Assignment(VisibleTextModel, models.Model):
    """One employee's mode on one window day. No row means WFO: on site is the default."""

    DEFAULT_MODE = Mode.WFO  # the mode of a cell without a row (read it through `mode_of`)

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="assignments", verbose_name="pegawai"
    )
    day = models.ForeignKey(
        WindowDay, on_delete=models.CASCADE, related_name="assignments", verbose_name="hari"
    )
    mode = models.CharField("mode kerja", max_length=3, choices=Mode.choices, default=DEFAULT_MODE)
    wfa_place = models.CharField(
        "tempat WFA",
        max_length=200,
        blank=True,
        help_text="Lokasi kerja yang dinyatakan untuk WFA, mis. 'Lubuklinggau, rumah orang tua'.",
    )
    pinned = models.BooleanField(
        "dikunci manual",
        default=False,
        help_text="Usulan otomatis (auto-planner) tidak mengubah sel yang dikunci.",
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
    version = models.PositiveIntegerField(
        "versi", default=1, help_text="Naik setiap kali diubah; menolak suntingan yang basi."
    )
    history = HistoricalRecords(excluded_fields=["changed_at"])

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "penugasan"
        verbose_name_plural = "penugasan"
        constraints = [
            VisibleText(fields=["wfa_place"], name="assignment_text_visible"),
            models.UniqueConstraint(fields=["employee", "day"], name="assignment_unique_per_day"),
            models.CheckConstraint(
                condition=Q(mode__in=["WFO", "WFH", "WFA"]), name="assignment_mode_valid"
            ),
            # WFA always names its place (the head must know where), and only WFA has one.
            models.CheckConstraint(
                condition=(Q(mode="WFA") & ~Q(wfa_place="")) | (~Q(mode="WFA") & Q(wfa_place="")),
                name="assignment_place_iff_wfa",
            ),
        ]
        indexes = [models.Index(fields=["day", "mode"])]

    def __str__(self):
        return f"{self.employee} · {self.day}: {self.mode}"

    @classmethod
    def mode_of(cls, mode: str | None) -> str:
        """The planned mode of a cell whose row may be missing (None): no row means WFO."""
        return mode or cls.DEFAULT_MODE

    @classmethod
    def value_of(cls, row: tuple[str, str] | None) -> tuple[str, str]:
        """(mode, WFA place) of a cell whose row may be missing (None): WFO, no place."""
        return row or (cls.DEFAULT_MODE.value, "")

    @property
    def is_remote(self) -> bool:
        return self.mode != Mode.WFO
