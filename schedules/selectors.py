"""Reads of the schedules app that more than one page needs, or that are more than a filter."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery

from opd.models import Employee
from schedules import coverage
from schedules.models import Assignment, Mode, Plan, PlanStatus, Preference


def _label(mode: str, place: str) -> str:
    return f"{mode} ({place})" if mode == Mode.WFA and place else mode


def previous_values(records) -> dict[int, tuple[str, str]]:
    """For each Assignment history record, the (mode, WFA place) its change replaced: the cell's
    record before it, or WFO without a place when the cell had no row (never made, or deleted:
    a '-' record). One query; the history pages show it beside each change."""
    records = list(records)
    if not records:
        return {}
    wanted = {r.history_id for r in records}
    timeline = (
        Assignment.history.filter(
            employee_id__in={r.employee_id for r in records},
            day_id__in={r.day_id for r in records},
            history_date__lte=max(r.history_date for r in records),
        )
        .order_by("history_date", "history_id")
        .values_list("history_id", "employee_id", "day_id", "history_type", "mode", "wfa_place")
    )
    last: dict[tuple[int, int], tuple[str, str] | None] = {}
    previous = {}
    for history_id, employee_id, day_id, kind, mode, place in timeline:
        if history_id in wanted:
            previous[history_id] = Assignment.value_of(last.get((employee_id, day_id)))
        last[(employee_id, day_id)] = None if kind == "-" else (mode, place)
    return {r.history_id: previous.get(r.history_id, Assignment.value_of(None)) for r in records}


# --- the current window: one rule for every default of the portal ----------------------------


def current_of(windows, today):
    """The current window among `windows` (their days prefetched): the one whose span, from its
    first day to its last, contains today (weekends and holidays inside it count), else the next
    to start, else the one that ended last; None without windows with days.

    Of two spans containing today, the one with today among its days wins, then the newest: the
    window whose day everybody checks in on (attendance.selectors.today_window_day).
    Every default follows it: the home page's cards, the dashboards and their documents, the
    public service and feedback pages, and the window an evaluation starts from.
    """
    spans = {w: [d.date for d in w.days.all()] for w in windows}
    spans = {w: (min(dates), max(dates), today in dates) for w, dates in spans.items() if dates}
    containing = [w for w, (first, last, _) in spans.items() if first <= today <= last]
    if containing:
        return max(containing, key=lambda w: (spans[w][2], w.pk))
    upcoming = [w for w, (first, _, _) in spans.items() if first > today]
    if upcoming:
        return min(upcoming, key=lambda w: (spans[w][0], -w.pk))
    return max(spans, key=lambda w: (spans[w][1], w.pk), default=None)


def current_window(today=None):
    """The current window (current_of) read from the database: two queries."""
    from django.utils import timezone

    from schedules.models import FlexWindow

    return current_of(FlexWindow.objects.prefetch_related("days"), today or timezone.localdate())


def default_day(days, today):
    """The day a page about a window opens on: today when it is one of `days`, else the next
    day after today (a weekend inside the window shows the coming working day), else the last
    (the window has ended). `days` in date order; None when empty."""
    return next((d for d in days if d.date >= today), days[-1] if days else None)


# --- plan status by OPD: an OPD without a plan row is in draft ------------------------------


def plan_statuses(window, *, opd=None) -> dict[int, Plan]:
    """Plan rows per OPD id (with who acted last); an OPD missing from the dict is in draft.
    One query."""
    plans = Plan.objects.for_window(window).select_related("acted_by")
    if opd is not None:
        plans = plans.filter(opd=opd)
    return {p.opd_id: p for p in plans}


def status_of(plans: dict[int, Plan], opd_id: int) -> str:
    plan = plans.get(opd_id)
    return plan.status if plan else PlanStatus.DRAFT


# --- a proposal's cells, as the people and days they change ---------------------------------

PROPOSAL_CHANGES_SHOWN = 50  # per OPD on the proposal page; the grid shows the rest


@dataclass(frozen=True)
class ProposedChange:
    employee_name: str
    employee_nip: str
    unit_name: str
    day: object  # WindowDay
    before: str
    after: str


def proposal_changes(proposal, *, per_opd: int = PROPOSAL_CHANGES_SHOWN) -> dict[str, list]:
    """{OPD id (text): the first `per_opd` cells the proposal changes, as ProposedChange rows,
    sorted by unit, name and day}. Three queries whatever the proposal's size."""
    from schedules.models import WindowDay

    cells = proposal.cells or {}
    employee_ids = {e for rows in cells.values() for e, *_ in rows}
    people = {
        e.pk: e
        for e in Employee.objects.filter(pk__in=employee_ids)
        .select_related("unit")
        .only("name", "nip", "unit__name")
    }
    days = {d.pk: d for d in WindowDay.objects.filter(window_id=proposal.window_id)}

    def order(row):
        person = people.get(row[0])
        return (person.unit.name, person.name, days[row[1]].date) if person else ("", "", "")

    shown = {
        opd: sorted((r for r in rows if r[0] in people and r[1] in days), key=order)[:per_opd]
        for opd, rows in cells.items()
    }
    wanted = {(r[0], r[1]) for rows in shown.values() for r in rows}
    current = {
        (a.employee_id, a.day_id): _label(a.mode, a.wfa_place)
        for a in Assignment.objects.filter(
            employee_id__in={e for e, _ in wanted}, day_id__in={d for _, d in wanted}
        ).only("employee_id", "day_id", "mode", "wfa_place")
        if (a.employee_id, a.day_id) in wanted
    }
    return {
        opd: [
            ProposedChange(
                employee_name=people[e].name,
                employee_nip=people[e].nip,
                unit_name=people[e].unit.name,
                day=days[d],
                before=current.get((e, d), Assignment.DEFAULT_MODE),
                after=_label(mode, place),
            )
            for e, d, mode, place in rows
        ]
        for opd, rows in shown.items()
    }


# --- the plan's counts: who is planned on site, one rule for every page ---------------------


@dataclass
class Counts:
    """Active staff of a unit, an OPD or the city on one day, by planned mode."""

    staff: int = 0
    wfh: int = 0
    wfa: int = 0
    away: int = 0  # on leave, official travel or training (an approved absence)

    @property
    def wfo(self) -> int:
        """Planned on site: the staff no remote cell and no absence takes away (no Assignment
        row is WFO)."""
        return self.staff - self.wfh - self.wfa - self.away

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            self.staff + other.staff,
            self.wfh + other.wfh,
            self.wfa + other.wfa,
            self.away + other.away,
        )

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
    """Active staff per unit, and remote (WFH, WFA) or away staff per unit and day: see
    planned_counts."""

    staff: dict[int, int]  # unit id -> active staff
    remote: dict[tuple[int, int], dict[str, int]]  # (unit id, day id) -> {mode: n}

    def unit_day(self, unit_id: int, day_id: int) -> Counts:
        away = self.remote.get((unit_id, day_id), {})
        return Counts(
            self.staff.get(unit_id, 0),
            away.get(Mode.WFH, 0),
            away.get(Mode.WFA, 0),
            away.get(coverage.AWAY, 0),
        )

    def __getitem__(self, unit_day: tuple[int, int]) -> Counts:
        return self.unit_day(*unit_day)

    def total(self, unit_ids, day_id: int) -> Counts:
        total = Counts()
        for unit_id in unit_ids:
            total += self.unit_day(unit_id, day_id)
        return total


def planned_remote(days, *, unit_ids=None, opd=None) -> dict[tuple[int, int], dict[str, int]]:
    """{(unit id, day id): {mode: active staff planned in it}} for WFH and WFA, and the staff
    away (`coverage.AWAY`: an approved absence) on those days: two queries."""
    days = list(days)
    away: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    rows = (
        Assignment.objects.remote_cells(days, unit_ids=unit_ids, opd=opd)
        .order_by()
        .values_list("employee__unit_id", "day_id", "mode")
        .annotate(n=Count("pk"))
    )
    for unit_id, day_id, mode, n in rows:
        away[(unit_id, day_id)][mode] = n
    for (unit_id, day_id, _), n in coverage.away_counts(days, unit_ids=unit_ids, opd=opd).items():
        counts = away[(unit_id, day_id)]
        counts[coverage.AWAY] = counts.get(coverage.AWAY, 0) + n
    return dict(away)


def planned_counts(days, *, unit_ids=None, opd=None) -> PlanCounts:
    """Who is planned on site and who remote or away, per unit and day: three queries.

    The one rule of the portal (the dashboards, the workbook and its PDF, the monitor, the public
    service page read it from here):
    - only active staff count, in the unit they belong to now;
    - every active employee is planned every day: an Assignment row says WFH or WFA, and no row
      (or a WFO row) means on site, unless an approved absence takes them away that day, so
      WFO = staff - WFH - WFA - away (`Counts.wfo`);
    - `unit_ids` and/or `opd` narrow the scope; None means the whole city. A unit without active
      staff is missing from `staff` and counts zero.

    Read `counts.unit_day(unit_id, day_id)` (or `counts[unit_id, day_id]`) for one unit and
    `counts.total(unit_ids, day_id)` for several. The coverage engine counts the same rows, split
    by position (`Employee.objects.active_staff`, `Assignment.objects.remote_cells`);
    `counts_from_tallies` reads these counts from its tallies without a query.
    """
    staff = Employee.objects.active_staff(unit_ids=unit_ids, opd=opd)
    per_unit = dict(staff.order_by().values_list("unit_id").annotate(n=Count("pk")))
    return PlanCounts(staff=per_unit, remote=planned_remote(days, unit_ids=unit_ids, opd=opd))


def counts_from_tallies(tallies) -> PlanCounts:
    """`planned_counts` read from the coverage engine's tallies (schedules.coverage.Tallies,
    which count the same rows by position): no query."""
    staff = {unit_id: tallies.staff_of(unit_id) for unit_id in tallies.staff}
    remote = {
        (unit_id, day_id): dict(tallies.remote_by_mode(unit_id, day_id))
        for unit_id, day_id in tallies.remote
    }
    return PlanCounts(staff=staff, remote=remote)


def opd_plan_rows(window, opds) -> list[dict]:
    """A window's plan list: per OPD of `opds` its plan (None: a draft not yet saved), status,
    active staff, remote cells of active staff over the window, and coverage shortfalls.

    Queries: the OPDs with their staff, the plans, the remote cells per OPD, and the coverage
    engine's (`coverage.compute`).
    """
    opds = opds.annotate(
        staff=Count("units__employees", filter=Q(units__employees__is_active=True))
    )
    plans = plan_statuses(window)
    shortfalls = Counter(c.unit.opd_id for c in coverage.compute(window).violations)
    remote = dict(
        Assignment.objects.remote_cells(window.days.all())
        .values_list("employee__unit__opd_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {
            "opd": opd,
            "plan": plans.get(opd.pk),
            "status": status_of(plans, opd.pk),
            "shortfalls": shortfalls.get(opd.pk, 0),
            "remote": remote.get(opd.pk, 0),
        }
        for opd in opds
    ]


def preferences_with_plan(window, opd):
    """The OPD's staff's wishes for the window, each with what the plan now says for that day
    (`planned_mode`, `planned_place`; None without a row, i.e. WFO), by unit, name and date."""
    planned = Assignment.objects.filter(employee=OuterRef("employee"), day=OuterRef("day"))
    return (
        Preference.objects.filter(day__window=window, employee__unit__opd=opd)
        .select_related("employee__unit", "day")
        .annotate(
            planned_mode=Subquery(planned.values("mode")[:1]),
            planned_place=Subquery(planned.values("wfa_place")[:1]),
        )
        .order_by("employee__unit__name", "employee__name", "employee__pk", "day__date")
    )
