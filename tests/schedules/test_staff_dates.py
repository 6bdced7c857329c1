"""Staff changes take effect from a date (#25): each day of a window counts the staff as they
were that day, and a window that ended before the change is never re-checked or reopened.

Lebaran 2025 (24 to 27 March and 8 April 2025) ended long before the tests' today (25 November
2026); Puskesmas Makrayu must keep 2 nurses or midwives on site, and has 3 nurses and a midwife.
"""

from datetime import date

import pytest

from opd.models import Employee
from opd.services import employee_save
from schedules import coverage, services
from schedules.models import Mode, PlanStatus

NURSE_RULE = "Puskesmas: minimal 2 perawat atau bidan di tempat"


@pytest.fixture
def approved(window, opd_a, bkpsdm, head_a, puskesmas_staff):
    """Dinkes's plan, approved with two nurses at home every day: one nurse and the midwife on
    site, exactly the minimum."""
    nurses = puskesmas_staff["perawat"][:2]
    services.assignments_set(
        opd=opd_a, window=window, employee_ids=[n.pk for n in nurses],
        day_ids=[d.pk for d in window.days.all()], mode=Mode.WFH, by=bkpsdm,
    )  # fmt: skip
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    return services.plan_approve(plan=plan, by=head_a)


def short_days(window, opd):
    return sorted(
        c.day.date
        for c in coverage.compute(window, opd=opd).violations
        if c.rule.name == NURSE_RULE
    )


def test_a_resignation_today_leaves_the_past_windows_plan_as_approved(
    approved, bkpsdm, puskesmas_staff, window, opd_a
):
    """What the demo showed: the nurse who resigns today reopened Lebaran 2025's plan."""
    nurse = puskesmas_staff["perawat"][2]
    nurse.is_active = False
    assert employee_save(employee=nurse, by=bkpsdm) == []
    approved.refresh_from_db()
    assert approved.status == PlanStatus.APPROVED
    assert Employee.objects.get(pk=nurse.pk).left_on == date(2026, 11, 25)
    assert short_days(window, opd_a) == []  # every day of the window counts her still


def test_a_resignation_within_the_window_counts_her_until_the_day_before(
    approved, bkpsdm, puskesmas_staff, window, opd_a
):
    nurse = puskesmas_staff["perawat"][2]
    nurse.is_active = False
    [sent] = employee_save(employee=nurse, by=bkpsdm, effective_on=date(2025, 3, 26))
    assert sent.was_approved
    approved.refresh_from_db()
    assert approved.status == PlanStatus.REVIEW
    assert ", berlaku 26 Maret 2025" in approved.note
    assert short_days(window, opd_a) == [
        date(2025, 3, 26),
        date(2025, 3, 27),
        date(2025, 4, 8),
    ]
    # Back at work: counted every day again.
    nurse.is_active = True
    employee_save(employee=nurse, by=bkpsdm)
    assert Employee.objects.get(pk=nurse.pk).left_on is None
    assert short_days(window, opd_a) == []


def test_a_move_counts_the_old_unit_before_it_and_the_new_one_from_it(
    approved, bkpsdm, puskesmas_staff, window, opd_a, unit_a, unit_b
):
    """A nurse planned at home moves to Dishub from 8 April: on the March days she is still a
    Puskesmas nurse at home (so her colleague's leaving shows nothing new), and her remote
    cells count there, not in the Dishub bidang."""
    away = puskesmas_staff["perawat"][0]
    away.unit = unit_b
    employee_save(employee=away, by=bkpsdm, effective_on=date(2025, 4, 8))
    moved = Employee.objects.get(pk=away.pk)
    assert (moved.previous_unit, moved.moved_on) == (unit_a, date(2025, 4, 8))
    assert short_days(window, opd_a) == []
    tallies = coverage.tally_window(window, list(window.days.all()))
    march, april = window.days.get(date=date(2025, 3, 24)), window.days.get(date=date(2025, 4, 8))
    rule = next(r for r in tallies.rules if r.name == NURSE_RULE)
    assert tallies.staff_matching(unit_a.pk, rule, march.pk) == 4
    assert tallies.staff_matching(unit_a.pk, rule, april.pk) == 3
    assert tallies.remote_matching(unit_a.pk, march.pk, rule) == 2
    assert tallies.remote_matching(unit_a.pk, april.pk, rule) == 1
    result = coverage.compute(window, unit_ids=[unit_b.pk])
    planned = {(c.day.date, c.staff, c.planned) for c in result.checks}
    assert (date(2025, 3, 24), 0, 0) in planned and (date(2025, 4, 8), 1, 0) in planned


def test_the_admin_dates_a_resignation(client, bkpsdm, puskesmas_staff):
    bkpsdm.is_staff = bkpsdm.is_superuser = True
    bkpsdm.save()
    client.force_login(bkpsdm)
    nurse = puskesmas_staff["perawat"][2]
    data = {
        "nip": nurse.nip, "name": nurse.name, "asn_type": nurse.asn_type,
        "golongan": nurse.golongan, "position_type": nurse.position_type,
        "position_name": nurse.position_name, "unit": nurse.unit_id,
        "effective_on": "2025-03-25",
    }  # fmt: skip
    page = client.get(f"/admin/opd/employee/{nurse.pk}/change/").content.decode()
    assert "Perubahan berlaku mulai" in page
    response = client.post(f"/admin/opd/employee/{nurse.pk}/change/", data)
    assert response.status_code == 302
    nurse.refresh_from_db()
    assert (nurse.is_active, nurse.left_on) == (False, date(2025, 3, 25))
