"""The coverage engine: planned on-site headcounts per unit per day against the coverage rules.

The one implementation that the grid, the approval guard, the dashboard, the export, the command
line and the planner all ask. It runs a fixed number of aggregate queries (rules, days, units, staff
counts, remote counts) whatever the number of employees, then compares in memory.

An employee without an assignment counts as on site (WFO); inactive staff count nowhere.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from opd.models import Employee, Unit
from schedules.models import Assignment, CoverageRule, FlexWindow, WindowDay
from schedules.models.assignments import REMOTE_MODES


@dataclass(frozen=True)
class Check:
    """One rule on one unit on one day."""

    unit: Unit
    day: WindowDay
    rule: CoverageRule
    staff: int
    required: int
    planned: int

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.planned)

    @property
    def met(self) -> bool:
        return self.shortfall == 0

    def describe(self) -> str:
        """One line a person can act on, in Indonesian."""
        return (
            f"{self.unit.name} ({self.unit.opd.short_name}), {self.day}: aturan "
            f"'{self.rule.name}' meminta {self.required} orang di kantor, direncanakan "
            f"{self.planned} (kurang {self.shortfall})."
        )


@dataclass
class CoverageResult:
    days: list[WindowDay]
    units: dict[int, Unit]
    checks: list[Check] = field(default_factory=list)

    @property
    def violations(self) -> list[Check]:
        return [c for c in self.checks if not c.met]

    @property
    def is_met(self) -> bool:
        return all(c.met for c in self.checks)

    def by_unit_day(self) -> dict[tuple[int, int], list[Check]]:
        grouped: dict[tuple[int, int], list[Check]] = defaultdict(list)
        for check in self.checks:
            grouped[(check.unit.pk, check.day.pk)].append(check)
        return grouped

    def unit_summary(self, unit_id: int) -> list[dict]:
        """Per day of the window: the worst shortfall of the unit and its checks (for the grid)."""
        grouped = self.by_unit_day()
        summary = []
        for day in self.days:
            checks = grouped.get((unit_id, day.pk), [])
            summary.append(
                {
                    "day": day,
                    "checks": checks,
                    "shortfall": max((c.shortfall for c in checks), default=0),
                    "ruled": bool(checks),
                }
            )
        return summary


def compute(
    window: FlexWindow,
    *,
    opd=None,
    opd_ids=None,
    unit_ids=None,
    day: WindowDay | None = None,
    days: list[WindowDay] | None = None,
) -> CoverageResult:
    """Check every active rule of `window` on the units in scope (the whole city by default).

    `opd_ids` narrows to several OPDs; `days` saves a query when the caller holds the days.
    """
    rules = list(CoverageRule.objects.active_for(window).order_by("pk"))
    if day is not None:
        days = [day]
    elif days is None:
        days = list(window.days.all())
    units_qs = Unit.objects.select_related("opd")
    if opd is not None:
        units_qs = units_qs.filter(opd=opd)
    if opd_ids is not None:
        units_qs = units_qs.filter(opd_id__in=list(opd_ids))
    if unit_ids is not None:
        units_qs = units_qs.filter(pk__in=unit_ids)
    if not rules or not days:
        return CoverageResult(days=days, units={})
    targets = Q(pk__in=[r.unit_id for r in rules if r.unit_id])
    targets |= Q(service_category__in={r.service_category for r in rules if r.service_category})
    targets |= Q(kind__in={r.unit_kind for r in rules if r.unit_kind})
    units = {u.pk: u for u in units_qs.filter(targets)}
    if not units:
        return CoverageResult(days=days, units={})

    # One conditional count per distinct set of position keywords ("" counts everyone).
    patterns = sorted({r.position_keywords.strip().lower() for r in rules})
    pattern_rule = {
        p: next(r for r in rules if r.position_keywords.strip().lower() == p) for p in patterns
    }
    staff_counts = {
        f"p{i}": Count("pk", filter=pattern_rule[p].position_q()) for i, p in enumerate(patterns)
    }
    staff = {
        row["unit_id"]: row
        for row in Employee.objects.active()
        .filter(unit_id__in=list(units))
        .values("unit_id")
        .annotate(**staff_counts)
    }
    remote_counts = {
        f"p{i}": Count("pk", filter=pattern_rule[p].position_q("employee__"))
        for i, p in enumerate(patterns)
    }
    remote = {
        (row["employee__unit_id"], row["day_id"]): row
        for row in Assignment.objects.filter(
            day__in=[d.pk for d in days],
            mode__in=REMOTE_MODES,
            employee__is_active=True,
            employee__unit_id__in=list(units),
        )
        .values("employee__unit_id", "day_id")
        .annotate(**remote_counts)
    }

    result = CoverageResult(days=days, units=units)
    pattern_key = {p: f"p{i}" for i, p in enumerate(patterns)}
    for unit in units.values():
        unit_rules = [r for r in rules if r.applies_to(unit)]
        for rule in unit_rules:
            key = pattern_key[rule.position_keywords.strip().lower()]
            total = staff.get(unit.pk, {}).get(key, 0)
            required = rule.required_onsite(total)
            for d in days:
                away = remote.get((unit.pk, d.pk), {}).get(key, 0)
                result.checks.append(
                    Check(
                        unit=unit,
                        day=d,
                        rule=rule,
                        staff=total,
                        required=required,
                        planned=total - away,
                    )
                )
    return result
