"""Writing modes: eligibility, allowed modes, stale edits, bulk actions, history, the lock."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schedules import services
from schedules.models import Assignment, Mode, Plan, PlanStatus


def cell(employee, day):
    row = Assignment.objects.filter(employee=employee, day=day).first()
    return row.mode if row else "WFO"


def test_setting_a_mode_records_who_and_history(window, days, opd_a, bkpsdm, employee_a):
    changed = services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFA,
        wfa_place="Lubuklinggau, rumah orang tua",
        by=bkpsdm,
    )
    assert changed.changed == 1
    row = Assignment.objects.get(employee=employee_a, day=days[0])
    assert (row.mode, row.wfa_place, row.changed_by, row.version) == (
        "WFA",
        "Lubuklinggau, rumah orang tua",
        bkpsdm,
        1,
    )
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        wfa_place="ignored for WFH",
        by=bkpsdm,
    )
    row.refresh_from_db()
    assert (row.mode, row.wfa_place, row.version) == ("WFH", "", 2)
    history = list(row.history.order_by("history_date").values_list("mode", "history_user"))
    assert history == [("WFA", bkpsdm.pk), ("WFH", bkpsdm.pk)]


def test_setting_the_same_mode_again_changes_nothing(window, days, opd_a, bkpsdm, employee_a):
    kwargs = {
        "opd": opd_a,
        "window": window,
        "employee_ids": [employee_a.pk],
        "day_ids": [days[0].pk],
        "mode": Mode.WFH,
        "by": bkpsdm,
    }
    assert services.assignments_set(**kwargs).changed == 1
    assert services.assignments_set(**kwargs).changed == 0
    assert Assignment.history.count() == 1


def test_reset_to_wfo_creates_no_rows_for_untouched_cells(window, days, opd_a, bkpsdm, employee_a):
    changed = services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[d.pk for d in days],
        mode=Mode.WFO,
        by=bkpsdm,
    )
    assert changed.changed == 0
    assert not Assignment.objects.exists()


def test_ineligible_staff_can_only_be_wfo_and_nothing_is_saved(
    window, days, opd_a, bkpsdm, employee_a, ineligible
):
    with pytest.raises(ValidationError) as error:
        services.assignments_set(
            opd=opd_a,
            window=window,
            employee_ids=[employee_a.pk, ineligible.pk],
            day_ids=[days[0].pk],
            mode=Mode.WFH,
            by=bkpsdm,
        )
    assert "Budi Santoso (Hukuman disiplin, tanpa batas akhir)" in error.value.messages[0]
    assert "hanya boleh WFO" in error.value.messages[0]
    assert not Assignment.objects.exists()


def test_a_mode_the_window_does_not_allow_is_refused(window, days, opd_a, bkpsdm, employee_a):
    window.allows_wfa = False
    window.save()
    with pytest.raises(ValidationError, match="WFA tidak diizinkan"):
        services.assignments_set(
            opd=opd_a,
            window=window,
            employee_ids=[employee_a.pk],
            day_ids=[days[0].pk],
            mode=Mode.WFA,
            by=bkpsdm,
        )
    assert not Assignment.objects.exists()


def test_another_opds_employee_or_day_is_refused(
    window, days, opd_a, bkpsdm, employee_a, employee_b
):
    with pytest.raises(ValidationError, match="tidak ditemukan di OPD ini"):
        services.assignments_set(
            opd=opd_a,
            window=window,
            employee_ids=[employee_a.pk, employee_b.pk],
            day_ids=[days[0].pk],
            mode=Mode.WFH,
            by=bkpsdm,
        )
    from schedules.models import FlexWindow

    other_day = FlexWindow.objects.get(slug="lebaran-2026").days.first()
    with pytest.raises(ValidationError, match="hari dari periode ini"):
        services.assignments_set(
            opd=opd_a,
            window=window,
            employee_ids=[employee_a.pk],
            day_ids=[other_day.pk],
            mode=Mode.WFH,
            by=bkpsdm,
        )
    assert not Assignment.objects.exists()


def test_a_stale_edit_names_who_changed_it_and_overwrites_nothing(
    window, days, opd_a, bkpsdm, head_a, employee_a
):
    seen = {(employee_a.pk, days[0].pk): 0}  # the page showed the default WFO
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        by=bkpsdm,
        expected_versions=seen,
    )
    with pytest.raises(services.StaleEdit) as error:
        services.assignments_set(
            opd=opd_a,
            window=window,
            employee_ids=[employee_a.pk],
            day_ids=[days[0].pk],
            mode=Mode.WFA,
            by=bkpsdm,
            expected_versions=seen,
        )
    assert "sudah diubah oleh Admin BKPSDM" in error.value.messages[0]
    assert "Siti Aminah" in error.value.messages[0]
    assert cell(employee_a, days[0]) == "WFH"


def test_copy_day_copies_each_employees_mode_and_place(
    window, days, opd_a, bkpsdm, puskesmas_staff
):
    nurse, other = puskesmas_staff["perawat"][0], puskesmas_staff["admin"][0]
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[nurse.pk],
        day_ids=[days[0].pk],
        mode=Mode.WFA,
        wfa_place="Prabumulih",
        by=bkpsdm,
    )
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[other.pk],
        day_ids=[days[1].pk],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    changed = services.assignments_copy_day(
        opd=opd_a,
        window=window,
        source_day_id=days[0].pk,
        target_day_ids=[days[1].pk, days[2].pk],
        employee_ids=[nurse.pk, other.pk],
        by=bkpsdm,
    )
    assert changed.changed == 3  # nurse x2 to WFA, the other back to WFO on day 2
    assert Assignment.objects.get(employee=nurse, day=days[2]).wfa_place == "Prabumulih"
    assert cell(other, days[1]) == "WFO"


def test_an_approved_plan_is_locked(window, days, opd_a, bkpsdm, head_a, employee_a):
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)
    for user in (bkpsdm, head_a):
        with pytest.raises(PermissionDenied, match="terkunci"):
            services.assignments_set(
                opd=opd_a,
                window=window,
                employee_ids=[employee_a.pk],
                day_ids=[days[0].pk],
                mode=Mode.WFH,
                by=user,
            )
    assert not Assignment.objects.exists()


def test_the_head_edits_only_while_the_plan_is_submitted(
    window, days, opd_a, head_a, head_b, employee_a
):
    kwargs = {
        "opd": opd_a,
        "window": window,
        "employee_ids": [employee_a.pk],
        "day_ids": [days[0].pk],
        "mode": Mode.WFH,
    }
    with pytest.raises(PermissionDenied, match="sedang diajukan"):
        services.assignments_set(by=head_a, **kwargs)
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.assignments_set(by=head_b, **kwargs)
    assert services.assignments_set(by=head_a, **kwargs).changed == 1


def test_bulk_set_of_many_cells_is_one_transaction(window, days, opd_a, bkpsdm, unit_a, ineligible):
    from tests.factories import EmployeeFactory

    staff = EmployeeFactory.create_batch(20, unit=unit_a)
    with pytest.raises(ValidationError):
        services.assignments_set(
            opd=opd_a,
            window=window,
            employee_ids=[e.pk for e in staff] + [ineligible.pk],
            day_ids=[d.pk for d in days],
            mode=Mode.WFH,
            by=bkpsdm,
        )
    assert not Assignment.objects.exists()
    changed = services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[e.pk for e in staff],
        day_ids=[d.pk for d in days],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    assert changed.changed == 100
    assert Assignment.history.count() == 100
