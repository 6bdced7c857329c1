"""The coverage engine: planned on-site headcounts per unit per day against the coverage rules.

The one implementation that the grid, the approval guard, the dashboard, the export, the command
line and the planner all ask. It runs a fixed number of aggregate queries (rules, days, units, staff
counts, remote counts) whatever the number of employees, then compares in memory.

An employee without an assignment counts as on site (WFO); inactive staff count nowhere; an
employee with an approved absence on a day (leave, official travel, training) is away that day,
whatever their cell says (`AWAY` in the remote counts; a remote cell on such a day is not counted
twice: `Assignment.objects.remote_cells` leaves it out). A resignation or a move takes effect
from its date (Employee.left_on, moved_on): each day counts the staff as they were that day, read
from the same queries (`Tallies.staff_shift`, `remote_shift`).

Position keywords are matched once per distinct position name, in Python, by the one rule
(`position_masks`, built on CoverageRule.matches_position) that the planner's loader uses too; SQL
then counts staff and remote cells by position mask, with no LIKE per row. The dashboards read the
plan's counts from the same tallies (`tally_window`), so the assignments are aggregated once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Case, Count, IntegerField, Q, Value, When

from absences.models import Absence, away_days
from opd.models import Employee, Unit, state_on
from schedules.models import Assignment, CoverageRule, FlexWindow, WindowDay

AWAY = "away"  # the key, beside WFH and WFA, of the staff an approved absence takes off site


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
    tallies: "Tallies | None" = None,
    also_away=(),
) -> CoverageResult:
    """Check every active rule of `window` on the units in scope (the whole city by default).

    `opd_ids` narrows to several OPDs; `days` saves a query when the caller holds the days;
    `tallies` (from `tally_window`, covering at least the units and days in scope) saves the
    rules and the three counts; `also_away` (Absence objects not yet approved) counts as if they
    were: what approving them would do, without writing anything.
    """
    if tallies is not None:
        rules = tallies.rules
    else:
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

    if tallies is None:
        # The whole city counts every unit (the same counts for the units checked) rather than
        # naming hundreds of unit ids in each query: the statement is shorter to send and plan.
        city = opd is None and opd_ids is None and unit_ids is None
        tallies = tally(rules, days, unit_ids=None if city else list(units), also_away=also_away)
    return _checked(rules, days, units, tallies)


def _checked(rules, days, units, tallies: "Tallies") -> CoverageResult:
    result = CoverageResult(days=days, units=units)
    shifted = bool(tallies.staff_shift)
    for unit in units.values():
        for rule in rules:
            if not rule.applies_to(unit):
                continue
            now = tallies.staff_matching(unit.pk, rule)  # the same each day but for dated moves
            for d in days:
                total = tallies.staff_matching(unit.pk, rule, d.pk) if shifted else now
                required = rule.required_onsite(total)
                result.checks.append(
                    Check(
                        unit=unit,
                        day=d,
                        rule=rule,
                        staff=total,
                        required=required,
                        planned=total - tallies.remote_matching(unit.pk, d.pk, rule),
                    )
                )
    return result


# --- counting staff by what their position matches ------------------------------------------


def keyword_sets(rules) -> list[str]:
    """The distinct non-empty keyword sets of the rules (a rule without keywords counts all)."""
    return sorted({_key(r) for r in rules} - {""})


def _key(rule: CoverageRule) -> str:
    return rule.position_keywords.strip().lower()


def position_masks(rules, names) -> dict[str, int]:
    """Per distinct position name, a bit per keyword set it matches (bit i = keyword_sets[i]).

    The one matching rule, CoverageRule.matches_position, shared with the planner's loader: it is
    asked once per distinct position name, never per employee or per assignment row.
    """
    by_key = {_key(r): r for r in rules}
    keys = keyword_sets(rules)
    masks = {}
    for name in set(names):
        mask = 0
        for bit, key in enumerate(keys):
            if by_key[key].matches_position(name):
                mask |= 1 << bit
        masks[name] = mask
    return masks


def _bits(rules) -> dict[str, int]:
    return {key: 1 << i for i, key in enumerate(keyword_sets(rules))}


def _counts(mask: int, bit: int | None) -> bool:
    return bit is None or bool(mask & bit)  # no bit: a rule without keywords counts everyone


def position_matcher(rules, names):
    """`matches(rule, name)`: whether `rule` counts staff holding position `name` (one of
    `names`), for the planner's loader: the same masks as the coverage tallies."""
    masks, bits = position_masks(rules, names), _bits(rules)

    def matches(rule, name: str) -> bool:
        return _counts(masks[name], bits.get(_key(rule)))

    return matches


@dataclass
class Tallies:
    """Active staff per unit and remote (or away) staff per unit, day and mode, split by position
    mask.

    Three queries whatever the number of employees (see `tally`); the dashboards read the
    plan's counts from the same tallies the coverage checks use.
    """

    rules: list[CoverageRule]
    staff: dict[int, dict[int, int]]  # unit id -> {mask: n}, active now in their unit now
    remote: dict[tuple[int, int], dict[tuple[str, int], int]]  # (unit, day) -> {(mode, mask): n}
    # What dated changes move on a given day, against the counts above: (unit, day) ->
    # {mask: staff added or taken away} and {mask: remote cells added or taken away}.
    staff_shift: dict = field(default_factory=dict)
    remote_shift: dict = field(default_factory=dict)

    @cached_property
    def _bits(self) -> dict[str, int]:
        return _bits(self.rules)

    def _matching(self, counts: dict[int, int], rule) -> int:
        bit = self._bits.get(_key(rule))
        return sum(n for mask, n in counts.items() if _counts(mask, bit))

    def staff_matching(self, unit_id: int, rule, day_id: int | None = None) -> int:
        """Staff of the unit that `rule` counts: now, or on the day (`day_id`)."""
        n = self._matching(self.staff.get(unit_id, {}), rule)
        if day_id is not None and self.staff_shift:
            n += self._matching(self.staff_shift.get((unit_id, day_id), {}), rule)
        return n

    def remote_matching(self, unit_id: int, day_id: int, rule) -> int:
        n = self._matching(self._remote_by_mask.get((unit_id, day_id), {}), rule)
        if self.remote_shift:
            n += self._matching(self.remote_shift.get((unit_id, day_id), {}), rule)
        return n

    @cached_property
    def _remote_by_mask(self) -> dict[tuple[int, int], dict[int, int]]:
        grouped: dict[tuple[int, int], dict[int, int]] = {}
        for unit_day, counts in self.remote.items():
            by_mask = grouped.setdefault(unit_day, defaultdict(int))
            for (_, mask), n in counts.items():
                by_mask[mask] += n
        return grouped

    def staff_of(self, unit_id: int) -> int:
        return sum(self.staff.get(unit_id, {}).values())

    def remote_by_mode(self, unit_id: int, day_id: int) -> dict[str, int]:
        modes: dict[str, int] = defaultdict(int)
        for (mode, _), n in self.remote.get((unit_id, day_id), {}).items():
            modes[mode] += n
        return modes


def tally_window(window: FlexWindow, days, *, opd=None) -> Tallies:
    """The window's active rules and the tallies of the city (or one OPD): four queries."""
    rules = list(CoverageRule.objects.active_for(window).order_by("pk"))
    return tally(rules, days, opd=opd)


DATED = ("is_active", "left_on", "previous_unit_id", "moved_on")


def tally(rules, days, *, unit_ids=None, opd=None, also_away=()) -> Tallies:
    """Count the active staff in scope by unit and position mask, the remote cells of `days` by
    unit, day, mode and mask, and the staff away (approved absences) by unit, day and mask:
    three queries; the keywords are matched in Python, once per distinct position name.
    `also_away`: Absence objects counted as if approved (see `compute`).

    The same queries bring the staff who resigned or moved after the first day (grouped by their
    dates): `staff_shift` and `remote_shift` count them where they were on each day."""
    days = list(days)
    dates = {d.pk: d.date for d in days}
    since = min(dates.values(), default=None)
    # The rows schedules.selectors.planned_counts counts, split here by position mask, and the
    # rows of dated changes (`Employee.objects.dated_staff`).
    if since is None:
        staff_qs = Employee.objects.active_staff(unit_ids=unit_ids, opd=opd)
    else:
        staff_qs = Employee.objects.dated_staff(since=since, unit_ids=unit_ids, opd=opd)
    scope = _scope_columns(opd)
    rows = list(
        staff_qs.order_by()
        .values_list("unit_id", "position_name", *DATED, *scope)
        .annotate(n=Count("pk"))
    )
    masks = position_masks(rules, [row[1] for row in rows])
    in_scope = _in_scope(unit_ids, opd)
    staff: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    staff_shift: dict = defaultdict(lambda: defaultdict(int))
    for unit_id, name, *dated, n in rows:
        now = _counted(unit_id, dated[0], dated, in_scope)
        if now:
            staff[unit_id][masks[name]] += n
        if _is_dated(dated, since):
            for day_id, day in dates.items():
                _shift(staff_shift, unit_id, dated, day_id, day, masks[name], n, now, in_scope)
    remote: dict = defaultdict(dict)
    remote_shift: dict = defaultdict(lambda: defaultdict(int))
    # The remote cells of the same staff (dated ones included, when there are days).
    dated_staff = staff_qs if since is not None else None
    cells = Assignment.objects.remote_cells(days, unit_ids=unit_ids, opd=opd, staff=dated_staff)
    for absence in also_away:
        cells = cells.exclude(
            employee_id=absence.employee_id,
            day__date__gte=absence.start_date,
            day__date__lte=absence.end_date,
        )
    for unit_id, day_id, mode, mask, *dated, n in (
        cells.order_by()
        .annotate(mask=_mask_expression(masks))
        .values_list(
            "employee__unit_id",
            "day_id",
            "mode",
            "mask",
            *(f"employee__{c}" for c in DATED + scope),
        )
        .annotate(n=Count("pk"))
    ):
        now = _counted(unit_id, dated[0], dated, in_scope)
        if now:
            key = (unit_id, day_id)
            remote[key][(mode, mask)] = remote[key].get((mode, mask), 0) + n
        if _is_dated(dated, since):
            _shift(remote_shift, unit_id, dated, day_id, dates[day_id], mask, n, now, in_scope)
    for (unit_id, day_id, name), n in away_counts(
        days, unit_ids=unit_ids, opd=opd, also_away=also_away
    ).items():
        counts = remote[(unit_id, day_id)]
        key = (AWAY, masks.get(name, 0))
        counts[key] = counts.get(key, 0) + n
    return Tallies(list(rules), staff, remote, staff_shift, remote_shift)


def _scope_columns(opd) -> tuple:
    """With an OPD for scope, the OPDs of the unit now and of the unit before a move."""
    return () if opd is None else ("unit__opd_id", "previous_unit__opd_id")


def _in_scope(unit_ids, opd):
    """`in_scope(unit_id, which, dated)`: whether a row's unit (now or before) is in scope."""
    unit_ids = None if unit_ids is None else set(unit_ids)
    opd_id = None if opd is None else getattr(opd, "pk", opd)

    def check(unit_id, before: bool, dated) -> bool:
        if unit_id is None or (unit_ids is not None and unit_id not in unit_ids):
            return False
        return opd_id is None or dated[5 if before else 4] == opd_id

    return check


def _counted(unit_id, is_active, dated, in_scope) -> bool:
    return bool(is_active) and in_scope(unit_id, False, dated)


def _is_dated(dated, since) -> bool:
    _, left_on, _, moved_on = dated[:4]
    return since is not None and (
        (left_on is not None and left_on > since) or (moved_on is not None and moved_on > since)
    )


def _shift(shift, unit_id, dated, day_id, day, mask, n, now: bool, in_scope) -> None:
    """Count `n` where a dated row was on `day` instead of where it is now."""
    is_active, left_on, previous_unit_id, moved_on = dated[:4]
    then_unit, active = state_on(unit_id, is_active, left_on, previous_unit_id, moved_on, day)
    then = active and in_scope(then_unit, then_unit != unit_id, dated)
    if (then_unit, then) == (unit_id, now):
        return
    if now:
        shift[(unit_id, day_id)][mask] -= n
    if then:
        shift[(then_unit, day_id)][mask] += n


def away_counts(days, *, unit_ids=None, opd=None, also_away=()) -> dict[tuple, int]:
    """{(unit id, day id, position name): active staff away} on window `days` (a list): one
    query. `also_away` adds Absence objects not yet approved (of active staff in scope)."""
    rows = Absence.objects.away_rows([d.date for d in days], unit_ids=unit_ids, opd=opd)
    for absence in also_away:
        employee = absence.employee
        rows.append(
            (
                absence.employee_id,
                employee.unit_id,
                employee.position_name,
                absence.start_date,
                absence.end_date,
                absence.kind,
            )
        )
    where = {employee_id: (unit_id, name) for employee_id, unit_id, name, *_ in rows}
    counts: dict[tuple, int] = defaultdict(int)
    for employee_id, day_id in away_days(rows, days):
        unit_id, name = where[employee_id]
        counts[(unit_id, day_id, name)] += 1
    return counts


def _mask_expression(masks: dict[str, int]):
    """SQL that gives an assignment its employee's position mask: names listed, no LIKE."""
    names_of: dict[int, list[str]] = defaultdict(list)
    for name, mask in masks.items():
        if mask:
            names_of[mask].append(name)
    if not names_of:
        return Value(0, output_field=IntegerField())
    return Case(
        *(
            When(employee__position_name__in=sorted(names), then=Value(mask))
            for mask, names in sorted(names_of.items())
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
