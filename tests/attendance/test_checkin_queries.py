"""The check-in peak: a POST costs a fixed, small number of statements, and taps that race
still make one check-in.

Every ASN checks in within the same morning hour (about 2,600 a second nationally), so each
statement of this path is paid thousands of times a second. The pins name every statement.
"""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from attendance import services
from attendance.models import CheckIn
from attendance.selectors import check_in_day
from schedules.models import Assignment, Mode
from tests.attendance.conftest import make_check_in
from tests.attendance.test_checkin import CHECK_IN, OFFICE
from tests.factories import UserFactory

# The statements every signed-in POST pays before the view runs.
SESSION = 1  # django_session row
USER = 1  # opd_user row (AuthenticationMiddleware)
# The check-in itself: the employee with the unit (for the office radius), today's day with its
# window, the employee's plan and any earlier check-in of the date (one SELECT with a subquery);
# one INSERT … ON CONFLICT DO NOTHING, with no transaction or savepoint around it.
DAY = 1
INSERT = 1
# In production the kept connection's health check (CONN_HEALTH_CHECKS) pings once per request
# before the session read, outside Django's query log: 5 round trips in all, under the limit of 6.
CHECK_IN_POST = SESSION + USER + DAY + INSERT


@pytest.fixture
def nurse(login, employee_user):
    return login(employee_user)


def test_a_check_in_post_costs_four_statements(nurse, today, employee_a, django_assert_num_queries):
    assert CHECK_IN_POST + 1 <= 6  # with the health check's ping
    with django_assert_num_queries(CHECK_IN_POST):
        response = nurse.post(CHECK_IN, {"mode": "WFO", "day": today.pk, **OFFICE})
    assert response.status_code == 302
    assert CheckIn.objects.get(employee=employee_a).flags == []


def test_a_planned_wfa_costs_the_same(nurse, today, employee_a, django_assert_num_queries):
    Assignment.objects.create(employee=employee_a, day=today, mode=Mode.WFA, wfa_place="Lahat")
    with django_assert_num_queries(CHECK_IN_POST):
        nurse.post(CHECK_IN, {"mode": "WFA", "place": "Lahat", "day": today.pk, **OFFICE})
    check_in = CheckIn.objects.get(employee=employee_a)
    assert (check_in.planned_mode, check_in.planned_place, check_in.flags) == ("WFA", "Lahat", [])


def test_a_second_post_is_refused_before_any_write(
    nurse, today, employee_a, django_assert_num_queries
):
    make_check_in(employee_a, today)
    with django_assert_num_queries(SESSION + USER + DAY):
        response = nurse.post(CHECK_IN, {"mode": "WFO", "day": today.pk, **OFFICE})
    assert response.status_code == 302
    assert CheckIn.objects.filter(employee=employee_a).count() == 1


def test_naming_someone_else_costs_one_more_read_and_writes_nothing(
    nurse, today, employee_a, employee_b, django_assert_num_queries
):
    with django_assert_num_queries(SESSION + USER + 1):  # the user's own NIP, to compare
        response = nurse.post(CHECK_IN, {"mode": "WFO", "day": today.pk, "nip": employee_b.nip})
    assert response.status_code == 302
    assert not CheckIn.objects.exists()


def test_a_tap_that_lost_the_race_is_refused_with_the_usual_message(
    employee_user, today, employee_a
):
    """The earlier check-in is read with the day; one made after that read loses on the
    constraint, in the same statement, and the employee reads the same refusal."""
    read = check_in_day(employee_id=employee_a.pk)  # read before the other tap's row exists
    make_check_in(employee_a, today)
    with pytest.raises(services.Refused, match="Anda sudah presensi masuk hari ini"):
        services.check_in_record(user=employee_user, mode="WFO", day_id=today.pk, today=read)
    assert CheckIn.objects.filter(employee=employee_a).count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="concurrent connections need PostgreSQL (SQLite serialises whole-database writes)",
)
@pytest.mark.django_db(transaction=True)
def test_double_taps_on_separate_connections_make_one_check_in(today, employee_a):
    user = UserFactory(employee=employee_a)
    clients = [Client() for _ in range(4)]
    for client in clients:
        client.force_login(user)
    start = threading.Barrier(len(clients))
    statuses = []

    def tap(client):
        try:
            start.wait()
            response = client.post(CHECK_IN, {"mode": "WFO", "day": today.pk, **OFFICE})
            statuses.append(response.status_code)
        finally:
            connection.close()

    for _ in range(10):
        CheckIn.objects.all().delete()
        threads = [threading.Thread(target=tap, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert CheckIn.objects.filter(employee=employee_a).count() == 1
    assert statuses == [302] * 40
