"""The figures of the city dashboard and the OPD dashboard, for one window and one day.

A fixed number of aggregate queries whatever the number of OPDs and employees: units, the plan's
tallies (rules, staff, remote cells: one aggregate of the assignments serves both the counts and
coverage), coverage's units, plans, the day's check-ins and reports (2) and feedback. Attendance
over the whole window is left to the workbook's "Kehadiran" sheet: at 100,000 staff its two extra
aggregates over every check-in and report of the window would double the page's time.
"""

from collections import Counter, defaultdict

from django.db.models import Avg, Count

from attendance import summary
from attendance.models import ServiceFeedback
from common.dates import tanggal
from opd.access import opds_visible_to, units_visible_to
from opd.models import ServiceCategory, Unit
from reports import figures
from reports.figures import MODES
from schedules import coverage, selectors
from schedules.models import Mode, PlanStatus
from schedules.selectors import Counts, counts_from_tallies

ZERO_ACTIVITY = {
    "checked_in": 0,
    "checked_in_onsite": 0,
    "flagged": 0,
    "reports_filed": 0,
    "reports_accepted": 0,
}


def city(*, user, window, day) -> dict:
    """Every OPD the user may see (the whole city for BKPSDM and the mayor's office)."""
    days = list(window.days.all())
    opds = list(opds_visible_to(user).order_by("name"))
    units = list(units_visible_to(user).select_related("opd").order_by("opd__name", "name"))
    tallies = coverage.tally_window(window, days)
    counts = counts_from_tallies(tallies)
    cover = figures.Coverage(coverage.compute(window, days=days, tallies=tallies))
    plans = selectors.plan_statuses(window)
    activity = summary.unit_day_activity(window, day)

    unit_ids = defaultdict(list)
    for unit in units:
        unit_ids[unit.opd_id].append(unit.pk)
    rows = []
    for opd in opds:
        ids = unit_ids[opd.pk]
        status = selectors.status_of(plans, opd.pk)
        opd_counts = counts.total(ids, day.pk)
        rows.append(
            {
                "opd": opd,
                "counts": opd_counts,
                "status": status,
                "status_label": figures.status_label(status),
                "unmet_day": cover.unmet(opd.pk, day.pk),
                "unmet_window": cover.unmet(opd.pk),
                **_activity(activity, ids, opd_counts.staff - opd_counts.away),
            }
        )
    progress = Counter(row["status"] for row in rows)
    context = _common(window, day, days, units, counts, cover, activity, opd=None)
    context |= {
        "rows": rows,
        "progress": [(value, label, progress.get(value, 0)) for value, label in PlanStatus.choices],
    }
    context["charts"]["plans"] = {
        "labels": [label for _, label, _ in context["progress"]],
        "values": [n for _, _, n in context["progress"]],
    }
    return context


def for_opd(*, opd, window, day) -> dict:
    """One OPD, down to its units."""
    days = list(window.days.all())
    units = list(Unit.objects.filter(opd=opd).select_related("opd").order_by("name"))
    tallies = coverage.tally_window(window, days, opd=opd)
    counts = counts_from_tallies(tallies)
    cover = figures.Coverage(coverage.compute(window, opd=opd, days=days, tallies=tallies))
    plans = selectors.plan_statuses(window, opd=opd)
    plan = plans.get(opd.pk)
    activity = summary.unit_day_activity(window, day, opd=opd)

    rows = []
    for unit in units:
        unit_counts = counts.unit_day(unit.pk, day.pk)
        status = cover.unit_day(unit.pk, day.pk)
        rows.append(
            {
                "unit": unit,
                "counts": unit_counts,
                "coverage": status,
                **_activity(activity, [unit.pk], unit_counts.staff - unit_counts.away),
            }
        )
    context = _common(window, day, days, units, counts, cover, activity, opd=opd)
    status = selectors.status_of(plans, opd.pk)
    context |= {
        "rows": rows,
        "plan": plan,
        "status": status,
        "status_label": figures.status_label(status),
        "unmet_day": cover.unmet(opd.pk, day.pk),
        "unmet_window": cover.unmet(opd.pk),
    }
    return context


def _common(window, day, days, units, counts, cover, activity, *, opd) -> dict:
    """What both dashboards show: headline counts, the days, essential services, feedback."""
    all_ids = [u.pk for u in units]
    totals = counts.total(all_ids, day.pk)
    series = [(d, counts.total(all_ids, d.pk)) for d in days]
    essential = _essential(units, day, counts, cover, activity)
    feedback = _feedback(window, opd=opd)
    day_activity = _activity(activity, all_ids, totals.staff - totals.away)
    return {
        "window": window,
        "day": day,
        "days": days,
        "totals": totals,
        "series": series,
        "essential": essential,
        "essential_by_category": _by_category(essential),
        "feedback": feedback,
        "feedback_total": _feedback_total(feedback),
        "activity": day_activity,
        "has_activity": bool(day_activity["checked_in"] or day_activity["reports_filed"]),
        "charts": {
            "modes": {
                "labels": [Mode(m).label for m in MODES],
                "values": [totals.by_mode()[m] for m in MODES],
            },
            "days": {
                "labels": [tanggal(d.date) for d in days],
                "series": {Mode(m).label: [c.by_mode()[m] for _, c in series] for m in MODES},
            },
        },
    }


def _activity(activity: dict, unit_ids, staff: int) -> dict:
    """Check-ins and reports of these units on the day, and the share of staff checked in
    (`staff`: those expected, i.e. not away on approved leave, travel or training)."""
    total = summary.activity_total(activity, unit_ids, ZERO_ACTIVITY)
    total["compliance_day"] = summary.compliance(total["checked_in"], staff, scale=100)
    return total


def _essential(units, day, counts, cover, activity) -> list[dict]:
    """Every essential unit: planned on site against the rules, and the day's check-ins."""
    rows = []
    for unit in units:
        if not unit.is_essential:
            continue
        status = cover.unit_day(unit.pk, day.pk)
        unit_activity = activity.get(unit.pk, ZERO_ACTIVITY)
        rows.append(
            {
                "unit": unit,
                "counts": counts.unit_day(unit.pk, day.pk),
                "coverage": status,
                "checked_in": unit_activity.get("checked_in", 0),
                "checked_in_onsite": unit_activity.get("checked_in_onsite", 0),
            }
        )
    rows.sort(key=lambda r: (-r["coverage"].shortfall, r["unit"].opd.name, r["unit"].name))
    return rows


def _by_category(rows: list[dict]) -> list[dict]:
    grouped: dict[str, dict] = {}
    for row in rows:
        category = row["unit"].service_category
        entry = grouped.setdefault(
            category,
            {
                "label": ServiceCategory(category).label,
                "units": 0,
                "short": 0,
                "counts": Counts(),
                "required": 0,
                "checked_in_onsite": 0,
            },
        )
        entry["units"] += 1
        entry["short"] += bool(row["coverage"].shortfall)
        entry["counts"] += row["counts"]
        entry["required"] += row["coverage"].required or 0
        entry["checked_in_onsite"] += row["checked_in_onsite"]
    return sorted(grouped.values(), key=lambda e: e["label"])


def _feedback(window, *, opd) -> list[dict]:
    """Public feedback on each service (unit) during the window: how many, average rating."""
    rows = ServiceFeedback.objects.filter(window=window)
    if opd is not None:
        rows = rows.filter(unit__opd=opd)
    rows = list(
        rows.order_by("unit__opd__name", "unit__name")
        .values("unit_id", "unit__name", "unit__opd__short_name", "unit__service_category")
        .annotate(count=Count("pk"), average=Avg("rating"))
    )
    for row in rows:
        row["category"] = ServiceCategory(row["unit__service_category"]).label
    return rows


def _feedback_total(rows: list[dict]) -> dict:
    count = sum(r["count"] for r in rows)
    total = sum(r["count"] * float(r["average"]) for r in rows)
    return {"count": count, "average": total / count if count else None, "services": len(rows)}
