"""attendance.summary: the figures the monitor, the weekly summary and the reports app read."""

import pytest

from attendance import summary
from attendance.models import Flag, ReportStatus
from schedules.models import Assignment, Mode
from tests.attendance.conftest import make_check_in, make_report
from tests.factories import EmployeeFactory


@pytest.fixture
def staff(unit_a, employee_a):
    """Puskesmas Makrayu: employee_a plus three nurses and one inactive former employee."""
    others = [EmployeeFactory(unit=unit_a, name=f"Perawat {i}") for i in range(3)]
    EmployeeFactory(unit=unit_a, name="Pensiunan", is_active=False)
    return [employee_a, *others]


def test_unit_day_figures_count_plan_check_ins_flags_and_reports(
    today_window, today, staff, unit_a, unit_b, employee_b, opd_a
):
    a, b, c, d = staff
    Assignment.objects.create(employee=b, day=today, mode=Mode.WFH)
    Assignment.objects.create(employee=c, day=today, mode=Mode.WFA, wfa_place="Lahat")
    make_check_in(a, today)
    make_check_in(b, today, planned=Mode.WFH, mode=Mode.WFO, flags=[Flag.MODE_MISMATCH])
    make_check_in(c, today, planned=Mode.WFA, mode=Mode.WFA, flags=[Flag.NO_LOCATION])
    make_report(a, today, status=ReportStatus.ACCEPTED)
    make_report(b, today)
    make_check_in(employee_b, today, flags=[Flag.OUTSIDE_RADIUS])

    figures = summary.unit_day_figures(today_window, today)
    assert figures[unit_a.pk] | {"flags": None} == {
        "staff": 4,
        "planned_onsite": 2,
        "planned_wfh": 1,
        "planned_wfa": 1,
        "away": 0,
        "checked_in": 3,
        "checked_in_onsite": 2,
        "flagged": 2,
        "flags": None,
        "not_yet": 1,
        "reports_filed": 2,
        "reports_accepted": 1,
        "reports_waiting": 1,
        "reports_returned": 0,
    }
    assert figures[unit_a.pk]["flags"] == {
        "outside_radius": 0,
        "no_location": 1,
        "mode_mismatch": 1,
        **{k: 0 for k in figures[unit_a.pk]["flags"] if k not in Flag.values[:3]},
    }
    assert figures[unit_b.pk]["flags"]["outside_radius"] == 1
    assert set(summary.unit_day_figures(today_window, today, opd=opd_a)) == {unit_a.pk}


def test_opd_figures_over_the_window_and_per_day(
    today_window, today, yesterday, staff, opd_a, opd_b, employee_b
):
    for employee in staff:
        make_check_in(employee, yesterday)
    make_check_in(staff[0], today, flags=[Flag.NO_LOCATION])
    make_report(staff[0], today, status=ReportStatus.ACCEPTED)
    make_report(staff[1], yesterday)

    window = summary.opd_window_figures(today_window)
    assert window[opd_a.pk]["staff_days"] == 8
    assert window[opd_a.pk]["checked_in"] == 5
    assert window[opd_a.pk]["compliance"] == pytest.approx(5 / 8)
    assert window[opd_a.pk]["flagged"] == 1
    assert (window[opd_a.pk]["reports_filed"], window[opd_a.pk]["reports_accepted"]) == (2, 1)
    assert window[opd_b.pk]["compliance"] == 0.0 and window[opd_b.pk]["staff_days"] == 2

    day = summary.opd_day_figures(today_window, today, opd=opd_a)
    assert list(day) == [opd_a.pk]
    assert day[opd_a.pk]["staff_days"] == 4 and day[opd_a.pk]["checked_in"] == 1
    assert day[opd_a.pk]["compliance"] == pytest.approx(0.25)


def test_no_staff_means_zero_compliance(today_window, today, opd_a):
    assert summary.opd_window_figures(today_window, opd=opd_a)[opd_a.pk]["compliance"] == 0.0


@pytest.mark.parametrize("size", [1, 50])
def test_the_figures_run_a_fixed_number_of_queries(
    django_assert_num_queries, today_window, today, unit_a, size
):
    for i in range(size):
        employee = EmployeeFactory(unit=unit_a)
        make_check_in(employee, today, flags=[Flag.NO_LOCATION] if i % 2 else [])
        make_report(employee, today)
    with django_assert_num_queries(5):
        # 1. units with their active staff; 2. remote cells per unit and mode and 3. the staff
        # away (the one on-site count, schedules.selectors); 4. check-ins per unit; 5. reports.
        summary.unit_day_figures(today_window, today)
    with django_assert_num_queries(5):
        # 1. the window's days; 2. OPDs with their active staff; 3. the staff-days away (not
        # expected to check in); 4. check-ins; 5. reports.
        summary.opd_window_figures(today_window)
    with django_assert_num_queries(4):
        # 1. OPDs with their active staff; 2. the staff away; 3. check-ins; 4. reports.
        summary.opd_day_figures(today_window, today)
    away = summary.away_days([today], None)
    with django_assert_num_queries(3):  # the days away read beforehand (the workbook does)
        summary.opd_day_figures(today_window, today, away=away)


def test_a_day_of_another_window_is_refused(window, today_window, today):
    with pytest.raises(ValueError):
        summary.unit_day_figures(window, today)


def test_the_weeks_add_up_to_the_window(window, unit_a, employee_a, employee_b, opd_a, opd_b):
    monday, tuesday, *_, april_8 = window.days.all()
    make_check_in(employee_a, monday, flags=[Flag.NO_LOCATION])
    make_check_in(employee_a, april_8)
    make_check_in(employee_b, tuesday)
    make_report(employee_a, april_8, status=ReportStatus.ACCEPTED)
    weeks = summary.opd_week_figures(window)
    assert [w.isoformat() for w in weeks] == ["2025-03-24", "2025-04-07"]
    assert weeks[summary.week_of(monday.date)][opd_a.pk]["staff_days"] == 4
    assert weeks[summary.week_of(april_8.date)][opd_a.pk]["reports_accepted"] == 1
    assert summary.add_up_weeks(weeks) == summary.opd_window_figures(window)
