"""Routes of absences: the employee's own requests (phone), the lists, the head's decision with
its coverage effect, BKPSDM's record form, cancelling."""

from tests.url_expectations import Redirect, no_kwargs

MINE = Redirect("/ketidakhadiran/saya/")
LIST = Redirect("/ketidakhadiran/")


def requested_leave_of_employee_a(fixture):
    """employee_a asks for annual leave on the window's first day."""
    from absences.models import Absence, AbsenceKind

    day = fixture("window").days.order_by("date").first().date
    absence, _ = Absence.objects.get_or_create(
        employee=fixture("employee_a"),
        start_date=day,
        end_date=day,
        defaults={"kind": AbsenceKind.ANNUAL},
    )
    return {"pk": absence.pk}


ONLY_BKPSDM = {"employee": 403, "head_a": 403, "head_b": 403, "mayor": 403}

EXPECTATIONS = {
    "absences:list": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # their own OPD's absences only (scope)
        "mayor": 200,
        "bkpsdm": 200,
    },
    "absences:mine": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 200,
        **dict.fromkeys(("head_a", "head_b", "mayor", "bkpsdm"), 403),  # no staff record
    },
    "absences:record": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **ONLY_BKPSDM,
        "bkpsdm": 200,
    },
    "absences:detail": {
        "kwargs": requested_leave_of_employee_a,
        "method": "get",
        "anonymous": 302,
        "employee": 200,  # their own
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "absences:decide": {
        "kwargs": requested_leave_of_employee_a,
        "method": "post",
        "data": lambda fixture: {"decision": "setujui", "note": ""},
        "anonymous": 302,
        "employee": 403,
        "head_a": LIST,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": 403,  # the head decides; BKPSDM records
    },
    "absences:cancel": {
        "kwargs": requested_leave_of_employee_a,
        "method": "post",
        "anonymous": 302,
        "employee": MINE,
        "head_a": Redirect("/ketidakhadiran/"),
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": Redirect("/ketidakhadiran/"),
    },
    "absences:import_start": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **ONLY_BKPSDM,
        "bkpsdm": 200,
    },
    "absences:import_check": {
        "kwargs": no_kwargs,
        "method": "post",
        "anonymous": 302,
        **ONLY_BKPSDM,
        "bkpsdm": 400,  # no file: the upload page says so
    },
    "absences:import_confirm": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": lambda fixture: {"token": "palsu"},
        "anonymous": 302,
        **ONLY_BKPSDM,
        "bkpsdm": 400,  # a forged token: nothing written
    },
}
