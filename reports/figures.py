"""What the plan adds up to: modes per unit and day, plan statuses, coverage per unit and day.

Shared by the dashboards and the workbook; reports only read. Each function runs a fixed number of
aggregate queries whatever the number of OPDs and employees. An employee without an Assignment row
works on site (WFO), so WFO is always derived: active staff minus the remote (WFH/WFA) ones.
Coverage comes from schedules.coverage alone.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Count
from django.http import Http404

from opd.models import Employee
from schedules.coverage import Check, CoverageResult, Tallies
from schedules.models import Assignment, FlexWindow, Mode, PlanStatus, WindowDay
from schedules.models.assignments import REMOTE_MODES
from schedules.selectors import current_of, plan_statuses, status_of  # noqa: F401 - the reports' names for them

MODES = [Mode.WFO, Mode.WFH, Mode.WFA]


@dataclass
class Counts:
    """Active staff of a unit, an OPD or the city on one day, by planned mode."""

    staff: int = 0
    wfh: int = 0
    wfa: int = 0

    @property
    def wfo(self) -> int:
        return self.staff - self.wfh - self.wfa

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.staff + other.staff, self.wfh + other.wfh, self.wfa + other.wfa)

    def by_mode(self) -> dict[str, int]:
        return {Mode.WFO: self.wfo, Mode.WFH: self.wfh, Mode.WFA: self.wfa}

    def share(self, n: int) -> float:
        """Percentage of the staff (0-100); 0 when there is no staff."""
        return 100 * n / self.staff if self.staff else 0.0

    @property
    def shares(self) -> dict[str, float]:
        return {mode: self.share(n) for mode, n in self.by_mode().items()}


@dataclass
class PlanCounts:
    """Active staff per unit, and remote (WFH, WFA) staff per unit and day."""

    staff: dict[int, int]
    remote: dict[tuple[int, int], dict[str, int]]

    def unit_day(self, unit_id: int, day_id: int) -> Counts:
        away = self.remote.get((unit_id, day_id), {})
        return Counts(self.staff.get(unit_id, 0), away.get(Mode.WFH, 0), away.get(Mode.WFA, 0))

    def total(self, unit_ids, day_id: int) -> Counts:
        total = Counts()
        for unit_id in unit_ids:
            total += self.unit_day(unit_id, day_id)
        return total


def plan_counts(days: list[WindowDay], *, opd=None) -> PlanCounts:
    """The planned modes of the city (or one OPD) on these days: two aggregate queries."""
    staff = Employee.objects.active()
    remote = Assignment.objects.filter(
        day__in=[d.pk for d in days], mode__in=REMOTE_MODES, employee__is_active=True
    )
    if opd is not None:
        staff = staff.filter(unit__opd=opd)
        remote = remote.filter(employee__unit__opd=opd)
    per_unit = dict(staff.order_by().values_list("unit_id").annotate(n=Count("pk")))
    away: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    rows = (
        remote.order_by().values_list("employee__unit_id", "day_id", "mode").annotate(n=Count("pk"))
    )
    for unit_id, day_id, mode, n in rows:
        away[(unit_id, day_id)][mode] = n
    return PlanCounts(staff=per_unit, remote=dict(away))


def counts_from(tallies: Tallies) -> PlanCounts:
    """The plan's counts from the coverage engine's tallies (no query: the same aggregate)."""
    staff = {unit_id: tallies.staff_of(unit_id) for unit_id in tallies.staff}
    remote = {
        (unit_id, day_id): dict(tallies.remote_by_mode(unit_id, day_id))
        for unit_id, day_id in tallies.remote
    }
    return PlanCounts(staff=staff, remote=remote)


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
    """The window and day asked for, else the current window (schedules.selectors.current_of),
    today or its first day.

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
    if chosen is None:
        chosen = next((d for d in days if d.date == today), days[0])
    return window, chosen
