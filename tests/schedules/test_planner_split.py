"""Planning a city in parts (units in forked processes) keeps every guarantee of planning it whole.

Small random cities are made of the random units of tests/schedules/test_planner_engine.py, some
under the weekly cap, some with cells given as fixed (the way approved absences reach the
planner). Units share no staff and no rule, and every level of the objective adds up over units,
so the whole city's lexicographic optimum is each unit's own: each unit of the split answer must
match exhaustive search, keep its pinned and fixed cells, stay within every rule and the cap, and
the split answer must be the one-by-one answer cell for cell (deterministic).
"""

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schedules.planner as planner_module
from schedules.planner import solve_snapshot
from schedules.planner.loader import Snapshot
from schedules.planner.problem import FixedCell, Prepared, Status
from tests.schedules.test_planner_engine import SEEDS, key, random_unit, within_limits
from tests.schedules.test_policy_planner import best_by_search, capped_unit, within_cap


def small(seed: int, capped: bool) -> bool:
    prep = Prepared(capped_unit(seed) if capped else random_unit(seed))
    return prep.planned and len(prep.decide) <= 10


CANDIDATES = [(s, c) for s in SEEDS for c in (False, True) if small(s, c)]

unit_st = st.tuples(
    st.sampled_from(CANDIDATES),
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), max_size=3),  # fixed cells
)


def city(drawn) -> Snapshot:
    problems = []
    for k, ((seed, capped), absent) in enumerate(drawn):
        problem = capped_unit(seed) if capped else random_unit(seed)
        opd = SimpleNamespace(pk=k % 2, short_name=f"OPD {k % 2}")
        problem.unit = SimpleNamespace(pk=k, name=f"Unit {k}", opd=opd)
        n, days = len(problem.people), len(problem.days)
        problem.fixed = {(i % n, j % days): FixedCell("CUTI", "sedang cuti") for i, j in absent}
        problems.append(problem)
    return Snapshot(window=None, opd=None, days=[], problems=problems, fingerprint="")


def remote_of(prep, final):
    return {c for c in prep.decide if final[c][0] != "WFO"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=st.lists(unit_st, min_size=2, max_size=5))
def test_a_city_planned_in_parts_keeps_the_guarantees_of_planning_it_whole(drawn):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(planner_module, "PARALLEL_FROM", 0)  # parts even for a small city
        patch.setattr(planner_module, "BUSY_LOAD_PER_CORE", float("inf"))  # and a busy machine
        split = solve_snapshot(city(drawn), time_limit=10, workers=2)
    one_by_one = solve_snapshot(city(drawn), time_limit=10, workers=1)
    split_units, serial_units = split.units(), one_by_one.units()
    assert [u.unit.pk for u in split_units] == [u.unit.pk for u in serial_units]
    for part, serial in zip(split_units, serial_units, strict=True):
        problem = part.problem
        prep = Prepared(problem)
        remote = remote_of(prep, part.final)
        assert part.final == serial.final and part.status == serial.status
        assert part.status in (Status.ROTATION, Status.OPTIMAL)
        assert within_limits(prep, remote) and within_cap(prep, remote)
        assert key(prep, remote) == best_by_search(prep)
        for cell, given_cell in problem.fixed.items():
            assert part.final[cell] == given_cell.value
        for cell, stored in problem.current.items():
            if stored.pinned and cell not in problem.fixed:
                assert part.final[cell] == stored.value
        changed = {(p.id, d.pk) for p, d, _, _ in part.changes}
        assert not changed & {(problem.people[i].id, problem.days[j].pk) for i, j in problem.fixed}
        for shortfall in part.shortfalls:
            assert (
                shortfall.reason.startswith("hanya ")
                or "dikunci manual" in shortfall.reason
                or ("sudah ditetapkan" in shortfall.reason)
            )


def test_the_parts_take_the_largest_units_first_and_never_split_one():
    problems = [SimpleNamespace(people=[0] * n) for n in (5, 900, 40, 700, 700)]
    parts = planner_module._parts(problems, 1000)
    assert parts == [[1, 3], [4, 2, 0]]
