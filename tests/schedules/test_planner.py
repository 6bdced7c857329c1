"""The auto-planner on small hand-made units whose optimal answers are known."""

from collections import Counter

import pytest

from opd.models import ServiceCategory, UnitKind
from schedules import planner
from schedules.models import (
    Assignment,
    CoverageRule,
    FlexWindow,
    Mode,
    Plan,
    PlanStatus,
    Preference,
    RuleKind,
)
from tests.factories import EmployeeFactory, UnitFactory


@pytest.fixture(autouse=True)
def only_the_rules_of_each_case(db):
    CoverageRule.objects.update(is_active=False)


def rule(unit, kind, value, keywords="", name=None):
    return CoverageRule.objects.create(
        name=name or f"{kind} {value} {keywords}".strip(),
        unit=unit,
        kind=kind,
        value=value,
        position_keywords=keywords,
    )


def staff(unit, n, position="Pengadministrasi Umum", **kwargs):
    return [
        EmployeeFactory(unit=unit, name=f"{position} {i}", position_name=position, **kwargs)
        for i in range(n)
    ]


def cells(result) -> dict[tuple[int, int], tuple[str, str]]:
    """(employee id, day id) -> (mode, place) for every cell of the proposal."""
    found = {}
    for outcome in result.units():
        p = outcome.problem
        for (i, j), value in outcome.final.items():
            found[(p.people[i].id, p.days[j].pk)] = value
    return found


def remote_days(result, employee) -> int:
    return sum(
        1 for (e, _), (mode, _) in cells(result).items() if e == employee.pk and mode != Mode.WFO
    )


def remote_per_day(result, employees) -> Counter:
    ids = {e.pk for e in employees}
    return Counter(d for (e, d), (mode, _) in cells(result).items() if e in ids and mode != "WFO")


def test_four_staff_two_on_site_each_day_is_a_fair_rotation(window, days, unit_a, opd_a):
    people = staff(unit_a, 4)
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 2)
    result = planner.propose(window, opd_a)
    assert remote_per_day(result, people) == {d.pk: 2 for d in days}  # exactly 2 remote a day
    on_site = sorted(5 - remote_days(result, e) for e in people)
    assert sum(5 - n for n in on_site) == 10
    assert set(on_site) == {2, 3} and on_site.count(2) == 2  # spread exactly 1
    (outcome,) = result.units()
    assert outcome.status == planner.Status.ROTATION and outcome.spread == 1
    assert {mode for mode, _ in cells(result).values()} == {"WFO", "WFH"}  # WFH by default


def test_a_max_remote_share_of_half_on_five_staff_allows_two_away_a_day(
    window, days, unit_b, opd_b
):
    people = staff(unit_b, 5)
    rule(unit_b, RuleKind.MAX_REMOTE_SHARE, 50)
    result = planner.propose(window, opd_b)
    assert remote_per_day(result, people) == {d.pk: 2 for d in days}


def test_the_only_doctor_stays_on_site_and_the_nurses_go_remote(window, days, unit_a, opd_a):
    (doctor,) = staff(unit_a, 1, "Dokter Ahli Pertama")
    nurses = staff(unit_a, 3, "Perawat Terampil")
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 1, "dokter")
    result = planner.propose(window, opd_a)
    assert remote_days(result, doctor) == 0
    assert [remote_days(result, n) for n in nurses] == [5, 5, 5]  # no rule holds them


def test_an_ineligible_employee_is_always_on_site(window, days, unit_a, opd_a, ineligible):
    others = staff(unit_a, 3)
    rule(unit_a, RuleKind.MAX_REMOTE_SHARE, 100)
    Assignment.objects.create(employee=ineligible, day=days[0], mode=Mode.WFH)  # from before
    result = planner.propose(window, opd_a)
    assert remote_days(result, ineligible) == 0
    assert all(remote_days(result, e) == 5 for e in others)


def test_a_wish_is_granted_with_its_mode_and_place_when_coverage_allows(
    window, days, unit_a, opd_a
):
    people = staff(unit_a, 4)
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 3)  # one place away per day
    Preference.objects.create(
        employee=people[3], day=days[0], mode=Mode.WFA, wfa_place="Lubuklinggau"
    )
    result = planner.propose(window, opd_a)
    assert cells(result)[(people[3].pk, days[0].pk)] == ("WFA", "Lubuklinggau")
    assert result.summary()["wishes_granted"] == 1


def test_a_wish_beyond_the_rule_is_refused_with_the_rule_and_the_day(window, days, unit_a, opd_a):
    people = staff(unit_a, 4)
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 3, name="Minimal 3 di kantor")
    for e in people[:2]:  # both want Monday, one place away
        Preference.objects.create(employee=e, day=days[0], mode=Mode.WFH)
    summary = planner.propose(window, opd_a).summary()
    (opd,) = summary["opds"]
    assert (summary["wishes_granted"], summary["wishes_total"]) == (1, 2)
    (refused,) = opd["refused"]
    assert refused["day"] == "Senin, 24 Maret 2025"
    assert (
        "aturan 'Minimal 3 di kantor' di Puskesmas Makrayu pada Senin, 24 Maret 2025"
        in (refused["reason"])
    )
    assert "membutuhkan 3 dari 4 pegawai di unit ini di kantor" in refused["reason"]
    assert "kuota WFH/WFA hari itu (1 orang) sudah terpakai" in refused["reason"]


def test_wishes_come_before_fairness_and_the_rest_is_spread_evenly(window, days, unit_a, opd_a):
    people = staff(unit_a, 4)
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 2)
    for day in days[:4]:  # one person wants four days at home
        Preference.objects.create(employee=people[0], day=day, mode=Mode.WFH)
    result = planner.propose(window, opd_a)
    assert remote_days(result, people[0]) >= 4
    assert remote_per_day(result, people) == {d.pk: 2 for d in days}
    # 10 remote days, 4 of them wished: the other three share 6, two each.
    assert sorted(remote_days(result, e) for e in people[1:]) == [2, 2, 2]
    assert result.summary()["wishes_granted"] == 4


def test_wishes_the_window_or_the_person_rules_out_are_refused_with_why(
    window, days, unit_a, opd_a, ineligible
):
    (person,) = staff(unit_a, 1)
    rule(unit_a, RuleKind.MAX_REMOTE_SHARE, 100)
    FlexWindow.objects.filter(pk=window.pk).update(allows_wfa=False)
    Preference.objects.create(employee=person, day=days[0], mode=Mode.WFA, wfa_place="Lahat")
    Preference.objects.create(employee=ineligible, day=days[0], mode=Mode.WFH)
    window.refresh_from_db()
    (opd,) = planner.propose(window).summary()["opds"]
    reasons = {r["employee"]: r["reason"] for r in opd["refused"]}
    assert reasons[person.name] == "WFA tidak diizinkan pada periode ini"
    assert reasons[ineligible.name] == "hanya boleh WFO (Hukuman disiplin, tanpa batas akhir)"


def test_a_pinned_cell_is_kept_and_counted(window, days, unit_a, opd_a):
    people = staff(unit_a, 4)
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 2)
    Assignment.objects.create(
        employee=people[0], day=days[0], mode=Mode.WFA, wfa_place="Prabumulih", pinned=True
    )
    Assignment.objects.create(employee=people[1], day=days[1], mode=Mode.WFO, pinned=True)
    Preference.objects.create(employee=people[1], day=days[1], mode=Mode.WFH)
    result = planner.propose(window, opd_a)
    found = cells(result)
    assert found[(people[0].pk, days[0].pk)] == ("WFA", "Prabumulih")
    assert found[(people[1].pk, days[1].pk)] == ("WFO", "")
    assert remote_per_day(result, people) == {d.pk: 2 for d in days}
    (refused,) = result.summary()["opds"][0]["refused"]
    assert refused["reason"] == "jadwal Selasa, 25 Maret 2025 dikunci manual sebagai WFO"


def test_an_approved_plan_is_left_as_it_is(window, days, unit_a, opd_a, unit_b, opd_b):
    staff(unit_a, 4)
    away = staff(unit_b, 4)
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 2)
    rule(unit_b, RuleKind.MIN_ONSITE_COUNT, 2)
    Assignment.objects.create(employee=away[0], day=days[0], mode=Mode.WFH)
    Plan.objects.create(opd=opd_b, window=window, status=PlanStatus.APPROVED)
    result = planner.propose(window)
    cells_by_opd = result.cells()
    assert str(opd_a.pk) in cells_by_opd and str(opd_b.pk) not in cells_by_opd
    locked = next(o for o in result.summary()["opds"] if o["code"] == opd_b.code)
    assert locked["locked"] and locked["changed"] == 0
    assert remote_days(result, away[0]) == 1


def test_an_impossible_rule_is_explained_and_the_rest_is_planned(window, days, unit_a, opd_a):
    nurses = staff(unit_a, 3, "Perawat Terampil")
    clerks = staff(unit_a, 4)
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 4, "perawat", name="Minimal 4 perawat")
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 2, name="Minimal 2 orang")
    result = planner.propose(window, opd_a)
    assert all(remote_days(result, n) == 0 for n in nurses)  # all of them on site
    assert remote_per_day(result, clerks) == {d.pk: 4 for d in days}  # the rest still planned
    shortfalls = result.summary()["opds"][0]["shortfalls"]
    assert len(shortfalls) == 5
    assert shortfalls[0] == {
        "unit": "Puskesmas Makrayu",
        "day": "Senin, 24 Maret 2025",
        "rule": "Minimal 4 perawat",
        "staff": 3,
        "required": 4,
        "planned": 3,
        "reason": "hanya 3 pegawai aktif yang jabatannya memuat 'perawat'",
    }


def test_pinned_cells_that_force_a_shortfall_are_named(window, days, unit_a, opd_a):
    people = staff(unit_a, 3)
    rule(unit_a, RuleKind.MIN_ONSITE_COUNT, 2)
    for e in people[:2]:
        Assignment.objects.create(employee=e, day=days[2], mode=Mode.WFH, pinned=True)
    (shortfall,) = planner.propose(window, opd_a).summary()["opds"][0]["shortfalls"]
    assert shortfall["day"] == "Rabu, 26 Maret 2025" and shortfall["planned"] == 1
    assert shortfall["reason"] == "2 sel WFH/WFA di antara pegawai ini dikunci manual"


def test_a_unit_without_rules_only_gets_its_wishes(window, days, opd_a):
    office = UnitFactory(
        opd=opd_a, kind=UnitKind.UPTD, service_category=ServiceCategory.NONE, name="UPTD"
    )
    people = staff(office, 3)
    Preference.objects.create(employee=people[0], day=days[0], mode=Mode.WFH)
    Assignment.objects.create(employee=people[1], day=days[1], mode=Mode.WFH)
    result = planner.propose(window, opd_a)
    (outcome,) = result.units()
    assert outcome.status == planner.Status.NO_RULES
    assert [remote_days(result, e) for e in people] == [1, 1, 0]


def test_a_window_without_wfh_plans_wfa_at_a_known_place_and_one_without_either_nobody_away(
    window, days, unit_a, opd_a
):
    people = staff(unit_a, 2)
    rule(unit_a, RuleKind.MAX_REMOTE_SHARE, 50)
    FlexWindow.objects.filter(pk=window.pk).update(allows_wfh=False)
    window.refresh_from_db()
    # WFA always names a place: nobody has stated one yet, so nobody is planned away.
    assert all(remote_days(planner.propose(window, opd_a), e) == 0 for e in people)
    Preference.objects.create(
        employee=people[0], day=days[0], mode=Mode.WFA, wfa_place="Lubuklinggau"
    )
    values = set(cells(planner.propose(window, opd_a)).values())
    assert values <= {("WFO", ""), ("WFA", "Lubuklinggau")} and ("WFA", "Lubuklinggau") in values
    FlexWindow.objects.filter(pk=window.pk).update(allows_wfa=False)
    window.refresh_from_db()
    assert all(remote_days(planner.propose(window, opd_a), e) == 0 for e in people)


def test_the_default_rules_of_a_puskesmas_hold_in_the_proposal(
    window, days, unit_a, opd_a, puskesmas_staff
):
    CoverageRule.objects.update(is_active=True)
    result = planner.propose(window, opd_a)
    assert result.summary()["shortfalls"] == 0
    doctor = puskesmas_staff["dokter"]
    assert remote_days(result, doctor) == 0  # the only doctor
    nurses = [*puskesmas_staff["perawat"], puskesmas_staff["bidan"]]
    everyone = [doctor, *nurses, *puskesmas_staff["admin"]]
    # 10 staff, at least 60% on site: 4 away a day; of 4 nurses and midwives, 2 stay.
    assert remote_per_day(result, everyone) == {d.pk: 4 for d in days}
    assert all(n <= 2 for n in remote_per_day(result, nurses).values())
    assert {u.status for u in result.units()} <= {planner.Status.ROTATION, planner.Status.OPTIMAL}


def test_a_wish_in_a_unit_that_must_stay_whole_says_there_is_no_quota(window, days, unit_a, opd_a):
    (person, _) = staff(unit_a, 2)
    rule(unit_a, RuleKind.MIN_ONSITE_SHARE, 100, name="Semua di tempat")
    Preference.objects.create(employee=person, day=days[2], mode=Mode.WFH)
    (refused,) = planner.propose(window, opd_a).summary()["opds"][0]["refused"]
    assert refused["reason"] == (
        "aturan 'Semua di tempat' di Puskesmas Makrayu pada Rabu, 26 Maret 2025 membutuhkan "
        "2 dari 2 pegawai di unit ini di kantor; tidak ada kuota WFH/WFA"
    )
