"""The rotation (a greedy round robin) and the bounds that prove it optimal.

Day by day, preferences first, then everyone else by fewest remote days so far (counting the
preferences still ahead of them), keeping a cell as it is on ties, then in a fixed order: for a
unit with one headcount rule this is a round robin that reaches the fair optimum directly.

`Bounds` holds an upper bound for each level the planner maximises (preferences, remote days)
and a lower bound for each it minimises (spread, changes); when the rotation meets all four, no
solver can do better and the unit needs none.
"""

from collections import Counter
from dataclasses import dataclass

from schedules.planner.problem import Prepared

Cell = tuple[int, int]


def rotate(prep: Prepared, *, fill: bool = True) -> set[Cell]:
    """Remote cells chosen by the rotation; without `fill`, only wishes and current remote days.

    Under the weekly cap each person's room in a week is kept for their wishes later in it (a
    day given away early must not cost a wish), and among the rest those with the most room
    left in the week go first: serving each day from the most urgent residual room packs the week
    as tightly as the rules allow, so the rotation reaches the remote bound. Those with the
    least slack (open days later in the week minus room left) go first, then the most room.
    """
    p = prep.problem
    count = [0] * prep.n
    ahead = [0] * prep.n
    for i, _ in prep.valid_wishes:
        ahead[i] += 1
    capped = bool(prep.week_room)
    room = dict(prep.week_room)  # (person, week) -> remote decision days still allowed
    wished_in_week: dict[tuple[int, int], int] = {}
    if capped:
        for i, j in prep.valid_wishes:
            w = prep.week_of.get(j)
            if (i, w) in room:
                wished_in_week[(i, w)] = wished_in_week.get((i, w), 0) + 1
    blocked: dict[int, set[int]] = {}
    if capped:
        blocked = {i: set(days) for i, days in prep.gaps.items()}
        for i, j in prep.valid_wishes:
            blocked.setdefault(i, set()).add(j)
    remote: set[Cell] = set()
    for j in range(prep.days):
        w = prep.week_of.get(j)
        left = [prep.cap[r][j] for r in range(len(p.limits))]
        cells = prep.day_cells(j)
        wishers = [i for i in cells if (i, j) in prep.valid_wishes]
        for i in wishers:
            ahead[i] -= 1
            if (i, w) in wished_in_week:
                wished_in_week[(i, w)] -= 1
        if fill:
            others = [i for i in cells if (i, j) not in prep.valid_wishes]
        else:
            others = [i for i in cells if (i, j) not in prep.valid_wishes and prep.cost0[(i, j)]]

        def free(i, w=w):
            """Room left in the week beyond the wishes still ahead in it (None: no cap)."""
            if (i, w) not in room:
                return None
            return room[(i, w)] - wished_in_week.get((i, w), 0)

        # Open days later in the week (decided, not wished): all the week's later days but
        # the few a person has pinned, given or wished (`blocked`, sparse).
        after = sum(1 for k in p.weeks[w] if k > j) if w is not None else 0

        def key(i, j=j, w=w, after=after):
            spare = free(i) if capped else None
            if spare is None:
                urgency = (0, 0)
            else:  # open days later in the week beyond the room left: least slack goes first
                shut = blocked.get(i)
                later = after
                if shut:
                    later -= sum(1 for k in shut if k > j and prep.week_of.get(k) == w)
                urgency = (later - spare, -spare)
            return (
                urgency,
                count[i] + ahead[i],
                prep.cost1[(i, j)],
                prep.order[i],
            )

        for wishing, group in ((True, sorted(wishers, key=key)), (False, sorted(others, key=key))):
            for i in group:
                if not all(left[r] > 0 for r in prep.rules_of[i]):
                    continue
                if (i, w) in room:
                    if room[(i, w)] <= 0 or (not wishing and free(i) <= 0):
                        continue
                    room[(i, w)] -= 1
                for r in prep.rules_of[i]:
                    left[r] -= 1
                remote.add((i, j))
                count[i] += 1
    return remote


def balance(prep: Prepared, remote: set[Cell], *, target: int) -> set[Cell]:
    """Move remote days from the fair set's most remote people to its least, until `target`.

    A move on one day keeps that day's headcount, granted wishes and rule limits as they were,
    and adds no change to the plan. Between two fair people it needs a gap of two days; else a
    day goes to (or comes from) someone outside the fair set (a person with a pinned cell), one
    direction only, so that the moves cannot undo each other. Where no single swap fits (the
    giver is away only on days the taker is not free), a chain of swaps on distinct days passes
    the day along through people whose own count stays the same (`_chain`).
    """
    remote = set(remote)
    fair = set(prep.fair)
    outsiders = sorted({i for i, _ in prep.decide} - fair)
    direction = None
    for _ in range(len(prep.decide)):
        days = {i: sum(1 for j in range(prep.days) if (i, j) in remote) for i in fair}
        if not days:
            break
        most, least = max(days.values()), min(days.values())
        if most - least <= target:
            break
        givers = [i for i, n in days.items() if n == most]
        takers = [i for i, n in days.items() if n == least]
        if most - least >= 2 and _move(prep, remote, givers, takers):
            continue
        # Fewer people at the bottom: lift them; fewer at the top: lower them.
        moves = {"in": (outsiders, takers), "out": (givers, outsiders)}
        order = ["in", "out"] if len(takers) <= len(givers) else ["out", "in"]
        for way in [direction] if direction else order:
            if _move(prep, remote, *moves[way]):
                direction = way
                break
        else:
            break
    return remote


def _move(prep: Prepared, remote: set[Cell], givers, takers) -> bool:
    return bool(givers and takers) and (
        _swap(prep, remote, givers, takers) or _chain(prep, remote, givers, takers)
    )


def _chain(prep: Prepared, remote: set[Cell], givers, takers) -> bool:
    """Breadth first from the givers: a hands day j to b when a is away on j (not a wish), b is
    free to be (not a wish, within b's week), the rules of that day hold once a is back and b is
    away, and the plan's changes do not grow. Each day is used once along a chain, so the days'
    swaps are independent; a chain that reaches a taker is applied."""
    p = prep.problem
    targets = set(takers)
    used = [
        [sum(1 for i in limit.members if (i, j) in remote) for j in range(prep.days)]
        for limit in p.limits
    ]
    # Per day, who could take it, by the rules they count for (the rule check is per group).
    open_by_day: list[dict[tuple, list[int]]] = []
    for j in range(prep.days):
        groups: dict[tuple, list[int]] = {}
        for i in prep.day_cells(j):
            if (i, j) not in remote and (i, j) not in prep.valid_wishes:
                groups.setdefault(tuple(prep.rules_of[i]), []).append(i)
        open_by_day.append(groups)
    back: dict[int, tuple[int, int] | None] = dict.fromkeys(givers)
    frontier = list(givers)
    while frontier:
        reached = []
        for a in frontier:
            days_on_path, k = set(), a
            while back[k] is not None:
                k, day = back[k]
                days_on_path.add(day)
            freed = set(prep.rules_of[a])
            for j in range(prep.days):
                if j in days_on_path or (a, j) not in remote or (a, j) in prep.valid_wishes:
                    continue
                for group, people in open_by_day[j].items():
                    if not all(used[r][j] - (r in freed) < prep.cap[r][j] for r in group):
                        continue
                    for b in people:
                        if b in back or prep.week_full(b, j, remote):
                            continue
                        change = prep.cost1[(b, j)] - prep.cost0[(b, j)]
                        if change + prep.cost0[(a, j)] - prep.cost1[(a, j)] > 0:
                            continue
                        back[b] = (a, j)
                        if b in targets:
                            _hand_over(remote, back, b)
                            return True
                        reached.append(b)
        frontier = reached
    return False


def _hand_over(remote: set[Cell], back, last: int) -> None:
    """Apply a chain found by `_chain`, from its end back to the giver."""
    b = last
    while back[b] is not None:
        a, j = back[b]
        remote.discard((a, j))
        remote.add((b, j))
        b = a


def _swap(prep: Prepared, remote: set[Cell], givers, takers) -> bool:
    p = prep.problem
    for j in range(prep.days):
        used = [sum(1 for i in limit.members if (i, j) in remote) for limit in p.limits]
        for h in givers:
            if (h, j) not in remote or (h, j) in prep.valid_wishes:
                continue
            for t in takers:
                if (t, j) not in prep.decide or (t, j) in remote or (t, j) in prep.valid_wishes:
                    continue
                if prep.week_full(t, j, remote):
                    continue
                cost = prep.cost1[(t, j)] - prep.cost0[(t, j)] + prep.cost0[(h, j)]
                if cost > prep.cost1[(h, j)]:
                    continue
                freed = set(prep.rules_of[h])
                if all(used[r] - (r in freed) < prep.cap[r][j] for r in prep.rules_of[t]):
                    remote.discard((h, j))
                    remote.add((t, j))
                    return True
    return False


@dataclass
class Bounds:
    remote_per_day: list[int]  # upper bounds
    wishes_per_day: list[int]  # upper bounds
    spread: int = 0  # lower bound, valid once the two levels above are met
    changes: int = 0  # lower bound (decision cells only), idem

    @property
    def remote(self) -> int:
        return sum(self.remote_per_day)

    @property
    def wishes(self) -> int:
        return sum(self.wishes_per_day)


def compute_bounds(prep: Prepared) -> Bounds:
    p = prep.problem
    members = [set(limit.members) for limit in p.limits]
    remote_ub, wish_ub, wish_total, cells_of_day = [], [], [], []
    for j in range(prep.days):
        cells = prep.day_cells(j)
        wishers = [i for i in cells if (i, j) in prep.valid_wishes]
        remote_ub.append(_headroom(cells, members, prep.cap, j))
        wish_ub.append(_headroom(wishers, members, prep.cap, j))
        wish_total.append(len(wishers))
        cells_of_day.append(cells)
    bounds = Bounds(remote_per_day=remote_ub, wishes_per_day=wish_ub)
    if prep.week_room:
        # The weekly cap binds: the days' bounds ignore it, so each week's total is capped too
        # (the objective's levels are totals). The spread and changes bounds assume every day at
        # its bound, which no longer holds: their trivial bound 0 stays.
        _cap_weeks(prep, remote_ub, wishes=False)
        _cap_weeks(prep, wish_ub, wishes=True)
        bounds.spread = _capped_spread_bound(prep, bounds)
        bounds.changes = _capped_changes_bound(prep, bounds)
        return bounds
    bounds.spread = _spread_bound(prep, bounds, wish_total)
    bounds.changes = _changes_bound(prep, bounds, cells_of_day)
    return bounds


def _groups(prep: Prepared) -> list[list[int]]:
    """The capped weeks, then every day outside them on its own."""
    groups = [list(group) for group in prep.problem.weeks]
    groups += [[j] for j in range(prep.days) if j not in prep.week_of]
    return groups


def _most_by_group(prep: Prepared, people) -> list[list[int]]:
    """Per person, per group of `_groups`: the most remote days they can have there (their
    decision days, within the week's room when the group is a capped week)."""
    weeks = len(prep.problem.weeks)
    groups = _groups(prep)
    room = prep.week_room
    most = []
    for i in people:
        row = []
        for w, group in enumerate(groups):
            own = prep.open_days(i, group)
            if w < weeks:
                own = min(own, room.get((i, w), own))
            row.append(own)
        most.append(row)
    return most


def _capped_spread_bound(prep: Prepared, bounds: Bounds) -> int:
    """Under a binding cap: the least max-min over the fair set, from the remote totals alone.

    With the top levels met every capped week (and every day outside them) holds exactly its
    bound, so the fair set holds, per week, between that bound minus what everyone else can
    take there and the least of that bound and what the fair set can take there; each of them
    between t and t + s days, and never more than they can take.
    """
    if not prep.fair:
        return 0
    fair = set(prep.fair)
    others = sorted({i for i, _ in prep.decide} - fair)
    fair_most = _most_by_group(prep, prep.fair)
    others_most = _most_by_group(prep, others)
    total_lo = total_hi = 0
    for w, group in enumerate(_groups(prep)):
        held = sum(bounds.remote_per_day[j] for j in group)
        total_lo += max(0, held - sum(row[w] for row in others_most))
        total_hi += min(held, sum(row[w] for row in fair_most))
    # People with the same most days are alike here: count each value once, with its weight.
    hi = Counter(sum(row) for row in fair_most)
    people = len(prep.fair)
    for s in range(prep.days + 1):
        for t in range(min(hi) + 1):
            if people * t <= total_hi and (
                sum(k * min(h, t + s) for h, k in hi.items()) >= total_lo
            ):
                return s
    return prep.days


def _capped_changes_bound(prep: Prepared, bounds: Bounds) -> int:
    """At most the cells already remote as proposed stay unchanged; the surplus of remote cells
    beyond the remote total goes back on site."""
    keep = sum(1 for c in prep.decide if prep.cost1[c] == 0)
    away = sum(1 for c in prep.decide if prep.cost0[c] == 1)
    return max(0, bounds.remote - keep, away - bounds.remote)


def _cap_weeks(prep: Prepared, per_day: list[int], wishes: bool) -> None:
    """Lower the days' bounds of each capped week until their sum is at most what its people
    may take: per person, their decision cells (or valid wishes) that week, at most their
    weekly room."""
    room = prep.week_room
    wished: Counter = Counter()
    if wishes:
        for i, j in prep.valid_wishes:
            if j in prep.week_of:
                wished[(i, prep.week_of[j])] += 1
    people = sorted({i for i, _ in prep.decide})
    for w, group in enumerate(prep.problem.weeks):
        most = 0
        if wishes:
            for (i, week), own in wished.items():
                if week == w:
                    most += min(own, room.get((i, w), own))
        else:
            for i in people:
                own = prep.open_days(i, group)
                most += min(own, room.get((i, w), own))
        excess = sum(per_day[j] for j in group) - most
        for j in reversed(group):
            cut = min(max(0, excess), per_day[j])
            per_day[j] -= cut
            excess -= cut


def _headroom(people: list[int], members: list[set], cap, j: int) -> int:
    """At most everyone, and under each rule its free places plus the people it does not count."""
    best = len(people)
    for r, group in enumerate(members):
        inside = sum(1 for i in people if i in group)
        best = min(best, cap[r][j] + len(people) - inside)
    return best


def _spread_bound(prep: Prepared, bounds: Bounds, wish_total: list[int]) -> int:
    """Least possible max-min of remote days over the fair set, relaxing the per-day coupling.

    Valid for any answer that grants the most preferences and gives the most remote days: then a
    day whose wishes all fit grants all of them (lo), and a day filled by wishes alone leaves
    everyone without a wish on site (hi).
    """
    if not prep.fair:
        return 0
    fair = set(prep.fair)
    wish_ub, remote_ub = bounds.wishes_per_day, bounds.remote_per_day
    # A day is open to someone without a wish when more than its wishes go remote; whether a
    # person's rules leave room that day depends on their rules only (one answer per group).
    beyond_wishes = [remote_ub[j] > wish_ub[j] for j in range(prep.days)]
    room_of: dict[tuple, list[bool]] = {}
    wished_days: dict[int, list[int]] = {}
    for i, j in prep.valid_wishes:
        if i in fair:
            wished_days.setdefault(i, []).append(j)
    pairs: Counter = Counter()
    for i in prep.fair:
        group = tuple(prep.rules_of[i])
        room = room_of.get(group)
        if room is None:
            room = room_of[group] = [
                all(prep.cap[r][j] > 0 for r in group) for j in range(prep.days)
            ]
        wished = wished_days.get(i, ())
        lo = sum(1 for j in wished if wish_ub[j] == wish_total[j])
        hi = sum(1 for j in range(prep.days) if room[j] and (j in wished or beyond_wishes[j]))
        pairs[(lo, hi)] += 1
    cells = [prep.day_cells(j) for j in range(prep.days)]
    others = [sum(1 for i in cells[j] if i not in fair) for j in range(prep.days)]
    # Each day holds exactly its bound: the fair set takes at most that or its own cells there.
    total_hi = sum(min(remote_ub[j], len(cells[j]) - others[j]) for j in range(prep.days))
    total_lo = sum(max(0, remote_ub[j] - others[j]) for j in range(prep.days))
    # People with the same (lo, hi) are alike here: each pair counted once, with its weight.
    for s in range(prep.days + 1):
        for t in range(prep.days + 1):
            if all(max(lo, t) <= min(hi, t + s) for lo, hi in pairs) and (
                sum(k * max(lo, t) for (lo, _), k in pairs.items()) <= total_hi
                and sum(k * min(hi, t + s) for (_, hi), k in pairs.items()) >= total_lo
            ):
                return s
    return prep.days


def _changes_bound(prep: Prepared, bounds: Bounds, cells_of_day) -> int:
    """Each day keeps at most its cells already remote as proposed, and drops the surplus."""
    total = 0
    for j, cells in enumerate(cells_of_day):
        keep = sum(1 for i in cells if prep.cost1[(i, j)] == 0)
        away = sum(1 for i in cells if prep.cost0[(i, j)] == 1)
        target = bounds.remote_per_day[j]
        total += max(0, target - keep, away - target)
    return total


@dataclass
class Score:
    wishes_per_day: list[int]
    remote_per_day: list[int]
    spread: int
    changes: int


def score(prep: Prepared, remote: set[Cell]) -> Score:
    """The four levels of the objective for a set of remote decision cells."""
    wishes = [0] * prep.days
    per_day = [0] * prep.days
    for i, j in remote:
        per_day[j] += 1
        if (i, j) in prep.valid_wishes:
            wishes[j] += 1
    # Every decision cell left WFO costs cost0, a remote one cost1 instead (cost0 is sparse).
    changes = prep.all_wfo_cost + sum(prep.cost1[c] - prep.cost0[c] for c in remote)
    return Score(wishes, per_day, spread_of(prep, remote), changes)


def spread_of(prep: Prepared, remote: set[Cell]) -> int:
    if not prep.fair:
        return 0
    held = [0] * prep.n
    for i, _ in remote:
        held[i] += 1
    days = [held[i] for i in prep.fair]
    return max(days) - min(days)


def top_levels_met(bounds: Bounds, found: Score) -> bool:
    """Preferences and remote days at their upper bounds (totals: no day exceeds its bound, so
    without a weekly cap this is every day at its bound)."""
    return sum(found.wishes_per_day) == bounds.wishes and sum(found.remote_per_day) == bounds.remote


def proven(prep: Prepared, bounds: Bounds, found: Score) -> bool:
    return (
        top_levels_met(bounds, found)
        and found.spread == bounds.spread
        and found.changes == bounds.changes
    )
