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


def delegation_of_opd_a(fixture):
    """A Plh of the head of OPD A (a staff member of OPD A), named by BKPSDM for this week."""
    from datetime import date

    from absences.acting import delegation_name
    from opd.models import ActingKind, Role
    from tests.factories import EmployeeFactory, UserFactory

    account = UserFactory(
        role=Role.EMPLOYEE, employee=EmployeeFactory(unit=fixture("employee_a").unit)
    )
    delegation = delegation_name(
        opd=fixture("opd_a"), account=account, kind=ActingKind.PLH,
        starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 27), basis="Sprint",
        by=fixture("bkpsdm"),
    )  # fmt: skip
    return {"pk": delegation.pk}


ACTING_LIST = Redirect("/plh/")
NOT_NAMING = {"employee": 403, "mayor": 403}  # a Plh (an employee's account) neither

EXPECTATIONS |= {
    "absences:acting_list": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **NOT_NAMING,
        "head_a": 200,
        "head_b": 200,  # their own OPD's delegations only
        "bkpsdm": 200,
    },
    "absences:acting_name": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **NOT_NAMING,
        "head_a": 200,  # always their own OPD
        "head_b": 200,
        "bkpsdm": ACTING_LIST,  # no OPD chosen yet: back to the list to choose one
    },
    "absences:acting_end": {
        "kwargs": delegation_of_opd_a,
        "method": "post",
        "anonymous": 302,
        **NOT_NAMING,
        "head_a": ACTING_LIST,
        "head_b": 404,
        "bkpsdm": ACTING_LIST,
    },
}
