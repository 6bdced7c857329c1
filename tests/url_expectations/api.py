"""Routes of the api app, as the session walk sees them (tests/test_url_permissions.py).

/api/v1/ takes bearer tokens only: a portal session, any persona's, is not signed in there (401).
Each route x partner scope x token state is walked in tests/api/test_url_walk.py. The schema
and its docs open for a signed-in user of the portal too. The pages that manage partner systems
are BKPSDM's.
"""

from tests.url_expectations import Redirect, lebaran_2025, no_kwargs, plan_of_opd_a


def _token_only(kwargs):
    return {
        "kwargs": kwargs,
        "method": "get",
        "anonymous": 401,
        "employee": 401,
        "head_a": 401,
        "head_b": 401,
        "mayor": 401,
        "bkpsdm": 401,
    }


def _docs():
    return {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 401,
        "employee": 200,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    }


def opd_a_code(fixture):
    return {"code": fixture("opd_a").code}


def nip_of_employee_a(fixture):
    return {"nip": fixture("employee_a").nip}


def absence_of_employee_a(fixture):
    from absences.models import Absence, AbsenceKind, AbsenceStatus
    from schedules.models import FlexWindow

    day = FlexWindow.objects.get(slug="lebaran-2025").days.first().date
    absence = Absence.objects.create(
        employee=fixture("employee_a"),
        kind=AbsenceKind.TRAVEL,
        start_date=day,
        end_date=day,
        status=AbsenceStatus.APPROVED,
    )
    return {"pk": absence.pk}


def client_of_opd_a(fixture):
    from api.services import api_client_create
    from opd.models import Role

    client = api_client_create(
        name="Sistem Dinkes", role=Role.HEAD, opd=fixture("opd_a"), by=fixture("bkpsdm")
    )
    return {"pk": client.pk}


def token_of_client(fixture):
    from api.models import ApiClient
    from api.services import api_client_create, api_token_issue
    from opd.models import Role

    client = ApiClient.objects.first() or api_client_create(
        name="Gudang data", role=Role.MAYOR, by=fixture("bkpsdm")
    )
    token, _secret = api_token_issue(client=client, label="uji", days=30, by=fixture("bkpsdm"))
    return {"pk": client.pk, "token_pk": token.pk}


def _page(kwargs, *, method="get", bkpsdm=200, data=None):
    row = {
        "kwargs": kwargs,
        "method": method,
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": bkpsdm,
    }
    if data is not None:
        row["data"] = data
    return row


WINDOW_ROUTES = [
    "api:window", "api:plans", "api:coverage", "api:check_in_summary",
    "api:daily_report_summary", "api:evaluations",
]  # fmt: skip
PLAN_ROUTES = [
    "api:plan", "api:plan_history", "api:plan_assignments", "api:check_ins", "api:daily_reports",
]  # fmt: skip

EXPECTATIONS = {
    **{name: _token_only(no_kwargs) for name in ["api:windows", "api:policies", "api:opds"]},
    **{name: _token_only(no_kwargs) for name in ["api:units", "api:staff"]},
    "api:reconciliation": _token_only(no_kwargs),
    "api:device_punches": {**_token_only(no_kwargs), "method": "post"},
    "api:opd": _token_only(opd_a_code),
    "api:staff_detail": _token_only(nip_of_employee_a),
    **{name: _token_only(lebaran_2025) for name in WINDOW_ROUTES},
    **{name: _token_only(plan_of_opd_a) for name in PLAN_ROUTES},
    "api:absences": _token_only(no_kwargs),
    "api:absence": _token_only(absence_of_employee_a),
    "api:absence_cancel": _token_only(absence_of_employee_a),
    "api:schema": _docs(),
    "api:docs": _docs(),
    "api:redoc": _docs(),
    "api_clients:list": _page(no_kwargs),
    "api_clients:add": _page(no_kwargs),
    "api_clients:detail": _page(client_of_opd_a),
    # An empty form: refused with its message (400), nothing issued.
    "api_clients:token_issue": _page(client_of_opd_a, method="post", bkpsdm=400),
    "api_clients:token_revoke": _page(
        token_of_client, method="post", bkpsdm=Redirect("/klien-api/")
    ),
}
