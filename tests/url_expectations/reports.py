"""Routes of the reports app: the dashboards and the coordination workbook."""

from tests.url_expectations import Redirect, lebaran_2025, no_kwargs, opd_a_code

EXPECTATIONS = {
    "reports:city": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        # A head is sent to the dashboard of their own OPD.
        "head_a": Redirect("/dasbor/dinkes/"),
        "head_b": Redirect("/dasbor/dishub/"),
        "mayor": 200,
        "bkpsdm": 200,
    },
    "reports:opd": {
        "kwargs": opd_a_code,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "reports:workbook": {
        "kwargs": lebaran_2025,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,  # their own OPD's workbook
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
}
