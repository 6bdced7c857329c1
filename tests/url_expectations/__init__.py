"""What each persona gets from each route: one module per app, merged in tests/test_url_permissions.

Status values:
- an int: the status code;
- 302 for "anonymous": a redirect to the login page (Location /masuk/?next=...);
- Redirect("/prefix"): a 302 whose Location starts with that prefix.

URL kwargs and POST data are callables taking pytest's `request.getfixturevalue`, so rows can
use the personas and objects of tests/conftest.py (objects of OPD A: the head of OPD B gets 404).
"""

from dataclasses import dataclass

LOGIN_PATH = "/masuk/"


@dataclass(frozen=True)
class Redirect:
    to: str


def no_kwargs(fixture):
    return {}


def opd_a_code(fixture):
    return {"code": fixture("opd_a").code}


def employee_a_nip(fixture):
    return {"nip": fixture("employee_a").nip}


def lebaran_2025(fixture):
    return {"slug": fixture("window").slug}


def plan_of_opd_a(fixture):
    return {"slug": fixture("window").slug, "code": fixture("opd_a").code}


def first_rule(fixture):
    from schedules.models import CoverageRule

    fixture("db")
    return {"pk": CoverageRule.objects.order_by("pk").first().pk}


def one_cell_of_employee_a(fixture):
    return {
        "employee": fixture("employee_a").pk,
        "day": fixture("window").days.first().pk,
        "mode": "WFH",
        "versions": "",
    }


def bulk_on_employee_a(fixture):
    return {
        "action": "set",
        "mode": "WFH",
        "employees": [fixture("employee_a").pk],
        "days": [fixture("window").days.first().pk],
    }


GRID_A = Redirect("/periode/lebaran-2025/rencana/dinkes/")
