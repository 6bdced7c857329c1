"""Races between an approval and a change that coverage depends on, on separate connections.

A change of staff or of a coverage rule locks the plans it touches before it writes and re-checks
them after; an approval takes the same row lock and re-checks coverage under it. Whichever commits
first, an approved plan is never left short: either the head approved first and the change then
sent the plan to "Perlu ditinjau", or the change came first and the approval was refused. The
change itself is never refused (a nurse did resign).
"""

import threading
from collections import Counter

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection

from schedules import coverage, services
from schedules.models import CoverageRule, Plan, PlanStatus
from staff_import import services as import_services
from staff_import.plan import plan_rows
from tests.factories import EmployeeFactory

RUNS = 50
NURSE_RULE = "Puskesmas: minimal 2 perawat atau bidan di tempat"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="row locks need PostgreSQL (SQLite serialises whole-database writes)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def just_enough(unit_a):
    """Puskesmas Makrayu with a doctor and exactly the two nurses the default rule asks for."""
    return {
        "dokter": EmployeeFactory(
            unit=unit_a, name="dr. Rina Sari", position_name="Dokter Ahli Pertama"
        ),
        "perawat": [
            EmployeeFactory(unit=unit_a, name=f"Perawat {i}", position_name="Perawat Terampil")
            for i in range(2)
        ],
    }


def deactivation(nurse):
    """The import's dry run of a workbook whose only row marks the nurse inactive."""
    row = {
        "nip": nurse.nip,
        "name": nurse.name,
        "asn_type": nurse.asn_type,
        "golongan": nurse.golongan,
        "position_type": nurse.position_type,
        "position_name": nurse.position_name,
        "unit_code": nurse.unit.code,
        "is_active": "tidak",
    }
    plan = plan_rows([(2, row)])
    assert not plan.refused, plan.refused
    assert [u.fields for u in plan.update] == [["is_active"]]
    return plan


def race(change, approve) -> dict:
    """Run both at once, each on its own connection; what each side returned or raised."""
    barrier = threading.Barrier(2)
    outcome = {}

    def side(name, action):
        barrier.wait()
        try:
            outcome[name] = action()
        except Exception as exc:  # noqa: BLE001 - record which side lost
            outcome[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=side, args=("change", change)),
        threading.Thread(target=side, args=("approve", approve)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def judge(outcome, sent_back, plan: Plan, window) -> str:
    """Check one run's invariants; name how it ended."""
    short = coverage.compute(window, opd=plan.opd).violations
    assert short, "the change must leave the puskesmas short"
    assert not (plan.status == PlanStatus.APPROVED and short), outcome
    assert plan.status == PlanStatus.REVIEW, outcome
    assert [s.opd for s in sent_back] == ["Dinkes"], outcome
    if isinstance(outcome["approve"], Plan):
        assert sent_back[0].was_approved, outcome
        return "approved, then review"
    assert isinstance(outcome["approve"], PermissionDenied), outcome  # status was already review
    assert not sent_back[0].was_approved, outcome
    return "approval refused"


def test_a_staff_import_racing_an_approval_never_leaves_an_approved_plan_short(
    window, opd_a, bkpsdm, head_a, just_enough
):
    nurse = just_enough["perawat"][0]
    plan = Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    ended = Counter()
    for _ in range(RUNS):
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED, note="")
        type(nurse).objects.filter(pk=nurse.pk).update(is_active=True)
        staff_import = deactivation(nurse)
        outcome = race(
            lambda staff_import=staff_import: import_services.staff_import_apply(
                plan=staff_import, by=bkpsdm
            ),
            lambda: services.plan_approve(plan=Plan.objects.get(pk=plan.pk), by=head_a),
        )
        result = outcome["change"]
        assert isinstance(result, import_services.StaffImportResult), outcome
        nurse.refresh_from_db()
        assert not nurse.is_active, "an HR fact is never refused"
        plan.refresh_from_db()
        ended[judge(outcome, result.sent_back, plan, window)] += 1
        assert "Impor data pegawai mengubah 1 pegawai (1 nonaktif/aktif)" in plan.note
    print(f"\nimport vs approval, {RUNS} runs: {dict(ended)}")
    assert sum(ended.values()) == RUNS


def test_a_rule_edit_racing_an_approval_never_leaves_an_approved_plan_short(
    window, opd_a, bkpsdm, head_a, just_enough
):
    rule = CoverageRule.objects.get(name=NURSE_RULE)
    plan = Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)

    def raise_minimum():
        edited = CoverageRule.objects.get(pk=rule.pk)
        edited.value = 3
        return services.rule_save(rule=edited, by=bkpsdm)

    ended = Counter()
    for _ in range(RUNS):
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED, note="")
        CoverageRule.objects.filter(pk=rule.pk).update(value=2)
        outcome = race(
            raise_minimum,
            lambda: services.plan_approve(plan=Plan.objects.get(pk=plan.pk), by=head_a),
        )
        sent_back = outcome["change"]
        assert isinstance(sent_back, list), outcome
        assert CoverageRule.objects.get(pk=rule.pk).value == 3
        plan.refresh_from_db()
        ended[judge(outcome, sent_back, plan, window)] += 1
        assert f"Aturan layanan esensial '{NURSE_RULE}' diubah" in plan.note
    print(f"\nrule edit vs approval, {RUNS} runs: {dict(ended)}")
    assert sum(ended.values()) == RUNS
