"""/api/v1/absences/: read as the absence pages show them (scope, read log), and written by a
partner system (the pemda's leave system) through the same service and guard as BKPSDM's record
page: a promised plan the absence leaves short goes to "Perlu ditinjau". Bad bodies, another
OPD's absence, an overlap and a repeated request are each refused or answered without a write."""

import json
from datetime import date

import pytest

from absences.models import Absence, AbsenceKind, AbsenceStatus
from opd.disclosure import ReadKind
from readlog.models import ReadEvent, ReadSubject
from schedules.models import PlanStatus
from tests.api.test_reads import _overhead, _read_log
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/absences/"


def post(caller, url, body, **extra):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return caller.post(url, data, content_type="application/json", **extra)


def leave(employee, start="2025-03-24", end=None, kind="DL", **extra):
    return {
        "nip": employee.nip,
        "kind": kind,
        "start_date": start,
        "end_date": end or start,
        "evidence": "SPT 094/55/2025",
        **extra,
    }


def written() -> tuple:
    return (Absence.objects.count(), Absence.history.count(), ReadEvent.objects.count())


# --- reads ----------------------------------------------------------------------------------


@pytest.fixture
def spread(make_absence, employee_a, employee_b):
    return [
        make_absence(employee_a, date(2025, 3, 24), date(2025, 3, 26), kind=AbsenceKind.ANNUAL),
        make_absence(employee_a, date(2025, 4, 14), kind=AbsenceKind.TRAVEL),
        make_absence(
            employee_b, date(2025, 3, 25), kind=AbsenceKind.SICK, status=AbsenceStatus.REQUESTED
        ),
    ]


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_list_is_the_pages_scope_in_a_stable_order(api_bkpsdm, api_mayor, api_head_a, spread):
    everyone = [a.pk for a in sorted(spread, key=lambda a: a.pk)]
    assert _ids(api_bkpsdm.get(URL)) == _ids(api_mayor.get(URL)) == everyone
    assert _ids(api_head_a.get(URL)) == everyone[:2]  # OPD A's staff only


@pytest.mark.parametrize(
    "params, picked",
    [
        ({"from": "2025-03-26", "to": "2025-04-01"}, [0]),  # a day inside the range
        ({"from": "2025-03-25", "to": "2025-03-25"}, [0, 2]),
        ({"from": "2025-04-14"}, [1]),
        ({"to": "2025-03-24"}, [0]),
        ({"kind": "CS"}, [2]),
        ({"status": "requested"}, [2]),
        ({"opd": "dishub"}, [2]),
    ],
)
def test_the_list_filters(api_bkpsdm, spread, params, picked):
    assert _ids(api_bkpsdm.get(URL, params)) == [spread[i].pk for i in picked]


def test_the_nip_filter(api_bkpsdm, spread, employee_b):
    assert _ids(api_bkpsdm.get(URL, {"nip": employee_b.nip})) == [spread[2].pk]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2025-13-01"},
        {"to": "kemarin"},
        {"from": "2025-04-01", "to": "2025-03-01"},
        {"kind": "XX"},
        {"status": "approved'--"},
        {"opd": ""},
    ],
)
def test_a_bad_filter_is_400_and_logs_nothing(api_bkpsdm, spread, params):
    response = api_bkpsdm.get(URL, params)
    assert response.status_code == 400 and response.json()["detail"]
    assert not ReadEvent.objects.exists()


def test_another_opds_filter_or_absence_is_404(api_head_b, spread):
    assert api_head_b.get(URL, {"opd": "dinkes"}).status_code == 404
    response = api_head_b.get(f"{URL}{spread[0].pk}/")
    assert response.status_code == 404
    assert response.json()["detail"] == "Tidak ditemukan, atau di luar lingkup klien ini."


def test_the_detail_shows_the_page_fields_and_history(api_head_a, api_bkpsdm, spread):
    absence = spread[0]
    post(api_bkpsdm, f"{URL}{absence.pk}/cancel/", {"note": "Batal berangkat"})
    body = api_head_a.get(f"{URL}{absence.pk}/").json()
    assert body["label"] == "Cuti tahunan" and body["days"] == 3
    assert (body["status"], body["status_label"]) == ("cancelled", "Dibatalkan")
    assert body["decision_note"] == "Batal berangkat"
    assert [h["status"] for h in body["history"]] == ["approved", "cancelled"]
    assert body["history"][-1]["by"] == "Gudang data BKPSDM"  # the client that acted
    assert "reason" not in body  # a free-text reason shows only in 'Lainnya (...)', as the pages


def test_reads_of_absences_are_logged(api_mayor, spread, employee_a, employee_b):
    api_mayor.get(URL, {"status": "approved"})
    api_mayor.get(f"{URL}{spread[2].pk}/")
    events = list(ReadEvent.objects.order_by("pk"))
    assert [e.kind for e in events] == [ReadKind.ABSENCES, ReadKind.ABSENCES]
    assert events[0].viewer.api_client.name == "Dasbor Wali Kota"
    subjects = ReadSubject.objects.order_by("pk").values_list("event_id", "employee_id")
    assert list(subjects) == [(events[0].pk, employee_a.pk), (events[1].pk, employee_b.pk)]


@pytest.mark.parametrize("rows", [1, 12])
def test_list_and_detail_queries_do_not_grow(
    api_head_a,
    unit_a,
    rows,
    make_absence,
    django_assert_num_queries,
):
    staff = EmployeeFactory.create_batch(rows, unit=unit_a)
    found = [make_absence(e, date(2025, 3, 24)) for e in staff]
    overhead = _overhead(api_head_a)
    # the page of absences with employee, unit, OPD and the decider; then the read log
    with django_assert_num_queries(overhead + 1 + _read_log()):
        assert len(api_head_a.get(URL).json()["results"]) == rows
    # the absence, its history with who acted; the read log
    with django_assert_num_queries(overhead + 2 + _read_log()):
        assert api_head_a.get(f"{URL}{found[-1].pk}/").status_code == 200


# --- create -----------------------------------------------------------------------------------


def test_the_leave_system_records_travel_and_the_plan_goes_to_review(
    api_bkpsdm,
    puskesmas_staff,
    approved,
    days,
):
    nurse = puskesmas_staff["perawat"][2]
    response = post(api_bkpsdm, URL, leave(nurse, days[0].date.isoformat()))
    assert response.status_code == 201, response.content
    body = response.json()
    absence = Absence.objects.get()
    assert response["Location"] == f"{URL}{absence.pk}/"
    assert (absence.status, absence.employee) == (AbsenceStatus.APPROVED, nurse)
    assert absence.decided_by.api_client.name == "Gudang data BKPSDM"
    assert body["absence"]["id"] == absence.pk and body["absence"]["status"] == "approved"
    [sent] = body["sent_for_review"]
    assert sent["was_approved"] and sent["opd"] == "Dinkes" and sent["shortfalls"]
    approved.refresh_from_db()
    assert approved.status == PlanStatus.REVIEW and "Dinas luar" in approved.note


def test_the_same_absence_twice_is_recorded_once(api_bkpsdm, employee_a):
    first = post(api_bkpsdm, URL, leave(employee_a))
    before = written()
    again = post(api_bkpsdm, URL, leave(employee_a, evidence="dikirim ulang"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["absence"]["id"] == first.json()["absence"]["id"]
    assert again.json()["absence"]["evidence"] == "SPT 094/55/2025"  # left as it was
    assert written() == before


def test_an_overlap_is_409_naming_the_other_absence(api_bkpsdm, employee_a, make_absence):
    other = make_absence(employee_a, date(2025, 3, 25), date(2025, 3, 27))
    before = written()
    response = post(api_bkpsdm, URL, leave(employee_a, "2025-03-24", "2025-03-25"))
    assert response.status_code == 409
    body = response.json()
    assert body["overlaps"]["id"] == other.pk
    assert "bertabrakan dengan cuti tahunan Siti Aminah" in body["detail"]
    assert "25 Maret 2025 s.d. 27 Maret 2025" in body["detail"]
    assert written() == before


@pytest.mark.parametrize("caller", ["api_head_a", "api_mayor"])
def test_only_bkpsdm_records(request, caller, employee_a):
    response = post(request.getfixturevalue(caller), URL, leave(employee_a))
    assert response.status_code == 403 and response.json()["detail"]
    assert not Absence.objects.exists()


def test_an_unknown_nip_is_404(api_bkpsdm, employee_a):
    response = post(api_bkpsdm, URL, leave(employee_a) | {"nip": "1" * 18})
    assert response.status_code == 404
    assert not Absence.objects.exists()


BAD = {
    "not json": (b"{nip: 1", 400, "bukan JSON"),
    "not utf-8": (b'{"nip": "\xff"}', 400, "bukan JSON"),
    "a list": (b"[]", 400, "satu objek JSON"),
    "deeply nested": (b"[" * 10_000, 400, "bukan JSON"),
    "oversized": (json.dumps({"reason": "a" * 20_000}), 413, "terlalu besar"),
    "unknown field": ({"nip": "x", "status": "approved"}, 400, "tidak dikenal: status"),
    "a number": ({"nip": 196703121990032001}, 400, "harus teks"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_body_is_refused_and_nothing_changes(api_bkpsdm, employee_a, case):
    body, code, said = BAD[case]
    before = written()
    response = post(api_bkpsdm, URL, body)
    assert response.status_code == code and said in response.json()["detail"]
    assert written() == before


def test_a_body_that_is_not_json_is_415(api_bkpsdm, employee_a):
    response = api_bkpsdm.post(URL, {"nip": employee_a.nip})  # a form, not JSON
    assert response.status_code == 415
    assert response.json()["detail"] == "Kirim JSON (application/json)."


INVALID = {
    "a short nip": ({"nip": "12345"}, "nip", "NIP harus 18 angka."),
    "no kind": ({"kind": ""}, "kind", "Pilih jenis ketidakhadiran."),
    "an unknown kind": ({"kind": "XX"}, "kind", "Pilih jenis ketidakhadiran dari daftar."),
    "a bad date": ({"start_date": "2025-02-30"}, "start_date", "tidak dikenali"),
    "backwards": ({"end_date": "2025-03-01"}, "end_date", "tidak boleh sebelum"),
    "other without reason": ({"kind": "LN"}, "reason", "wajib diberi keterangan"),
    "hidden characters": ({"evidence": "SPT \u202e 12"}, "evidence", "tak terlihat U+202E"),
    "years long": ({"end_date": "2030-01-01"}, "end_date", "Lebih dari 1098 hari"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_absence_is_400_with_the_pages_words(api_bkpsdm, employee_a, case):
    changes, field, said = INVALID[case]
    response = post(api_bkpsdm, URL, leave(employee_a) | changes)
    assert response.status_code == 400, response.content
    assert said in " ".join(response.json()["errors"][field])
    assert not Absence.objects.exists()


def test_an_inactive_employee_is_refused(api_bkpsdm, employee_a):
    employee_a.is_active = False
    employee_a.save()
    response = post(api_bkpsdm, URL, leave(employee_a))
    assert response.status_code == 400 and "tidak aktif" in response.json()["errors"]["nip"][0]


# --- cancel -----------------------------------------------------------------------------------


def test_the_head_cancels_and_the_plan_is_rechecked(
    api_head_a,
    bkpsdm,
    puskesmas_staff,
    approved,
    days,
):
    from absences import services

    nurse = puskesmas_staff["perawat"][2]
    absence = Absence.objects.create(
        employee=nurse, kind=AbsenceKind.TRAVEL, start_date=days[1].date, end_date=days[1].date,
        status=AbsenceStatus.APPROVED,
    )  # fmt: skip
    url = f"{URL}{absence.pk}/cancel/"
    response = post(api_head_a, url, {"note": "SPT dibatalkan"})
    assert response.status_code == 200, response.content
    assert response.json()["absence"]["status"] == "cancelled"
    absence.refresh_from_db()
    assert (absence.status, absence.decision_note) == (AbsenceStatus.CANCELLED, "SPT dibatalkan")
    before = written()
    assert post(api_head_a, url, {}).status_code == 200  # again: nothing changes
    assert written() == before
    rejected = services.absence_request(
        employee=nurse, by=None, kind="CT", start_date=days[2].date, end_date=days[2].date
    )
    Absence.objects.filter(pk=rejected.pk).update(status=AbsenceStatus.REJECTED)
    refused = post(api_head_a, f"{URL}{rejected.pk}/cancel/", {})
    assert refused.status_code == 409 and "sudah ditolak" in refused.json()["detail"]


def test_cancel_refusals(api_mayor, api_head_b, api_bkpsdm, spread):
    absence = spread[0]  # OPD A's
    url = f"{URL}{absence.pk}/cancel/"
    assert post(api_head_b, url, {}).status_code == 404
    mayor = post(api_mayor, url, {})
    assert mayor.status_code == 403 and "tidak dapat membatalkan" in mayor.json()["detail"]
    assert post(api_bkpsdm, url, {"note": "x" * 501}).status_code == 400
    assert post(api_bkpsdm, url, {"note": ["x"]}).status_code == 400
    assert api_bkpsdm.get(url).status_code == 405
    absence.refresh_from_db()
    assert absence.status == AbsenceStatus.APPROVED
