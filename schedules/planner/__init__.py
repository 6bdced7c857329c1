"""The auto-planner: a proposed mode for every employee on every day of a window.

Units share neither staff nor rules, so each unit is planned on its own (one model for a whole OPD
was only FEASIBLE after 30 s; one per unit is OPTIMAL in well under a second).

Hard, always:
- every coverage rule, with the coverage engine's semantics: a rule's staff are the unit's active
  employees whose position matches its keywords (CoverageRule.matches_position, the twin of
  position_q); the on-site headcount asked per day is CoverageRule.required_onsite(staff);
- the window's allowed modes; ineligible staff (PermenPANRB No. 4/2025) on WFO;
- cells pinned by hand and OPDs whose plan is approved are left exactly as they are.
A rule that cannot be met (more asked than staff, or pinned cells already away) sends everyone it
counts on site that day and is reported with the unit, the day, the rule and why; the rest of the
unit is planned as usual.

Soft, lexicographic (a level only decides among answers equal on the levels above it):
1. grant preferences (a refusal therefore always names the rule whose remote places are full);
2. give as many remote days as the rules allow: flexibility is the point of the window, and an
   answer that keeps everyone on site is "fair" but useless;
3. the fairest spread: least max-min of on-site days over the unit's flexible staff (eligible,
   never pinned);
4. fewest changes from the current plan (re-running on an applied proposal changes nothing).
The solver's weights are in schedules/planner/cpsat.py: W_S = n + 1, W_R = W_S * (D + 1),
W_P = W_R * (n + 1) for n decision cells and D days, changes weigh 1.

A remote day is WFH by default, the employee's wish (WFH, or WFA with the place) where one was
granted, the current remote mode where the plan already had one, and WFA where the window allows
only WFA. If the window allows neither, everyone is on site.

A unit no rule applies to gets no remote days beyond its staff's preferences and the current
plan: without a rule there is no basis for a share (SE 2/2025 keeps public services running),
and the seeded defaults already cap administrative units (bidang, sekretariat) at 50% remote.
BKPSDM sees these units listed as "tanpa aturan" and can add a rule for them.

Each unit first gets a rotation (schedules/planner/rotation.py). When it meets the upper bound
of levels 1-2 and the lower bound of levels 3-4 it is provably optimal and the unit needs no
solver ("rotasi"). Otherwise CP-SAT (schedules/planner/cpsat.py) gets the rotation as a hint and
a deterministic time limit (0.5 s of work per unit); its answer is "optimal" when proven, "layak"
when the limit was reached (the better of its answer and the rotation is kept). A unit reached
after 45 s of wall time keeps its rotation, also "layak" (the only case where the same input
may give another answer).

Units are independent parts: a scope of 3,000 staff or more is planned in two forked processes
(`WORKERS`), each unit with a single-worker CP-SAT (see `solve_snapshot`), unless the machine
is already busy (`BUSY_LOAD_PER_CORE`): then one process plans them one by one.
"""

import multiprocessing
import os
import time

from schedules.planner.loader import Snapshot, fingerprint, load
from schedules.planner.problem import STATUS_LABELS, Status
from schedules.planner.result import OpdOutcome, PlannerResult, summary_lines
from schedules.planner.unit import PHASES, UnitOutcome, plan_unit

UNIT_TIME_LIMIT = 0.5  # CP-SAT's deterministic seconds per unit at most
BUDGET = 45.0  # wall seconds of planning per proposal at most; later units keep their rotation
WORKERS = 2  # processes (one CP-SAT worker each) for a large scope, CP-SAT workers for a small one
PARALLEL_FROM = 3000  # staff in the scope from which the units are planned in several processes
# Fork only while the machine has a core to spare: on 2 cores at a load of 5-6 (other work), the
# 100k city's units took 8.7-9.8 s wall one by one and 12.5-14.1 s in two processes (the
# children wait for the CPU and the parent for them). The answer is the same either way.
BUSY_LOAD_PER_CORE = 1.0

__all__ = [
    "STATUS_LABELS",
    "PlannerResult",
    "Status",
    "UnitOutcome",
    "fingerprint",
    "propose",
    "solve_snapshot",
    "summary_lines",
]


def propose(
    window, opd=None, *, time_limit=UNIT_TIME_LIMIT, workers=WORKERS, progress=None
) -> PlannerResult:
    """Plan the window for one OPD or the whole city; nothing is written.

    `progress(done, total, message)`, when given, hears of every unit planned.
    """
    start = time.perf_counter()
    snapshot = load(window, opd)
    loaded = time.perf_counter() - start
    result = solve_snapshot(
        snapshot, time_limit=time_limit, workers=workers, started=start, progress=progress
    )
    result.phases["load"] = loaded
    return result


def solve_snapshot(
    snapshot: Snapshot,
    *,
    time_limit=UNIT_TIME_LIMIT,
    workers=WORKERS,
    started=None,
    budget=BUDGET,
    progress=None,
) -> PlannerResult:
    """Plan every unit of the snapshot.

    Units share no staff and no rule (a person's weekly cap lies within their unit), so each is
    a part of its own: in a large scope they are planned in `workers` forked processes, largest
    first, each with a single-worker CP-SAT; the answer is the same as planning them one by one
    (each part's search is deterministic), and comes back in the snapshot's order.
    """
    start = time.perf_counter() if started is None else started
    deadline = time.perf_counter() + budget
    problems = snapshot.problems
    staff = sum(len(p.people) for p in problems)
    if workers > 1 and staff >= PARALLEL_FROM and len(problems) > 1 and _may_fork():
        outcomes = _plan_in_processes(snapshot, time_limit, workers, deadline, progress)
    else:
        outcomes = []
        for done, problem in enumerate(problems):
            if progress is not None:
                progress(done, len(problems), f"Menyusun unit {problem.unit.name}")
            limit = min(time_limit, deadline - time.perf_counter())
            outcomes.append(plan_unit(problem, time_limit=limit, workers=workers))
    by_opd: dict[int, OpdOutcome] = {}
    for outcome in outcomes:
        opd = outcome.problem.unit.opd
        by_opd.setdefault(opd.pk, OpdOutcome(opd)).units.append(outcome)
    phases = {name: sum(o.timings.get(name, 0.0) for o in outcomes) for name in PHASES}
    return PlannerResult(
        window=snapshot.window,
        opd=snapshot.opd,
        fingerprint=snapshot.fingerprint,
        seconds=time.perf_counter() - start,
        opds=list(by_opd.values()),
        phases=phases,
    )


def _may_fork() -> bool:
    """Forked workers need the fork start method and a process allowed to have children."""
    cores = os.cpu_count() or 1
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
        and cores > 1
        and os.getloadavg()[0] < BUSY_LOAD_PER_CORE * cores
    )


_SHARED: dict = {}  # what a forked worker plans from (inherited, never pickled)


def _plan_part(indices: list[int]) -> list[tuple[int, UnitOutcome]]:
    snapshot, time_limit, deadline = _SHARED["snapshot"], _SHARED["limit"], _SHARED["deadline"]
    planned = []
    for k in indices:
        limit = min(time_limit, deadline - time.perf_counter())
        outcome = plan_unit(snapshot.problems[k], time_limit=limit, workers=1)
        outcome.problem = None  # the parent holds it: only the answer travels back
        planned.append((k, outcome))
    return planned


def _parts(problems, size: int) -> list[list[int]]:
    """Units in parts of about `size` staff, the largest units first (so the processes finish
    together); a unit is never split."""
    order = sorted(range(len(problems)), key=lambda k: (-len(problems[k].people), k))
    parts, current, held = [], [], 0
    for k in order:
        current.append(k)
        held += len(problems[k].people)
        if held >= size:
            parts.append(current)
            current, held = [], 0
    if current:
        parts.append(current)
    return parts


def _plan_in_processes(snapshot, time_limit, workers, deadline, progress) -> list[UnitOutcome]:
    problems = snapshot.problems
    staff = sum(len(p.people) for p in problems)
    processes = min(workers, os.cpu_count() or 1)
    parts = _parts(problems, max(500, staff // (processes * 8)))
    _SHARED.update(snapshot=snapshot, limit=time_limit, deadline=deadline)
    found: dict[int, UnitOutcome] = {}
    context = multiprocessing.get_context("fork")
    pool = context.Pool(processes)
    try:
        for planned in pool.imap_unordered(_plan_part, parts):
            for k, outcome in planned:
                outcome.problem = problems[k]
                found[k] = outcome
            if progress is not None:
                progress(len(found), len(problems), f"Menyusun unit {len(found)}/{len(problems)}")
    finally:
        pool.terminate()  # every part is back (or one failed): the workers are idle
        pool.join()
        _SHARED.clear()
    return [found[k] for k in range(len(problems))]
