"""What a head reviews: every change since their last decision on the plan (or since it was first
submitted), modes, WFA places and working hours, with each changed unit's on-site count."""

import pytest

from schedules import services
from schedules.models import HoursKind, Mode, Plan
from schedules.plan_review import plan_review
from schedules.services.hours import Hours, working_hours_set
from tests.schedules.test_grid import grid_url

SHIFT = Hours(HoursKind.SHIFT, 7 * 60, 15 * 60 + 30)


def plan_of(opd, window) -> Plan:
    return services.plan_for(opd=opd, window=window)


def submit(opd, window, by) -> Plan:
    return services.plan_submit(plan=plan_of(opd, window), by=by)


def set_mode(opd, window, employee, day, mode, by, place=""):
    return services.assignments_set(
        opd=opd,
        window=window,
        employee_ids=[employee.pk],
        day_ids=[day.pk],
        mode=mode,
        wfa_place=place,
        by=by,
    )


def rows(review):
    return [(c.employee_name, c.day.date.day, c.before, c.after) for c in review.shown]


def test_approve_then_change_hours_and_resubmit_the_head_sees_the_hours(
    login, timed, days, opd_a, bkpsdm, head_a, puskesmas_staff
):
    nurse = puskesmas_staff["perawat"][0]
    services.plan_approve(plan=submit(opd_a, timed, bkpsdm), by=head_a)
    services.plan_reopen(plan=plan_of(opd_a, timed), by=bkpsdm, reason="Jam kerja perawat")
    working_hours_set(
        opd=opd_a, window=timed, employee_ids=[nurse.pk], day_ids=[days[0].pk], hours=SHIFT,
        by=bkpsdm,
    )  # fmt: skip
    review = plan_review(submit(opd_a, timed, bkpsdm))
    assert (review.baseline.verb, review.cells, review.hours) == ("disetujui", 0, 1)
    assert rows(review) == [
        ("Perawat 0", 24, "Jam kerja: jam kantor biasa", "Jam kerja: 07.00–15.30 (shift)")
    ]
    page = login(head_a).get(grid_url(timed, opd_a)).content.decode()
    assert "Perubahan sejak keputusan terakhir Anda" in page
    assert "0 sel mode, 1 jam kerja" in page and "07.00–15.30 (shift)" in page


def test_return_change_change_back_and_resubmit_the_head_sees_no_change(
    login, window, days, opd_a, bkpsdm, head_a, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][0]
    services.plan_return(plan=submit(opd_a, window, bkpsdm), by=head_a, note="Cek lagi")
    set_mode(opd_a, window, clerk, days[1], Mode.WFH, bkpsdm)
    set_mode(opd_a, window, clerk, days[1], Mode.WFO, bkpsdm)
    review = plan_review(submit(opd_a, window, bkpsdm))
    assert (review.baseline.verb, review.total, review.shown, review.units) == (
        "dikembalikan",
        0,
        [],
        [],
    )
    page = login(head_a).get(grid_url(window, opd_a)).content.decode()
    assert "Tidak ada yang berubah" in page and "0 sel mode" in page


def test_three_submissions_unseen_the_head_sees_every_change_since_the_last_decision(
    login, window, days, opd_a, bkpsdm, head_a, puskesmas_staff
):
    nurse, clerk, other = (
        puskesmas_staff["perawat"][0],
        puskesmas_staff["admin"][0],
        puskesmas_staff["admin"][2],
    )
    services.plan_approve(plan=submit(opd_a, window, bkpsdm), by=head_a)
    services.plan_reopen(plan=plan_of(opd_a, window), by=bkpsdm, reason="Revisi")
    set_mode(opd_a, window, nurse, days[0], Mode.WFH, bkpsdm)
    submit(opd_a, window, bkpsdm)  # the head opens none of the three
    set_mode(opd_a, window, clerk, days[0], Mode.WFA, bkpsdm, place="Prabumulih")
    submit(opd_a, window, bkpsdm)
    set_mode(opd_a, window, other, days[2], Mode.WFH, bkpsdm)
    review = plan_review(submit(opd_a, window, bkpsdm))
    assert rows(review) == [
        ("Perawat 0", 24, "WFO", "WFH"),
        ("Staf 0", 24, "WFO", "WFA (Prabumulih)"),
        ("Staf 2", 26, "WFO", "WFH"),
    ]
    # The unit's summary: 10 on site then on Monday, 8 now; Wednesday 10 then, 9 now.
    [unit] = review.units
    monday, _, wednesday, *_ = unit.days
    assert (monday.onsite_then, monday.onsite_now) == (10, 8)
    assert (wednesday.onsite_then, wednesday.onsite_now) == (10, 9)
    assert monday.rules and monday.met_then == monday.rules
    page = login(head_a).get(grid_url(window, opd_a)).content.decode()
    assert "3 sel mode" in page and "10 → 8" in page


def test_a_first_submission_compares_with_the_plan_as_first_submitted(
    window, days, opd_a, bkpsdm, head_a, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][1]
    set_mode(opd_a, window, clerk, days[3], Mode.WFH, bkpsdm)  # before: part of the submission
    plan = submit(opd_a, window, bkpsdm)
    assert plan_review(plan).total == 0
    set_mode(opd_a, window, clerk, days[4], Mode.WFH, head_a)  # the head's own adjustment
    review = plan_review(plan_of(opd_a, window))
    assert review.baseline.verb == "diajukan pertama kali" and not review.baseline.decided
    assert rows(review) == [("Staf 1", 8, "WFO", "WFH")]


def test_a_nurse_sent_home_shows_the_rule_met_then_and_short_now(
    window, days, opd_a, bkpsdm, head_a, puskesmas_staff
):
    """The seeded health rule wants the puskesmas' nurses on site: the summary says it was met
    at the last decision and is not now."""
    plan = submit(opd_a, window, bkpsdm)
    services.plan_return(plan=plan, by=head_a, note="Ubah")
    for nurse in puskesmas_staff["perawat"]:
        set_mode(opd_a, window, nurse, days[1], Mode.WFH, bkpsdm)
    plan = plan_of(opd_a, window)
    plan.status = "submitted"  # as if submitted: the shortfall would refuse a real submission
    plan.save()
    [unit] = plan_review(plan).units
    tuesday = unit.days[1]
    assert (tuesday.onsite_then, tuesday.onsite_now) == (10, 7)
    assert tuesday.met_then == tuesday.rules > tuesday.met_now and tuesday.shortfall_now > 0


def test_a_draft_or_approved_plan_has_no_review(window, opd_a, bkpsdm, head_a, puskesmas_staff):
    assert plan_review(plan_of(opd_a, window)) is None
    approved = services.plan_approve(plan=submit(opd_a, window, bkpsdm), by=head_a)
    assert plan_review(approved) is None


@pytest.mark.parametrize("changed", [1, 9])
def test_the_review_takes_the_same_queries_whatever_the_number_of_changes(
    timed, days, opd_a, bkpsdm, head_a, puskesmas_staff, changed, django_assert_num_queries
):
    staff = [*puskesmas_staff["perawat"][1:], puskesmas_staff["bidan"], *puskesmas_staff["admin"]]
    services.plan_return(plan=submit(opd_a, timed, bkpsdm), by=head_a, note="Ubah")
    for i, person in enumerate([puskesmas_staff["perawat"][0], *staff][:changed]):
        set_mode(opd_a, timed, person, days[i % 5], Mode.WFH, bkpsdm)  # spread: no shortfall
        working_hours_set(
            opd=opd_a, window=timed, employee_ids=[person.pk], day_ids=[days[1].pk],
            hours=SHIFT, by=bkpsdm,
        )  # fmt: skip
    plan = submit(opd_a, timed, bkpsdm)
    # the plan's history (baseline) with its users; the mode history since and before the
    # baseline; the hours history since and before; the changed staff; the window's days; the
    # users who changed them; the rules, the units' staff and remote cells by position (one
    # tally for the counts and the rules), the ruled units; the changed units' names
    with django_assert_num_queries(14):
        review = plan_review(plan)
    assert (review.cells, review.hours) == (changed, changed)
