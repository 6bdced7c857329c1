"""What approving an absence does to coverage, said before the head decides.

Read only: the one coverage engine counts the requested absence as if it were approved
(`coverage.compute(..., also_away=[absence])`) on the window days it spans, beside the count
without it; a rule that becomes short (or shorter) is one sentence. Lives in schedules because it
asks the coverage engine, which sits right of the absences app.
"""

from dataclasses import dataclass, field
from itertools import groupby

from common.dates import tanggal
from schedules import coverage
from schedules.models import PROMISED, Plan, PlanStatus, WindowDay


@dataclass
class Effect:
    """The shortfalls an absence adds, and the promised plans that would go to review."""

    shortfalls: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    window_days: int = 0  # how many of its days fall in a window (0: no plan counts it)


def _who(rule) -> str:
    keywords = rule.keywords
    return " atau ".join(keywords) if keywords else "orang di kantor"


def absence_effect(absence) -> Effect:
    """Approving `absence` (requested): which rules of its OPD it leaves short, on which day."""
    effect = Effect()
    opd_id = absence.employee.unit.opd_id
    days = list(
        WindowDay.objects.filter(date__gte=absence.start_date, date__lte=absence.end_date)
        .select_related("window")
        .order_by("window_id", "date")
    )
    effect.window_days = len({d.date for d in days})
    plans = {
        p.window_id: p
        for p in Plan.objects.filter(opd_id=opd_id, window_id__in={d.window_id for d in days})
    }
    for _, group in groupby(days, key=lambda d: d.window_id):
        group = list(group)
        window = group[0].window
        before = {
            (c.unit.pk, c.day.pk, c.rule.pk): c.shortfall
            for c in coverage.compute(window, opd_ids=[opd_id], days=group).violations
        }
        worse = [
            c
            for c in coverage.compute(
                window, opd_ids=[opd_id], days=group, also_away=[absence]
            ).violations
            if c.shortfall > before.get((c.unit.pk, c.day.pk, c.rule.pk), 0)
        ]
        for check in worse:
            effect.shortfalls.append(
                f"{check.unit.name} kurang {check.shortfall} {_who(check.rule)} pada "
                f"{tanggal(check.day.date)} ({window.name})"
            )
        plan = plans.get(window.pk)
        if worse and plan is not None and plan.status in PROMISED:
            state = "sudah disetujui" if plan.status == PlanStatus.APPROVED else "sedang diajukan"
            effect.plans.append(f"Rencana {window.name} yang {state}")
    return effect
