"""The demo city with the weekly cap on: the planner's proposal breaks neither the cap nor coverage.

Lebaran 2025 has four days in one calendar week (24-27 March 2025): with a cap of 2, nobody may
be planned WFH/WFA on more than two of them, and every coverage rule that can be met is met. The
proposal is then applied through the one write path, whose own cap check must agree.
"""

from demo.city import seed_demo_city
from opd.models import User
from schedules import coverage, planner, services
from schedules.cap import cap_violations
from schedules.models import FlexPolicy, Mode
from schedules.planner.problem import WFO

SCALE = 0.1


def shortfalls(result) -> tuple[int, int]:
    """(avoidable, unavoidable) coverage shortfalls of a proposal, from its final cells."""
    avoidable = unavoidable = 0
    for unit in result.units():
        p = unit.problem
        for limit in p.limits:
            for j in range(len(p.days)):
                away = [i for i in limit.members if unit.final[(i, j)][0] != Mode.WFO]
                if limit.staff - len(away) >= limit.required:
                    continue
                pinned = sum(1 for i in away if p.stored(i, j).pinned)
                if limit.required > limit.staff or pinned > limit.cap or p.locked:
                    unavoidable += 1
                else:
                    avoidable += 1
    return avoidable, unavoidable


def over_cap(result, cap: int) -> int:
    """People planned remote on more than `cap` days of the window's first week."""
    count = 0
    for unit in result.units():
        week = [j for j, d in enumerate(unit.problem.days) if d.date.isocalendar()[1] == 13]
        for i in range(len(unit.problem.people)):
            count += sum(1 for j in week if unit.final[(i, j)] != WFO) > cap
    return count


def test_the_city_proposal_keeps_the_cap_and_coverage(window):
    seed_demo_city(scale=SCALE)
    window.policy = FlexPolicy.objects.create(
        name="Uji kota", legal_basis="PermenPANRB No. 4 Tahun 2025", weekly_cap=2
    )
    window.save()
    result = planner.propose(window)
    assert over_cap(result, 2) == 0
    assert shortfalls(result)[0] == 0
    assert result.units() and sum(u.remote_cells for u in result.units()) > 0
    bkpsdm = User.objects.get(username="bkpsdm")
    proposal = services.proposal_create(window=window, opd=None, by=bkpsdm)
    services.proposal_apply(proposal=proposal, by=bkpsdm)
    assert cap_violations(window) == []
    assert not [c for c in coverage.compute(window).violations if c.staff >= c.required]
