"""Coverage rules: how many staff an essential service keeps on site (SE MenPANRB 2/2025)."""

import math

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from common.text import VisibleText, VisibleTextModel
from opd.models import ServiceCategory, Unit, UnitKind
from schedules.models.windows import FlexWindow


class RuleKind(models.TextChoices):
    MIN_ONSITE_COUNT = "min_onsite_count", "Minimal pegawai di kantor (orang)"
    MIN_ONSITE_SHARE = "min_onsite_share", "Minimal porsi di kantor (%)"
    MAX_REMOTE_SHARE = "max_remote_share", "Maksimal porsi WFH/WFA (%)"


class CoverageRuleQuerySet(models.QuerySet):
    def active_for(self, window):
        return self.filter(is_active=True).filter(Q(window__isnull=True) | Q(window=window))


class CoverageRule(VisibleTextModel, models.Model):
    """A requirement on each matching unit for each window day.

    It targets exactly one of: one unit, every unit of an essential-service category, or every
    unit of a kind (e.g. at most 50% remote in administrative units, as SE 1/2024 did).
    """

    name = models.CharField("nama aturan", max_length=200)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coverage_rules",
        verbose_name="unit",
    )
    service_category = models.CharField(
        "kategori layanan", max_length=20, choices=ServiceCategory.choices, blank=True
    )
    unit_kind = models.CharField("jenis unit", max_length=20, choices=UnitKind.choices, blank=True)
    kind = models.CharField("jenis aturan", max_length=20, choices=RuleKind.choices)
    value = models.PositiveIntegerField(
        "nilai", help_text="Jumlah orang, atau persen (0-100) untuk aturan porsi."
    )
    position_keywords = models.CharField(
        "hanya jabatan yang memuat",
        max_length=200,
        blank=True,
        help_text="Kata kunci dipisah koma, mis. 'perawat, bidan'. Kosong = semua jabatan.",
    )
    window = models.ForeignKey(
        FlexWindow,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coverage_rules",
        verbose_name="hanya untuk periode",
        help_text="Kosong = berlaku untuk semua periode.",
    )
    is_active = models.BooleanField("aktif", default=True)

    objects = CoverageRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "aturan layanan esensial"
        verbose_name_plural = "aturan layanan esensial"
        ordering = ["name"]
        constraints = [
            VisibleText(fields=["name", "position_keywords"], name="coveragerule_text_visible"),
            models.CheckConstraint(
                condition=(
                    Q(unit__isnull=False, service_category="", unit_kind="")
                    | Q(unit__isnull=True, unit_kind="", service_category__gt="")
                    | Q(unit__isnull=True, service_category="", unit_kind__gt="")
                ),
                name="coverage_rule_one_target",
            ),
            models.CheckConstraint(
                condition=Q(kind="min_onsite_count") | Q(value__lte=100),
                name="coverage_rule_share_is_percent",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def keywords(self) -> list[str]:
        return [k.strip().lower() for k in self.position_keywords.split(",") if k.strip()]

    def position_q(self, prefix: str = "") -> Q:
        """Which employees this rule counts (all of them when no keyword is set)."""
        q = Q()
        for keyword in self.keywords:
            q |= Q(**{f"{prefix}position_name__icontains": keyword})
        return q

    def matches_position(self, position_name: str) -> bool:
        """The in-memory twin of position_q (the planner's): a keyword inside the position name."""
        name = position_name.lower()
        return not self.keywords or any(keyword in name for keyword in self.keywords)

    def applies_to(self, unit) -> bool:
        if self.unit_id:
            return self.unit_id == unit.pk
        if self.service_category:
            return unit.service_category == self.service_category
        return unit.kind == self.unit_kind

    def required_onsite(self, staff: int) -> int:
        """On-site headcount this rule asks of a unit with `staff` matching employees."""
        if self.kind == RuleKind.MIN_ONSITE_COUNT:
            return self.value
        if self.kind == RuleKind.MIN_ONSITE_SHARE:
            return math.ceil(staff * self.value / 100)
        return staff - math.floor(staff * self.value / 100)

    def target_units(self):
        """The units this rule asks something of (its OPDs' plans depend on it)."""
        if self.unit_id:
            return Unit.objects.filter(pk=self.unit_id)
        if self.service_category:
            return Unit.objects.filter(service_category=self.service_category)
        return Unit.objects.filter(kind=self.unit_kind)

    def target_label(self) -> str:
        if self.unit_id:
            return f"unit {self.unit}"
        if self.service_category:
            return f"semua unit {ServiceCategory(self.service_category).label}"
        return f"semua {UnitKind(self.unit_kind).label}"

    def clean(self):
        targets = [bool(self.unit_id), bool(self.service_category), bool(self.unit_kind)]
        if sum(targets) != 1:
            raise ValidationError(
                "Pilih tepat satu sasaran aturan: satu unit, satu kategori layanan, "
                "atau satu jenis unit."
            )
        if self.kind != RuleKind.MIN_ONSITE_COUNT and self.value > 100:
            raise ValidationError({"value": "Aturan porsi memakai persen: 0 sampai 100."})
