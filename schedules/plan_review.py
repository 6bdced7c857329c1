"""What a head reviews on a submitted plan: what changed since they last decided on it.

The baseline is the head's last decision on the plan (its last approval or return); a plan never
decided on is compared with itself as first submitted. So a head who was notified of three
submissions and opened none sees every change since they last decided, and a cell changed and
changed back shows no change. Modes, WFA places and working hours are compared as they stood at
the baseline (from their history) and as they stand now, and each unit with changed modes gets
its on-site count per day then and now, with the coverage rules met then and now.

Reads only; a fixed number of queries whatever the number of changes (chunked by employees).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from opd.models import Employee, User
from schedules import coverage, selectors
from schedules.models import Assignment, CoverageRule, Mode, Plan, PlanStatus, WorkingHours

CHANGES_SHOWN = 200
UNITS_SHOWN = 60
CHUNK = 2000
USUAL_HOURS = "jam kantor biasa"

Cell = tuple[int, int]  # (employee id, day id)


@dataclass(frozen=True)
class Baseline:
    """The moment the head last decided on the plan, or its first submission."""

    at: datetime
    status: str  # PlanStatus.APPROVED, RETURNED or SUBMITTED (never decided)
    by: str

    @property
    def decided(self) -> bool:
        return self.status != PlanStatus.SUBMITTED

    @property
    def verb(self) -> str:
        return {PlanStatus.APPROVED: "disetujui", PlanStatus.RETURNED: "dikembalikan"}.get(
            self.status, "diajukan pertama kali"
        )


@dataclass(frozen=True)
class CellChange:
    employee_name: str
    employee_nip: str
    day: object  # WindowDay
    before: str  # "WFO", "WFA (place)", "Jam kerja: 07.00–15.30 (shift)"
    after: str
    by: str
    at: datetime
    hours: bool = False  # a change of working hours, not of the mode

    @property
    def before_mode(self) -> str:
        return "" if self.hours else self.before[:3]

    @property
    def after_mode(self) -> str:
        return "" if self.hours else self.after[:3]


@dataclass(frozen=True)
class UnitDay:
    """One unit on one day: planned on site then and now, and its rules met then and now."""

    day: object
    onsite_then: int
    onsite_now: int
    rules: int = 0
    met_then: int = 0
    met_now: int = 0
    shortfall_now: int = 0

    @property
    def changed(self) -> bool:
        return self.onsite_then != self.onsite_now


@dataclass(frozen=True)
class UnitSummary:
    name: str
    days: list[UnitDay]


@dataclass
class PlanReview:
    baseline: Baseline
    cells: int = 0  # cells whose mode or WFA place differs from the baseline
    hours: int = 0  # cells whose working hours differ
    shown: list[CellChange] = field(default_factory=list)
    units: list[UnitSummary] = field(default_factory=list)
    units_total: int = 0

    @property
    def total(self) -> int:
        return self.cells + self.hours


def _label(mode: str, place: str) -> str:
    return f"{mode} ({place})" if mode == Mode.WFA and place else mode


def review_baseline(plan: Plan) -> Baseline | None:
    """The plan's last approval or return, else its first submission (one query)."""
    events = plan.history.select_related("history_user").order_by("history_date", "history_id")
    previous, decided, first = None, None, None
    for event in events:
        if event.status != previous:  # a transition, not a save of the same status
            user = event.history_user
            baseline = Baseline(
                event.history_date, event.status, user.display_name if user else "sistem"
            )
            if event.status in (PlanStatus.APPROVED, PlanStatus.RETURNED):
                decided = baseline
            elif event.status == PlanStatus.SUBMITTED and first is None:
                first = baseline
        previous = event.status
    return decided or first


def plan_review(plan: Plan) -> PlanReview | None:
    """For a plan awaiting its head: every change since the baseline. None otherwise."""
    if plan.pk is None or plan.status != PlanStatus.SUBMITTED:
        return None
    baseline = review_baseline(plan)
    if baseline is None:
        return None
    review = PlanReview(baseline)
    modes = _mode_changes(plan, baseline.at)
    hours = _hours_changes(plan, baseline.at)
    if not modes and not hours:
        return review
    people = _people({e for e, _ in modes} | {e for e, _ in hours})
    days = {d.pk: d for d in plan.window.days.all()}
    users = _users({r[3] for r in modes.values()} | {r[3] for r in hours.values()})
    changes = [
        _change(people[e], days[d], before, after, users, by, at, hours=False)
        for (e, d), (before, after, _, by, at) in modes.items()
        if e in people and d in days
    ] + [
        _change(people[e], days[d], before, after, users, by, at, hours=True)
        for (e, d), (before, after, _, by, at) in hours.items()
        if e in people and d in days
    ]
    changes.sort(key=lambda c: (c.employee_name, c.day.date, c.hours))
    review.cells, review.hours = len(modes), len(hours)
    review.shown = changes[:CHANGES_SHOWN]
    review.units, review.units_total = _unit_summaries(plan, modes, people, list(days.values()))
    return review


def _change(person, day, before, after, users, by, at, *, hours) -> CellChange:
    return CellChange(
        employee_name=person.name,
        employee_nip=person.nip,
        day=day,
        before=before,
        after=after,
        by=users.get(by, "sistem"),
        at=at,
        hours=hours,
    )


def _people(employee_ids) -> dict[int, Employee]:
    ids, found = sorted(employee_ids), {}
    for start in range(0, len(ids), CHUNK):
        found.update(
            (e.pk, e)
            for e in Employee.objects.filter(pk__in=ids[start : start + CHUNK]).only(
                "name", "nip", "position_name", "unit_id", "is_active"
            )
        )
    return found


def _users(user_ids) -> dict[int, str]:
    ids = {u for u in user_ids if u is not None}
    if not ids:
        return {}
    return {u.pk: u.display_name for u in User.objects.filter(pk__in=ids)}


# --- modes, places and working hours: each cell then and now, from the history ---------------

MODE_FIELDS = ("mode", "wfa_place")
NO_ROW = (Mode.WFO.value, "")  # no assignment row: on site
HOURS_FIELDS = ("kind", "start_minute", "end_minute", "required_minutes")
NO_HOURS = (None, None, None, None)  # no working hours row: the office's usual hours


def _changed(plan: Plan, since: datetime, model, fields, missing) -> dict[Cell, tuple]:
    """{cell: (value then, value now, by id, at)} for the plan's cells of `model` (Assignment or
    WorkingHours) whose `fields` differ now from what they were at `since`; `missing` is the
    value of a cell without a row (never made, or deleted)."""
    latest: dict[Cell, tuple] = {}
    for e, d, kind, *values, by, at in (
        model.history.filter(
            day__window_id=plan.window_id,
            employee__unit__opd_id=plan.opd_id,
            history_date__gt=since,
        )
        .order_by("history_date", "history_id")
        .values_list(
            "employee_id", "day_id", "history_type", *fields, "history_user_id", "history_date"
        )
    ):
        latest[(e, d)] = (missing if kind == "-" else tuple(values), by, at)
    if not latest:
        return {}
    then = _state_at(model.history.filter(day__window_id=plan.window_id), latest, since, fields)
    return {
        cell: (then.get(cell, missing), now, by, at)
        for cell, (now, by, at) in latest.items()
        if then.get(cell, missing) != now
    }


def _state_at(history, cells, since, fields) -> dict[Cell, tuple]:
    """Each cell's values as they stood at `since`, from its history (left out when it had no
    row then; None when its row had been deleted)."""
    employee_ids = sorted({e for e, _ in cells})
    found: dict[Cell, tuple] = {}
    for start in range(0, len(employee_ids), CHUNK):
        rows = (
            history.filter(
                employee_id__in=employee_ids[start : start + CHUNK], history_date__lte=since
            )
            .order_by("history_date", "history_id")
            .values_list("employee_id", "day_id", "history_type", *fields)
        )
        for e, d, kind, *values in rows:
            if (e, d) in cells:
                if kind == "-":
                    found.pop((e, d), None)
                else:
                    found[(e, d)] = tuple(values)
    return found


def _mode_changes(plan: Plan, since: datetime) -> dict[Cell, tuple]:
    """{cell: (before label, after label, (mode then, mode now), by id, at)}."""
    return {
        cell: (_label(*then), _label(*now), (then[0], now[0]), by, at)
        for cell, (then, now, by, at) in _changed(
            plan, since, Assignment, MODE_FIELDS, NO_ROW
        ).items()
    }


def _hours_text(kind, start, end, required) -> str:
    if kind is None:
        return f"Jam kerja: {USUAL_HOURS}"
    hours = WorkingHours(kind=kind, start_minute=start, end_minute=end, required_minutes=required)
    return f"Jam kerja: {hours.describe()}"


def _hours_changes(plan: Plan, since: datetime) -> dict[Cell, tuple]:
    """As `_mode_changes`, for working hours: {cell: (before, after, None, by id, at)}."""
    return {
        cell: (_hours_text(*then), _hours_text(*now), None, by, at)
        for cell, (then, now, by, at) in _changed(
            plan, since, WorkingHours, HOURS_FIELDS, NO_HOURS
        ).items()
    }


# --- the units: on site then and now, rules met then and now -------------------------------


def _unit_summaries(plan: Plan, modes: dict, people: dict, days: list) -> tuple[list, int]:
    """Per unit with a changed mode: each day's on-site count and rules met, then and now.

    "Then" is now with the changed cells put back (staff and rules as they are now), so the
    difference is exactly what the plan's changes did.
    """
    moved: dict[tuple[int, int], list[tuple[Employee, int]]] = defaultdict(list)
    for (e, d), (_, _, (mode_then, mode_now), _, _) in modes.items():
        person = people.get(e)
        if person is None or not person.is_active:
            continue  # inactive staff count nowhere, then or now
        onsite_then, onsite_now = mode_then == Mode.WFO, mode_now == Mode.WFO
        if onsite_then != onsite_now:
            moved[(person.unit_id, d)].append((person, 1 if onsite_then else -1))
    unit_ids = sorted({u for u, _ in moved})
    if not unit_ids:
        return [], 0
    # One count of the units' staff and remote cells serves both the counts and the rules.
    rules = list(CoverageRule.objects.active_for(plan.window).order_by("pk"))
    tallies = coverage.tally(rules, days, unit_ids=unit_ids)
    counts = selectors.counts_from_tallies(tallies)
    result = coverage.compute(plan.window, unit_ids=unit_ids, days=days, tallies=tallies)
    checks = result.by_unit_day()
    units = {u.pk: u for u in plan.opd.units.filter(pk__in=unit_ids)}
    summaries = [
        UnitSummary(
            units[unit_id].name,
            [
                _unit_day(
                    day,
                    counts[unit_id, day.pk],
                    moved.get((unit_id, day.pk), []),
                    checks.get((unit_id, day.pk), []),
                )
                for day in days
            ],
        )
        for unit_id in unit_ids
        if unit_id in units
    ]
    summaries.sort(key=lambda s: s.name)
    return summaries[:UNITS_SHOWN], len(summaries)


def _unit_day(day, counts, moved, found) -> UnitDay:
    """`moved`: (employee, +1 if on site then and not now, -1 the other way); `found`: the
    coverage checks of the unit on the day (now)."""
    now = counts.wfo
    then = now + sum(delta for _, delta in moved)
    met_then = met_now = 0
    for check in found:
        shift = sum(d for person, d in moved if check.rule.matches_position(person.position_name))
        met_now += check.met
        met_then += check.planned + shift >= check.required
    return UnitDay(
        day,
        then,
        now,
        rules=len(found),
        met_then=met_then,
        met_now=met_now,
        shortfall_now=max((c.shortfall for c in found), default=0),
    )
