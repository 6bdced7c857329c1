"""Plan one unit: the rotation, the solver where needed, then the explanations a person reads."""

import time
from dataclasses import dataclass, field
from functools import cached_property

from common.dates import tanggal
from schedules.models import Mode
from schedules.planner import cpsat
from schedules.planner.problem import WFO, Person, Prepared, Status, UnitProblem, Wish
from schedules.planner.rotation import (
    balance,
    compute_bounds,
    proven,
    rotate,
    score,
    spread_of,
)
from schedules.planner.rotation import top_levels_met as levels_met


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
    problem: UnitProblem
    status: Status
    seconds: float
    final: dict[tuple[int, int], tuple[str, str]]
    spread: int | None = None
    shortfalls: list[Shortfall] = field(default_factory=list)
    wishes: list[WishOutcome] = field(default_factory=list)

    @property
    def unit(self):
        return self.problem.unit

    @cached_property
    def changes(self) -> list[tuple]:
        """(person, day, old value, new value) for every cell the proposal changes."""
        p = self.problem
        return [
            (p.people[i], p.days[j], p.stored(i, j).value, value)
            for (i, j), value in sorted(self.final.items())
            if p.stored(i, j).value != value
        ]

    @property
    def remote_cells(self) -> int:
        return sum(1 for mode, _ in self.final.values() if mode != Mode.WFO)


def plan_unit(problem: UnitProblem, *, time_limit: float = 2.0, workers: int = 2) -> UnitOutcome:
    start = time.perf_counter()
    prep = Prepared(problem)
    if problem.locked:
        status, remote = Status.LOCKED, set()
    elif not prep.planned:
        status, remote = Status.NO_RULES, rotate(prep, fill=False)
    else:
        status, remote = _optimise(prep, time_limit=time_limit, workers=workers)
    final = prep.final(remote)
    outcome = UnitOutcome(
        problem=problem,
        status=status,
        seconds=time.perf_counter() - start,
        final=final,
        spread=spread_of(prep, remote) if prep.fair else None,
    )
    outcome.shortfalls = _shortfalls(prep, final)
    outcome.wishes = _wishes(prep, final)
    return outcome


def _optimise(prep: Prepared, *, time_limit: float, workers: int):
    remote = rotate(prep)
    bounds = compute_bounds(prep)
    found = score(prep, remote)
    top_levels_met = levels_met(bounds, found)
    if top_levels_met and found.spread > bounds.spread:
        remote = balance(prep, remote, target=bounds.spread)
        found = score(prep, remote)
    if proven(prep, bounds, found):
        return Status.ROTATION, remote
    if time_limit <= 0:  # the proposal's solver budget is spent
        return Status.FEASIBLE, remote
    answer = cpsat.solve(
        prep,
        bounds,
        hint=remote,
        top_levels_met=top_levels_met,
        time_limit=time_limit,
        workers=workers,
    )
    if answer is None:
        return Status.FEASIBLE, remote
    return (Status.OPTIMAL if answer.optimal else Status.FEASIBLE), answer.remote


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
                pinned = sum(1 for i in away if p.stored(i, j).pinned)
                reason = f"{pinned} sel WFH/WFA di antara pegawai ini dikunci manual"
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
