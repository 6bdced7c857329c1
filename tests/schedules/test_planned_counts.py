"""schedules.selectors.planned_counts: the one count of who is planned on site and who remote."""

import pytest

from opd.models import Opd
from schedules import coverage
from schedules.models import Assignment, Mode
from schedules.selectors import Counts, counts_from_tallies, opd_plan_rows, planned_counts
from tests.factories import EmployeeFactory, UnitFactory


def plan(employee, day, mode, place=""):
    Assignment.objects.create(employee=employee, day=day, mode=mode, wfa_place=place)


@pytest.fixture
def staff(unit_a):
    """Four active employees of unit_a and one who has left."""
    people = [EmployeeFactory(unit=unit_a, name=f"Pegawai {i}") for i in range(4)]
    EmployeeFactory(unit=unit_a, name="Pensiunan", is_active=False)
    return people


def test_no_assignment_row_counts_as_on_site(days, staff, unit_a):
    counts = planned_counts(days[:1])
    assert counts.unit_day(unit_a.pk, days[0].pk) == Counts(staff=4, wfh=0, wfa=0)
    assert counts[unit_a.pk, days[0].pk].wfo == 4


def test_a_wfo_row_counts_as_on_site_too(days, staff, unit_a):
    plan(staff[0], days[0], Mode.WFO)
    assert planned_counts(days[:1]).unit_day(unit_a.pk, days[0].pk).wfo == 4


def test_wfh_and_wfa_are_remote(days, staff, unit_a):
    plan(staff[0], days[0], Mode.WFH)
    plan(staff[1], days[0], Mode.WFA, "Lahat")
    plan(staff[2], days[0], Mode.WFA, "Prabumulih")
    counts = planned_counts(days[:1]).unit_day(unit_a.pk, days[0].pk)
    assert (counts.staff, counts.wfo, counts.wfh, counts.wfa) == (4, 1, 1, 2)


def test_inactive_staff_are_not_counted(days, staff, unit_a):
    gone = EmployeeFactory(unit=unit_a, name="Mutasi", is_active=False)
    plan(gone, days[0], Mode.WFH)  # a former employee's cell takes nobody off site
    counts = planned_counts(days[:1]).unit_day(unit_a.pk, days[0].pk)
    assert (counts.staff, counts.wfo, counts.wfh) == (4, 4, 0)


def test_several_units_and_days(days, staff, unit_a, unit_b, employee_b):
    empty = UnitFactory(opd=unit_a.opd, code="kosong", name="Unit tanpa pegawai")
    plan(staff[0], days[0], Mode.WFH)
    plan(staff[0], days[1], Mode.WFA, "Lahat")
    plan(staff[1], days[1], Mode.WFH)
    plan(employee_b, days[1], Mode.WFH)
    counts = planned_counts(days[:2])
    assert counts.unit_day(unit_a.pk, days[0].pk) == Counts(4, 1, 0)
    assert counts.unit_day(unit_a.pk, days[1].pk) == Counts(4, 1, 1)
    assert counts.unit_day(unit_b.pk, days[0].pk) == Counts(1, 0, 0)
    assert counts.unit_day(unit_b.pk, days[1].pk).wfo == 0
    assert counts.unit_day(empty.pk, days[0].pk) == Counts()  # no staff: zeros
    assert counts.total([unit_a.pk, unit_b.pk, empty.pk], days[1].pk) == Counts(5, 2, 1)
    assert (unit_a.pk, days[2].pk) not in counts.remote  # a day not asked for


def test_days_outside_the_question_are_left_out(days, staff, unit_a):
    plan(staff[0], days[1], Mode.WFH)
    assert planned_counts(days[:1]).unit_day(unit_a.pk, days[1].pk).wfh == 0


def test_scope_by_units_and_by_opd(days, staff, unit_a, unit_b, employee_b, opd_b):
    plan(employee_b, days[0], Mode.WFH)
    by_units = planned_counts(days[:1], unit_ids=[unit_a.pk])
    assert set(by_units.staff) == {unit_a.pk} and by_units.remote == {}
    by_opd = planned_counts(days[:1], opd=opd_b)
    assert by_opd.staff == {unit_b.pk: 1}
    assert by_opd.remote == {(unit_b.pk, days[0].pk): {Mode.WFH: 1}}


def test_the_coverage_tallies_give_the_same_counts(window, days, staff, unit_a, employee_b):
    plan(staff[0], days[0], Mode.WFH)
    plan(staff[1], days[0], Mode.WFA, "Lahat")
    plan(employee_b, days[1], Mode.WFH)
    direct = planned_counts(days)
    tallied = counts_from_tallies(coverage.tally_window(window, days))
    assert tallied.staff == direct.staff
    assert tallied.remote == direct.remote


@pytest.mark.parametrize("size", [1, 30])
def test_planned_counts_runs_three_queries_whatever_the_size(
    django_assert_num_queries, days, unit_a, size
):
    people = [EmployeeFactory(unit=unit_a, name=f"Pegawai {i}") for i in range(size)]
    for person in people:
        plan(person, days[0], Mode.WFH)
    with django_assert_num_queries(3):  # staff, remote cells, absences
        # 1. active staff per unit; 2. remote cells per unit, day and mode.
        counts = planned_counts(days)
        counts.total([unit_a.pk], days[0].pk)  # reading the counts runs no query
    assert counts.unit_day(unit_a.pk, days[0].pk).wfh == size


def test_the_plan_list_counts_remote_cells_of_active_staff_only(window, days, staff, unit_a):
    plan(staff[0], days[0], Mode.WFH)
    plan(staff[1], days[1], Mode.WFA, "Lahat")
    gone = EmployeeFactory(unit=unit_a, name="Mutasi", is_active=False)
    plan(gone, days[0], Mode.WFH)  # the staff column leaves them out, so does the remote one
    (row,) = opd_plan_rows(window, Opd.objects.filter(pk=unit_a.opd_id))
    assert (row["opd"].staff, row["remote"], row["status"], row["plan"]) == (4, 2, "draft", None)
