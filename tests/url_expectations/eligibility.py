"""Routes of the restrictions of flexible work (Pembatasan WFO): BKPSDM records and ends them;
heads (their OPD), the mayor's office and BKPSDM read them; another OPD's is a 404. Ending one
(a POST to the detail page) is walked per persona in tests/eligibility/test_pages.py."""

from tests.url_expectations import no_kwargs


def sanction_of_employee_a(fixture):
    """employee_a (OPD A) is under an open-ended sanction."""
    from datetime import date

    from eligibility.models import Restriction, RestrictionKind

    restriction, _ = Restriction.objects.get_or_create(
        employee=fixture("employee_a"),
        kind=RestrictionKind.SANCTION,
        defaults={"start_date": date(2025, 1, 1), "basis": "SK 800/1/2025"},
    )
    return {"pk": restriction.pk}


EXPECTATIONS = {
    "eligibility:list": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # their own OPD's only (scope)
        "mayor": 200,
        "bkpsdm": 200,
    },
    "eligibility:record": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **dict.fromkeys(("employee", "head_a", "head_b", "mayor"), 403),
        "bkpsdm": 200,
    },
    "eligibility:detail": {
        "kwargs": sanction_of_employee_a,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,  # another OPD's restriction
        "mayor": 200,
        "bkpsdm": 200,
    },
}
