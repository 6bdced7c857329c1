"""Pages of results: stable order, signed cursors; query counts that do not grow with the page;
the read log; the rate limit per token; requests that would write are refused."""

import json

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import ApiToken
from api.pagination import SALT
from attendance.models import CheckIn, DailyReport, OutputItem
from opd.disclosure import ReadKind
from readlog.models import ReadEvent, ReadSubject
from schedules.models import Assignment, Mode
from tests.api.conftest import ApiCaller
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _all_pages(caller, url, **params):
    seen, pages = [], 0
    response = caller.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["nip"] for row in body["results"]]
        pages += 1
        if not body["next"]:
            return seen, pages
        response = caller.get(body["next"])


def test_pages_cover_every_row_once_in_a_stable_order(api_bkpsdm, unit_a):
    EmployeeFactory.create_batch(7, unit=unit_a)
    seen, pages = _all_pages(api_bkpsdm, "/api/v1/staff/", limit=3)
    assert pages == 3 and len(seen) == len(set(seen)) == 7
    assert _all_pages(api_bkpsdm, "/api/v1/staff/", limit=3)[0] == seen


def test_a_previous_link_goes_back(api_bkpsdm, unit_a):
    EmployeeFactory.create_batch(4, unit=unit_a)
    first = api_bkpsdm.get("/api/v1/staff/", {"limit": 2}).json()
    second = api_bkpsdm.get(first["next"]).json()
    assert api_bkpsdm.get(second["previous"]).json()["results"] == first["results"]


def _cursor_of(url: str) -> str:
    return url.split("cursor=")[1].split("&")[0]


TAMPERED = {
    "garbage": lambda: "garbage",
    "empty": lambda: "",
    "another salt": lambda: signing.dumps([0, 0, "999999"], salt="another"),
    "another endpoint": lambda: signing.dumps([0, 0, "1"], salt=f"{SALT}:/api/v1/opds/"),
    "negative offset": lambda: signing.dumps([-1, 0, None], salt=f"{SALT}:/api/v1/staff/"),
    "not a list": lambda: signing.dumps("not a list", salt=f"{SALT}:/api/v1/staff/"),
}


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_a_tampered_cursor_is_400(api_bkpsdm, employee_a, case):
    cursor = TAMPERED[case]()
    events = ReadEvent.objects.count()
    response = api_bkpsdm.get("/api/v1/staff/", {"cursor": cursor})
    assert response.status_code == 400
    assert "Kursor halaman tidak sah" in response.json()["detail"]
    assert ReadEvent.objects.count() == events


def test_an_edited_cursor_is_400(api_bkpsdm, unit_a):
    EmployeeFactory.create_batch(3, unit=unit_a)
    cursor = _cursor_of(api_bkpsdm.get("/api/v1/staff/", {"limit": 1}).json()["next"])
    edited = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    assert api_bkpsdm.get("/api/v1/staff/", {"cursor": edited}).status_code == 400


@pytest.mark.parametrize("limit", ["0", "501", "-1", "abc", "1e3"])
def test_a_bad_page_size_is_400(api_bkpsdm, limit):
    assert api_bkpsdm.get("/api/v1/staff/", {"limit": limit}).status_code == 400


@pytest.mark.parametrize("param", ["opd", "unit"])
def test_another_opds_filter_is_404(api_head_b, employee_a, param):
    code = employee_a.unit.opd.code if param == "opd" else employee_a.unit.code
    assert api_head_b.get("/api/v1/staff/", {param: code}).status_code == 404


# --- queries: the same for 1 row and for a full page ---------------------------------------


def _overhead(caller) -> int:
    """Statements every request costs before its view: the token with its account, and the
    per-token count in the shared cache (its statements depend on the cache's backend).
    Measured on the policies (one query of its own), once the count exists."""
    caller.get("/api/v1/policies/")
    with CaptureQueriesContext(connection) as queries:
        assert caller.get("/api/v1/policies/").status_code == 200
    return len(queries) - 1


def _read_log() -> int:
    """The event and its rows: one statement on PostgreSQL, two through the ORM elsewhere."""
    return 1 if connection.vendor == "postgresql" else 2


def _fill(window, unit, n):
    staff = EmployeeFactory.create_batch(n, unit=unit)
    day = window.days.first()
    Assignment.objects.bulk_create(
        [Assignment(employee=e, day=day, mode=Mode.WFA, wfa_place="Lubuklinggau") for e in staff]
    )
    return staff, day


def _activity(staff, day):
    from django.utils import timezone

    for e in staff:
        CheckIn.objects.create(
            employee=e, day=day, planned_mode="WFA", mode="WFA", place="Lubuklinggau",
            checked_in_at=timezone.now(),
        )  # fmt: skip
        report = DailyReport.objects.create(
            employee=e, day=day, mode="WFA", submitted_at=timezone.now()
        )
        OutputItem.objects.create(
            report=report, description="Rekap data", quantity=1, unit_of_measure="dokumen"
        )


ENDPOINTS = {
    # url: the view's own statements (before the read log)
    "/api/v1/staff/": 2,  # the page of staff with unit and OPD; their restrictions today
    # the window with its days, the OPD, the staff page, the page's assignment rows
    "/api/v1/windows/lebaran-2025/plans/dinkes/assignments/": 4,
    "/api/v1/windows/lebaran-2025/opds/dinkes/check-ins/": 3,  # OPD, window, rows
    "/api/v1/windows/lebaran-2025/opds/dinkes/daily-reports/": 4,  # ... and their outputs
    "/api/v1/windows/lebaran-2025/plans/": 3,  # window, OPDs, their plan rows
    "/api/v1/windows/lebaran-2025/evaluations/": 2,  # window, rows
    "/api/v1/windows/": 2,  # windows with policy, their days
}
LOGGED = ("staff/", "assignments/", "check-ins/", "daily-reports/")


@pytest.mark.parametrize("url", sorted(ENDPOINTS))
@pytest.mark.parametrize("rows", [1, 12])
def test_list_queries_do_not_grow_with_the_page(
    api_head_a, window, unit_a, url, rows, django_assert_num_queries
):
    staff, day = _fill(window, unit_a, rows)
    _activity(staff, day)
    overhead = _overhead(api_head_a)
    logged = _read_log() if url.endswith(LOGGED) else 0
    with django_assert_num_queries(overhead + ENDPOINTS[url] + logged):
        response = api_head_a.get(url)
    assert response.status_code == 200


def test_wfa_places_only_for_readers_who_may_see_them(api_head_a, api_mayor, window, unit_a):
    staff, day = _fill(window, unit_a, 1)
    _activity(staff, day)
    plan = "/api/v1/windows/lebaran-2025/plans/dinkes/assignments/"
    rows = "/api/v1/windows/lebaran-2025/opds/dinkes/check-ins/"
    assert api_head_a.get(plan).json()["results"][0]["days"][0]["wfa_place"] == "Lubuklinggau"
    assert api_head_a.get(rows).json()["results"][0]["place"] == "Lubuklinggau"
    assert "wfa_place" not in api_mayor.get(plan).json()["results"][0]["days"][0]
    assert "place" not in api_mayor.get(rows).json()["results"][0]
    body = json.dumps([api_mayor.get(plan).json(), api_mayor.get(rows).json()])
    assert "Lubuklinggau" not in body


def test_the_api_never_returns_positions_or_emails(api_bkpsdm, window, unit_a):
    staff, day = _fill(window, unit_a, 1)
    _activity(staff, day)
    CheckIn.objects.update(latitude="-3.000100", longitude="104.744300", accuracy_m=17)
    staff[0].email = "siti@contoh.go.id"
    staff[0].save()
    body = json.dumps(
        [
            api_bkpsdm.get("/api/v1/staff/").json(),
            api_bkpsdm.get("/api/v1/windows/lebaran-2025/opds/dinkes/check-ins/").json(),
        ]
    )
    assert "104.7443" not in body and "accuracy" not in body and "@contoh.go.id" not in body


# --- the read log ---------------------------------------------------------------------------


def test_api_reads_of_people_are_logged_like_page_reads(api_head_a, employee_a, window):
    assert api_head_a.get("/api/v1/staff/").status_code == 200
    event = ReadEvent.objects.get()
    assert event.kind == ReadKind.STAFF_LIST
    assert event.viewer.api_client.name == "Sistem Dinkes"
    assert event.path == "/api/v1/staff/"
    assert list(ReadSubject.objects.values_list("employee_id", flat=True)) == [employee_a.pk]
    api_head_a.get(f"/api/v1/staff/{employee_a.nip}/")
    api_head_a.get("/api/v1/windows/lebaran-2025/plans/dinkes/assignments/")
    kinds = list(ReadEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [ReadKind.STAFF_LIST, ReadKind.PROFILE, ReadKind.SCHEDULE]


def test_reads_without_people_are_not_logged(api_bkpsdm, window):
    api_bkpsdm.get("/api/v1/windows/")
    api_bkpsdm.get("/api/v1/windows/lebaran-2025/coverage/")
    assert not ReadEvent.objects.exists()


# --- limits and refusals --------------------------------------------------------------------


def test_each_token_has_its_own_rate_limit(api_bkpsdm, api_mayor, settings):
    settings.WFA_API_REQUESTS_PER_MINUTE = 3
    assert [api_bkpsdm.get("/api/v1/windows/").status_code for _ in range(4)] == [200] * 3 + [429]
    refused = api_bkpsdm.get("/api/v1/windows/")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert api_mayor.get("/api/v1/windows/").status_code == 200


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"mode": "WFH"}', b"[" * 10_000, json.dumps({"x": "a" * 2_000_000}).encode()],
)
def test_writes_are_refused_and_nothing_changes(api_bkpsdm, employee_a, window, body):
    before = (Assignment.objects.count(), ReadEvent.objects.count(), ApiToken.objects.count())
    for url in [
        "/api/v1/staff/",
        "/api/v1/windows/lebaran-2025/plans/dinkes/",
        "/api/v1/windows/lebaran-2025/plans/dinkes/assignments/",
    ]:
        response = api_bkpsdm.post(url, body, content_type="application/json")
        assert response.status_code == 405, url
        assert response.json()["detail"]
    after = (Assignment.objects.count(), ReadEvent.objects.count(), ApiToken.objects.count())
    assert after == before


def test_refusals_are_in_indonesian(api_bkpsdm, api_head_b, employee_a, window):
    assert "Sertakan token" in ApiCaller().get("/api/v1/staff/").json()["detail"]
    other = api_head_b.get(f"/api/v1/staff/{employee_a.nip}/")
    assert other.json()["detail"] == "Tidak ditemukan, atau di luar lingkup klien ini."
    assert "hanya menerima GET" in api_bkpsdm.post("/api/v1/staff/").json()["detail"]
