"""Plan one unit: the rotation, the solver where needed, then the explanations a person reads."""

import time
from dataclasses import dataclass, field
from functools import cached_property

from common.dates import tanggal
from schedules.models import Mode
from schedules.planner import cpsat
from schedules.planner.problem import (
    REMOTE_MODES,
    WFO,
    Person,
    Prepared,
    Status,
    UnitProblem,
    Wish,
)
from schedules.planner.rotation import (
    balance,
    compute_bounds,
    proven,
    rotate,
    score,
    spread_of,
)
from schedules.planner.rotation import top_levels_met as levels_met

PHASES = ("prepare", "rotation", "solver", "explain")


@dataclass(frozen=True)
class Shortfall:
    """A rule the proposal cannot meet on a day, and why."""

    day: object  # WindowDay
    rule: object  # CoverageRule
    staff: int
    required: int
    planned: int
    reason: str


@dataclass(frozen=True)
class WishOutcome:
    person: Person
    day: object
    wish: Wish
    granted: bool
    reason: str = ""


@dataclass
class UnitOutcome:
    """A unit's answer: the cells it changes (computed where the unit was planned, so only they
    travel back from a worker), and the explanations; `final` is rebuilt from them on demand."""

    problem: UnitProblem
    status: Status
    seconds: float
    changed: list[tuple[tuple[int, int], tuple[str, str]]]  # ((i, j), new value), by cell
    remote_cells: int = 0  # cells WFH or WFA once the proposal is applied
    spread: int | None = None
    shortfalls: list[Shortfall] = field(default_factory=list)
    wishes: list[WishOutcome] = field(default_factory=list)
    # CPU seconds per phase: prepare, rotation (with bounds and balance), solver, explain.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def unit(self):
        return self.problem.unit

    @cached_property
    def changes(self) -> list[tuple]:
        """(person, day, old value, new value) for every cell the proposal changes."""
        p = self.problem
        return [
            (p.people[i], p.days[j], p.stored(i, j).value, value) for (i, j), value in self.changed
        ]

    @cached_property
    def final(self) -> dict[tuple[int, int], tuple[str, str]]:
        """Every cell's value as proposed: the stored value, a given cell's own, or the change."""
        p = self.problem
        values = dict.fromkeys(
            ((i, j) for i in range(len(p.people)) for j in range(len(p.days))), WFO
        )
        values.update((c, stored.value) for c, stored in p.current.items())
        values.update((c, given.value) for c, given in p.fixed.items())
        values.update(self.changed)
        return values


def _changed(prep: Prepared, remote: set) -> tuple[list, int]:
    """The cells whose proposed value differs from the stored one (a cell given as fixed only
    where it may be written), by cell, and how many cells end WFH or WFA. Only the remote
    cells, the stored rows and the given cells can differ: the rest stay WFO without a row."""
    p = prep.problem
    changed = [(c, prep.remote_value[c]) for c in remote if prep.cost1[c]]
    remote_cells = sum(1 for c in remote if prep.remote_value[c][0] in REMOTE_MODES)
    for c in {*p.current, *p.fixed}:
        if c in prep.decide:
            if c not in remote and p.current[c].value != WFO:
                changed.append((c, WFO))
            continue
        value = prep.fixed[c]
        remote_cells += value[0] in REMOTE_MODES
        given = p.fixed.get(c)
        if p.stored(*c).value != value and (given is None or (given.write and not p.locked)):
            changed.append((c, value))
    changed.sort(key=lambda item: item[0])
    return changed, remote_cells


def plan_unit(problem: UnitProblem, *, time_limit: float = 2.0, workers: int = 2) -> UnitOutcome:
    wall, start = time.perf_counter(), time.process_time()
    timings = dict.fromkeys(PHASES, 0.0)
    prep = Prepared(problem)
    timings["prepare"] = time.process_time() - start
    if problem.locked:
        status, remote = Status.LOCKED, set()
    elif not prep.planned:
        lap = time.process_time()
        status, remote = Status.NO_RULES, rotate(prep, fill=False)
        timings["rotation"] = time.process_time() - lap
    else:
        status, remote = _optimise(prep, time_limit=time_limit, workers=workers, timings=timings)
    lap = time.process_time()
    final = prep.final(remote)
    changed, remote_cells = _changed(prep, remote)
    outcome = UnitOutcome(
        problem=problem,
        status=status,
        seconds=0.0,
        changed=changed,
        remote_cells=remote_cells,
        spread=spread_of(prep, remote) if prep.fair else None,
        timings=timings,
    )
    outcome.shortfalls = _shortfalls(prep, final)
    outcome.wishes = _wishes(prep, final)
    timings["explain"] = time.process_time() - lap
    outcome.seconds = time.perf_counter() - wall
    return outcome


def _optimise(prep: Prepared, *, time_limit: float, workers: int, timings: dict):
    lap = time.process_time()
    remote = rotate(prep)
    bounds = compute_bounds(prep)
    found = score(prep, remote)
    top_levels_met = levels_met(bounds, found)
    if top_levels_met and found.spread > bounds.spread:
        remote = balance(prep, remote, target=bounds.spread)
        found = score(prep, remote)
    timings["rotation"] = time.process_time() - lap
    if proven(prep, bounds, found):
        return Status.ROTATION, remote
    if time_limit <= 0:  # the proposal's solver budget is spent
        return Status.FEASIBLE, remote
    lap = time.process_time()
    answer = cpsat.solve(
        prep,
        bounds,
        hint=remote,
        top_levels_met=top_levels_met,
        time_limit=time_limit,
        workers=workers,
    )
    timings["solver"] = time.process_time() - lap
    if answer is None:
        return Status.FEASIBLE, remote
    if not answer.optimal and _key(score(prep, answer.remote)) < _key(found):
        return Status.FEASIBLE, remote  # stopped before reaching its hint: the rotation stays
    return (Status.OPTIMAL if answer.optimal else Status.FEASIBLE), answer.remote


def _key(found) -> tuple:
    """The objective's levels in lexicographic order, larger is better."""
    return (sum(found.wishes_per_day), sum(found.remote_per_day), -found.spread, -found.changes)


def _matching(rule) -> str:
    if rule.keywords:
        return f"yang jabatannya memuat '{', '.join(rule.keywords)}'"
    return "di unit ini"


def _shortfalls(prep: Prepared, final) -> list[Shortfall]:
    p = prep.problem
    found = []
    for limit in p.limits:
        for j, day in enumerate(p.days):
            away = [i for i in limit.members if final[(i, j)][0] != Mode.WFO]
            planned = limit.staff - len(away)
            if planned >= limit.required:
                continue
            if limit.required > limit.staff:
                reason = f"hanya {limit.staff} pegawai aktif {_matching(limit.rule)}"
            elif p.locked:
                reason = (
                    f"rencana {p.unit.opd.short_name} sudah disetujui dan terkunci dengan "
                    f"{len(away)} pegawai WFH/WFA; BKPSDM dapat membukanya kembali"
                )
            else:
                given = sum(1 for i in away if (i, j) in p.fixed)
                pinned = sum(1 for i in away if p.stored(i, j).pinned and (i, j) not in p.fixed)
                reasons = [f"{pinned} sel WFH/WFA di antara pegawai ini dikunci manual"] * (
                    pinned > 0 or not given
                )
                if given:
                    reasons.append(f"{given} pegawai tidak di kantor karena sudah ditetapkan")
                reason = "; ".join(reasons)
            found.append(Shortfall(day, limit.rule, limit.staff, limit.required, planned, reason))
    return found


def _wishes(prep: Prepared, final) -> list[WishOutcome]:
    p = prep.problem
    outcomes = []
    for (i, j), wish in sorted(p.wishes.items()):
        person, day = p.people[i], p.days[j]
        granted = final[(i, j)] == wish.value
        reason = "" if granted else _refusal(prep, i, j, wish, final)
        outcomes.append(WishOutcome(person, day, wish, granted, reason))
    return outcomes


def _refusal(prep: Prepared, i: int, j: int, wish: Wish, final) -> str:
    p = prep.problem
    person, day = p.people[i], p.days[j]
    when = tanggal(day.date, weekday=True)
    if p.locked:
        return f"rencana {p.unit.opd.short_name} sudah disetujui dan terkunci"
    if not person.eligible:
        return f"pegawai hanya boleh WFO ({person.ineligibility_label})"
    if wish.mode not in p.allowed:
        return f"{wish.mode} tidak diizinkan pada periode ini"
    if (i, j) in p.fixed:
        return p.fixed[(i, j)].reason or f"jadwal {when} sudah ditetapkan ({p.fixed[(i, j)].mode})"
    if p.stored(i, j).pinned:
        return f"jadwal {when} dikunci manual sebagai {p.stored(i, j).mode}"
    away_cells = {c for c in prep.decide if final[c][0] != Mode.WFO}
    if prep.week_full(i, j, away_cells):
        return (
            f"batas hari WFH/WFA per minggu sudah tercapai pada minggu yang memuat {when} "
            "(PermenPANRB No. 4/2025); Kepala OPD dapat memberi pengecualian"
        )
    for r in prep.rules_of[i]:
        limit = p.limits[r]
        away = sum(1 for k in limit.members if final[(k, j)] != WFO)
        if away >= max(0, limit.cap):
            quota = (
                f"kuota WFH/WFA hari itu ({limit.cap} orang) sudah terpakai"
                if limit.cap > 0
                else "tidak ada kuota WFH/WFA"
            )
            return (
                f"aturan '{limit.rule.name}' di {p.unit.name} pada {when} membutuhkan "
                f"{limit.required} dari {limit.staff} pegawai {_matching(limit.rule)} di kantor; "
                + quota
            )
    return "tidak terpilih agar hari di kantor merata (solver berhenti pada batas waktu)"
