"""Planning figures (issue 3): grid page, bulk set, city-wide coverage, one approval."""

import time

from django.db.models import Count
from django.test import Client

from opd.models import Employee, Opd, Role, User
from schedules import coverage, services
from schedules.models import Assignment, FlexWindow, Mode, Plan, PlanStatus


def run(rec, *, timed, ms):
    window = FlexWindow.objects.get(slug="lebaran-2025")
    days = list(window.days.all())
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    bkpsdm = User.objects.get(username="bkpsdm")
    _clean(window, largest)

    client = Client()
    client.force_login(bkpsdm)
    url = f"/periode/{window.slug}/rencana/{largest.code}/?per=500"
    assert client.get(url).status_code == 200
    seconds, queries = timed(lambda: client.get(url))
    rec.add(
        "grid page, 500 rows",
        f"{ms(seconds)}, {queries} queries ({largest.short_name}, {largest.n:,} staff)",
        "< 300 ms, < 15 queries",
        seconds=seconds,
        queries=queries,
    )

    staff = list(
        Employee.objects.active()
        .filter(unit__opd=largest, ineligibility="")
        .values_list("pk", flat=True)[:1000]
    )
    cells = len(staff) * len(days)
    start = time.perf_counter()
    services.assignments_set(
        opd=largest,
        window=window,
        employee_ids=staff,
        day_ids=[d.pk for d in days],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    first = time.perf_counter() - start
    start = time.perf_counter()
    services.assignments_set(
        opd=largest,
        window=window,
        employee_ids=staff,
        day_ids=[d.pk for d in days],
        mode=Mode.WFA,
        wfa_place="Kampung halaman",
        by=bkpsdm,
    )
    second = time.perf_counter() - start
    rec.add(
        f"bulk set {cells:,} cells",
        f"{ms(first)} (new rows), {ms(second)} (update)",
        "< 1 s",
        seconds=max(first, second),
    )

    seconds, queries = timed(lambda: coverage.compute(window))
    violations = len(coverage.compute(window).violations)
    rec.add(
        "city-wide coverage",
        f"{ms(seconds)}, {queries} queries, {violations:,} shortfalls found",
        "< 300 ms demo, < 2 s at 100k",
        seconds=seconds,
    )

    _clean(window, largest)
    head = User.objects.filter(role=Role.HEAD, opd=largest).first() or User.objects.create(
        username=f"bench-head-{largest.code}", role=Role.HEAD, opd=largest
    )
    plan = services.plan_for(opd=largest, window=window)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    start = time.perf_counter()
    services.plan_approve(plan=plan, by=head)
    seconds = time.perf_counter() - start
    rec.add("one approval (coverage re-checked under lock)", ms(seconds), "", seconds=seconds)
    _clean(window, largest)


def _clean(window, opd):
    """Leave the bench database as seeded, so every run measures the same thing."""
    Assignment.history.filter(day__window=window).delete()
    Assignment.objects.filter(day__window=window).delete()
    Plan.history.filter(window=window).delete()
    Plan.objects.filter(window=window).delete()
