"""CP-SAT for one unit, where the rotation could not prove itself optimal.

One boolean per decision cell (remote or not). Hard: for each rule and day, the rule's members
away stay within its remote places; for each person and capped week, the weekly cap. The
objective is lexicographic, as weights that no lower level can outweigh (n = decision cells,
D = days):

    maximise  W_P * preferences granted + W_R * remote days - W_S * spread - changes
    W_S = n + 1,  W_R = W_S * (D + 1),  W_P = W_R * (n + 1)

When the rotation already reached the upper bounds of the first two levels, they are fixed as
constraints instead and only spread and changes are left to optimise (a smaller model).

The search is deterministic (fixed seed, deterministic time limit, interleaved workers), so a
proposal depends on its inputs only, never on the machine's load.
"""

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from schedules.planner.problem import Prepared
from schedules.planner.rotation import Bounds

Cell = tuple[int, int]
SEED = 31


@dataclass
class Answer:
    remote: set[Cell]
    optimal: bool
    seconds: float


def solve(
    prep: Prepared,
    bounds: Bounds,
    *,
    hint: set[Cell],
    top_levels_met: bool,
    time_limit: float,
    workers: int,
) -> Answer | None:
    """The solver's best set of remote cells, or None when it found nothing in time."""
    start = time.perf_counter()
    model = cp_model.CpModel()
    cells = sorted(prep.decide)
    x = {c: model.new_bool_var(f"x{c[0]}_{c[1]}") for c in cells}
    _add_hard_limits(model, prep, x)
    _set_objective(model, prep, bounds, x, top_levels_met=top_levels_met)
    for c in cells:
        model.add_hint(x[c], int(c in hint))

    solver = cp_model.CpSolver()
    # Deterministic: the same input gives the same answer, whatever the machine's load. The
    # limit is CP-SAT's deterministic time (about seconds of work on one core), not wall time;
    # with several workers their search is interleaved in a fixed order.
    solver.parameters.max_deterministic_time = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.interleave_search = workers > 1
    solver.parameters.random_seed = SEED
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = {c for c in cells if solver.value(x[c])}
    return Answer(chosen, status == cp_model.OPTIMAL, time.perf_counter() - start)


def _add_hard_limits(model, prep: Prepared, x) -> None:
    """Each rule's remote places per day, and each person's weekly cap of remote days."""
    p = prep.problem
    for r, limit in enumerate(p.limits):
        for j in range(prep.days):
            away = [x[(i, j)] for i in limit.members if (i, j) in x]
            if len(away) > prep.cap[r][j]:
                model.add(sum(away) <= prep.cap[r][j])
    for (i, w), room in sorted(prep.week_room.items()):
        week = [x[(i, j)] for j in p.weeks[w] if (i, j) in x]
        if len(week) > room:
            model.add(sum(week) <= room)  # the weekly cap of remote days


def _set_objective(model, prep: Prepared, bounds: Bounds, x, *, top_levels_met: bool) -> None:
    """The lexicographic objective of the module's docstring (or its lower levels only)."""
    cells = sorted(prep.decide)
    wishes = sum(x[c] for c in sorted(prep.valid_wishes))
    remote = sum(x.values())
    changes = sum((prep.cost1[c] - prep.cost0[c]) * x[c] for c in cells)
    spread = _spread(model, prep, x)
    n = len(cells)
    w_spread = n + 1
    if top_levels_met:
        model.add(wishes == bounds.wishes)
        model.add(remote == bounds.remote)
        if prep.fair:
            model.add(spread >= bounds.spread)
        model.minimize(w_spread * spread + changes)
    else:
        model.add(wishes <= bounds.wishes)
        model.add(remote <= bounds.remote)
        w_remote = w_spread * (prep.days + 1)
        w_wishes = w_remote * (n + 1)
        model.maximize(w_wishes * wishes + w_remote * remote - w_spread * spread - changes)


def _spread(model, prep: Prepared, x):
    """Most minus fewest remote days among the people to treat alike (0 when there are none)."""
    if not prep.fair:
        return 0
    most = model.new_int_var(0, prep.days, "most")
    least = model.new_int_var(0, prep.days, "least")
    for i in prep.fair:
        days = sum(x[(i, j)] for j in range(prep.days))
        model.add(days <= most)
        model.add(days >= least)
    return most - least
