"""Changes that coverage depends on (staff, units, rules, window days) guard the plans they touch.

Such a change first takes the row locks of every existing plan of the OPDs (and windows) it
touches, in one fixed order (window, then OPD: the order proposal_apply locks in too, so two such
changes never deadlock), then writes, then re-checks the promised plans (submitted or approved)
with the one coverage engine and the one weekly cap (schedules/cap.py), in the same transaction.
An approval waiting on one of those locks sees the change when it gets the lock. A plan left short,
or over the cap (a lower cap, a withdrawn exception), goes to "Perlu ditinjau".

Staff and units live in the opd app, which may not import schedules: `StaffGuard` is registered
with opd.guards at start-up (SchedulesConfig.ready) and opd's writes call it.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import groupby

from django.db import transaction

from schedules import coverage
from schedules.cap import cap_violations, week_of
from schedules.eligible import ONLY_WFO, restriction_violations
from schedules.models import PROMISED, Plan, PlanStatus, WindowDay
from schedules.services.plans import OVER_CAP, plan_send_to_review


@dataclass(frozen=True)
class SentBack:
    """A promised plan that a change sends (or would send) back for review."""

    opd: str
    window: str
    was_approved: bool
    shortfalls: list[str] = field(default_factory=list, compare=False)

    def __str__(self) -> str:
        return f"{self.opd} ({self.window})"


def _plans(opd_ids: Iterable[int] | None, window_ids: Iterable[int] | None, *, lock: bool):
    plans = Plan.objects.select_related("opd", "window")
    if lock:
        plans = plans.select_for_update(of=("self",))
    if opd_ids is not None:
        plans = plans.filter(opd_id__in=sorted(set(opd_ids)))
    if window_ids is not None:
        plans = plans.filter(window_id__in=sorted(set(window_ids)))
    return list(plans.order_by("window_id", "opd_id"))


def plans_lock(*, opd_ids: Iterable[int] | None, window_ids: Iterable[int] | None = None):
    """Lock the plan rows of these OPDs (None: every OPD) in these windows (None: all)."""
    return _plans(opd_ids, window_ids, lock=True)


def windows_sharing_weeks(window_ids: Iterable[int]) -> list[int]:
    """These windows and every window with a day in one of their calendar weeks: the weekly cap
    counts a week across windows, so a change of one window's cap reaches its neighbours."""
    window_ids = set(window_ids)
    dates = WindowDay.objects.filter(window_id__in=sorted(window_ids)).values_list("date")
    weeks = {week_of(d) for (d,) in dates}
    if not weeks:
        return sorted(window_ids)
    lo, hi = min(weeks), max(weeks) + timedelta(days=6)
    near = WindowDay.objects.filter(date__range=(lo, hi)).values_list("window_id", "date")
    return sorted(window_ids | {w for w, d in near if week_of(d) in weeks})


def plans_short(plans: list[Plan]) -> list[tuple[Plan, list[str]]]:
    """The promised plans among `plans` that break the promise now: short of an essential-service
    rule, with an employee over the weekly cap, or with someone who may only work on site
    (a restriction running that day) planned remote; with what is wrong, one line each."""
    found = []
    promised = [p for p in plans if p.status in PROMISED]
    for _, group in groupby(promised, key=lambda p: p.window_id):
        group = list(group)
        opd_ids = [p.opd_id for p in group]
        result = coverage.compute(group[0].window, opd_ids=opd_ids)
        short = defaultdict(list)
        for check in result.violations:
            short[check.unit.opd_id].append(check.describe())
        for over in cap_violations(group[0].window, opd_ids=opd_ids):
            short[over.employee.unit.opd_id].append(OVER_CAP + over.describe())
        for remote in restriction_violations(group[0].window, opd_ids=opd_ids):
            short[remote.employee.unit.opd_id].append(ONLY_WFO + remote.describe())
        found += [(plan, short[plan.opd_id]) for plan in group if short.get(plan.opd_id)]
    return found


def _sent_back(plan: Plan, shortfalls: list[str]) -> SentBack:
    return SentBack(
        opd=plan.opd.short_name or plan.opd.name,
        window=plan.window.name,
        was_approved=plan.status == PlanStatus.APPROVED,
        shortfalls=shortfalls,
    )


def plans_recheck(*, plans: list[Plan], by, cause: str) -> list[SentBack]:
    """After the change: every promised plan it left short goes to review (locks held)."""
    sent = []
    for plan, shortfalls in plans_short(plans):
        sent.append(_sent_back(plan, shortfalls))
        plan_send_to_review(plan=plan, by=by, cause=cause, shortfalls=shortfalls)
    return sent


class _Rollback(Exception):
    pass


def preview(
    *, opd_ids: Iterable[int] | None, window_ids: Iterable[int] | None, apply: Callable[[], None]
) -> list[SentBack]:
    """What `apply()` would send back for review: it runs in a savepoint that is rolled back.

    The one coverage engine judges the changed data, so a warning and the change itself can never
    disagree. Nothing is locked: the real change re-checks under its locks.
    """
    found: list[SentBack] = []
    try:
        with transaction.atomic():
            apply()
            found = [
                _sent_back(p, s) for p, s in plans_short(_plans(opd_ids, window_ids, lock=False))
            ]
            raise _Rollback
    except _Rollback:
        pass
    return found


def describe(sent: list[SentBack], *, future: bool) -> str:
    """'2 rencana yang sudah disetujui akan dikembalikan untuk ditinjau: Dinkes (…), …'."""
    if not sent:
        return ""
    approved = [s for s in sent if s.was_approved]
    submitted = [s for s in sent if not s.was_approved]
    verb = "akan dikembalikan" if future else "dikembalikan"
    parts = []
    if approved:
        names = ", ".join(str(s) for s in approved)
        parts.append(f"{len(approved)} rencana yang sudah disetujui {verb} untuk ditinjau: {names}")
    if submitted:
        names = ", ".join(str(s) for s in submitted)
        parts.append(
            f"{len(submitted)} rencana yang sedang diajukan {verb} untuk ditinjau: {names}"
        )
    return "; ".join(parts) + "."


class StaffGuard:
    """What opd.guards calls around a write of staff or units (see opd/guards.py)."""

    def lock(self, opd_ids, *, since=None):
        window_ids = None
        if since is not None:  # windows that ended before the change stay as decided
            window_ids = set(
                WindowDay.objects.filter(date__gte=since).values_list("window_id", flat=True)
            )
        return plans_lock(opd_ids=opd_ids, window_ids=window_ids)

    def recheck(self, plans, *, by, cause):
        return plans_recheck(plans=plans, by=by, cause=cause)

    def preview(self, opd_ids, apply):
        return preview(opd_ids=opd_ids, window_ids=None, apply=apply)

    def describe(self, sent, *, future):
        return describe(sent, future=future)
