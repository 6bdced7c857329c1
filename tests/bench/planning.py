"""Planning figures (issues 3 and 15): grid page, bulk set, city-wide coverage, city dashboard, one
approval, on a realistic plan and beside their raw-SQL floors.

The plan is the planner's proposal for the whole city applied through the write path (history
included), never an emptied plan; it is kept for the modules that follow (promise) and rebuilt when
missing. Statistics are refreshed (ANALYZE) after it is written. Every figure is the median of five
runs (after a warm-up) with min-max, the portal's and the floor's runs alternating; every write
runs in a transaction that is rolled back, with its untimed preparation, so each run starts from
the same plan (VACUUM afterwards, as autovacuum would).
"""

import time

from django.db.models import Count
from django.test import Client
from django.utils import timezone

from opd.models import Employee, Opd, Role, User
from schedules import coverage, services
from schedules.models import Assignment, CoverageRule, FlexWindow, Mode, Plan, PlanStatus, Proposal
from schedules.models.assignments import REMOTE_MODES
from schedules.services import bulk
from tests.bench import floors
from tests.bench.measure import analyze, beside, paired, raw, rounds, vacuum

BULK_STAFF = 1000
PLACE = "Kampung halaman"


def run(rec, *, timed, ms):
    window = FlexWindow.objects.get(slug="lebaran-2025")
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    bkpsdm = User.objects.get(username="bkpsdm")
    realistic_plan(rec, window, bkpsdm)
    _grid(rec, window, largest, bkpsdm)
    _bulk(rec, window, largest, bkpsdm)
    _bulk_preview(rec, window, largest, bkpsdm)
    _coverage(rec, window)
    _dashboard(rec, window)
    _approval(rec, window, largest)


def realistic_plan(rec, window, bkpsdm) -> None:
    """The planner's proposal for the city, applied through the write path, then ANALYZE."""
    applied = Proposal.objects.filter(
        window=window, opd=None, applied_at__isnull=False, undone_at__isnull=True
    ).exists()
    how = "kept from an earlier run"
    if not (applied and Assignment.objects.filter(day__window=window).exists()):
        clean(window)
        start = time.perf_counter()
        proposal = services.proposal_create(window=window, opd=None, by=bkpsdm)
        services.proposal_apply(proposal=proposal, by=bkpsdm)
        how = f"proposed and applied in {time.perf_counter() - start:.1f} s"
        analyze()
    remote = Assignment.objects.filter(day__window=window, mode__in=REMOTE_MODES).count()
    cells = Employee.objects.active().count() * window.days.count()
    shortfalls = len(coverage.compute(window).violations)
    rec.add(
        "bench plan (the planner's proposal for the city)",
        f"{remote:,} of {cells:,} cells remote, {shortfalls} shortfalls; {how}",
    )


def clean(window) -> None:
    """Remove the window's plan without hanging on stale statistics: ANALYZE first, then delete
    by the window's day ids (history rows included), plans and proposals."""
    analyze("schedules_assignment", "schedules_historicalassignment", "schedules_plan")
    days = list(window.days.values_list("pk", flat=True))
    raw("DELETE FROM schedules_historicalassignment WHERE day_id = ANY(%s)", [days])
    raw("DELETE FROM schedules_assignment WHERE day_id = ANY(%s)", [days])
    Proposal.objects.filter(window=window).delete()
    Plan.objects.filter(window=window).delete()
    Plan.history.filter(window=window).delete()
    analyze("schedules_assignment", "schedules_historicalassignment", "schedules_plan")


def _grid(rec, window, largest, bkpsdm):
    client = Client()
    client.force_login(bkpsdm)
    url = f"/periode/{window.slug}/rencana/{largest.code}/?per=500"
    assert client.get(url).status_code == 200
    figure = rounds(lambda: client.get(url))
    rec.add(
        "grid page, 500 rows",
        f"{figure.text()}, {figure.queries} queries ({largest.short_name}, {largest.n:,} staff)",
        "< 100 ms, queries constant",
        seconds=figure.median,
        queries=figure.queries,
    )


def _bulk(rec, window, opd, bkpsdm):
    """5,000 cells (1,000 staff x 5 days) of the largest OPD: all new rows, then all updates."""
    days = [d.pk for d in window.days.all()]
    staff = list(
        Employee.objects.active()
        .filter(unit__opd=opd, restrictions__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:BULK_STAFF]
    )
    cells = [(e, d) for e in staff for d in days]

    def portal(mode, place=""):
        result = services.assignments_set(
            opd=opd, window=window, employee_ids=staff, day_ids=days, mode=mode,
            wfa_place=place, by=bkpsdm, bulk=True,
        )  # fmt: skip
        assert result.changed == len(cells), result.message()

    for case, before, mode, place in (
        ("new rows", None, Mode.WFH, ""),
        ("update", Mode.WFH, Mode.WFA, PLACE),
    ):
        prepare = lambda before=before: floors.set_block(cells, before)  # noqa: E731
        ours, floor = paired(
            lambda m=mode, p=place: portal(m, p),
            lambda m=mode, p=place: floors.upsert_with_history(cells, m, p, bkpsdm.pk),
            setup=prepare,
            rollback=True,
        )
        vacuum("schedules_assignment", "schedules_historicalassignment")  # the rolled-back rows
        beside(
            rec,
            f"bulk set of {len(cells):,} cells, {case}",
            ours,
            floor,
            3,
            "history included; floor: one raw INSERT ... ON CONFLICT with the history INSERT",
        )


def _bulk_preview(rec, window, opd, bkpsdm):
    """A bulk action with its preview (schedules/services/bulk.py) on the largest OPD: coverage
    of the units it touches before and after, the write between them in a savepoint (rolled back
    when it leaves a rule short). Its floor does the same in raw SQL: the coverage counts, the
    upsert with its history, the counts again."""
    days = [d.pk for d in window.days.all()]
    staff = list(
        Employee.objects.active()
        .filter(unit__opd=opd, restrictions__isnull=True)
        .order_by("pk")
        .values_list("pk", "unit_id")[:BULK_STAFF]
    )
    ids, unit_ids = [e for e, _ in staff], sorted({u for _, u in staff})
    cells = [(e, d) for e in ids for d in days]
    rules = list(CoverageRule.objects.active_for(window))
    outcome = {}

    def portal():
        outcome["it"] = bulk.bulk_run(
            opd=opd, window=window, by=bkpsdm, summary="bench", signature="bench", confirm="",
            unit_ids=unit_ids, day_ids=days,
            write=lambda: services.assignments_set(
                opd=opd, window=window, employee_ids=ids, day_ids=days, mode=Mode.WFH,
                by=bkpsdm, bulk=True,
            ),
        )  # fmt: skip

    def floor():
        floors.coverage_counts(rules, unit_ids, days)
        floors.upsert_with_history(cells, Mode.WFH, "", bkpsdm.pk)
        floors.coverage_counts(rules, unit_ids, days)

    ours, low = paired(portal, floor, setup=lambda: floors.set_block(cells, None), rollback=True)
    vacuum("schedules_assignment", "schedules_historicalassignment")
    it = outcome["it"]
    beside(
        rec,
        f"bulk preview of {len(cells):,} cells ({len(unit_ids)} units)",
        ours,
        low,
        3,
        f"{'previewed, not saved' if not it.saved else 'saved'}: {len(it.short):,} rules it "
        "would leave short; floor: the coverage counts before and after in raw SQL around the "
        "raw upsert with history",
    )


def _coverage(rec, window):
    days = list(window.days.all())
    result = coverage.compute(window, days=days)
    rules = list(CoverageRule.objects.active_for(window))
    units, day_ids = list(result.units), [d.pk for d in days]
    ours, floor = paired(
        lambda: coverage.compute(window, days=days),
        lambda: floors.coverage_counts(rules, units, day_ids),
    )
    beside(
        rec,
        "city-wide coverage",
        ours,
        floor,
        2,
        f"{len(result.checks):,} checks, {len(result.violations):,} shortfalls; floor: the same "
        "counts in raw SQL, two aggregates",
    )


def _dashboard(rec, window):
    client = Client()
    client.force_login(User.objects.get(username="walikota"))
    day = window.days.first()
    day_ids = list(window.days.values_list("pk", flat=True))
    rules = list(CoverageRule.objects.active_for(window))
    url = f"/dasbor/?periode={window.slug}&hari={day.pk}"
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    ours, floor = paired(
        lambda: client.get(url),
        lambda: floors.dashboard(rules, window.pk, day_ids, day.pk, today),
    )
    beside(
        rec,
        "city dashboard",
        ours,
        floor,
        3,
        "floor: the figures it shows in raw SQL, without rendering",
    )


def _approval(rec, window, opd):
    head = User.objects.filter(role=Role.HEAD, opd=opd).first() or User.objects.create(
        username=f"bench-head-{opd.code}", role=Role.HEAD, opd=opd
    )
    box = {}

    def submitted():
        box["plan"] = services.plan_for(opd=opd, window=window)
        Plan.objects.filter(pk=box["plan"].pk).update(status=PlanStatus.SUBMITTED)
        box["plan"].refresh_from_db()

    figure = rounds(
        lambda: services.plan_approve(plan=box["plan"], by=head), setup=submitted, rollback=True
    )
    rec.add(
        "one approval (coverage re-checked under lock)",
        f"{figure.text()} ({opd.short_name}, on the realistic plan)",
        seconds=figure.median,
    )
