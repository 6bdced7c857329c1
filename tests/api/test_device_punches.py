"""Partners post machine punches through the API (the file import's reading, check and store)
and read the day's reconciliation counts per OPD."""

import json

import pytest

from devicelogs.models import Device, Punch, PunchImport
from tests.api.conftest import ApiCaller

pytestmark = pytest.mark.django_db
URL = "/api/v1/device-punches/"


@pytest.fixture
def device(opd_a):
    return Device.objects.create(code="dinkes-1", name="Mesin lobi", opd=opd_a)


def send(caller: ApiCaller, body, **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return caller.client.post(
        URL, data, content_type="application/json", headers=caller.headers, **extra
    )


def body(employee, *moments, device="dinkes-1"):
    return {
        "device": device,
        "punches": [{"user_id": employee.nip, "at": m, "verify": 1, "state": 0} for m in moments],
    }


def test_a_post_is_stored_once_and_the_same_post_again_adds_nothing(api_bkpsdm, device, employee_a):
    posted = body(employee_a, "2026-11-24T07:10:00+07:00", "2026-11-24 16:05:00")
    first = send(api_bkpsdm, posted)
    assert first.status_code == 201, first.json()
    assert first.json() | {"unknown": []} == {
        "rows_read": 2,
        "matched": 2,
        "new": 2,
        "duplicates": 0,
        "unknown_ids": 0,
        "refused": 0,
        "unknown": [],
    }
    again = send(api_bkpsdm, posted)
    assert again.status_code == 200
    assert again.json()["duplicates"] == 2 and again.json()["new"] == 0
    assert Punch.objects.count() == 2
    assert PunchImport.objects.get().source == "api"


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        (b"{not json", 400, "bukan JSON yang sah"),
        ([1, 2], 400, "satu objek JSON"),
        ({"device": "dinkes-1", "punches": "x"}, 400, "'punches'"),
        ({"device": "tidak-ada", "punches": []}, 404, "Tidak ditemukan"),
    ],
)
def test_malformed_posts_are_refused_and_nothing_is_written(
    api_bkpsdm, device, payload, status, words
):
    response = send(api_bkpsdm, payload)
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert not Punch.objects.exists()


def test_one_bad_punch_refuses_the_whole_post(api_bkpsdm, device, employee_a):
    posted = body(employee_a, "2026-11-24T07:10:00+07:00", "kemarin pagi", "2030-01-01T07:00:00")
    response = send(api_bkpsdm, posted)
    assert response.status_code == 400
    reasons = {item["index"]: item["reason"] for item in response.json()["refused"]}
    assert set(reasons) == {2, 3}
    assert "masa depan" in reasons[3]
    assert not Punch.objects.exists()


def test_oversized_posts_are_refused(api_bkpsdm, device, employee_a, settings):
    settings.WFA_DEVICE_API_MAX_PUNCHES = 2
    many = send(api_bkpsdm, body(employee_a, *["2026-11-24T07:10:00"] * 3))
    assert many.status_code == 413
    huge = send(api_bkpsdm, '{"device": "' + "x" * (1024 * 1024 + 10) + '"}')
    assert huge.status_code == 413
    assert not Punch.objects.exists()


def test_only_a_bkpsdm_client_posts(api_mayor, api_head_a, device, employee_a):
    posted = body(employee_a, "2026-11-24T07:10:00+07:00")
    assert send(api_mayor, posted).status_code == 403
    assert send(api_head_a, posted).status_code == 403
    assert send(ApiCaller(), posted).status_code == 401
    assert not Punch.objects.exists()


def test_the_reconciliation_counts_per_opd_in_scope(
    api_bkpsdm, api_head_a, api_head_b, device, opd_a, opd_b, employee_a, employee_b
):
    send(api_bkpsdm, body(employee_a, "2026-11-25T07:10:00+07:00"))
    city = api_bkpsdm.get("/api/v1/reconciliation/", {"date": "2026-11-25"}).json()
    by_opd = {row["opd"]: row["counts"] for row in city}
    assert by_opd["dinkes"]["punched"] == 1
    assert by_opd["dishub"]["no_punch"] == 1
    own = api_head_a.get("/api/v1/reconciliation/", {"date": "2026-11-25"}).json()
    assert [row["opd"] for row in own] == ["dinkes"]
    assert api_head_b.get("/api/v1/reconciliation/", {"opd": "dinkes"}).status_code == 404
    assert api_bkpsdm.get("/api/v1/reconciliation/", {"date": "besok"}).status_code == 400
