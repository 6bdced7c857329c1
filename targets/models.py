"""Work targets: one SKP per employee and year, its action plans grouped by RHK."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from common.text import VisibleText, VisibleTextModel
from opd.models import Employee


class TargetStatus(models.TextChoices):
    DRAFT = "draft", "Konsep"
    SUBMITTED = "submitted", "Menunggu persetujuan"
    APPROVED = "approved", "Disetujui"
    RETURNED = "returned", "Dikembalikan untuk diperbaiki"


class WorkTargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Targets of the staff the user may see (opd/access.py): another OPD's is a 404."""
        from opd.access import employees_visible_to

        return self.filter(employee__in=employees_visible_to(user))


class WorkTarget(VisibleTextModel, models.Model):
    """Sasaran kinerja pegawai (SKP) of one employee for one year: the RHK items with their
    action plans. The employee drafts and submits it, the head approves it (or an import by the
    head or BKPSDM brings it approved); only an approved target's plans are offered in reports."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="work_targets", verbose_name="pegawai"
    )
    year = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000)])
    status = models.CharField(
        "status", max_length=10, choices=TargetStatus.choices, default=TargetStatus.DRAFT
    )
    submitted_at = models.DateTimeField("diajukan", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diputuskan oleh",
    )
    decided_at = models.DateTimeField("diputuskan", null=True, blank=True)
    review_comment = models.TextField("catatan atasan", blank=True)
    history = HistoricalRecords()

    objects = WorkTargetQuerySet.as_manager()

    class Meta:
        verbose_name = "target kerja"
        verbose_name_plural = "target kerja"
        constraints = [
            VisibleText(fields=["review_comment"], name="worktarget_text_visible"),
            models.UniqueConstraint(fields=["employee", "year"], name="one_target_per_year"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "returned"]),
                name="target_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="target_status_oldest")]

    def __str__(self):
        return f"Target {self.year} · {self.employee}"

    @property
    def editable(self) -> bool:
        """The employee edits a draft or a returned target; a submitted one is with the head, an
        approved one is the agreement the reports are measured against."""
        return self.status in (TargetStatus.DRAFT, TargetStatus.RETURNED)


class ActionPlanQuerySet(models.QuerySet):
    def usable_by(self, employee_id: int, year: int):
        """The action plans an employee's report of that year may pick: their own, approved."""
        return self.filter(
            target__employee_id=employee_id,
            target__year=year,
            target__status=TargetStatus.APPROVED,
        )

    def usable_by_opd(self, opd, year: int):
        """The approved action plans of an OPD's active staff for a year."""
        return self.filter(
            target__employee__unit__opd=opd,
            target__employee__is_active=True,
            target__year=year,
            target__status=TargetStatus.APPROVED,
        )


class ActionPlan(VisibleTextModel, models.Model):
    """One rencana aksi under one RHK (rencana hasil kerja) of a target, with its quantity."""

    target = models.ForeignKey(
        WorkTarget, on_delete=models.CASCADE, related_name="plans", verbose_name="target"
    )
    rhk = models.CharField("rencana hasil kerja (RHK)", max_length=500)
    text = models.CharField("rencana aksi", max_length=500)
    quantity = models.DecimalField(
        "target jumlah", max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_of_measure = models.CharField("satuan", max_length=50)
    history = HistoricalRecords()

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "rencana aksi"
        verbose_name_plural = "rencana aksi"
        ordering = ["rhk", "pk"]
        constraints = [
            VisibleText(fields=["rhk", "text", "unit_of_measure"], name="actionplan_text_visible"),
            # An import of the same file twice finds its rows already there.
            models.UniqueConstraint(fields=["target", "rhk", "text"], name="one_plan_per_rhk_text"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="plan_quantity_not_negative"),
        ]

    def __str__(self):
        return self.text

    @property
    def label(self) -> str:
        """What the report's picklist shows and reads back: unique within one target."""
        return f"{self.text} — {self.rhk}"
