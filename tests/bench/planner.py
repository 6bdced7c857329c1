"""Auto-planner figures (issue 4): the largest OPD and the whole city, against a greedy baseline.

The bench adds a realistic set of wishes (one employee in ten asks for one WFA day to go home)
and a few cells pinned by hand (one employee in a hundred, WFH on the first day), plans, checks
the result against the coverage rules in memory, applies the proposal of the largest OPD and of
the city through the write path and checks coverage in the database, then removes what it added.
"""

import os
import resource
import time
from statistics import mean, median

from django.db.models import Count

from opd.models import Employee, Opd, User
from schedules import coverage, planner, services
from schedules.models import Assignment, FlexWindow, Mode, Plan, Preference, Proposal
from schedules.planner.loader import load
from schedules.planner.problem import WFO, Prepared, Status
from schedules.planner.rotation import spread_of

PLACES = ["Lubuklinggau", "Lahat", "Prabumulih", "Baturaja", "Muara Enim", "Jambi", "Bengkulu"]


def run(rec, *, timed, ms):
    window = FlexWindow.objects.get(slug="lebaran-2025")
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    bkpsdm = User.objects.get(username="bkpsdm")
    _clean(window)
    wishes, pins = _inputs(window)
    rec.add("planner input", f"{wishes:,} wishes (WFA), {pins:,} pinned WFH cells, 5 days")
    try:
        for label, opd in ((f"{largest.short_name}, {largest.n:,} staff", largest), ("city", None)):
            _measure(rec, window, opd, label, "< 5 s" if opd else "< 60 s (2 cores)")
        _cap_on_and_off(rec, window, largest)
        for label, opd in ((largest.short_name, largest), ("city", None)):
            _apply(rec, window, opd, label, bkpsdm)
            _clean_assignments(window)
        _apply_rounds(rec, window, bkpsdm)
    finally:
        _clean(window)


def _cpu() -> float:
    """CPU seconds of this process and of its reaped children (the planner's forked workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _uptime() -> str:
    return "load {:.1f}/{:.1f}/{:.1f}".format(*os.getloadavg())


def _phases(result) -> str:
    """Where a proposal's time goes: the load's wall seconds, then CPU seconds per phase."""
    p = result.phases
    return (
        f"loading {p.get('load', 0):.2f} s wall; CPU: prepare {p['prepare']:.2f} s, rotation "
        f"{p['rotation']:.2f} s, CP-SAT {p['solver']:.2f} s, explain {p['explain']:.2f} s"
    )


def _peak_mb() -> str:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return f"peak RSS {own} MB (largest worker {children} MB)"


def _cap_on_and_off(rec, window, largest, rounds=None):
    """The city's proposal without a cap and with PermenPANRB 4/2025's (2 remote days a week),
    and the largest OPD's with it: time (median of `rounds`, 5 unless BENCH_PLANNER_ROUNDS says,
    with min-max), CPU time (this process and the planner's workers), the machine's load, where
    the time goes, fairness, remote cells, people over the cap, avoidable shortfalls, peak
    memory. The policy is made and attached in a transaction rolled back afterwards."""
    from django.db import transaction

    from schedules.models import FlexPolicy

    big = float(os.environ.get("BENCH_SCALE", "1")) > 1
    rounds = rounds or int(os.environ.get("BENCH_PLANNER_ROUNDS", "5"))
    with transaction.atomic():
        for label, cap in (("cap off", None), ("cap on (2 a week)", 2)):
            window.policy = cap and FlexPolicy.objects.create(
                name="Bench", legal_basis="PermenPANRB No. 4 Tahun 2025", weekly_cap=cap
            )
            window.save(update_fields=["policy"])
            city_target = ("< 10 s" if cap else "< 5 s") if big else ("< 1.5 s" if cap else "")
            scopes = [("city", None, city_target)]
            if cap:
                scopes.append((f"{largest.short_name}, {largest.n:,} staff", largest, "< 5 s"))
            for scope, opd, target in scopes:
                _timed_proposal(rec, window, opd, f"{scope}, {label}", target, rounds)
        transaction.set_rollback(True)


def _timed_proposal(rec, window, opd, label, target, rounds):
    from tests.schedules.test_policy_demo_city import over_cap, shortfalls

    times, cpus, result = [], [], None
    busy = _uptime()  # the load before and after the rounds: the machine may be shared
    for _ in range(rounds):
        start, cpu = time.perf_counter(), _cpu()
        result = planner.propose(window, opd)
        times.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    figures = _figures(result)
    rec.add(
        f"planner, {label}",
        f"{median(times):.2f} s ({min(times):.2f}-{max(times):.2f}, n={rounds}), CPU "
        f"{median(cpus):.2f} s ({min(cpus):.2f}-{max(cpus):.2f}), {busy} before, "
        f"{_uptime()} after; {_phases(result)}; "
        f"{figures['remote']:,} remote cells; fairness spread max {figures['spread_max']}, "
        f"mean {figures['spread_mean']:.2f}; {over_cap(result, 2):,} people over 2 remote "
        f"days in the week; {shortfalls(result)[0]} avoidable shortfalls; {_peak_mb()}",
        f"{target}; 0 over the cap (cap on), 0 avoidable shortfalls",
        seconds=median(times),
        cpu=median(cpus),
        phases=result.phases,
    )


def _inputs(window):
    days = list(window.days.all())
    staff = list(
        Employee.objects.active()
        .filter(restrictions__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    wishes = [
        Preference(
            employee_id=pk,
            day=days[(pk // 10) % len(days)],
            mode=Mode.WFA,
            wfa_place=f"{PLACES[pk % len(PLACES)]}, rumah orang tua",
            note="Mudik Lebaran",
        )
        for pk in staff[::10]
    ]
    Preference.objects.bulk_create(wishes, batch_size=2000)
    pins = [
        Assignment(employee_id=pk, day=days[0], mode=Mode.WFH, pinned=True) for pk in staff[5::100]
    ]
    Assignment.objects.bulk_create(pins, batch_size=2000)
    return len(wishes), len(pins)


def _measure(rec, window, opd, label, target):
    busy = _uptime()
    start, cpu = time.perf_counter(), _cpu()
    result = planner.propose(window, opd)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    ours = _figures(result)
    snapshot = load(window, opd)
    start = time.perf_counter()
    greedy = _greedy(snapshot)
    greedy_seconds = time.perf_counter() - start
    base = _figures_of(greedy)
    statuses = ", ".join(f"{n} {s}" for s, _, n in result.summary()["statuses"])
    rec.add(
        f"planner, {label}",
        f"{seconds:.2f} s to a proposal (CPU {cpu:.2f} s, {busy}; {_phases(result)}); "
        f"{ours['violations']} avoidable shortfalls "
        f"({ours['unavoidable']} unavoidable); spread max {ours['spread_max']}, mean "
        f"{ours['spread_mean']:.2f}; wishes {ours['granted']}/{ours['wishes']}; remote cells "
        f"{ours['remote']:,}; units: {statuses}",
        target,
        seconds=seconds,
        cpu=cpu,
        phases=result.phases,
        **{k: v for k, v in ours.items() if k != "statuses"},
    )
    rec.add(
        f"greedy baseline, {label}",
        f"{greedy_seconds:.2f} s; {base['violations']} avoidable shortfalls "
        f"({base['unavoidable']} unavoidable); spread max {base['spread_max']}, mean "
        f"{base['spread_mean']:.2f}; wishes {base['granted']}/{base['wishes']}; remote cells "
        f"{base['remote']:,}",
        "",
        seconds=greedy_seconds,
        **base,
    )


def _figures(result):
    return _figures_of([(u.problem, u.final) for u in result.units()])


def _figures_of(plans):
    """Coverage re-checked from the final cells with the rules' own arithmetic, fairness, wishes."""
    violations = unavoidable = granted = wishes = remote = 0
    spreads = []
    for problem, final in plans:
        prep = Prepared(problem)
        for limit in problem.limits:
            for j in range(len(problem.days)):
                away = sum(1 for i in limit.members if final[(i, j)][0] != Mode.WFO)
                if limit.staff - away >= limit.required:
                    continue
                pinned_away = sum(
                    1 for i in limit.members if final[(i, j)] != WFO and problem.stored(i, j).pinned
                )
                if limit.required > limit.staff or pinned_away > limit.cap or problem.locked:
                    unavoidable += 1
                else:
                    violations += 1
        for cell, wish in problem.wishes.items():
            wishes += 1
            granted += final[cell] == wish.value
        remote += sum(1 for mode, _ in final.values() if mode != Mode.WFO)
        if prep.planned and prep.fair:
            spreads.append(spread_of(prep, {c for c in prep.decide if final[c] != WFO}))
    return {
        "violations": violations,
        "unavoidable": unavoidable,
        "spread_max": max(spreads, default=0),
        "spread_mean": mean(spreads) if spreads else 0,
        "granted": granted,
        "wishes": wishes,
        "remote": remote,
    }


def _greedy(snapshot):
    """Per unit, per day: wishes first come first served, then the fewest remote days so far."""
    plans = []
    for problem in snapshot.problems:
        prep = Prepared(problem)
        remote = set()
        if prep.planned:
            count = [0] * prep.n
            for j in range(prep.days):
                left = [prep.cap[r][j] for r in range(len(problem.limits))]
                cells = prep.day_cells(j)
                wishers = [i for i in cells if (i, j) in prep.valid_wishes]
                others = sorted((i for i in cells if (i, j) not in prep.valid_wishes),
                                key=lambda i: (count[i], i))  # fmt: skip
                for i in wishers + others:
                    if all(left[r] > 0 for r in prep.rules_of[i]):
                        for r in prep.rules_of[i]:
                            left[r] -= 1
                        remote.add((i, j))
                        count[i] += 1
        elif not problem.locked:
            remote = set(prep.valid_wishes) | {c for c in prep.decide if prep.cost0[c]}
        plans.append((problem, prep.final(remote)))
    return plans


def _apply(rec, window, opd, label, bkpsdm):
    """Propose, then apply through the write path, between two raw-SQL floors of the write: the
    same cells copied in (COPY) and upserted with their history rows by the same statement, in one
    transaction, without a check (tests/bench/floors.py's rule: the same work, plainly)."""
    busy = _uptime()
    start, cpu = time.perf_counter(), _cpu()
    proposal = services.proposal_create(window=window, opd=opd, by=bkpsdm)
    created, created_cpu = time.perf_counter() - start, _cpu() - cpu
    rows = [tuple(cell) for cells in proposal.cells.values() for cell in cells]
    floors = [_apply_floor(window, rows, bkpsdm)]
    start, cpu = time.perf_counter(), _cpu()
    report = services.proposal_apply(proposal=proposal, by=bkpsdm)
    applied, applied_cpu = time.perf_counter() - start, _cpu() - cpu
    found = coverage.compute(window, opd=opd).violations
    statuses = {s for s, _, n in proposal.summary["statuses"]}
    _drop_written(window)
    floors.append(_apply_floor(window, rows, bkpsdm))
    floor = mean(floors)
    rec.add(
        f"propose + apply, {label}",
        f"{created:.2f} s (planner {proposal.seconds:.2f} s, storing the proposal "
        f"{created - proposal.seconds:.2f} s) + {applied:.2f} s, CPU {created_cpu:.2f} s + "
        f"{applied_cpu:.2f} s (this process; PostgreSQL's not counted), {busy}; "
        f"{report['changed']:,} cells written with history; the write's raw-SQL floor (COPY + "
        f"the same upsert, no checks) {floors[0]:.2f} / {floors[1]:.2f} s: apply "
        f"{applied / floor:.1f}x the floor; "
        f"coverage.compute afterwards: {len(found)} shortfalls; {_peak_mb()}",
        "< 20 s (100k city)" if opd is None else "",
        seconds=created + applied,
        applied=applied,
        applied_cpu=applied_cpu,
        floor=floor,
        shortfalls=len(found),
        proven=statuses <= {Status.ROTATION, Status.OPTIMAL, Status.NO_RULES},
    )


def _apply_rounds(rec, window, bkpsdm):
    """The city's propose + apply again, BENCH_APPLY_ROUNDS times in all (default 1: the row
    above only), for a median with its range; each round starts from the same table."""
    rounds = int(os.environ.get("BENCH_APPLY_ROUNDS", "1"))
    if rounds < 2:
        return
    totals, applied, floors = [rec.figures["propose + apply, city"]["seconds"]], [], []
    for _ in range(rounds - 1):
        _apply(rec, window, None, "city (round)", bkpsdm)
        _clean_assignments(window)
        row = rec.figures.pop("propose + apply, city (round)")
        totals.append(row["seconds"])
        applied.append(row["applied"])
        floors.append(row["floor"])
    rec.add(
        "propose + apply, city, median",
        f"{median(totals):.2f} s ({min(totals):.2f}-{max(totals):.2f}, n={rounds}); apply "
        f"{median(applied):.2f} s against its raw-SQL floor {median(floors):.2f} s "
        f"({median(applied) / median(floors):.1f}x, the later rounds); {_uptime()} after; "
        f"{_peak_mb()}",
        "< 20 s (100k city)",
        seconds=median(totals),
    )


def _apply_floor(window, rows, by) -> float:
    """Seconds to write `rows` (employee, day, mode, place) and their history in raw SQL, committed
    (so PostgreSQL's deferred foreign-key checks count, as in the apply); then removed again."""
    from django.db import connection, transaction
    from django.utils import timezone

    from schedules.services.cell_rows import copy_cells, upsert_sql

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        now = timezone.now()
        cursor.execute(upsert_sql(copy_cells(cursor, rows)), [by.pk, now, now, by.pk])
    seconds = time.perf_counter() - start
    _drop_written(window)
    return seconds


def _drop_written(window, *, pins=False):
    """Remove the window's written cells and their history in plain SQL (the ORM's delete would
    load every row and record a deletion in the history for each), the pins too with `pins`,
    and vacuum, so each write starts from the same table."""
    from django.db import connection

    days = list(window.days.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM schedules_historicalassignment WHERE day_id = ANY(%s)", [days])
        cursor.execute(
            "DELETE FROM schedules_assignment WHERE day_id = ANY(%s)"
            + ("" if pins else " AND NOT pinned"),
            [days],
        )
        if connection.vendor == "postgresql" and connection.get_autocommit():
            cursor.execute("VACUUM ANALYZE schedules_assignment, schedules_historicalassignment")


def _clean_assignments(window):
    _drop_written(window)
    Plan.history.filter(window=window).delete()
    Plan.objects.filter(window=window).delete()
    Proposal.objects.filter(window=window).delete()


def _clean(window):
    """Leave the bench database as seeded, so every run measures the same thing."""
    _clean_assignments(window)
    _drop_written(window, pins=True)
    Preference.objects.filter(day__window=window).delete()
