"""Routes of the privacy app: the employee's own data and the read access log (BKPSDM)."""

from tests.url_expectations import Redirect, no_kwargs

EXPECTATIONS = {
    "privacy:my_data": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        # Everyone signed in; an account without a staff record is told it holds none.
        "employee": 200,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "privacy:my_data_download": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 200,
        # The personas' other accounts have no staff record: nothing of theirs to download.
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 403,
    },
    "privacy:read_log": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "privacy:read_log_export": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": {"format": "xlsx"},
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": Redirect("/unduhan/"),  # the job's progress page
    },
}
