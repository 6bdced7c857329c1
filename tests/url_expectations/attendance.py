"""Routes of the attendance app: check-in, daily reports and their review, monitor, feedback.

None of the seeded window days is today, so a check-in or check-out by anyone is refused with a
message on the check-in page (the walk checks the route's guard, not the check-in itself).
"""

from tests.url_expectations import Redirect, lebaran_2025, no_kwargs, opd_a_code

CHECK_IN_PAGE = Redirect("/presensi/")
REPORT = Redirect("/laporan/")
QUEUE = Redirect("/laporan/pemeriksaan/")


def first_day(fixture):
    return {"day_id": fixture("window").days.first().pk}


def report_of_employee_a(fixture):
    """A report of employee_a (OPD A) awaiting review, on the window's first day."""
    from django.utils import timezone

    from attendance.models import DailyReport

    report, _ = DailyReport.objects.get_or_create(
        employee=fixture("employee_a"),
        day=fixture("window").days.first(),
        defaults={"mode": "WFO", "submitted_at": timezone.now()},
    )
    return {"pk": report.pk}


def essential_unit_a(fixture):
    return {"code": fixture("unit_a").code}


def everyone(status):
    return dict.fromkeys(("employee", "head_a", "head_b", "mayor", "bkpsdm"), status)


EXPECTATIONS = {
    "attendance:check_in_page": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **everyone(200),  # without a staff record the page says so
    },
    "attendance:check_in": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": {"mode": "WFO"},
        "anonymous": 302,
        **everyone(CHECK_IN_PAGE),
    },
    "attendance:check_in_queued": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": {"mode": "WFO"},  # a form post, not the phone's JSON: refused, nothing written
        "anonymous": 401,  # JSON for the phone, which keeps the tap until the next sign-in
        **everyone(400),
    },
    "attendance:check_in_service_worker": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 200,  # the script holds no one's data
        **everyone(200),
    },
    "attendance:check_out": {
        "kwargs": no_kwargs,
        "method": "post",
        "anonymous": 302,
        **everyone(CHECK_IN_PAGE),
    },
    "attendance:my_reports": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **everyone(200),
    },
    "attendance:report_form": {
        "kwargs": first_day,
        "method": "get",
        "anonymous": 302,
        **everyone(200),
    },
    "attendance:report": {
        "kwargs": report_of_employee_a,
        "method": "get",
        "anonymous": 302,
        "employee": 200,  # their own
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "attendance:review_list": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # their own OPD's queue
        "mayor": 403,  # reads the monitor, does not review
        "bkpsdm": 200,
    },
    "attendance:review_export": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # their own OPD's reports
        "mayor": 403,
        "bkpsdm": 200,
    },
    "attendance:reports_accept": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": lambda fixture: {"laporan": [report_of_employee_a(fixture)["pk"]]},
        "anonymous": 302,
        "employee": 403,
        "head_a": QUEUE,
        "head_b": QUEUE,  # refused with a message: the report is not in their OPD
        "mayor": 403,
        "bkpsdm": QUEUE,
    },
    "attendance:report_accept": {
        "kwargs": report_of_employee_a,
        "method": "post",
        "anonymous": 302,
        "employee": 403,
        "head_a": REPORT,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": REPORT,
    },
    "attendance:report_return": {
        "kwargs": report_of_employee_a,
        "method": "post",
        "data": {"comment": "Lengkapi bukti kegiatan."},
        "anonymous": 302,
        "employee": 403,
        "head_a": REPORT,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": REPORT,
    },
    "attendance:monitor": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": Redirect("/pantauan/opd/dinkes/"),
        "head_b": Redirect("/pantauan/opd/dishub/"),
        "mayor": 200,
        "bkpsdm": 200,
    },
    "attendance:monitor_partial": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 404,  # heads poll their own OPD's partial
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "attendance:monitor_opd": {
        "kwargs": opd_a_code,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "attendance:monitor_opd_partial": {
        "kwargs": opd_a_code,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "attendance:weekly": {
        "kwargs": lebaran_2025,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # their own OPD's rows
        "mayor": 200,
        "bkpsdm": 200,
    },
    "attendance:feedback_list": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # feedback on their own units
        "mayor": 200,
        "bkpsdm": 200,
    },
    # Public pages: no login.
    "attendance:feedback_services": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 200,
        **everyone(200),
    },
    "attendance:feedback_form": {
        "kwargs": essential_unit_a,
        "method": "get",
        "anonymous": 200,
        **everyone(200),
    },
    "attendance:feedback_thanks": {
        "kwargs": essential_unit_a,
        "method": "get",
        "anonymous": 200,
        **everyone(200),
    },
    "attendance:service_qr": {
        "kwargs": essential_unit_a,
        "method": "get",
        "anonymous": 200,
        **everyone(200),
    },
    "attendance:service_info": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 200,
        **everyone(200),
    },
    # QR cards to print: BKPSDM for the city, heads for their own OPD's service points.
    "attendance:qr_cards": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,
        "mayor": 403,
        "bkpsdm": 200,
    },
}

EXPECTATIONS |= {
    "attendance:my_week": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        **everyone(200),  # without a staff record the page says so
    },
    "attendance:week_review": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # their own OPD's week
        "mayor": 200,  # read only, the city's OPDs to choose from
        "bkpsdm": 200,
    },
}
# The list's download answers its readers as the list does.
EXPECTATIONS["attendance:feedback_export"] = EXPECTATIONS["attendance:feedback_list"]
