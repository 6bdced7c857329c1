"""The coverage engine and the planner's loader count the same staff for every rule (issue 17).

Both ask one matching rule (schedules.coverage.position_masks, built on
CoverageRule.matches_position) once per distinct position name; the engine then counts in SQL by
position mask, the loader in Python per person. Hypothesis draws units, staff with look-alike
positions in mixed case, rules with keyword lists and remote days, and the three readings must
agree: the engine's checks, the loader's limits, and each employee matched one by one.
"""

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opd.models import ServiceCategory, UnitKind
from schedules import coverage
from schedules.models import Assignment, CoverageRule, Mode, RuleKind
from schedules.planner.loader import load
from tests.factories import EmployeeFactory, UnitFactory

POSITIONS = [
    "Perawat Terampil",
    "PERAWAT GIGI",
    "perawat",
    "Bidan Terampil",
    "Bidan Perawat",
    "Dokter Ahli Pertama",
    "dokter gigi",
    "Analis Kesehatan",
    "Pengadministrasi Perkantoran",
]
KEYWORDS = ["", "perawat", "bidan", "Dokter", "perawat, bidan", " gigi ", "analis,dokter"]

units_st = st.lists(
    st.lists(
        st.tuples(st.sampled_from(POSITIONS), st.lists(st.booleans(), min_size=5, max_size=5)),
        max_size=6,
    ),
    min_size=1,
    max_size=3,
)
rules_st = st.lists(
    st.tuples(
        st.sampled_from(KEYWORDS),
        st.sampled_from(list(RuleKind)),
        st.integers(0, 100),
        st.booleans(),  # one unit only (else every puskesmas)
    ),
    min_size=1,
    max_size=3,
)


def _engine(window) -> dict:
    return {
        (c.unit.pk, c.day.pk, c.rule.pk): (c.staff, c.required, c.planned)
        for c in coverage.compute(window).checks
    }


def _loader(window) -> dict:
    found = {}
    for problem in load(window).problems:
        for limit in problem.limits:
            for j, day in enumerate(problem.days):
                away = sum(
                    1
                    for i in limit.members
                    if (i, j) in problem.current and problem.current[(i, j)].mode != Mode.WFO
                )
                found[(problem.unit.pk, day.pk, limit.rule.pk)] = (
                    len(limit.members),
                    limit.required,
                    len(limit.members) - away,
                )
    return found


def _one_by_one(window, units, staff) -> dict:
    """Each employee matched alone with CoverageRule.matches_position, counted in Python."""
    days = list(window.days.all())
    found = {}
    for rule in CoverageRule.objects.active_for(window):
        for unit in units:
            if not rule.applies_to(unit):
                continue
            members = [e for e, _ in staff[unit.pk] if rule.matches_position(e.position_name)]
            for j, day in enumerate(days):
                away = sum(1 for e, remote in staff[unit.pk] if e in members and remote[j])
                found[(unit.pk, day.pk, rule.pk)] = (
                    len(members),
                    rule.required_onsite(len(members)),
                    len(members) - away,
                )
    return found


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn_units=units_st, drawn_rules=rules_st)
def test_engine_and_planner_count_the_same_staff(window, opd_a, drawn_units, drawn_rules):
    with transaction.atomic():
        CoverageRule.objects.update(is_active=False)
        days = list(window.days.all())
        units, staff = [], {}
        for people in drawn_units:
            unit = UnitFactory(
                opd=opd_a, kind=UnitKind.PUSKESMAS, service_category=ServiceCategory.HEALTH
            )
            units.append(unit)
            staff[unit.pk] = []
            for position, remote in people:
                employee = EmployeeFactory(unit=unit, position_name=position)
                staff[unit.pk].append((employee, remote))
                Assignment.objects.bulk_create(
                    Assignment(employee=employee, day=day, mode=Mode.WFH)
                    for day, away in zip(days, remote, strict=True)
                    if away
                )
        for n, (keywords, kind, value, one_unit) in enumerate(drawn_rules):
            target = {"unit": units[0]} if one_unit else {"unit_kind": UnitKind.PUSKESMAS}
            value = value if kind != RuleKind.MIN_ONSITE_COUNT else value % 5
            CoverageRule.objects.create(
                name=f"Aturan uji {n}",
                kind=kind,
                value=value,
                position_keywords=keywords,
                **target,
            )
        engine = _engine(window)
        assert engine == _one_by_one(window, units, staff)
        staffed = {u.pk for u in units if staff[u.pk]}  # the planner skips a unit without staff
        assert {k: v for k, v in engine.items() if k[0] in staffed} == _loader(window)
        transaction.set_rollback(True)


def test_a_position_is_matched_once_whatever_the_number_of_staff():
    rules = [
        CoverageRule(position_keywords="perawat, bidan"),
        CoverageRule(position_keywords=""),
        CoverageRule(position_keywords="Dokter"),
    ]
    masks = coverage.position_masks(rules, ["Perawat Gigi"] * 1000 + ["DOKTER UMUM", "Sopir"])
    assert masks == {"Perawat Gigi": 0b10, "DOKTER UMUM": 0b01, "Sopir": 0}
    matches = coverage.position_matcher(rules, masks)
    assert matches(rules[0], "Perawat Gigi") and not matches(rules[2], "Perawat Gigi")
    assert matches(rules[1], "Sopir")  # no keywords: everyone counts
