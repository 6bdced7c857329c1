"""Routes of the evaluations app: the evaluation pack of PermenPANRB 4/2025 article 35.

Objects are of OPD A (unit_a), so the head of OPD B gets 404. The workflow actions on a fresh
(draft, empty) evaluation are refused with a message and redirect back to the form; what the walk
checks is who reaches the action at all.
"""

from tests.url_expectations import Redirect, lebaran_2025, no_kwargs

FORM = Redirect("/evaluasi/lebaran-2025/pkm-makrayu/")


def unit_a_in_window(fixture):
    return {"slug": fixture("window").slug, "code": fixture("unit_a").code}


def _post(status_head_a, status_bkpsdm):
    return {
        "kwargs": unit_a_in_window,
        "method": "post",
        "anonymous": 302,
        "employee": 403,
        "head_a": status_head_a,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": status_bkpsdm,
    }


EXPECTATIONS = {
    "evaluations:current": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": Redirect("/evaluasi/"),
        "head_b": Redirect("/evaluasi/"),
        "mayor": Redirect("/evaluasi/"),
        "bkpsdm": Redirect("/evaluasi/"),
    },
    "evaluations:list": {
        "kwargs": lebaran_2025,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # their own OPD's units only
        "mayor": 200,
        "bkpsdm": 200,
    },
    "evaluations:export": {
        "kwargs": lebaran_2025,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,  # their own OPD
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "evaluations:form": {
        "kwargs": unit_a_in_window,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,  # read only
        "bkpsdm": 200,
    },  # its POST (save the draft) is walked in tests/evaluations/test_workflow.py
    "evaluations:submit": _post(FORM, FORM),
    "evaluations:sign_off": _post(FORM, 403),
    "evaluations:consolidate": _post(403, FORM),
}
