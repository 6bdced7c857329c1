"""Routes of the reports app: the dashboards and the coordination documents."""

from tests.url_expectations import (
    Redirect,
    lebaran_2025,
    no_kwargs,
    opd_a_code,
    plan_of_opd_a,
)

CITY_EXPORT = Redirect("/rekap/lebaran-2025/kota/")

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
    # The dashboard's long tables: every OPD, every service point with its feedback.
    "reports:city_opds": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        # A head gets every unit of their own OPD instead.
        "head_a": Redirect("/dasbor/dinkes/unit/"),
        "head_b": Redirect("/dasbor/dishub/unit/"),
        "mayor": 200,
        "bkpsdm": 200,
    },
    "reports:city_services": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": Redirect("/dasbor/dinkes/unit/"),
        "head_b": Redirect("/dasbor/dishub/unit/"),
        "mayor": 200,
        "bkpsdm": 200,
    },
    "reports:opd_units": {
        "kwargs": opd_a_code,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
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
        "head_a": 200,  # their own OPD's workbook, at once
        "head_b": 200,
        # The whole city's is a background job: the page that starts it.
        "mayor": CITY_EXPORT,
        "bkpsdm": CITY_EXPORT,
    },
    "reports:city_export": {
        "kwargs": lebaran_2025,
        "method": "post",
        "data": {"format": "xlsx"},
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": Redirect("/unduhan/"),  # the job's progress page
        "bkpsdm": Redirect("/unduhan/"),
    },
    "reports:plan_pdf": {
        "kwargs": plan_of_opd_a,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
}

EXPECTATIONS |= {
    "reports:week_xlsx": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,  # their own OPD without ?opd=
        "head_b": 200,
        "mayor": 404,  # the city's roles name the OPD (?opd=)
        "bkpsdm": 404,
    },
    "reports:week_pdf": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,  # their own OPD without ?opd=
        "head_b": 200,
        "mayor": 404,  # the city's roles name the OPD (?opd=)
        "bkpsdm": 404,
    },
    "reports:ekinerja": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 200,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "reports:ekinerja_mine": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 200,  # their own file
        "head_a": 404,  # no staff record: nothing of their own
        "head_b": 404,
        "mayor": 404,
        "bkpsdm": 404,
    },
    "reports:ekinerja_opd": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": {"bulan": "2026-11"},
        "anonymous": 302,
        "employee": 403,
        "head_a": Redirect("/unduhan/"),  # their own OPD's file, as a job
        "head_b": Redirect("/unduhan/"),
        "mayor": 403,  # figures, not each person's daily work
        "bkpsdm": 404,  # names the OPD (opd=)
    },
}
