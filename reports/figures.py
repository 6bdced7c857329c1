"""What the plan adds up to: modes per unit and day, plan statuses, coverage per unit and day.

Shared by the dashboards and the workbook, which only read. Each function runs a fixed number of
aggregate queries whatever the number of OPDs and employees. An employee without an Assignment row
works on site (WFO), so WFO is always derived: active staff minus the remote (WFH/WFA) ones; that
count lives in schedules.selectors (`planned_counts`, `Counts`). Coverage comes from
schedules.coverage alone.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.http import Http404

from schedules.coverage import Check, CoverageResult
from schedules.models import FlexWindow, Mode, PlanStatus
from schedules.selectors import current_of, default_day

MODES = [Mode.WFO, Mode.WFH, Mode.WFA]


@dataclass
class UnitDayStatus:
    """The coverage of one unit on one day: every rule checked there, the worst shortfall."""

    checks: list[Check] = field(default_factory=list)

    @property
    def ruled(self) -> bool:
        return bool(self.checks)

    # Cached: read after Coverage has gathered the checks, and read often by the pages.
    @cached_property
    def required(self) -> int | None:
        """The largest on-site headcount a rule asks of the unit (None without a rule)."""
        return max((c.required for c in self.checks), default=None)

    @cached_property
    def shortfall(self) -> int:
        return max((c.shortfall for c in self.checks), default=0)

    @cached_property
    def unmet(self) -> list[Check]:
        return [c for c in self.checks if not c.met]

    def label(self) -> str:
        if not self.checks:
            return "Tanpa aturan"
        return f"Kurang {self.shortfall}" if self.shortfall else "Terpenuhi"

    def details(self) -> str:
        """Each rule with what it asks and what is planned, for a table cell or a spreadsheet."""
        return "; ".join(
            f"{c.rule.name}: wajib {c.required}, rencana {c.planned}"
            + (f" (kurang {c.shortfall})" if c.shortfall else "")
            for c in self.checks
        )


class Coverage:
    """The engine's checks regrouped per unit and day, and unmet checks per OPD and day."""

    def __init__(self, result: CoverageResult):
        self.result = result
        self._by_unit_day: dict[tuple[int, int], UnitDayStatus] = defaultdict(UnitDayStatus)
        self.unmet_per_opd_day: Counter = Counter()
        self.ruled_opds: set[int] = set()
        for check in result.checks:
            self._by_unit_day[(check.unit.pk, check.day.pk)].checks.append(check)
            self.ruled_opds.add(check.unit.opd_id)
            if not check.met:
                self.unmet_per_opd_day[(check.unit.opd_id, check.day.pk)] += 1

    def unit_day(self, unit_id: int, day_id: int) -> UnitDayStatus:
        return self._by_unit_day.get((unit_id, day_id)) or UnitDayStatus()

    def unmet(self, opd_id: int, day_id: int | None = None) -> int:
        """Unmet checks of an OPD on one day, or over the whole window."""
        if day_id is not None:
            return self.unmet_per_opd_day[(opd_id, day_id)]
        return sum(n for (o, _), n in self.unmet_per_opd_day.items() if o == opd_id)

    def opd_label(self, opd_id: int, day_id: int) -> str:
        if opd_id not in self.ruled_opds:
            return "Tanpa aturan"
        n = self.unmet(opd_id, day_id)
        return f"Kurang ({n} aturan)" if n else "Terpenuhi"


def status_label(status: str) -> str:
    return PlanStatus(status).label


# --- choosing the window and the day ------------------------------------------------------------


def windows_with_days() -> list[FlexWindow]:
    """Every window that has days, the most recent first (two queries)."""
    windows = [w for w in FlexWindow.objects.prefetch_related("days") if w.days.all()]
    return sorted(windows, key=lambda w: w.days.all()[0].date, reverse=True)


def pick(windows: list[FlexWindow], slug: str | None, day_id: str | None, today: date):
    """The window and day asked for, else the current window (schedules.selectors.current_of)
    and its default day (`default_day`: today, else the next day of the window, else its last).

    An unknown window is a 404; an unknown day falls back to the default day of the window.
    """
    if slug:
        window = next((w for w in windows if w.slug == slug), None)
        if window is None:
            raise Http404("Periode tidak ditemukan.")
    else:
        window = current_of(windows, today)
        if window is None:
            return None, None
    days = list(window.days.all())
    chosen = next((d for d in days if str(d.pk) == (day_id or "").strip()), None)
    return window, chosen or default_day(days, today)
