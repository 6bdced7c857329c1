"""The planner's engine under the weekly cap, against exhaustive search on small random units.

The same random units as tests/schedules/test_planner_engine.py, with all their days in one
calendar week and a random room per person: every answer stays within the cap and is still
lexicographically optimal, and its proof (rotation or CP-SAT) holds.
"""

import itertools
import random

import pytest

from schedules.planner import cpsat
from schedules.planner.problem import Prepared, Status
from schedules.planner.rotation import compute_bounds, rotate
from schedules.planner.unit import plan_unit
from tests.schedules.test_planner_engine import SEEDS, key, random_unit, within_limits


def capped_unit(seed: int):
    problem = random_unit(seed)
    rnd = random.Random(seed + 1000)
    days = len(problem.days)
    problem.weeks = [list(range(days))]
    problem.week_allowance = {
        (i, 0): rnd.randint(0, max(0, days - 1)) for i in range(len(problem.people))
    }
    return problem


def within_cap(prep, remote) -> bool:
    return not any(
        sum(1 for j in prep.problem.weeks[w] if (i, j) in remote) > room
        for (i, w), room in prep.week_room.items()
    )


def best_by_search(prep):
    cells = sorted(prep.decide)
    return max(
        key(prep, chosen)
        for bits in itertools.product([False, True], repeat=len(cells))
        if within_limits(prep, chosen := {c for c, b in zip(cells, bits, strict=True) if b})
        and within_cap(prep, chosen)
    )


def capped_units():
    for seed in SEEDS:
        prep = Prepared(capped_unit(seed))
        if prep.planned and prep.week_room and len(prep.decide) <= 14:
            yield seed


@pytest.mark.parametrize("seed", list(capped_units()))
def test_the_capped_planner_matches_exhaustive_search(seed):
    problem = capped_unit(seed)
    prep = Prepared(problem)
    outcome = plan_unit(problem, time_limit=10, workers=2)
    remote = {c for c in prep.decide if outcome.final[c][0] != "WFO"}
    assert outcome.status in (Status.ROTATION, Status.OPTIMAL)
    assert within_limits(prep, remote) and within_cap(prep, remote)
    assert key(prep, remote) == best_by_search(prep)
    answer = cpsat.solve(
        prep,
        compute_bounds(prep),
        hint=rotate(prep),
        top_levels_met=False,
        time_limit=10,
        workers=2,
    )
    assert answer.optimal and key(prep, answer.remote) == key(prep, remote)


def test_the_capped_units_exercise_the_cap():
    assert len(list(capped_units())) >= 20
