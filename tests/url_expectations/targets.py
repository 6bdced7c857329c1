"""Routes of work targets: the employee's own target (phone), the head's approval, the import."""

from tests.url_expectations import Redirect, no_kwargs

MINE = Redirect("/target/")
WAITING = Redirect("/target/pemeriksaan/")


def target_of_employee_a(fixture):
    """employee_a's target of this year, submitted, with one action plan."""
    from django.utils import timezone

    from targets.models import ActionPlan, WorkTarget

    target, _ = WorkTarget.objects.get_or_create(
        employee=fixture("employee_a"),
        year=timezone.localdate().year,
        defaults={"status": "submitted", "submitted_at": timezone.now()},
    )
    ActionPlan.objects.get_or_create(
        target=target,
        rhk="Terlaksananya pelayanan imunisasi",
        text="Melayani imunisasi anak",
        defaults={"quantity": 500, "unit_of_measure": "anak"},
    )
    return {"pk": target.pk}


def plan_of_employee_a(fixture):
    from targets.models import WorkTarget

    target = WorkTarget.objects.get(pk=target_of_employee_a(fixture)["pk"])
    target.status = "draft"
    target.save()
    return {"pk": target.plans.first().pk}


def everyone(status):
    return dict.fromkeys(("employee", "head_a", "head_b", "mayor", "bkpsdm"), status)


REVIEWERS = {"employee": 403, "head_a": 200, "head_b": 200, "mayor": 403, "bkpsdm": 200}

EXPECTATIONS = {
    "targets:mine": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **everyone(200),  # without a staff record the page says so
    },
    "targets:plan_add": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": {
            "rhk": "Terlaksananya pelayanan",
            "text": "Melayani pasien",
            "quantity": "100",
            "unit_of_measure": "pasien",
        },
        "anonymous": 302,
        **everyone(400),  # refused with the page: no staff record
        "employee": MINE,
    },
    "targets:plan_remove": {
        "kwargs": plan_of_employee_a,
        "method": "post",
        "anonymous": 302,
        **everyone(404),  # only one's own plans
        "employee": MINE,
    },
    "targets:submit": {
        "kwargs": no_kwargs,
        "method": "post",
        "anonymous": 302,
        **everyone(MINE),  # refused with a message when there is nothing to submit
    },
    "targets:review_list": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **REVIEWERS,
    },
    "targets:detail": {
        "kwargs": target_of_employee_a,
        "method": "get",
        "anonymous": 302,
        "employee": 200,  # their own
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "targets:approve": {
        "kwargs": target_of_employee_a,
        "method": "post",
        "anonymous": 302,
        "employee": 403,
        "head_a": WAITING,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": WAITING,
    },
    "targets:return": {
        "kwargs": target_of_employee_a,
        "method": "post",
        "data": {"comment": "Lengkapi target kuantitas."},
        "anonymous": 302,
        "employee": 403,
        "head_a": WAITING,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": WAITING,
    },
    "targets:import_start": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **REVIEWERS,
    },
    "targets:import_check": {
        "kwargs": no_kwargs,
        "method": "post",
        "anonymous": 302,
        **REVIEWERS,
        "head_a": 400,  # no file
        "head_b": 400,
        "bkpsdm": 400,
    },
    "targets:import_confirm": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": {"token": "forged"},
        "anonymous": 302,
        **REVIEWERS,
        "head_a": 400,
        "head_b": 400,
        "bkpsdm": 400,
    },
}
