"""An approved absence takes its person off site in every count: the coverage engine, the plan's
counts (dashboards, workbook, monitor, public service page) and the remote cells."""

from datetime import date

import pytest

from absences.models import AbsenceStatus
from schedules import coverage
from schedules.models import Assignment, Mode
from schedules.selectors import counts_from_tallies, planned_counts

pytestmark = pytest.mark.django_db


def shortfalls(window):
    return [
        (c.unit.code, c.day.date.isoformat(), c.rule.name, c.required, c.planned)
        for c in coverage.compute(window).violations
    ]


def test_a_doctor_on_leave_leaves_the_puskesmas_short(window, days, puskesmas_staff, make_absence):
    make_absence(puskesmas_staff["dokter"], days[0].date)
    assert shortfalls(window) == [
        ("pkm-makrayu", "2025-03-24", "Puskesmas: minimal 1 dokter di tempat", 1, 0)
    ]


@pytest.mark.parametrize("status", [AbsenceStatus.REQUESTED, AbsenceStatus.REJECTED])
def test_an_absence_not_approved_counts_nowhere(
    window, days, puskesmas_staff, make_absence, status
):
    make_absence(puskesmas_staff["dokter"], days[0].date, status=status)
    assert shortfalls(window) == []


def test_a_remote_cell_on_a_day_away_is_not_counted_twice(
    window, days, unit_a, puskesmas_staff, make_absence
):
    nurse = puskesmas_staff["perawat"][0]
    Assignment.objects.create(employee=nurse, day=days[0], mode=Mode.WFH)
    make_absence(nurse, days[0].date)
    counts = planned_counts(days[:1]).unit_day(unit_a.pk, days[0].pk)
    assert (counts.staff, counts.wfh, counts.away, counts.wfo) == (10, 0, 1, 9)


def test_the_counts_agree_with_the_coverage_tallies(
    window, days, unit_a, puskesmas_staff, make_absence
):
    make_absence(puskesmas_staff["bidan"], days[0].date, days[2].date)
    Assignment.objects.create(employee=puskesmas_staff["admin"][0], day=days[1], mode=Mode.WFH)
    direct = planned_counts(days)
    tallied = counts_from_tallies(coverage.tally_window(window, days))
    for day in days:
        assert direct.unit_day(unit_a.pk, day.pk) == tallied.unit_day(unit_a.pk, day.pk)
    assert [direct.unit_day(unit_a.pk, d.pk).away for d in days[:4]] == [1, 1, 1, 0]


def test_an_absence_of_an_inactive_employee_counts_nowhere(
    window, days, unit_a, puskesmas_staff, make_absence
):
    doctor = puskesmas_staff["dokter"]
    make_absence(doctor, days[0].date)
    doctor.is_active = False
    doctor.save()
    assert planned_counts(days[:1]).unit_day(unit_a.pk, days[0].pk).away == 0


def test_the_engine_tells_what_a_requested_absence_would_do(
    window, days, puskesmas_staff, make_absence
):
    asked = make_absence(puskesmas_staff["dokter"], days[0].date, status=AbsenceStatus.REQUESTED)
    found = coverage.compute(window, days=days[:1], also_away=[asked]).violations
    assert [(c.rule.name, c.shortfall) for c in found] == [
        ("Puskesmas: minimal 1 dokter di tempat", 1)
    ]
    assert coverage.compute(window, days=days[:1]).violations == []


def test_a_day_outside_every_window_still_counts_when_a_window_gets_it(
    window, days, unit_a, puskesmas_staff, make_absence
):
    from schedules.models import WindowDay

    make_absence(puskesmas_staff["dokter"], date(2025, 5, 5))
    added = WindowDay.objects.create(window=window, date=date(2025, 5, 5))
    assert planned_counts([added]).unit_day(unit_a.pk, added.pk).away == 1
