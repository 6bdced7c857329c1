"""The weekly cap of WFH/WFA days (PermenPANRB No. 4/2025), one test per path that sets a cell.

Lebaran 2025's first four days (Monday 24 to Thursday 27 March 2025) share one calendar week;
here the window follows a policy with a cap of 2 days a week.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from schedules import planner, services
from schedules.cap import cap_violations
from schedules.models import (
    Assignment,
    CapException,
    FlexPolicy,
    FlexWindow,
    Mode,
    Plan,
    PlanStatus,
    Preference,
    WindowDay,
)
from tests.factories import EmployeeFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
JAKARTA = ZoneInfo("Asia/Jakarta")
REFUSED = "sudah mencapai batas 2 hari WFH/WFA pada minggu 24 Maret 2025 – 30 Maret 2025"


@pytest.fixture
def capped(window):
    policy = FlexPolicy.objects.create(
        name="Uji batas", legal_basis="PermenPANRB No. 4 Tahun 2025", weekly_cap=2
    )
    window.policy = policy
    window.save()
    return window


def grid_url(window, opd, action=""):
    return f"/periode/{window.slug}/rencana/{opd.code}/{action}"


def versions(employee, days):
    seen = dict(Assignment.objects.filter(employee=employee).values_list("day_id", "version"))
    return ",".join(f"{employee.pk}:{d.pk}:{seen.get(d.pk, 0)}" for d in days)


def remote_days(employee):
    return Assignment.objects.filter(employee=employee).exclude(mode=Mode.WFO).count()


def set_cell(client, window, opd, employee, day, days, mode="WFH"):
    data = {"employee": employee.pk, "day": day.pk, "mode": mode}
    data["versions"] = versions(employee, days)
    return client.post(grid_url(window, opd, "sel/"), data, **HTMX).content.decode()


def test_grid_refuses_the_third_remote_day_of_a_week(
    login, capped, days, bkpsdm, opd_a, employee_a
):
    client = login(bkpsdm)
    for day in days[:2]:
        assert "1 sel jadwal diubah" in set_cell(client, capped, opd_a, employee_a, day, days)
    body = set_cell(client, capped, opd_a, employee_a, days[2], days)
    assert REFUSED in body and "Uji batas" in body and "pengecualian" in body
    assert remote_days(employee_a) == 2
    # Another week (8 April) is its own week; WFH to WFA on a counted day is no new day.
    assert "1 sel jadwal diubah" in set_cell(client, capped, opd_a, employee_a, days[4], days)
    body = set_cell(client, capped, opd_a, employee_a, days[0], days, mode="WFO")
    assert "1 sel jadwal diubah" in body
    assert "1 sel jadwal diubah" in set_cell(client, capped, opd_a, employee_a, days[2], days)


def test_bulk_keeps_the_first_days_and_counts_the_skipped_ones(
    login, capped, days, bkpsdm, opd_a, puskesmas_staff
):
    staff = puskesmas_staff["admin"][:3]
    body = (
        login(bkpsdm)
        .post(
            grid_url(capped, opd_a, "massal/"),
            {
                "action": "set",
                "mode": "WFH",
                "employees": [e.pk for e in staff],
                "days": [d.pk for d in days[:4]],
                "versions": [versions(e, days) for e in staff],
            },
            **HTMX,
        )
        .content.decode()
    )
    assert (
        "6 sel jadwal diubah; 6 sel dilewati karena melebihi batas hari WFH/WFA per minggu" in body
    )
    for employee in staff:
        assert set(
            Assignment.objects.filter(employee=employee).values_list("day__date", flat=True)
        ) == {date(2025, 3, 24), date(2025, 3, 25)}


@pytest.mark.time_machine(datetime(2025, 3, 1, 9, tzinfo=JAKARTA), tick=False)
def test_a_third_wish_in_a_week_is_refused(login, capped, days, employee_user, employee_a):
    client = login(employee_user)
    for day in days[:2]:
        client.post("/jadwal-saya/preferensi/", {"day": day.pk, "mode": "WFH"})
    page = client.post(
        "/jadwal-saya/preferensi/", {"day": days[2].pk, "mode": "WFH"}, follow=True
    ).content.decode()
    assert "sudah berisi 2 hari WFH/WFA" in page and "batasnya 2 hari per minggu" in page
    assert Preference.objects.filter(employee=employee_a).count() == 2


def test_the_planner_never_plans_more_than_the_cap(capped, days, opd_a, puskesmas_staff):
    clerk = puskesmas_staff["admin"][0]
    for day in days[:3]:
        Preference.objects.create(employee=clerk, day=day, mode=Mode.WFH)
    result = planner.propose(capped, opd_a)
    (unit,) = result.opds[0].units
    week = {j for j, d in enumerate(unit.problem.days) if d.date < date(2025, 4, 1)}
    for i, _person in enumerate(unit.problem.people):
        away = [j for j in week if unit.final[(i, j)][0] != Mode.WFO]
        assert len(away) <= 2
    refused = [w for w in unit.wishes if w.person.id == clerk.pk and not w.granted]
    assert len(refused) == 1 and "batas hari WFH/WFA per minggu" in refused[0].reason
    assert not unit.shortfalls


def test_without_a_policy_the_planner_grants_three_wished_days(
    window, days, opd_a, puskesmas_staff
):
    """The control: the constraint above is what keeps the wishes within the cap."""
    clerk = puskesmas_staff["admin"][0]
    for day in days[:3]:
        Preference.objects.create(employee=clerk, day=day, mode=Mode.WFH)
    (unit,) = planner.propose(window, opd_a).opds[0].units
    assert all(w.granted for w in unit.wishes)


def over_cap(employee, days):
    """Three remote days in one week written around the write path (as an import or an old plan)."""
    for day in days[:3]:
        Assignment.objects.create(employee=employee, day=day, mode=Mode.WFH)


def test_submit_is_refused_listing_the_employee_and_the_week(
    capped, days, opd_a, bkpsdm, employee_a
):
    over_cap(employee_a, days)
    plan = services.plan_for(opd=opd_a, window=capped)
    with pytest.raises(ValidationError) as refusal:
        services.plan_submit(plan=plan, by=bkpsdm)
    text = " ".join(refusal.value.messages)
    assert "1 pelanggaran batas hari WFH/WFA per minggu" in text
    assert (
        f"{employee_a.name} ({employee_a.nip}), minggu 24 Maret 2025 – 30 Maret 2025: 3 hari"
        in text
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_approval_is_refused_while_an_employee_is_over_the_cap(
    capped, days, opd_a, head_a, employee_a
):
    plan = Plan.objects.create(opd=opd_a, window=capped, status=PlanStatus.SUBMITTED)
    over_cap(employee_a, days)
    with pytest.raises(ValidationError, match="batas hari WFH/WFA per minggu"):
        services.plan_approve(plan=plan, by=head_a)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_rules_report_lists_each_breach_and_exits_1(capped, days, employee_a, capsys):
    over_cap(employee_a, days)
    with pytest.raises(SystemExit) as exit_info:
        call_command("rules_report", "--window", capped.slug)
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert f"{employee_a.nip}\t{employee_a.name}\t2025-03-24\t3 hari\tbatas 2" in out
    assert "1 pelanggaran batas mingguan" in err


def test_rules_report_exits_0_when_everyone_is_within_the_cap(capped, days, employee_a, capsys):
    Assignment.objects.create(employee=employee_a, day=days[0], mode=Mode.WFH)
    call_command("rules_report", "--window", capped.slug)
    assert "0 pelanggaran" in capsys.readouterr().err


def test_an_exception_lets_one_employee_exceed_the_cap(capped, days, opd_a, bkpsdm, employee_a):
    other = EmployeeFactory(unit=employee_a.unit)
    CapException.objects.create(
        employee=employee_a,
        reason="Tugas khusus: pendampingan mudik",
        days_per_week=3,
        starts_on=date(2025, 3, 24),
        ends_on=date(2025, 3, 30),
    )
    result = services.assignments_set(
        opd=opd_a,
        window=capped,
        employee_ids=[employee_a.pk, other.pk],
        day_ids=[d.pk for d in days[:4]],
        mode=Mode.WFH,
        by=bkpsdm,
        bulk=True,
    )
    assert remote_days(employee_a) == 3 and remote_days(other) == 2
    assert result.skipped_over_cap == 3
    assert cap_violations(capped, opd=opd_a) == []


def test_a_week_straddling_two_windows_counts_both(capped, days, opd_a, bkpsdm, employee_a):
    other = FlexWindow.objects.create(
        slug="uji-jumat", name="Uji Jumat", legal_basis="SE uji", policy=capped.policy
    )
    friday = WindowDay.objects.create(window=other, date=date(2025, 3, 28))
    for day in days[:2]:
        Assignment.objects.create(employee=employee_a, day=day, mode=Mode.WFH)
    with pytest.raises(ValidationError, match="sudah mencapai batas 2 hari"):
        services.assignments_set(
            opd=opd_a,
            window=other,
            employee_ids=[employee_a.pk],
            day_ids=[friday.pk],
            mode=Mode.WFH,
            by=bkpsdm,
        )
    assert not Assignment.objects.filter(day=friday).exists()
    # And the other window's own checks see Lebaran's days too.
    Assignment.objects.create(employee=employee_a, day=friday, mode=Mode.WFH)
    (violation,) = cap_violations(other)
    assert violation.days == 3 and violation.week == date(2025, 3, 24)


def test_a_window_without_a_policy_has_no_cap(window, days, opd_a, bkpsdm, employee_a):
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[employee_a.pk],
        day_ids=[d.pk for d in days],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    assert remote_days(employee_a) == len(days)
    assert cap_violations(window) == []


def test_the_grid_page_names_who_is_over_the_cap_when_submit_is_refused(
    login, capped, days, opd_a, bkpsdm, puskesmas_staff
):
    clerk = puskesmas_staff["admin"][0]
    over_cap(clerk, days)
    response = login(bkpsdm).post(grid_url(capped, opd_a, "ajukan/"), follow=True)
    page = response.content.decode()
    assert "Rencana tidak dapat diajukan: 1 pelanggaran batas hari WFH/WFA per minggu." in page
    assert f"{clerk.name} ({clerk.nip}), minggu 24 Maret 2025 – 30 Maret 2025" in page
    assert Plan.objects.get(opd=opd_a, window=capped).status == PlanStatus.DRAFT
