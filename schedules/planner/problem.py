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


@dataclass(frozen=True)
class Person:
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
    """What the rotation and the solver share: decision cells, fixed cells, limits per day."""

    def __init__(self, problem: UnitProblem):
        p = problem
        self.problem = p
        self.n, self.days = len(p.people), len(p.days)
        self.planned = bool(p.limits) and not p.locked
        self.decide: set[tuple[int, int]] = set()
        self.fixed: dict[tuple[int, int], tuple[str, str]] = {}
        self.pinned_people: set[int] = set()
        self.places = self._known_places()
        for i, person in enumerate(p.people):
            for j in range(self.days):
                stored = p.stored(i, j)
                given = p.fixed.get((i, j))
                if stored.pinned or given is not None:
                    self.pinned_people.add(i)
                if given is not None:
                    self.fixed[(i, j)] = given.value
                elif p.locked or stored.pinned:
                    self.fixed[(i, j)] = stored.value
                elif person.eligible and p.remote_allowed and self._can_be_remote(i):
                    self.decide.add((i, j))
                else:
                    self.fixed[(i, j)] = WFO
        self.valid_wishes = {
            c for c, wish in p.wishes.items() if c in self.decide and wish.mode in p.allowed
        }
        self.rules_of: list[list[int]] = [[] for _ in range(self.n)]
        for r, limit in enumerate(p.limits):
            for i in limit.members:
                self.rules_of[i].append(r)
        self.order = self._interleaved()
        # Remote places left per rule per day once the fixed cells are counted.
        self.cap = [
            [max(0, limit.cap - self._fixed_remote(limit, j)) for j in range(self.days)]
            for limit in p.limits
        ]
        self.remote_value = {c: self._remote_value(*c) for c in self.decide}
        # Cost of each choice for "fewest changes": c0 if the cell ends WFO, c1 if remote.
        self.cost0 = {c: int(p.stored(*c).is_remote) for c in self.decide}
        self.cost1 = {c: int(p.stored(*c).value != self.remote_value[c]) for c in self.decide}
        # Fair set: eligible, never pinned, in a planned unit: every one of their days is decided.
        self.fair = [
            i
            for i in range(self.n)
            if self.planned and i not in self.pinned_people and (i, 0) in self.decide
        ]
        self.week_of = {j: w for w, group in enumerate(p.weeks) for j in group}
        # Remote decision days left per (person, week) once the fixed remote cells are counted.
        self.week_room = {
            (i, w): max(0, allowed - sum(1 for j in p.weeks[w] if self._fixed_away(i, j)))
            for (i, w), allowed in p.week_allowance.items()
        }

    def _fixed_away(self, i: int, j: int) -> bool:
        """A fixed remote day (WFH/WFA) uses the weekly cap; an absence does not."""
        return self.fixed.get((i, j), WFO)[0] in REMOTE_MODES

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

    def _fixed_remote(self, limit: Limit, j: int) -> int:
        return sum(1 for i in limit.members if self.fixed.get((i, j), WFO)[0] != Mode.WFO)

    def _known_places(self) -> dict[int, str]:
        """Each person's WFA place as they stated it (a wish) or the plan holds it (latest day)."""
        p = self.problem
        places: dict[int, str] = {}
        for i in range(self.n):
            for j in range(self.days):
                stored = p.stored(i, j)
                if stored.mode == Mode.WFA and stored.value[1]:
                    places[i] = stored.value[1]
            for j in range(self.days):
                wish = p.wishes.get((i, j))
                if wish and wish.mode == Mode.WFA and wish.value[1]:
                    places[i] = wish.value[1]
        return places

    def _can_be_remote(self, i: int) -> bool:
        """WFA always names a place: where only WFA is allowed, only a person with a known place
        can be planned away from the office."""
        return Mode.WFH in self.problem.allowed or i in self.places

    def _remote_value(self, i: int, j: int) -> tuple[str, str]:
        """A remote day is the wished mode, else the current remote mode, else WFH (or WFA at
        the person's known place)."""
        p = self.problem
        wish = p.wishes.get((i, j))
        if wish and wish.mode in p.allowed:
            return wish.value
        stored = p.stored(i, j)
        if stored.is_remote and stored.mode in p.allowed:
            return stored.value
        if Mode.WFH in p.allowed:
            return (Mode.WFH.value, "")
        return (Mode.WFA.value, self.places[i])

    def final(self, remote: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, str]]:
        """Every cell's value once the decision cells in `remote` go remote."""
        values = dict(self.fixed)
        for c in self.decide:
            values[c] = self.remote_value[c] if c in remote else WFO
        return values

    def day_cells(self, j: int) -> list[int]:
        return [i for i in range(self.n) if (i, j) in self.decide]
