"""Home, login and the OPD/staff pages."""

from tests.url_expectations import LOGIN_PATH, Redirect, employee_a_nip, no_kwargs, opd_a_code

EXPECTATIONS = {
    "home": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 200,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "login": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 200,
        # redirect_authenticated_user: a signed-in user is sent home.
        "employee": Redirect("/"),
        "head_a": Redirect("/"),
        "head_b": Redirect("/"),
        "mayor": Redirect("/"),
        "bkpsdm": Redirect("/"),
    },
    "logout": {
        "kwargs": no_kwargs,
        "method": "post",
        "anonymous": 302,
        "employee": Redirect(LOGIN_PATH),
        "head_a": Redirect(LOGIN_PATH),
        "head_b": Redirect(LOGIN_PATH),
        "mayor": Redirect(LOGIN_PATH),
        "bkpsdm": Redirect(LOGIN_PATH),
    },
    "opd:list": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "opd:detail": {
        "kwargs": opd_a_code,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "opd:employees": {
        "kwargs": opd_a_code,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "opd:employee": {
        "kwargs": employee_a_nip,
        "method": "get",
        "anonymous": 302,
        "employee": 200,  # employee_user is employee_a
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "opd:picker": {
        "kwargs": lambda fixture: {"kind": "pegawai"},
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        # without ?nama= (the field the matches are for) the search is refused as malformed;
        # tests/opd/test_picker.py searches for real, within each persona's scope
        "head_a": 400,
        "head_b": 400,
        "mayor": 400,
        "bkpsdm": 400,
    },
}
