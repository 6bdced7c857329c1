"""A leave approved while the head approves the plan, on separate connections (PostgreSQL).

Approving an absence locks the plans of its OPD before it writes (opd.guards.staff_change, the
order every guard takes) and re-checks them after; the plan's approval takes the same row lock
and re-checks coverage under it. Whichever commits first, an approved plan is never short once
the leave is counted: the plan was approved and then sent to "Perlu ditinjau", or the approval
was refused. The leave itself is approved either way."""

from collections import Counter

import pytest
from django.conf import settings

from absences.models import Absence, AbsenceKind, AbsenceStatus
from absences.services import absence_decide
from schedules import services
from schedules.models import Plan, PlanStatus
from tests.schedules.test_plan_races import RUNS, judge, just_enough, race  # noqa: F401

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="row locks need PostgreSQL (SQLite serialises whole-database writes)",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_a_leave_approved_racing_a_plan_approval_never_leaves_an_approved_plan_short(
    window,
    opd_a,
    head_a,
    just_enough,  # noqa: F811 (the fixture imported above)
):
    nurse = just_enough["perawat"][0]
    monday = window.days.order_by("date").first().date
    plan = Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    ended = Counter()
    for _ in range(RUNS):
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED, note="")
        Absence.objects.all().delete()
        leave = Absence.objects.create(
            employee=nurse, kind=AbsenceKind.ANNUAL, start_date=monday, end_date=monday
        )
        outcome = race(
            lambda leave=leave: absence_decide(absence=leave, approve=True, by=head_a),
            lambda: services.plan_approve(plan=Plan.objects.get(pk=plan.pk), by=head_a),
        )
        decided, sent_back = outcome["change"]
        assert decided.status == AbsenceStatus.APPROVED, outcome
        plan.refresh_from_db()
        ended[judge(outcome, sent_back, plan, window)] += 1
        assert "Cuti tahunan" in plan.note and "disetujui" in plan.note
    print(f"\nleave vs approval, {RUNS} runs: {dict(ended)}")
    assert sum(ended.values()) == RUNS
