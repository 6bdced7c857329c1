"""The one-screen dashboards: how the city (or one OPD) stands on a day, what needs attention,
and how it went across windows.

A mayor reads five figures (planned on site, checked in, essential-service rules met, plans
approved, open issues), then a short list of what to follow up (units short of staff on site,
plans late, check-ins flagged), each linking to the page where it is dealt with. The tables of
every OPD, unit and service point are pages of their own (reports/dashboard.py).

A fixed number of aggregate queries whatever the size of the city: the units, the plan's tallies
(rules, staff, remote cells), coverage's units, the plans, the day's check-ins and reports, and
the trend's four aggregates (reports/trends.py).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from attendance import summary
from common.dates import tanggal
from opd.access import opds_visible_to, units_visible_to
from opd.models import Unit
from reports import figures, trends
from reports.figures import MODES
from schedules import coverage, selectors
from schedules.models import Mode, PlanStatus
from schedules.selectors import counts_from_tallies

SHOWN = 4  # items of each kind in the attention list; the rest are on the tables' pages
# A plan not approved this many days before its window starts is late (and once it has started).
LATE_BEFORE_DAYS = 7
# The plan statuses furthest from approval first: a plan in review broke a promise.
URGENCY = [PlanStatus.REVIEW, PlanStatus.RETURNED, PlanStatus.DRAFT, PlanStatus.SUBMITTED]
# A status in one word, for a tile read on a phone.
SHORT_STATUS = {
    PlanStatus.DRAFT: "draf",
    PlanStatus.SUBMITTED: "diajukan",
    PlanStatus.RETURNED: "dikembalikan",
    PlanStatus.APPROVED: "disetujui",
    PlanStatus.REVIEW: "ditinjau",
}


@dataclass(frozen=True)
class Item:
    """One thing to follow up: what, where, and the page where it is dealt with."""

    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class Attention:
    """Items of one kind: the first SHOWN, how many in all, and where the rest are listed."""

    label: str
    short: str  # what `total` counts, after the number: "unit kurang"
    items: list[Item]
    total: int
    more_url: str
    none_text: str

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def city(*, user, window, day, windows, today: date) -> dict:
    """Every OPD the user may see (the whole city for BKPSDM and the mayor's office)."""
    opds = {o.pk: o for o in opds_visible_to(user).order_by("name")}
    units = list(units_visible_to(user).select_related("opd").order_by("opd__name", "name"))
    state = _state(window, day, units, opd=None)
    plans = selectors.plan_statuses(window)
    statuses = Counter(selectors.status_of(plans, pk) for pk in opds)
    late = _late_plans(window, state, today, opds, plans)
    flagged = _flagged_by(state, units, key=lambda u: u.opd_id)
    attention = [
        _short_units(state, window, day, units, more=reverse("reports:city_services")),
        late,
        Attention(
            "Presensi ditandai",
            "OPD ditandai",
            [_flagged_item(opds[pk], n, day) for pk, n in flagged[:SHOWN]],
            len(flagged),
            reverse("attendance:monitor") + f"?hari={day.pk}",
            "Tidak ada presensi yang ditandai.",
        ),
    ]
    approved = statuses.get(PlanStatus.APPROVED, 0)
    context = _common(window, day, state, attention, windows, today, opds=len(opds))
    waiting = [f"{statuses[s]} {SHORT_STATUS[s]}" for s in URGENCY if statuses.get(s)]
    context["plans_tile"] = {
        "value": f"{100 * approved / len(opds) if opds else 0:.1f}".replace(".", ",") + "%",
        "detail": " · ".join([f"{approved} dari {len(opds)} OPD", *waiting]),
    }
    return context


def for_opd(*, opd, window, day, windows, today: date) -> dict:
    """One OPD, down to its units."""
    units = list(Unit.objects.filter(opd=opd).select_related("opd").order_by("name"))
    state = _state(window, day, units, opd=opd)
    plans = selectors.plan_statuses(window, opd=opd)
    status = selectors.status_of(plans, opd.pk)
    flagged = _flagged_by(state, units, key=lambda u: u.pk)
    names = {u.pk: u for u in units}
    monitor = reverse("attendance:monitor_opd", args=[opd.code]) + f"?hari={day.pk}"
    attention = [
        _short_units(state, window, day, units, more=reverse("reports:opd_units", args=[opd.code])),
        _late_plans(window, state, today, {opd.pk: opd}, plans),
        Attention(
            "Presensi ditandai",
            "unit ditandai",
            [Item(names[pk].name, f"{n} presensi ditandai", monitor) for pk, n in flagged[:SHOWN]],
            len(flagged),
            monitor,
            "Tidak ada presensi yang ditandai.",
        ),
    ]
    context = _common(window, day, state, attention, windows, today, opds=1, opd=opd)
    plan = plans.get(opd.pk)
    acted = plan and plan.acted_by
    context["plans_tile"] = {
        "value": SHORT_STATUS[status].capitalize(),
        "detail": f"oleh {plan.acted_by.display_name}, {tanggal(plan.acted_at)}"
        if acted
        else "buka rencana",
    }
    return context


@dataclass
class _State:
    """The window's plan counts and coverage, and the day's activity, in scope."""

    days: list
    unit_ids: list[int]
    counts: object  # selectors.PlanCounts
    cover: figures.Coverage
    activity: dict


def _state(window, day, units, *, opd) -> _State:
    days = list(window.days.all())
    tallies = coverage.tally_window(window, days, opd=opd)
    cover = figures.Coverage(coverage.compute(window, opd=opd, days=days, tallies=tallies))
    activity = summary.unit_day_activity(window, day, opd=opd)
    unit_ids = [u.pk for u in units]
    return _State(days, unit_ids, counts_from_tallies(tallies), cover, activity)


def _common(window, day, state: _State, attention, windows, today, *, opds, opd=None) -> dict:
    """The tiles, the attention list, the days of the window and the trend, for both pages."""
    totals = state.counts.total(state.unit_ids, day.pk)
    done = summary.activity_total(state.activity, state.unit_ids, ["checked_in", "flagged"])
    ruled, short = _rules_on(state, day)
    series = [(d, state.counts.total(state.unit_ids, d.pk)) for d in state.days]
    trend = trends.across_windows(windows, window, today, staff=totals.staff, opds=opds, opd=opd)
    return {
        "totals": totals,
        "checked_in": done["checked_in"],
        "flagged": done["flagged"],
        # Staff away that day (approved leave, travel, training) are not expected to check in.
        "compliance_day": summary.compliance(
            done["checked_in"], totals.staff - totals.away, scale=100
        ),
        "rules": {
            "ruled": ruled,
            "met": ruled - short,
            "short": short,
            "share": 100 * (ruled - short) / ruled if ruled else 100.0,
        },
        "attention": attention,
        "open_issues": sum(a.total for a in attention),
        "days": state.days,
        "series": series,
        "trend": trend,
        "charts": {
            "days": {
                "labels": [d.date.strftime("%d/%m") for d in state.days],
                "series": {Mode(m).label: [c.by_mode()[m] for _, c in series] for m in MODES},
            },
            "trend": trends.chart(trend),
        },
    }


def _rules_on(state: _State, day) -> tuple[int, int]:
    """Units with an essential-service rule that day, and how many of them are short."""
    ruled = short = 0
    for unit_id in {c.unit.pk for c in state.cover.result.checks}:
        status = state.cover.unit_day(unit_id, day.pk)
        if status.ruled:
            ruled += 1
            short += bool(status.shortfall)
    return ruled, short


def _short_units(state: _State, window, day, units, *, more: str) -> Attention:
    """Units short of staff on site on the day, the largest shortfall first."""
    short = []
    for unit in units:
        status = state.cover.unit_day(unit.pk, day.pk)
        if status.shortfall:
            short.append((status.shortfall, unit))
    short.sort(key=lambda s: (-s[0], s[1].opd.name, s[1].name))
    more += f"?periode={window.slug}&hari={day.pk}"
    items = [
        Item(
            f"{unit.name} ({unit.opd.short_name or unit.opd.name})",
            f"kurang {n} di kantor",
            reverse("schedules:grid", args=[window.slug, unit.opd.code]) + f"?unit={unit.pk}",
        )
        for n, unit in short[:SHOWN]
    ]
    none = "Semua aturan terpenuhi."
    return Attention("Unit kurang di kantor", "unit kurang", items, len(short), more, none)


def _late_plans(window, state: _State, today: date, opds: dict, plans: dict) -> Attention:
    """Plans not approved once the window is a week away (or under way), furthest first."""
    due = state.days[0].date - timedelta(days=LATE_BEFORE_DAYS)
    late = []
    if today >= due:
        for pk, opd in opds.items():
            status = selectors.status_of(plans, pk)
            if status != PlanStatus.APPROVED:
                late.append((URGENCY.index(status), opd.name, opd, status))
    late.sort(key=lambda row: row[:2])
    items = [
        Item(
            opd.short_name or opd.name,
            figures.status_label(status),
            reverse("schedules:grid", args=[window.slug, opd.code]),
        )
        for _, _, opd, status in late[:SHOWN]
    ]
    more = reverse("schedules:plans", args=[window.slug])
    none = "Semua rencana sudah disetujui." if today >= due else "Belum ada yang terlambat."
    return Attention("Rencana belum disetujui", "rencana terlambat", items, len(late), more, none)


def _flagged_by(state: _State, units, *, key) -> list[tuple[int, int]]:
    """(key, flagged check-ins) of the day, the most first."""
    flagged: dict[int, int] = defaultdict(int)
    for unit in units:
        flagged[key(unit)] += state.activity.get(unit.pk, {}).get("flagged", 0)
    return sorted(((k, n) for k, n in flagged.items() if n), key=lambda kn: (-kn[1], kn[0]))


def _flagged_item(opd, n: int, day) -> Item:
    url = reverse("attendance:monitor_opd", args=[opd.code]) + f"?hari={day.pk}"
    return Item(opd.short_name or opd.name, f"{n} presensi ditandai", url)
