"""Applying a proposal: one transaction through the write path, with history; stale ones refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schedules import coverage, services
from schedules.models import (
    Assignment,
    CoverageRule,
    FlexWindow,
    Mode,
    Plan,
    PlanStatus,
    Preference,
    RuleKind,
)
from tests.factories import EmployeeFactory


@pytest.fixture
def busy_unit(window, unit_a):
    """Six clerks in the puskesmas under its default rules plus 'at least 3 on site'."""
    CoverageRule.objects.update(is_active=False)
    CoverageRule.objects.create(
        name="Minimal 3 di kantor", unit=unit_a, kind=RuleKind.MIN_ONSITE_COUNT, value=3
    )
    return [
        EmployeeFactory(unit=unit_a, name=f"Staf {i}", position_name="Pengadministrasi")
        for i in range(6)
    ]


def test_applying_writes_every_cell_with_history_and_meets_coverage(
    window, days, opd_a, bkpsdm, busy_unit
):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    assert proposal.summary["changed"] == 15 and not Assignment.objects.exists()
    report = services.proposal_apply(proposal=proposal, by=bkpsdm)
    assert report == {"changed": 15, "opds": 1, "skipped": [], "returned": []}
    assert Assignment.objects.remote().count() == 15
    history = Assignment.history.filter(history_type="+")
    assert history.count() == 15 and {h.history_user_id for h in history} == {bkpsdm.pk}
    assert coverage.compute(window).violations == []
    proposal.refresh_from_db()
    assert proposal.applied_at and proposal.applied_by == bkpsdm
    assert Plan.objects.get(opd=opd_a, window=window).status == PlanStatus.DRAFT  # unchanged


def test_asking_again_after_applying_changes_nothing(window, days, opd_a, bkpsdm, busy_unit):
    Preference.objects.create(employee=busy_unit[2], day=days[3], mode=Mode.WFA, wfa_place="Lahat")
    first = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    services.proposal_apply(proposal=first, by=bkpsdm)
    again = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    assert again.summary["changed"] == 0 and again.cells == {}
    assert again.summary["wishes_granted"] == 1


def test_a_proposal_is_refused_once_the_plan_changed_and_nothing_is_written(
    window, days, opd_a, bkpsdm, busy_unit
):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[busy_unit[0].pk],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    with pytest.raises(ValidationError, match="Usulan ini sudah basi"):
        services.proposal_apply(proposal=proposal, by=bkpsdm)
    assert Assignment.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.applied_at is None


def test_a_new_preference_also_makes_a_proposal_stale(window, days, opd_a, bkpsdm, busy_unit):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    Preference.objects.create(employee=busy_unit[1], day=days[1], mode=Mode.WFH)
    with pytest.raises(ValidationError, match="basi"):
        services.proposal_apply(proposal=proposal, by=bkpsdm)


def test_a_proposal_is_applied_once(window, days, opd_a, bkpsdm, busy_unit):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    services.proposal_apply(proposal=proposal, by=bkpsdm)
    with pytest.raises(ValidationError, match="sudah diterapkan"):
        services.proposal_apply(proposal=proposal, by=bkpsdm)


def test_a_plan_approved_since_the_proposal_is_left_as_it_is(
    window, days, opd_a, bkpsdm, busy_unit
):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)
    report = services.proposal_apply(proposal=proposal, by=bkpsdm)
    assert report == {"changed": 0, "opds": 0, "skipped": ["Dinas Kesehatan"], "returned": []}
    assert not Assignment.objects.exists()


def test_the_write_path_refuses_an_approved_plan_and_skips_pinned_cells(
    window, days, opd_a, bkpsdm, busy_unit
):
    first, second = busy_unit[:2]
    Assignment.objects.create(employee=first, day=days[0], mode=Mode.WFO, pinned=True)
    cells = {(first.pk, days[0].pk): ("WFH", ""), (second.pk, days[0].pk): ("WFA", " Lahat ")}
    changed = services.assignments_apply_proposal(opd=opd_a, window=window, cells=cells, by=None)
    assert changed.changed == 1
    assert Assignment.objects.get(employee=first).mode == "WFO"
    assert Assignment.objects.get(employee=second).wfa_place == "Lahat"
    assert Assignment.history.get(employee_id=second.pk).history_user is None  # the system
    Plan.objects.filter(opd=opd_a, window=window).update(status=PlanStatus.APPROVED)
    with pytest.raises(PermissionDenied, match="sudah disetujui"):
        services.assignments_apply_proposal(opd=opd_a, window=window, cells=cells, by=bkpsdm)


def test_the_write_path_still_refuses_remote_work_for_an_ineligible_employee(
    window, days, opd_a, bkpsdm, ineligible
):
    cells = {(ineligible.pk, days[0].pk): ("WFH", "")}
    with pytest.raises(ValidationError, match="hanya boleh WFO"):
        services.assignments_apply_proposal(opd=opd_a, window=window, cells=cells, by=bkpsdm)
    assert not Assignment.objects.exists()


def test_changing_the_windows_modes_also_makes_a_proposal_stale(
    window, days, opd_a, bkpsdm, busy_unit
):
    proposal = services.proposal_create(window=window, opd=opd_a, by=bkpsdm)
    FlexWindow.objects.filter(pk=window.pk).update(allows_wfh=False)
    with pytest.raises(ValidationError, match="basi"):
        services.proposal_apply(proposal=proposal, by=bkpsdm)
