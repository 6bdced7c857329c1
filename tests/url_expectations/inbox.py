"""Notifications: a user only ever reaches their own (another's is a 404)."""

from tests.url_expectations import Redirect, no_kwargs


def a_notification_of_the_employee(fixture):
    from inbox.models import Kind, Notification

    notification = Notification.objects.create(
        recipient=fixture("employee_user"),
        kind=Kind.REPORT_ACCEPTED,
        text="Laporan diterima.",
        url="/laporan/",
    )
    return {"pk": notification.pk}


EVERYONE = {"employee": 200, "head_a": 200, "head_b": 200, "mayor": 200, "bkpsdm": 200}

EXPECTATIONS = {
    "inbox:list": {"kwargs": no_kwargs, "method": "get", "anonymous": 302, **EVERYONE},
    "inbox:settings": {"kwargs": no_kwargs, "method": "get", "anonymous": 302, **EVERYONE},
    "inbox:open": {
        "kwargs": a_notification_of_the_employee,
        "method": "post",
        "anonymous": 302,
        "employee": Redirect("/laporan/"),
        "head_a": 404,
        "head_b": 404,
        "mayor": 404,
        "bkpsdm": 404,
    },
    "inbox:read_all": {
        "kwargs": no_kwargs,
        "method": "post",
        "anonymous": 302,
        "employee": Redirect("/notifikasi/"),
        "head_a": Redirect("/notifikasi/"),
        "head_b": Redirect("/notifikasi/"),
        "mayor": Redirect("/notifikasi/"),
        "bkpsdm": Redirect("/notifikasi/"),
    },
}
