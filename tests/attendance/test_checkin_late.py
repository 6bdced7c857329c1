"""Time flexibility at check-in: after the shift's start, or after the latest start of the
dynamic band, the check-in is accepted and flagged "terlambat"; the peak path stays at 5."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from attendance.models import CheckIn, Flag
from schedules.models import WorkingHours
from tests.attendance.test_checkin import CHECK_IN, OFFICE
from tests.attendance.test_checkin_queries import CHECK_IN_POST

JAKARTA = ZoneInfo("Asia/Jakarta")


def at(hour, minute):
    return pytest.mark.time_machine(datetime(2026, 3, 16, hour, minute, tzinfo=JAKARTA), tick=False)


@pytest.fixture
def nurse(login, employee_user):
    return login(employee_user)


@pytest.fixture
def shift(today, employee_a):
    return WorkingHours.objects.create(
        employee=employee_a, day=today, kind="shift", start_minute=420, end_minute=930
    )


@pytest.fixture
def dynamic(today, employee_a):
    return WorkingHours.objects.create(
        employee=employee_a,
        day=today,
        kind="dynamic",
        start_minute=360,
        end_minute=1080,
        required_minutes=450,
    )


def flags_after_post(client, today, employee):
    response = client.post(CHECK_IN, {"mode": "WFO", "day": today.pk, **OFFICE}, follow=True)
    return CheckIn.objects.get(employee=employee).flags, response.content.decode()


@at(7, 45)
def test_after_the_shift_start_is_flagged_late_with_the_reason(nurse, today, employee_a, shift):
    flags, page = flags_after_post(nurse, today, employee_a)
    assert flags == [Flag.LATE]
    assert "terlambat dari jam kerja (shift/jam dinamis)" in page


@at(7, 0)
def test_at_the_shift_start_is_on_time(nurse, today, employee_a, shift):
    assert flags_after_post(nurse, today, employee_a)[0] == []


@at(10, 30)
def test_dynamic_hours_allow_arriving_until_the_latest_start(nurse, today, employee_a, dynamic):
    assert flags_after_post(nurse, today, employee_a)[0] == []  # 18.00 - 7,5 jam = 10.30


@at(10, 31)
def test_dynamic_hours_flag_arriving_after_the_latest_start(nurse, today, employee_a, dynamic):
    assert flags_after_post(nurse, today, employee_a)[0] == [Flag.LATE]


@at(9, 0)
def test_without_working_hours_nobody_is_late(nurse, today, employee_a):
    assert flags_after_post(nurse, today, employee_a)[0] == []


@at(7, 45)
def test_the_hours_cost_no_extra_statement(
    nurse, today, employee_a, shift, django_assert_num_queries
):
    with django_assert_num_queries(CHECK_IN_POST):
        nurse.post(CHECK_IN, {"mode": "WFO", "day": today.pk, **OFFICE})
    assert CheckIn.objects.get(employee=employee_a).flags == [Flag.LATE]


# --- check-out against the hours ------------------------------------------------------------


def check_in_then_out(client, today, employee, time_machine, arrive, leave):
    time_machine.move_to(datetime(2026, 3, 16, *arrive, tzinfo=JAKARTA), tick=False)
    client.post(CHECK_IN, {"mode": "WFO", "day": today.pk, **OFFICE})
    time_machine.move_to(datetime(2026, 3, 16, *leave, tzinfo=JAKARTA), tick=False)
    page = client.post("/presensi/pulang/", follow=True).content.decode()
    check_in = CheckIn.objects.get(employee=employee)
    assert check_in.checked_out_at is not None
    early = "dengan tanda: pulang sebelum jam kerja selesai (shift/jam dinamis)" in page
    assert early == (Flag.EARLY_LEAVE in check_in.flags)
    return check_in.flags


@at(6, 0)  # the day the fixtures are made on
def test_leaving_before_the_shift_ends_is_flagged(nurse, today, employee_a, shift, time_machine):
    assert check_in_then_out(nurse, today, employee_a, time_machine, (7, 0), (15, 0)) == [
        Flag.EARLY_LEAVE
    ]


@at(6, 0)  # the day the fixtures are made on
def test_leaving_at_the_shift_end_is_not_flagged(nurse, today, employee_a, shift, time_machine):
    assert check_in_then_out(nurse, today, employee_a, time_machine, (7, 0), (15, 30)) == []


@at(6, 0)  # the day the fixtures are made on
def test_dynamic_hours_count_the_required_hours_from_arrival(
    nurse, today, employee_a, dynamic, time_machine
):
    # In at 08.00 with 7,5 hours required: out at 15.29 is early, 15.30 is not.
    assert check_in_then_out(nurse, today, employee_a, time_machine, (8, 0), (15, 29)) == [
        Flag.EARLY_LEAVE
    ]


@at(6, 0)  # the day the fixtures are made on
def test_dynamic_hours_done_at_the_required_time(nurse, today, employee_a, dynamic, time_machine):
    assert check_in_then_out(nurse, today, employee_a, time_machine, (8, 0), (15, 30)) == []


@at(6, 0)  # the day the fixtures are made on
def test_late_and_early_both_show(nurse, today, employee_a, shift, time_machine):
    flags = check_in_then_out(nurse, today, employee_a, time_machine, (7, 30), (12, 0))
    assert flags == [Flag.LATE, Flag.EARLY_LEAVE]
