"""The coverage engine: every rule kind, the defaults, and a query count that does not grow."""

import pytest
from django.core.management import call_command

from schedules import coverage
from schedules.models import Assignment, CoverageRule, Mode, RuleKind
from tests.factories import EmployeeFactory


@pytest.fixture
def no_default_rules(db):
    CoverageRule.objects.update(is_active=False)


def remote(employee, day, mode=Mode.WFH):
    place = "Palembang, rumah" if mode == Mode.WFA else ""
    return Assignment.objects.create(employee=employee, day=day, mode=mode, wfa_place=place)


def shortfalls(window, **scope):
    return [
        (c.unit.code, c.day.date.isoformat(), c.rule.name, c.required, c.planned)
        for c in coverage.compute(window, **scope).violations
    ]


def test_default_rules_hold_when_everyone_is_on_site(window, puskesmas_staff):
    assert coverage.compute(window).violations == []
    assert coverage.compute(window).checks, "the seeded rules apply to the puskesmas"


def test_a_doctor_working_from_home_leaves_the_puskesmas_short(window, days, puskesmas_staff):
    remote(puskesmas_staff["dokter"], days[0])
    found = shortfalls(window)
    assert found == [("pkm-makrayu", "2025-03-24", "Puskesmas: minimal 1 dokter di tempat", 1, 0)]


def test_min_count_for_nurses_or_midwives_counts_both_positions(window, days, puskesmas_staff):
    for nurse in puskesmas_staff["perawat"]:
        remote(nurse, days[1], Mode.WFA)
    # 3 nurses away, the midwife on site: 1 of the 2 required
    found = shortfalls(window)
    assert (
        "pkm-makrayu",
        "2025-03-25",
        "Puskesmas: minimal 2 perawat atau bidan di tempat",
        2,
        1,
    ) in found


def test_min_share_rounds_the_requirement_up(
    window, days, puskesmas_staff, no_default_rules, unit_a
):
    CoverageRule.objects.create(
        name="60% di tempat", unit=unit_a, kind=RuleKind.MIN_ONSITE_SHARE, value=60
    )
    for employee in puskesmas_staff["admin"][:4]:
        remote(employee, days[2])
    assert shortfalls(window) == []  # 6 of 10 on site is exactly 60%
    remote(puskesmas_staff["admin"][4], days[2])
    assert shortfalls(window) == [("pkm-makrayu", "2025-03-26", "60% di tempat", 6, 5)]


def test_max_remote_share_caps_administrative_units(window, days, admin_unit, no_default_rules):
    CoverageRule.objects.create(
        name="Maks 50% jarak jauh",
        unit_kind="sekretariat",
        kind=RuleKind.MAX_REMOTE_SHARE,
        value=50,
    )
    staff = EmployeeFactory.create_batch(5, unit=admin_unit)
    remote(staff[0], days[0])
    remote(staff[1], days[0])
    assert shortfalls(window) == []  # 2 of 5 remote: floor(2.5) = 2 allowed
    remote(staff[2], days[0])
    assert shortfalls(window) == [("dinkes-sekretariat", "2025-03-24", "Maks 50% jarak jauh", 3, 2)]


def test_inactive_staff_and_inactive_rules_count_nowhere(window, days, puskesmas_staff, unit_a):
    dokter = puskesmas_staff["dokter"]
    remote(dokter, days[0])
    dokter.is_active = False
    dokter.save()
    # No active doctor left: the rule wants 1 on site, none planned on any day.
    assert {f[1] for f in shortfalls(window) if "dokter" in f[2]} == {
        d.date.isoformat() for d in days
    }
    CoverageRule.objects.filter(position_keywords="dokter").update(is_active=False)
    assert shortfalls(window) == []


def test_a_rule_limited_to_another_window_does_not_apply(window, days, puskesmas_staff, unit_a):
    from schedules.models import FlexWindow

    other = FlexWindow.objects.get(slug="lebaran-2026")
    CoverageRule.objects.create(
        name="Semua di tempat 2026",
        unit=unit_a,
        kind=RuleKind.MIN_ONSITE_SHARE,
        value=100,
        window=other,
    )
    remote(puskesmas_staff["admin"][0], days[0])
    assert shortfalls(window) == []
    assert shortfalls(other) == []  # no assignment in 2026: everyone is on site


def test_scope_by_opd_and_day(window, days, puskesmas_staff, opd_b):
    remote(puskesmas_staff["dokter"], days[0])
    assert shortfalls(window, opd=opd_b) == []
    assert len(shortfalls(window, day=days[0])) == 1
    assert shortfalls(window, day=days[1]) == []


@pytest.mark.parametrize("extra", [0, 49])
def test_query_count_does_not_grow_with_staff(
    window, days, unit_a, puskesmas_staff, extra, django_assert_num_queries
):
    for employee in EmployeeFactory.create_batch(
        extra, unit=unit_a, position_name="Perawat Terampil"
    ):
        remote(employee, days[0])
    with django_assert_num_queries(6):  # rules, days, units, staff, remote and away counts
        coverage.compute(window)


def test_coverage_report_command_exits_1_and_lists_each_shortfall(
    window, days, puskesmas_staff, capsys
):
    with pytest.raises(SystemExit) as exit_info:
        remote(puskesmas_staff["dokter"], days[0])
        call_command("coverage_report", "--window", "lebaran-2025", "--opd", "dinkes")
    assert exit_info.value.code == 1
    out = capsys.readouterr()
    assert (
        "pkm-makrayu\t2025-03-24\tPuskesmas: minimal 1 dokter di tempat\tperlu 1\t"
        "rencana 0\tkurang 1" in out.out
    )
    assert "1 kekurangan" in out.err


def test_coverage_report_command_exits_0_when_met(window, puskesmas_staff, capsys):
    call_command("coverage_report", "--window", "lebaran-2025")
    assert "0 kekurangan" in capsys.readouterr().err


def test_coverage_report_refuses_unknown_window_and_opd(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Periode 'tidak-ada' tidak ditemukan"):
        call_command("coverage_report", "--window", "tidak-ada")
    with pytest.raises(CommandError, match="OPD dengan kode 'xyz' tidak ditemukan"):
        call_command("coverage_report", "--window", "lebaran-2025", "--opd", "xyz")
