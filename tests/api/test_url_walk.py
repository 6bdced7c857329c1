"""Every /api/v1/ route x partner scope x token state answers as declared.

Scopes are API clients with the roles the pages know (BKPSDM, mayor's office, head of OPD A,
head of OPD B) plus an account whose role was changed to employee after its token was issued
(a token used from a scope it does not have: 403 where the pages say 403). Objects are of OPD A,
so OPD B's client gets 404, never a leak. Every bad token state is 401 on every route, and a
refused request writes nothing.
"""

import json

import pytest
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_issue
from opd.models import Role
from readlog.models import ReadEvent
from tests.api.conftest import ApiCaller
from tests.api.test_schema import api_routes
from tests.url_expectations import lebaran_2025, no_kwargs, plan_of_opd_a
from tests.url_expectations.api import absence_of_employee_a, nip_of_employee_a, opd_a_code

pytestmark = pytest.mark.django_db

SCOPES = ["bkpsdm", "mayor", "head_a", "head_b", "employee"]
EVERYONE = dict.fromkeys(SCOPES, 200)


def _row(kwargs, **changes):
    return {"kwargs": kwargs, **EVERYONE, **changes}


CITY_OR_HEAD = {"employee": 403}  # opd.browse_staff, schedules.view_grid, monitor, evaluations
OPD_A_OBJECT = {"head_b": 404, "employee": 403}  # the employee works in OPD A: found, refused

ROUTES = {
    "api:windows": _row(no_kwargs),
    "api:window": _row(lebaran_2025),
    "api:policies": _row(no_kwargs),
    "api:opds": _row(no_kwargs, **CITY_OR_HEAD),
    "api:opd": _row(opd_a_code, head_b=404, employee=403),
    "api:units": _row(no_kwargs, **CITY_OR_HEAD),
    "api:staff": _row(no_kwargs, **CITY_OR_HEAD),
    "api:staff_detail": _row(nip_of_employee_a, head_b=404, employee=403),
    "api:plans": _row(lebaran_2025, **CITY_OR_HEAD),
    "api:plan": _row(plan_of_opd_a, **OPD_A_OBJECT),
    "api:plan_history": _row(plan_of_opd_a, **OPD_A_OBJECT),
    "api:plan_assignments": _row(plan_of_opd_a, **OPD_A_OBJECT),
    "api:coverage": _row(lebaran_2025, **CITY_OR_HEAD),
    "api:check_in_summary": _row(lebaran_2025, **CITY_OR_HEAD),
    "api:check_ins": _row(plan_of_opd_a, head_b=404, employee=403),
    "api:daily_report_summary": _row(lebaran_2025, **CITY_OR_HEAD),
    "api:daily_reports": _row(plan_of_opd_a, head_b=404, employee=403),
    "api:evaluations": _row(lebaran_2025, **CITY_OR_HEAD),
    "api:absences": _row(no_kwargs, **CITY_OR_HEAD),
    "api:absence": _row(absence_of_employee_a, **OPD_A_OBJECT),
    # POST, in this order: BKPSDM cancels; the mayor's office may not; the head finds it
    # cancelled already (nothing changes, 200); another OPD's head does not find it.
    "api:absence_cancel": {
        **_row(absence_of_employee_a, mayor=403, **OPD_A_OBJECT),
        "method": "post",
    },
    "api:reconciliation": _row(no_kwargs, **CITY_OR_HEAD),
    # POST of an empty object: BKPSDM's scope is told what the body lacks (400), nothing written.
    "api:device_punches": {
        **_row(no_kwargs, bkpsdm=400, mayor=403, head_a=403, head_b=403, employee=403),
        "method": "post",
    },
}
DOCS = {"api:schema", "api:docs", "api:redoc"}


def test_every_api_route_is_walked():
    assert api_routes() - DOCS == set(ROUTES)


@pytest.fixture
def employee_scope(bkpsdm, employee_user):
    """A client whose account became an employee's (say, by a change in the admin)."""
    from api.models import ApiClient

    employee_user.set_unusable_password()
    employee_user.save()
    client = ApiClient.objects.create(
        account=employee_user, name="Salah lingkup", created_by=bkpsdm
    )
    _token, secret = api_token_issue(client=client, label="uji", days=30, by=bkpsdm)
    return ApiCaller(secret)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_route_answers_each_scope_as_declared(request, route, employee_b, window):
    row = ROUTES[route]
    callers = {
        "bkpsdm": request.getfixturevalue("api_bkpsdm"),
        "mayor": request.getfixturevalue("api_mayor"),
        "head_a": request.getfixturevalue("api_head_a"),
        "head_b": request.getfixturevalue("api_head_b"),
        "employee": request.getfixturevalue("employee_scope"),
    }
    url = reverse(route, kwargs=row["kwargs"](request.getfixturevalue))
    wrong = []
    for scope, caller in callers.items():
        if row.get("method") == "post":
            response = caller.post(url, "{}", content_type="application/json")
        else:
            response = caller.get(url)
        if response.status_code != row[scope]:
            wrong.append(f"{scope}: expected {row[scope]}, got {response.status_code}")
        elif response.status_code >= 400:
            assert response["Content-Type"] == "application/json"
            assert response.json()["detail"]
    assert not wrong, f"{route}: " + "; ".join(wrong)


# Writes: only BKPSDM's scope records an absence (as the record page); the body is valid.
def test_only_bkpsdms_scope_records_an_absence(request, employee_a, window):
    from absences.models import Absence

    body = json.dumps(
        {"nip": employee_a.nip, "kind": "DL", "start_date": "2025-03-24", "end_date": "2025-03-24"}
    )
    expected = {"mayor": 403, "head_a": 403, "head_b": 403, "employee": 403, "bkpsdm": 201}
    for scope, code in expected.items():
        name = "employee_scope" if scope == "employee" else f"api_{scope}"
        caller = request.getfixturevalue(name)
        response = caller.post(reverse("api:absences"), body, content_type="application/json")
        assert response.status_code == code, f"{scope}: {response.status_code}"
    assert Absence.objects.count() == 1


BAD_HEADERS = {
    "no header": None,
    "empty bearer": "Bearer",
    "two words": "Bearer wfa_abc def",
    "not ascii": "Bearer wfa_\u00e9",
    "wrong scheme": "Token wfa_" + "a" * 43,
    "wrong shape": "Bearer " + "a" * 47,
    "unknown": "Bearer wfa_" + "a" * 43,
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_bad_token_is_401_and_writes_nothing(
    request, route, expired_secret, revoked_secret, employee_a, window
):
    url = reverse(route, kwargs=ROUTES[route]["kwargs"](request.getfixturevalue))
    headers = {**BAD_HEADERS}
    headers["expired"] = f"Bearer {expired_secret}"
    headers["revoked"] = f"Bearer {revoked_secret}"
    events = ReadEvent.objects.count()
    for name, header in headers.items():
        caller = ApiCaller() if header is None else ApiCaller(header=header.encode().decode())
        response = caller.get(url)
        assert response.status_code == 401, f"{name}: {response.status_code}"
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert ReadEvent.objects.count() == events


def test_a_deactivated_client_is_refused(api_bkpsdm, bkpsdm):
    from api.models import ApiClient

    assert api_bkpsdm.get("/api/v1/windows/").status_code == 200
    account = ApiClient.objects.get(account__role=Role.BKPSDM).account
    account.is_active = False
    account.save()
    assert api_bkpsdm.get("/api/v1/windows/").status_code == 401


def test_tokens_are_stored_only_as_their_hash(api_bkpsdm):
    secret = api_bkpsdm.headers["Authorization"].split()[1]
    token = ApiToken.objects.get()
    assert token.token_hash == ApiToken.digest(secret) != secret
    assert secret not in str(ApiToken.objects.values().get())
