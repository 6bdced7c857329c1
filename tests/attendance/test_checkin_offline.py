"""Check-ins stored on the phone without network and sent later (attendance/services/queued.py).

A queued tap is recorded once whatever happens to it on the way: replayed ten times, replayed
after its token expired, sent with another's token, a forged one, a time in the future or a
location of 5 km accuracy. Each gives one record or a clear refusal, never two and never a 500.
"""

import json
import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance.models import CheckIn, Flag
from attendance.services import queued
from tests.factories import UserFactory

SEND = "/presensi/kirim/"
PAGE = "/presensi/"
OFFICE = {"latitude": "-3.000032", "longitude": "104.744295", "accuracy": "12"}


@pytest.fixture
def nurse(login, employee_user):
    return login(employee_user)


def token_of(client) -> str:
    """The token the check-in page gives the phone, read from the page as the script reads it."""
    page = client.get(PAGE).content.decode()
    return re.search(r'data-token="([^"]+)"', page).group(1)


def tap(token, *, at=None, key=None, **fields):
    at = at or timezone.now()
    return {
        "key": str(key or uuid.uuid4()),
        "token": token,
        "device_at": at.isoformat(),
        "mode": "WFO",
        **OFFICE,
        **fields,
    }


def send(client, payload):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(SEND, body, content_type="application/json")


def test_a_tap_sent_at_once_is_recorded_at_the_servers_time(nurse, today, employee_a):
    response = send(nurse, tap(token_of(nurse)))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok" and response.json()["replay"] is False
    check_in = CheckIn.objects.get(employee=employee_a)
    assert check_in.flags == [] and check_in.idempotency_key is not None
    assert abs(check_in.checked_in_at - timezone.now()) < timedelta(seconds=10)
    assert "Sudah presensi masuk" in nurse.get(PAGE).content.decode()


def test_a_tap_held_on_the_phone_keeps_its_time_and_is_flagged(
    nurse, today, employee_a, time_machine
):
    token = token_of(nurse)
    tapped = timezone.now() + timedelta(minutes=1)
    time_machine.move_to(timezone.now() + timedelta(hours=2), tick=True)
    response = send(nurse, tap(token, at=tapped))
    assert response.status_code == 200, response.content
    check_in = CheckIn.objects.get(employee=employee_a)
    assert check_in.checked_in_at == tapped == check_in.device_at
    assert check_in.received_at - tapped > timedelta(hours=1)
    assert check_in.flags == [Flag.DELAYED]
    assert "terkirim tertunda" in response.json()["message"]


def test_ten_replays_make_one_check_in(nurse, today, employee_a):
    payload = tap(token_of(nurse))
    answers = [send(nurse, payload) for _ in range(10)]
    assert [a.status_code for a in answers] == [200] * 10
    assert [a.json()["replay"] for a in answers] == [False] + [True] * 9
    assert CheckIn.objects.filter(employee=employee_a).count() == 1


def test_a_replay_after_the_token_expired_finds_the_record(
    nurse, today, employee_a, employee_user, time_machine, settings
):
    payload = tap(token_of(nurse))
    assert send(nurse, payload).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(hours=settings.WFA_OFFLINE_CHECKIN_HOURS + 1))
    nurse.force_login(employee_user)  # the session (10 hours) ended too: signed in again
    again = send(nurse, payload)
    assert again.status_code == 200 and again.json()["replay"] is True
    assert CheckIn.objects.filter(employee=employee_a).count() == 1


def test_a_tap_older_than_the_bound_is_refused(nurse, today, employee_user, time_machine, settings):
    token = token_of(nurse)
    tapped = timezone.now() + timedelta(minutes=5)
    time_machine.move_to(timezone.now() + timedelta(hours=settings.WFA_OFFLINE_CHECKIN_HOURS + 1))
    nurse.force_login(employee_user)
    response = send(nurse, tap(token, at=tapped))
    assert response.status_code == 410
    assert "tidak dapat diterima lagi" in response.json()["message"]
    assert not CheckIn.objects.exists()


def test_another_employees_token_is_refused(login, today, employee_a, employee_b, employee_user):
    other = UserFactory(username="pegawai-b", employee=employee_b)
    token = token_of(login(employee_user))
    response = send(login(other), tap(token))
    assert response.status_code == 403
    assert "bukan milik akun" in response.json()["message"]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "token",
    ["", "abc", "eyJ1IjoxfQ:1tZ9:forged", "x" * 300],
)
def test_a_forged_token_is_refused(nurse, today, token):
    response = send(nurse, tap(token))
    assert response.status_code == 400
    assert "Token presensi tidak sah" in response.json()["message"]
    assert not CheckIn.objects.exists()


def test_a_tap_in_the_future_is_refused(nurse, today):
    response = send(nurse, tap(token_of(nurse), at=timezone.now() + timedelta(minutes=30)))
    assert response.status_code == 400
    assert "masa depan" in response.json()["message"]
    assert not CheckIn.objects.exists()


def test_a_tap_before_the_page_was_loaded_is_refused(nurse, today):
    response = send(nurse, tap(token_of(nurse), at=timezone.now() - timedelta(hours=1)))
    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_a_location_of_5_km_accuracy_gives_one_record(nurse, today, employee_a):
    response = send(nurse, tap(token_of(nurse), accuracy="5000"))
    assert response.status_code == 200
    assert CheckIn.objects.get(employee=employee_a).accuracy_m == 5000


def test_naming_someone_else_is_refused(nurse, today, employee_b):
    response = send(nurse, tap(token_of(nurse), nip=employee_b.nip))
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["", "{", "[]", '"x"', json.dumps({"key": "not-a-uuid", "mode": "WFO"})],
)
def test_a_body_that_does_not_read_is_refused(nurse, today, body):
    response = send(nurse, body)
    assert response.status_code == 400
    assert response.json()["status"] == "refused"
    assert not CheckIn.objects.exists()


def test_an_oversized_body_is_refused(nurse, today):
    response = send(nurse, tap(token_of(nurse), place="x" * 5000))
    assert response.status_code == 413
    assert not CheckIn.objects.exists()


def test_a_second_tap_of_the_day_is_refused_with_the_first_time(nurse, today, employee_a):
    token = token_of(nurse)
    assert send(nurse, tap(token)).status_code == 200
    response = send(nurse, tap(token))
    assert response.status_code == 409
    assert "sudah presensi masuk" in response.json()["message"]
    assert CheckIn.objects.filter(employee=employee_a).count() == 1


def test_signed_out_the_phone_keeps_the_tap(client, today):
    response = send(client, tap("whatever"))
    assert response.status_code == 401 and response.json()["status"] == "login"


def test_the_token_of_yesterdays_page_is_refused_today(
    nurse, employee_user, today, yesterday, time_machine
):
    """A page kept on the phone from yesterday holds yesterday's token: a tap made with it today
    falls on another day than the page's and is refused, never counted for yesterday."""
    time_machine.move_to(timezone.now() - timedelta(days=1), tick=True)
    token = queued.offline_token(user=employee_user, day_id=yesterday.pk)
    time_machine.move_to(timezone.now() + timedelta(days=1, minutes=1), tick=True)
    response = send(nurse, tap(token))
    assert response.status_code in (409, 410)
    assert not CheckIn.objects.exists()


def test_the_send_costs_pinned_queries(nurse, today, django_assert_num_queries):
    """Session and user, the staff record with the day, its plan and hours, the insert: as the
    check-in page's form post. A replay pays the lookup of its key instead of the insert."""
    payload = tap(token_of(nurse))
    with django_assert_num_queries(4):
        assert send(nurse, payload).status_code == 200
    with django_assert_num_queries(4):  # the day shows a check-in: its key instead of the insert
        assert send(nurse, payload).json()["replay"] is True


def test_the_service_worker_and_manifest_are_served(client):
    sw = client.get("/presensi/sw.js")
    assert sw.status_code == 200
    assert sw["Content-Type"].startswith("application/javascript")
    assert "checkin-queue.js" in sw.content.decode()
    assert "no-cache" in sw["Cache-Control"]


def test_signing_out_clears_the_phones_copy(nurse):
    response = nurse.post("/keluar/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sends=st.lists(st.tuples(st.integers(0, 3), st.integers(-200, 200)), min_size=1, max_size=12)
)
def test_any_sequence_of_sends_makes_at_most_one_check_in(nurse, today, employee_a, sends):
    """Taps 0-3 (each a key of its own, each made some seconds around now) sent and re-sent in
    any order: at most one check-in a day, each answer a 200 or a clear refusal, a key that was
    accepted always answers 200 again."""
    CheckIn.objects.all().delete()
    token = token_of(nurse)
    keys = [uuid.uuid4() for _ in range(4)]
    accepted = set()
    for which, seconds in sends:
        at = timezone.now() + timedelta(seconds=min(seconds, 100))
        response = send(nurse, tap(token, key=keys[which], at=max(at, timezone.now())))
        assert response.status_code in (200, 409), response.content
        if keys[which] in accepted:
            assert response.status_code == 200
        if response.status_code == 200:
            accepted.add(keys[which])
        assert CheckIn.objects.filter(employee=employee_a).count() <= 1
    assert len(accepted) <= 1


def test_the_monitor_shows_a_tap_that_waited_on_the_phone(login, head_a, today, employee_a):
    from tests.attendance.conftest import make_check_in

    make_check_in(employee_a, today, flags=[Flag.DELAYED], device_at=timezone.now())
    page = login(head_a).get(f"/pantauan/opd/{employee_a.unit.opd.code}/").content.decode()
    assert "Terkirim tertunda (disimpan di ponsel saat tanpa jaringan)" in page
    assert '<th scope="col" class="text-end">Terkirim tertunda</th>' in page
