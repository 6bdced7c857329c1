"""The phone's JSON tap (/presensi/kirim/) at the morning peak: the middleware of no use to it
are skipped (settings.WFA_LEAN_VIEWS), every check still runs, and its statements are pinned by
name."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance.models import CheckIn
from tests.attendance.test_checkin_offline import OFFICE, PAGE, SEND, token_of

# What the tap reads and writes, in order: the session, the user (both before the view), the
# staff record with its unit and today's day with plan, earlier check-in and hours, the INSERT.
STATEMENTS = [
    ("SELECT", "django_session"),
    ("SELECT", "opd_user"),
    ("SELECT", "opd_employee"),
    ("INSERT", "attendance_checkin"),
]


@pytest.fixture
def nurse(login, employee_user):
    return login(employee_user)


def send(client, token, **extra):
    payload = {
        "key": str(uuid.uuid4()),
        "token": token,
        "device_at": timezone.now().isoformat(),
        "mode": "WFO",
        **OFFICE,
    }
    return client.post(SEND, json.dumps(payload), content_type="application/json", **extra)


def _shape(sql: str) -> tuple[str, str]:
    verb = sql.split(None, 1)[0].upper()
    tables = [name for _verb, name in STATEMENTS if f'"{name}"' in sql or f" {name} " in sql]
    return verb, tables[0] if tables else sql[:60]


def test_the_tap_runs_four_named_statements(nurse, today, employee_a):
    token = token_of(nurse)
    with CaptureQueriesContext(connection) as queries:
        response = send(nurse, token)
    assert response.status_code == 200, response.content
    assert [_shape(q["sql"]) for q in queries.captured_queries] == STATEMENTS
    assert CheckIn.objects.filter(employee=employee_a).count() == 1


def test_the_tap_skips_the_pages_headers_and_the_page_keeps_them(nurse, today):
    page = nurse.get(PAGE)
    assert "Content-Security-Policy" in page and page["Content-Language"] == "id"
    response = send(nurse, token_of(nurse))
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response and "Content-Language" not in response
    # the headers that protect every response stay
    assert response["X-Frame-Options"] == "DENY" and "Permissions-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_message_waiting_for_the_page_survives_the_tap(nurse, today):
    token = token_of(nurse)
    refused = nurse.post("/presensi/pulang/")  # a message for the page it redirects to
    assert refused.status_code == 302
    assert send(nurse, token).status_code == 200
    assert "Anda belum presensi masuk hari ini" in nurse.get(PAGE).content.decode()


def test_the_tap_still_checks_the_session(client, today):
    response = send(client, "tanpa-token")
    assert response.status_code == 401 and response.json()["status"] == "login"


def test_the_tap_still_checks_the_token_that_stands_in_for_csrf(nurse, today):
    response = send(nurse, "token-palsu")
    assert response.status_code == 400
    assert not CheckIn.objects.exists()
