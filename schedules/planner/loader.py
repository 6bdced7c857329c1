"""Read everything the planner needs in a fixed number of queries, and fingerprint it.

The fingerprint covers what a proposal was computed from (staff, assignments with their versions
and pins, preferences, approved absences, active rules, days, the window's allowed modes):
applying a proposal whose inputs changed since is refused.

A day away (an approved absence: leave, travel, training) enters the problem as a fixed cell
(`UnitProblem.fixed`, mode `AWAY`): never planned, counted off site, and not a remote day for
the weekly cap. A day a restriction runs (eligibility.models: a sanction, a new appointment, ...)
enters as a fixed WFO cell that a proposal may write (a remote day becomes WFO). Plan statuses
are not part of the fingerprint: an OPD approved since is skipped when applying.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from absences.models import Absence, away_days, short_label
from eligibility.models import Restriction, restricted_days
from opd.models import Employee, Opd, Unit
from schedules.cap import week_allowances
from schedules.coverage import position_matcher
from schedules.models import (
    Assignment,
    CoverageRule,
    FlexWindow,
    Mode,
    Plan,
    PlanStatus,
    Preference,
)
from schedules.planner.problem import FixedCell, Limit, Person, Stored, UnitProblem, Wish

AWAY = "away"  # the fixed mode of a day away: off site, not remote, never written


@dataclass
class Snapshot:
    window: FlexWindow
    opd: Opd | None
    days: list
    problems: list[UnitProblem]
    fingerprint: str


def _scoped(queryset, opd, prefix="employee__"):
    return queryset.filter(**{f"{prefix}unit__opd": opd}) if opd is not None else queryset


def _rows(window: FlexWindow, opd: Opd | None):
    days = list(window.days.all())
    rules = list(CoverageRule.objects.active_for(window).order_by("pk"))
    employees = list(
        _scoped(Employee.objects.active(), opd, prefix="")
        .order_by("unit_id", "name", "pk")
        .values_list("pk", "name", "nip", "position_name", "unit_id")
    )
    assignments = list(
        _scoped(Assignment.objects.filter(day__window=window, employee__is_active=True), opd)
        .order_by("pk")
        .values_list("pk", "employee_id", "day_id", "mode", "wfa_place", "pinned", "version")
    )
    wishes = list(
        _scoped(Preference.objects.filter(day__window=window, employee__is_active=True), opd)
        .order_by("pk")
        .values_list("pk", "employee_id", "day_id", "mode", "wfa_place", "note")
    )
    away = sorted(
        away_days(Absence.objects.away_rows([d.date for d in days], opd=opd), days).items()
    )
    # Days a restriction makes WFO only (a sanction, a new appointment, ...): fixed WFO cells.
    restricted = sorted(
        restricted_days(Restriction.objects.rows([d.date for d in days], opd=opd), days).items()
    )
    return days, rules, employees, assignments, wishes, away, restricted


def _fingerprint(window, days, rules, employees, assignments, wishes, away, restricted) -> str:
    digest = hashlib.sha256()
    for part in (
        window.allowed_modes(),
        [d.pk for d in days],
        [
            (r.pk, r.kind, r.value, r.position_keywords, r.unit_id, r.service_category, r.unit_kind)
            for r in rules
        ],  # fmt: skip
        [(pk, position, unit) for pk, _, _, position, unit in employees],
        [(pk, e, d, version, pinned) for pk, e, d, _, _, pinned, version in assignments],
        [(pk, e, d, mode, place) for pk, e, d, mode, place, _ in wishes],
        away,
        restricted,
    ):
        digest.update(repr(part).encode())
    return digest.hexdigest()


def fingerprint(window: FlexWindow, opd: Opd | None = None) -> str:
    """The fingerprint of the planner's inputs now (to compare with a stored proposal's)."""
    return _fingerprint(window, *_rows(window, opd))


def load(window: FlexWindow, opd: Opd | None = None) -> Snapshot:
    days, rules, employees, assignments, wishes, away, restricted = _rows(window, opd)
    units = Unit.objects.select_related("opd").order_by("opd__name", "name", "pk")
    if opd is not None:
        units = units.filter(opd=opd)
    locked = set(
        Plan.objects.filter(window=window, status=PlanStatus.APPROVED).values_list(
            "opd_id", flat=True
        )
    )
    day_index = {d.pk: j for j, d in enumerate(days)}
    staff, where = _staff_by_unit(employees)
    current = _cells_by_unit(
        ((e, d, Stored(mode, place, pinned)) for _, e, d, mode, place, pinned, _ in assignments),
        where,
        day_index,
    )
    fixed = _cells_by_unit(
        [
            *((e, d, FixedCell(Mode.WFO.value, f"hanya boleh WFO ({why})", write=True))
              for (e, d), why in restricted),
            *((e, d, FixedCell(AWAY, short_label(kind))) for (e, d), kind in away),
        ],
        where,
        day_index,
    )  # fmt: skip
    wished = _cells_by_unit(
        ((e, d, Wish(mode, place, note)) for _, e, d, mode, place, note in wishes),
        where,
        day_index,
    )
    weeks, week_allowance = _week_allowances_by_unit(window, opd, days, where)
    allowed = tuple(window.allowed_modes())
    # The coverage engine's matching rule, asked once per distinct position name.
    matches = position_matcher(rules, {position for _, _, _, position, _ in employees})
    problems = []
    for unit in units:
        people = staff.get(unit.pk)
        if not people:
            continue
        problems.append(
            UnitProblem(
                unit=unit,
                days=days,
                people=people,
                limits=_limits(unit, people, rules, matches),
                current=current.get(unit.pk, {}),
                wishes=wished.get(unit.pk, {}),
                allowed=allowed,
                locked=unit.opd_id in locked,
                weeks=weeks,
                week_allowance=week_allowance.get(unit.pk, {}),
                fixed=fixed.get(unit.pk, {}),
            )
        )
    inputs = _fingerprint(window, days, rules, employees, assignments, wishes, away, restricted)
    return Snapshot(window, opd, days, problems, inputs)


def _staff_by_unit(employees):
    """The people of each unit, and where each employee sits: id -> (unit id, index in the unit)."""
    staff = defaultdict(list)
    where = {}
    for pk, name, nip, position, unit_id in employees:
        where[pk] = (unit_id, len(staff[unit_id]))
        staff[unit_id].append(Person(pk, name, nip, position))
    return staff, where


def _cells_by_unit(cells, where, day_index):
    """(employee id, day id, value) as unit id -> {(index in the unit, day index): value}."""
    by_unit = defaultdict(dict)
    for e, d, value in cells:
        if e in where:  # else someone joined between the two reads: not in this snapshot
            unit_id, i = where[e]
            by_unit[unit_id][(i, day_index[d])] = value
    return by_unit


def _week_allowances_by_unit(window, opd, days, where):
    """The window's weeks, and each unit's {(index in the unit, week): days allowed away}."""
    weeks, allowances = week_allowances(
        window, days, where, opd_ids=None if opd is None else [opd.pk]
    )
    by_unit = defaultdict(dict)
    for (employee_id, w), allowed_days in allowances.items():
        unit_id, i = where[employee_id]
        by_unit[unit_id][(i, w)] = allowed_days
    return weeks, by_unit


def _limits(unit, people, rules, matches) -> list[Limit]:
    """The coverage rules that apply to the unit, each with the people it counts."""
    limits = []
    by_position = defaultdict(list)  # each distinct position asked once per rule
    for i, person in enumerate(people):
        by_position[person.position].append(i)
    for rule in rules:
        if rule.applies_to(unit):
            members = sorted(
                i for position, held in by_position.items() if matches(rule, position) for i in held
            )
            limits.append(Limit(rule, members, rule.required_onsite(len(members))))
    return limits
