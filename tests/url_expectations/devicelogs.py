"""Routes of device logs: BKPSDM's upload (dry run, confirmation), the reconciliation for the
city and per OPD, and a head's explanation of a line."""

from tests.url_expectations import Redirect, no_kwargs, opd_a_code

ONLY_BKPSDM = {"employee": 403, "head_a": 403, "head_b": 403, "mayor": 403}


def explain_employee_a(fixture):
    return {
        "employee": fixture("employee_a").pk,
        "date": "2026-11-25",
        "kind": "no_punch",
        "note": "Rapat di Bappeda",
    }


EXPECTATIONS = {
    "devicelogs:imports": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **ONLY_BKPSDM,
        "bkpsdm": 200,
    },
    "devicelogs:import_check": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": lambda fixture: {},
        "anonymous": 302,
        **ONLY_BKPSDM,
        "bkpsdm": 400,  # no file
    },
    "devicelogs:import_confirm": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": lambda fixture: {"token": "palsu"},
        "anonymous": 302,
        **ONLY_BKPSDM,
        "bkpsdm": 400,
    },
    "devicelogs:summary": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,  # their own OPD's counts
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "devicelogs:reconciliation": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": Redirect("/presensi-mesin/rekonsiliasi/dinkes/"),
        "head_b": Redirect("/presensi-mesin/rekonsiliasi/dishub/"),
        "mayor": 200,
        "bkpsdm": 200,
    },
    "devicelogs:reconciliation_opd": {
        "kwargs": opd_a_code,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "devicelogs:explain": {
        "kwargs": opd_a_code,
        "method": "post",
        "data": explain_employee_a,
        "anonymous": 302,
        "employee": 403,
        "head_a": Redirect("/presensi-mesin/rekonsiliasi/dinkes/"),
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": 403,
    },
}
