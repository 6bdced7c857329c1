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
solver ("rotasi"). Otherwise CP-SAT (schedules/planner/cpsat.py) gets the rotation as a hint, a
time limit (2 s per unit, 45 s per proposal) and two workers; its answer is "optimal" when proven,
"layak" when the time ran out (a unit reached after the 45 s keeps its rotation, also "layak").
"""

import time

from schedules.planner.loader import Snapshot, fingerprint, load
from schedules.planner.problem import STATUS_LABELS, Status
from schedules.planner.result import OpdOutcome, PlannerResult, summary_lines
from schedules.planner.unit import UnitOutcome, plan_unit

UNIT_TIME_LIMIT = 2.0  # seconds of CP-SAT per unit at most
BUDGET = 45.0  # seconds of CP-SAT per proposal at most; later units keep their rotation
WORKERS = 2

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
    return solve_snapshot(
        snapshot, time_limit=time_limit, workers=workers, started=start, progress=progress
    )


def solve_snapshot(
    snapshot: Snapshot,
    *,
    time_limit=UNIT_TIME_LIMIT,
    workers=WORKERS,
    started=None,
    budget=BUDGET,
    progress=None,
) -> PlannerResult:
    """Plan every unit of the snapshot; the solver's total time stays within `budget`."""
    start = time.perf_counter() if started is None else started
    deadline = time.perf_counter() + budget
    by_opd: dict[int, OpdOutcome] = {}
    total = len(snapshot.problems)
    for done, problem in enumerate(snapshot.problems):
        if progress is not None:
            progress(done, total, f"Menyusun unit {problem.unit.name}")
        opd = problem.unit.opd
        outcome = by_opd.setdefault(opd.pk, OpdOutcome(opd))
        limit = min(time_limit, deadline - time.perf_counter())
        outcome.units.append(plan_unit(problem, time_limit=limit, workers=workers))
    return PlannerResult(
        window=snapshot.window,
        opd=snapshot.opd,
        fingerprint=snapshot.fingerprint,
        seconds=time.perf_counter() - start,
        opds=list(by_opd.values()),
    )
