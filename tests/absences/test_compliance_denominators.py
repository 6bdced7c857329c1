"""The absent are not expected to check in: compliance (check-ins over those expected) leaves the
staff-days away on approved leave, travel or training out of its denominator, in the monitor,
the figures the workbook and the weekly page read, and the dashboards."""

import pytest

from absences.models import Absence, AbsenceKind, AbsenceStatus
from attendance import summary
from tests.attendance.conftest import make_check_in
from tests.factories import EmployeeFactory


@pytest.fixture
def five(unit_a):
    return EmployeeFactory.create_batch(5, unit=unit_a)


def away(employee, day, status=AbsenceStatus.APPROVED):
    return Absence.objects.create(
        employee=employee, kind=AbsenceKind.ANNUAL, start_date=day, end_date=day, status=status
    )


def test_a_day_with_one_on_leave_expects_the_others_only(today_window, today, five, opd_a):
    away(five[0], today.date)
    away(five[1], today.date, status=AbsenceStatus.REQUESTED)  # not approved: still expected
    for employee in five[1:]:
        make_check_in(employee, today)
    day = summary.opd_day_figures(today_window, today, opd=opd_a)[opd_a.pk]
    assert (day["staff"], day["away_days"], day["staff_days"]) == (5, 1, 4)
    assert day["compliance"] == 1.0  # everyone expected checked in
    window = summary.opd_window_figures(today_window, opd=opd_a)[opd_a.pk]
    assert (window["staff_days"], window["compliance"]) == (4, 1.0)
    weeks = summary.opd_week_figures(today_window, opd=opd_a)
    [week] = weeks.values()
    assert week[opd_a.pk]["staff_days"] == 4
    assert summary.add_up_weeks(weeks)[opd_a.pk]["staff_days"] == 4


def test_the_city_monitor_and_the_dashboard_count_the_absent_out(
    login,
    bkpsdm,
    head_a,
    today_window,
    today,
    five,
    opd_a,
):
    away(five[0], today.date)
    for employee in five[1:]:
        make_check_in(employee, today)
    page = login(bkpsdm).get("/pantauan/", {"hari": today.pk})
    totals = page.context["totals"]
    assert totals["staff_days"] == 4 and totals["compliance"] == 1.0
    row = next(r for r in page.context["rows"] if r["opd"] == opd_a)
    assert row["compliance"] == 1.0
