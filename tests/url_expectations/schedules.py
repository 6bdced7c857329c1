"""Windows, the planning grid, the plan workflow, history and rules."""

from tests.url_expectations import (
    GRID_A,
    Redirect,
    bulk_on_employee_a,
    employee_a_nip,
    first_rule,
    lebaran_2025,
    no_kwargs,
    one_cell_of_employee_a,
    plan_of_opd_a,
)


def a_proposal_for_opd_a(fixture):
    """A real proposal of the planner for OPD A (the apply then finds it current)."""
    from schedules import services

    window, opd = fixture("window"), fixture("opd_a")
    proposal = services.proposal_create(window=window, opd=opd, by=fixture("bkpsdm"))
    return {"slug": window.slug, "pk": proposal.pk}


def opd_a_as_scope(fixture):
    return {"opd": fixture("opd_a").code}


def first_policy(fixture):
    from schedules.models import FlexPolicy

    fixture("reference_data")
    return {"pk": FlexPolicy.objects.order_by("pk").first().pk}


def an_exception_of_employee_a(fixture):
    from datetime import date

    from schedules.models import CapException

    exception = CapException.objects.create(
        employee=fixture("employee_a"),
        reason="Tugas khusus",
        days_per_week=3,
        starts_on=date(2026, 3, 16),
        ends_on=date(2026, 3, 27),
    )
    return {"pk": exception.pk}


def calendar_feed_of_employee_a(fixture):
    from opd.models import CalendarFeed

    CalendarFeed.objects.get_or_create(
        user=fixture("employee_user"), token_hash=CalendarFeed.digest("A" * 43)
    )
    return {"token": "A" * 43}


def a_wish_of_employee_a(fixture):
    return {"day": fixture("window").days.first().pk, "mode": "WFH"}


def hours_for_employee_a(fixture):
    return bulk_on_employee_a(fixture) | {
        "hours_kind": "shift",
        "hours_start": "07.00",
        "hours_end": "15.30",
    }


def hours_cell_of_employee_a(fixture):
    return {"cells": [f"{fixture('employee_a').pk}:{fixture('window').days.first().pk}"]}


HOURS_A = Redirect("/periode/lebaran-2025/rencana/dinkes/jam-kerja/")

EXPECTATIONS = {
    "schedules:windows": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 200,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "schedules:window": {
        "kwargs": lebaran_2025,
        "method": "get",
        "anonymous": 302,
        "employee": 200,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "schedules:window_day_add": {
        "kwargs": lebaran_2025,
        "method": "post",
        # 9 April 2025: a working day not yet in the window (each case runs in its own transaction).
        "data": {"date": "2025-04-09"},
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": Redirect("/periode/lebaran-2025/"),
    },
    "schedules:plans": {
        "kwargs": lebaran_2025,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # sees the row of their own OPD only
        "mayor": 200,
        "bkpsdm": 200,
    },
    "schedules:grid": {
        "kwargs": plan_of_opd_a,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "schedules:cell": {
        "kwargs": plan_of_opd_a,
        "method": "post",
        "data": one_cell_of_employee_a,
        "anonymous": 302,
        "employee": 403,
        "head_a": GRID_A,  # back to the grid with "only while submitted to you"
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": GRID_A,
    },
    "schedules:bulk": {
        "kwargs": plan_of_opd_a,
        "method": "post",
        "data": bulk_on_employee_a,
        "anonymous": 302,
        "employee": 403,
        "head_a": GRID_A,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": GRID_A,
    },
    "schedules:bulk_undo": {
        "kwargs": plan_of_opd_a,
        "method": "post",
        "anonymous": 302,
        "employee": 403,
        "head_a": GRID_A,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": GRID_A,
    },
    "schedules:hours": {
        "kwargs": plan_of_opd_a,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "schedules:hours_set": {
        "kwargs": plan_of_opd_a,
        "method": "post",
        "data": hours_for_employee_a,
        "anonymous": 302,
        "employee": 403,
        "head_a": GRID_A,  # refused with a message: no time flexibility in this window's policy
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": GRID_A,
    },
    "schedules:hours_clear": {
        "kwargs": plan_of_opd_a,
        "method": "post",
        "data": hours_cell_of_employee_a,
        "anonymous": 302,
        "employee": 403,
        "head_a": HOURS_A,  # a draft plan: refused with a message on the list
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": HOURS_A,
    },
    "schedules:submit": {
        "kwargs": plan_of_opd_a,
        "method": "post",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": GRID_A,
    },
    "schedules:approve": {
        "kwargs": plan_of_opd_a,
        "method": "post",
        "anonymous": 302,
        "employee": 403,
        "head_a": GRID_A,  # a draft: refused with a message on the grid
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": 403,
    },
    "schedules:return": {
        "kwargs": plan_of_opd_a,
        "method": "post",
        "data": {"note": "Perbaiki puskesmas"},
        "anonymous": 302,
        "employee": 403,
        "head_a": GRID_A,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": 403,
    },
    "schedules:reopen": {
        "kwargs": plan_of_opd_a,
        "method": "post",
        "data": {"note": "Perubahan SE"},
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": GRID_A,  # not approved: refused with a message on the grid
    },
    "schedules:plan_history": {
        "kwargs": plan_of_opd_a,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:employee_history": {
        "kwargs": employee_a_nip,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:my_schedule": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 200,
        "head_a": 200,  # no staff record linked: the page says so
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "schedules:my_calendar": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 200,
        "head_a": 200,  # no staff record linked: the page says so
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "schedules:my_past_schedule": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 200,
        "head_a": 200,  # no staff record linked: the page says so
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    # The answer shows the new address once (only its hash is kept).
    "schedules:calendar_feed_renew": {
        "kwargs": no_kwargs,
        "method": "post",
        "anonymous": 302,
        "employee": 200,
        "head_a": 403,  # only an account with a staff record has days to publish
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 403,
    },
    "schedules:calendar_feed_revoke": {
        "kwargs": no_kwargs,
        "method": "post",
        "anonymous": 302,
        "employee": Redirect("/jadwal-saya/"),
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 403,
    },
    # Read by calendar apps without a session: the secret token is the key, whoever asks.
    "schedules:calendar_feed": {
        "kwargs": calendar_feed_of_employee_a,
        "method": "get",
        "anonymous": 200,
        "employee": 200,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "schedules:rules": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,
        "mayor": 200,
        "bkpsdm": 200,
    },
    "schedules:rule_add": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:rule_edit": {
        "kwargs": first_rule,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 200,
    },
    # The auto-planner: BKPSDM only for proposals; preferences for their owner, BKPSDM and heads.
    "schedules:proposals": {
        "kwargs": lebaran_2025,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:proposal_create": {
        "kwargs": lebaran_2025,
        "method": "post",
        "data": opd_a_as_scope,
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": Redirect("/periode/lebaran-2025/usulan/"),
    },
    "schedules:proposal": {
        "kwargs": a_proposal_for_opd_a,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:proposal_apply": {
        "kwargs": a_proposal_for_opd_a,
        "method": "post",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": Redirect("/periode/lebaran-2025/usulan/"),
    },
    "schedules:proposal_undo": {
        "kwargs": a_proposal_for_opd_a,
        "method": "post",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": Redirect("/periode/lebaran-2025/usulan/"),  # not applied: refused, with a message
    },
    "schedules:preferences": {
        "kwargs": plan_of_opd_a,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 404,
        "mayor": 403,  # a preference may carry a personal reason
        "bkpsdm": 200,
    },
    "schedules:preference_set": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": a_wish_of_employee_a,
        "anonymous": 302,
        "employee": Redirect("/jadwal-saya/"),
        "head_a": 403,  # no staff record of their own in the personas
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 403,
    },
    # Policies: BKPSDM only. Exceptions to the weekly cap: heads (own OPD) and BKPSDM.
    "schedules:policies": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:policy_add": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:policy_edit": {
        "kwargs": first_policy,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:window_policy": {
        "kwargs": lebaran_2025,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:cap_exceptions": {
        "kwargs": no_kwargs,
        "method": "get",
        "anonymous": 302,
        "employee": 403,
        "head_a": 200,
        "head_b": 200,  # lists their own OPD's exceptions only
        "mayor": 403,
        "bkpsdm": 200,
    },
    "schedules:cap_exception_revoke": {
        "kwargs": an_exception_of_employee_a,
        "method": "post",
        "anonymous": 302,
        "employee": 403,
        "head_a": Redirect("/pengecualian-batas/"),
        "head_b": 404,
        "mayor": 403,
        "bkpsdm": Redirect("/pengecualian-batas/"),
    },
    "schedules:preference_clear": {
        "kwargs": no_kwargs,
        "method": "post",
        "data": a_wish_of_employee_a,
        "anonymous": 302,
        "employee": Redirect("/jadwal-saya/"),
        "head_a": 403,
        "head_b": 403,
        "mayor": 403,
        "bkpsdm": 403,
    },
}
