"""Reads of the schedules app that more than one page needs, or that are more than a filter."""

from dataclasses import dataclass
from datetime import datetime

from schedules.models import Assignment, Mode, Plan, PlanStatus

CHANGES_SHOWN = 200


@dataclass(frozen=True)
class CellChange:
    employee_name: str
    employee_nip: str
    day: object  # WindowDay
    before: str  # "WFO", "WFH", "WFA (place)"
    after: str
    by: str
    at: datetime


@dataclass(frozen=True)
class PlanChanges:
    since: datetime
    since_previous_submission: bool
    total: int
    shown: list[CellChange]


def _label(mode: str, place: str) -> str:
    return f"{mode} ({place})" if mode == Mode.WFA and place else mode


def _submissions(plan: Plan) -> list[datetime]:
    """When the plan was submitted, newest first (from its history)."""
    return list(
        plan.history.filter(status=PlanStatus.SUBMITTED)
        .exclude(submitted_at__isnull=True)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .distinct()
    )


def plan_changes_since_submission(plan: Plan) -> PlanChanges | None:
    """For the head deciding on a submitted plan: the cells that changed since they last saw it.

    After a resubmission, "last saw" is the previous submission (what BKPSDM changed in between);
    on a first submission, the submission itself (the head's own adjustments since). Cells changed
    and changed back are left out. None when the plan is not awaiting the head.
    """
    if plan.pk is None or plan.status != PlanStatus.SUBMITTED or plan.submitted_at is None:
        return None
    submissions = _submissions(plan)
    previous = submissions[1] if len(submissions) > 1 else None
    since = previous or plan.submitted_at
    records = list(
        Assignment.history.filter(
            day__window_id=plan.window_id,
            employee__unit__opd_id=plan.opd_id,
            history_date__gt=since,
        )
        .select_related("history_user", "employee", "day")
        .order_by("history_date", "history_id")
    )
    if not records:
        return PlanChanges(since, previous is not None, 0, [])
    latest = {(r.employee_id, r.day_id): r for r in records}
    before = {
        (e, d): (mode, place)
        for e, d, mode, place in Assignment.history.filter(
            employee_id__in={e for e, _ in latest},
            day_id__in={d for _, d in latest},
            history_date__lte=since,
        )
        .order_by("history_date", "history_id")
        .values_list("employee_id", "day_id", "mode", "wfa_place")
    }
    changes = []
    for cell, record in latest.items():
        old = before.get(cell, (Mode.WFO.value, ""))
        if old == (record.mode, record.wfa_place):
            continue
        user = record.history_user
        changes.append(
            CellChange(
                employee_name=record.employee.name,
                employee_nip=record.employee.nip,
                day=record.day,
                before=_label(*old),
                after=_label(record.mode, record.wfa_place),
                by=user.display_name if user else "sistem",
                at=record.history_date,
            )
        )
    changes.sort(key=lambda c: (c.employee_name, c.day.date))
    return PlanChanges(since, previous is not None, len(changes), changes[:CHANGES_SHOWN])


# --- the current window: one rule for the dashboards, the public pages and check-in ----------


def current_of(windows, today):
    """The current window among `windows` (their days prefetched): the one whose days include
    today (the newest such window, whose day everybody checks in on: see
    attendance.services.checkins.today_window_day), else the next to start, else the one that
    ended last; None without windows with days."""
    spans = {w: [d.date for d in w.days.all()] for w in windows}
    spans = {w: dates for w, dates in spans.items() if dates}
    containing = [w for w, dates in spans.items() if today in dates]
    if containing:
        return max(containing, key=lambda w: w.pk)
    upcoming = [w for w, dates in spans.items() if min(dates) > today]
    if upcoming:
        return min(upcoming, key=lambda w: min(spans[w]))
    return max(spans, key=lambda w: max(spans[w]), default=None)


def current_window(today=None):
    """The current window (current_of) read from the database: two queries."""
    from django.utils import timezone

    from schedules.models import FlexWindow

    return current_of(FlexWindow.objects.prefetch_related("days"), today or timezone.localdate())


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


def plan_or_draft(*, opd, window) -> Plan:
    """The OPD's plan, or an unsaved draft standing in for it: pages that only read (GET) never
    create a plan row; the workflow's services create it when something happens to it."""
    return Plan.objects.filter(opd=opd, window=window).first() or Plan(opd=opd, window=window)


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
    from opd.models import Employee
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
                before=current.get((e, d), Mode.WFO),
                after=_label(mode, place),
            )
            for e, d, mode, place in rows
        ]
        for opd, rows in shown.items()
    }
