"""One unit's planning problem, in plain Python: the planner's engine never touches the database.

Cells are (person index, day index). A *decision* cell is one the planner may set: its unit has
rules and an unlocked plan, the person is eligible, the cell is neither pinned nor given as fixed,
and the window allows a remote mode. Every other cell keeps a fixed value: cells given as fixed
(`UnitProblem.fixed`, e.g. an approved absence) their given mode, pinned cells and locked plans
their current value, ineligible staff (and every cell when the window allows no remote mode) WFO.
A day a restriction runs (PermenPANRB No. 4/2025) is given as a fixed WFO cell by the loader.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from schedules.models import Assignment, Mode

WFO = Assignment.value_of(None)  # a cell without a row


class Status(StrEnum):
    ROTATION = "rotation"  # the rotation met every bound: optimal without calling the solver
    OPTIMAL = "optimal"  # CP-SAT proved the answer optimal
    FEASIBLE = "feasible"  # time limit reached: coverage holds, optimality not proven
    NO_RULES = "no_rules"  # no rule applies: only preferences are granted, nothing else added
    LOCKED = "locked"  # the OPD's plan is approved: left as it is


STATUS_LABELS = {
    Status.ROTATION: "Pola bergilir, terbaik",
    Status.OPTIMAL: "Terbaik (dihitung tuntas)",
    Status.FEASIBLE: "Terbaik yang ditemukan dalam batas waktu",
    Status.NO_RULES: "Tanpa aturan: hanya preferensi",
    Status.LOCKED: "Terkunci (rencana disetujui)",
}


class Person(NamedTuple):
    """One employee of the unit (a tuple: a city's 100,000 are made in a blink)."""

    id: int
    name: str
    nip: str
    position: str
    ineligibility: str = ""  # blank: eligible (PermenPANRB No. 4/2025)
    ineligibility_label: str = ""

    @property
    def eligible(self) -> bool:
        return not self.ineligibility


@dataclass(frozen=True)
class Stored:
    """The current assignment row of a cell (no row means WFO, unpinned)."""

    mode: str
    place: str = ""
    pinned: bool = False

    @property
    def value(self) -> tuple[str, str]:
        return (self.mode, self.place)

    @property
    def is_remote(self) -> bool:
        return self.mode != Mode.WFO


NO_ROW = Stored(Assignment.DEFAULT_MODE.value)


@dataclass(frozen=True)
class Wish:
    """An employee's preference for one day."""

    mode: str
    place: str = ""
    note: str = ""

    @property
    def value(self) -> tuple[str, str]:
        return (self.mode, self.place)


@dataclass(frozen=True)
class FixedCell:
    """A cell the planner must take as given and never writes (an approved absence, ...).

    Any mode other than WFO is off site for the coverage rules; only WFH and WFA use the weekly
    cap. `reason` is what a refused wish on that day says."""

    mode: str
    reason: str = ""
    # A proposal may write it (a restricted day: its remote mode becomes WFO); an absence's day
    # is never written.
    write: bool = False

    @property
    def value(self) -> tuple[str, str]:
        return (self.mode, "")


REMOTE_MODES = frozenset({Mode.WFH.value, Mode.WFA.value})
_WFO_MODE = Mode.WFO.value


@dataclass
class Limit:
    """One coverage rule on this unit: its members, and how many of them may be away per day."""

    rule: object  # schedules.models.CoverageRule
    members: list[int]
    required: int

    @property
    def staff(self) -> int:
        return len(self.members)

    @property
    def cap(self) -> int:
        """Remote places per day under this rule alone (negative when it cannot be met)."""
        return self.staff - self.required


@dataclass
class UnitProblem:
    unit: object  # opd.models.Unit with .opd
    days: list  # schedules.models.WindowDay
    people: list[Person]
    limits: list[Limit]
    current: dict[tuple[int, int], Stored] = field(default_factory=dict)
    wishes: dict[tuple[int, int], Wish] = field(default_factory=dict)
    allowed: tuple[str, ...] = (Mode.WFO, Mode.WFH, Mode.WFA)
    locked: bool = False
    # The weekly cap (PermenPANRB No. 4/2025), a hard constraint: the day indices of each capped
    # calendar week, and per (person, week) the remote days the cap still allows in this window
    # (remote days of other windows in the week already counted); absent: the cap cannot bind.
    weeks: list[list[int]] = field(default_factory=list)
    week_allowance: dict[tuple[int, int], int] = field(default_factory=dict)
    # Cells given from outside (approved absences, ...): pinned, off site unless WFO, never
    # written by a proposal; their people are left out of the fairness spread, as pinned ones.
    fixed: dict[tuple[int, int], FixedCell] = field(default_factory=dict)

    @property
    def remote_allowed(self) -> bool:
        return Mode.WFH in self.allowed or Mode.WFA in self.allowed

    def stored(self, i: int, j: int) -> Stored:
        return self.current.get((i, j), NO_ROW)


class Prepared:
    """What the rotation and the solver share: decision cells, fixed cells, limits per day.

    Built from the sparse parts of the problem (stored rows, wishes, given cells): a city has
    half a million cells and almost all of them are plain decision cells without a row, so
    every default is set in bulk and only the cells that differ are looked at one by one.
    """

    def __init__(self, problem: UnitProblem):
        p = problem
        self.problem = p
        self.n, self.days = len(p.people), len(p.days)
        self.planned = bool(p.limits) and not p.locked
        days = range(self.days)
        pinned = [c for c, stored in p.current.items() if stored.pinned]
        self.pinned_people: set[int] = {i for i, _ in pinned} | {i for i, _ in p.fixed}
        self.places = self._known_places()
        # Every cell of a locked plan keeps its stored value; else a person who may not be
        # remote is on site on every day, and a pinned cell keeps its stored value.
        if p.locked:
            closed = range(self.n)
        else:
            closed = [i for i, person in enumerate(p.people) if not self._may_be_remote(i, person)]
        self.fixed: dict[tuple[int, int], tuple[str, str]] = dict.fromkeys(
            ((i, j) for i in closed for j in days), WFO
        )
        kept = p.current if p.locked else {c: p.current[c] for c in pinned}
        self.fixed.update((c, stored.value) for c, stored in kept.items())
        self.fixed.update((c, given.value) for c, given in p.fixed.items())
        if p.locked:
            self.decide: set[tuple[int, int]] = set()
        else:
            shut = set(closed)
            self.decide = {
                (i, j) for i in range(self.n) if i not in shut for j in days
            } - self.fixed.keys()
        self.valid_wishes = {
            c for c, wish in p.wishes.items() if c in self.decide and wish.mode in p.allowed
        }
        self.rules_of: list[list[int]] = [[] for _ in range(self.n)]
        for r, limit in enumerate(p.limits):
            for i in limit.members:
                self.rules_of[i].append(r)
        self.order = self._interleaved()
        # The fixed cells off site (only a stored row or a given cell can be): remote places
        # left per rule per day once they are counted.
        away = [
            c for c in {*p.current, *p.fixed} if c in self.fixed and self.fixed[c][0] != _WFO_MODE
        ]
        used = [[0] * self.days for _ in p.limits]
        for i, j in away:
            for r in self.rules_of[i]:
                used[r][j] += 1
        self.cap = [
            [max(0, limit.cap - used[r][j]) for j in days] for r, limit in enumerate(p.limits)
        ]
        self._set_values()
        # Fair set: eligible, never pinned, in a planned unit: every one of their days is decided.
        self.fair = [
            i
            for i in range(self.n)
            if self.planned and i not in self.pinned_people and (i, 0) in self.decide
        ]
        self.week_of = {j: w for w, group in enumerate(p.weeks) for j in group}
        # Remote decision days left per (person, week) once the fixed remote cells are counted.
        fixed_remote: dict[tuple[int, int], int] = {}
        for i, j in away:
            w = self.week_of.get(j)
            if w is not None and self.fixed[(i, j)][0] in REMOTE_MODES:
                fixed_remote[(i, w)] = fixed_remote.get((i, w), 0) + 1
        self.week_room = {
            key: max(0, allowed - fixed_remote.get(key, 0))
            for key, allowed in p.week_allowance.items()
        }
        self._day_cells: list[list[int]] | None = None

    def _may_be_remote(self, i: int, person: Person) -> bool:
        return person.eligible and self.problem.remote_allowed and self._can_be_remote(i)

    def _set_values(self) -> None:
        """Each decision cell's remote value and its cost for "fewest changes": `cost0` if the
        cell ends WFO, `cost1` if remote. Without a row, a wish or a stored remote mode the cell
        is WFH (or WFA at the person's known place), so c0 = 0 and c1 = 1."""
        p = self.problem
        decide = self.decide
        if Mode.WFH in p.allowed:
            self.remote_value = dict.fromkeys(decide, (Mode.WFH.value, ""))
        else:
            self.remote_value = {c: (Mode.WFA.value, self.places[c[0]]) for c in decide}
        self.cost0 = dict.fromkeys(decide, 0)
        self.cost1 = dict.fromkeys(decide, 1)
        stored_here = [c for c in p.current if c in decide]
        for c in stored_here:
            stored = p.current[c]
            if stored.is_remote and stored.mode in p.allowed:
                self.remote_value[c] = stored.value
        wished_here = [c for c, wish in p.wishes.items() if c in decide and wish.mode in p.allowed]
        for c in wished_here:
            self.remote_value[c] = p.wishes[c].value
        for c in (*stored_here, *wished_here):
            stored = p.stored(*c)
            self.cost0[c] = int(stored.is_remote)
            self.cost1[c] = int(stored.value != self.remote_value[c])

    def week_full(self, i: int, j: int, remote: set[tuple[int, int]]) -> bool:
        """True when person i may not take one more remote day in the week of day j."""
        w = self.week_of.get(j)
        if w is None or (i, w) not in self.week_room:
            return False
        used = sum(1 for k in self.problem.weeks[w] if (i, k) in remote and (i, k) in self.decide)
        return used >= self.week_room[(i, w)]

    def _interleaved(self) -> list[int]:
        """A rank per person that interleaves the groups the rules count (doctors, nurses, ...).

        Taking people in this order spreads each day's remote places over the groups in
        proportion to their size, so a group's own limit is rarely what stops the rotation.
        """
        groups: dict[tuple, list[int]] = {}
        for i in range(self.n):
            groups.setdefault(tuple(self.rules_of[i]), []).append(i)
        position = {}
        for key, members in groups.items():
            for k, i in enumerate(members):
                position[i] = ((k + 0.5) / len(members), key)
        ranked = sorted(range(self.n), key=lambda i: (position[i], i))
        rank = [0] * self.n
        for r, i in enumerate(ranked):
            rank[i] = r
        return rank

    def _known_places(self) -> dict[int, str]:
        """Each person's WFA place as they stated it (a wish) or the plan holds it (latest day)."""
        p = self.problem
        places: dict[int, str] = {}
        for cells in (p.current, p.wishes):  # a wish's place wins over the plan's
            for (i, _), cell in sorted(cells.items(), key=lambda item: item[0]):
                if cell.mode == Mode.WFA and cell.place:
                    places[i] = cell.place
        return places

    def _can_be_remote(self, i: int) -> bool:
        """WFA always names a place: where only WFA is allowed, only a person with a known place
        can be planned away from the office."""
        return Mode.WFH in self.problem.allowed or i in self.places

    def final(self, remote: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, str]]:
        """Every cell's value once the decision cells in `remote` go remote."""
        values = dict(self.fixed)
        for c in self.decide:
            values[c] = self.remote_value[c] if c in remote else WFO
        return values

    @cached_property
    def all_wfo_cost(self) -> int:
        """The changes if every decision cell ended WFO (the cells stored remote)."""
        return sum(self.cost0.values())

    @cached_property
    def gaps(self) -> dict[int, set[int]]:
        """The days a person with some decision cells is not decided (pinned, given): sparse."""
        people = {i for i, _ in self.decide}
        gaps: dict[int, set[int]] = {}
        for i, j in self.fixed:
            if i in people:
                gaps.setdefault(i, set()).add(j)
        return gaps

    def open_days(self, i: int, group) -> int:
        """How many of the days in `group` person i's cell is decided (i has some)."""
        gaps = self.gaps.get(i)
        return len(group) if gaps is None else sum(1 for j in group if j not in gaps)

    def day_cells(self, j: int) -> list[int]:
        """The people whose cell on day j is decided (a list shared by the callers: read only)."""
        if self._day_cells is None:
            self._day_cells = [
                [i for i in range(self.n) if (i, k) in self.decide] for k in range(self.days)
            ]
        return self._day_cells[j]
