"""The approval promise (issue 10): what guarding the plans costs on the paths that change what
coverage depends on, next to the same write without the guard (the floor) in the same run.

On the realistic plan of tests/bench/planning.py (the planner's proposal applied). Every OPD's
plan is approved first, so each change locks and re-checks every plan it touches.
Each measure runs in a transaction that is rolled back: the bench database stays as seeded.
"""

import statistics
import time

from django.db import connection, transaction
from django.db.models import Count

from opd import services as opd_services
from opd.models import Employee, Opd, Role, User
from schedules import coverage, services
from schedules.models import CoverageRule, FlexWindow, Plan, PlanStatus
from staff_import import plan as staff_import
from staff_import import services as import_services
from tests.bench import planning

ROUNDS = 5
IMPORT_ROWS = 1000


def _median(fn) -> tuple[float, float, float]:
    """(median, min, max) seconds of `fn()` over ROUNDS runs, each rolled back."""
    times = []
    for _ in range(ROUNDS):
        with transaction.atomic():
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
            transaction.set_rollback(True)
    return statistics.median(times), min(times), max(times)


def _fmt(ms, figure) -> str:
    median, low, high = figure
    return f"{ms(median)} (min {ms(low)}, max {ms(high)})"


def _ratio(figure, floor) -> str:
    return f"{figure[0] / floor[0]:.1f}x" if floor[0] else "—"


def _approve_every_plan(window, bkpsdm) -> None:
    for opd in Opd.objects.all():
        services.plan_for(opd=opd, window=window)
    Plan.objects.filter(window=window).update(status=PlanStatus.APPROVED, acted_by=bkpsdm)


def _import_rows(employees) -> list[tuple[int, dict]]:
    """Rows that change each employee's position (a field coverage counts)."""
    return [
        (
            number,
            {
                "nip": e.nip,
                "name": e.name,
                "asn_type": e.asn_type,
                "golongan": e.golongan,
                "position_type": e.position_type,
                "position_name": f"{e.position_name} (bench)"[:200],
                "unit_code": e.unit.code,
                "is_active": "ya" if e.is_active else "tidak",
            },
        )
        for number, e in enumerate(employees, start=2)
    ]


def run(rec, *, timed, ms):
    window = FlexWindow.objects.get(slug="lebaran-2025")
    bkpsdm = User.objects.filter(role=Role.BKPSDM).first()
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    planning.realistic_plan(rec, window, bkpsdm)  # kept from planning's figures, else made
    with transaction.atomic():
        _approve_every_plan(window, bkpsdm)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        _measure(rec, ms, window, bkpsdm, largest)
        transaction.set_rollback(True)


def _measure(rec, ms, window, bkpsdm, largest):
    nurse = (
        Employee.objects.active()
        .filter(unit__opd=largest, position_name__icontains="perawat")
        .select_related("unit")
        .first()
    )

    def guarded():
        nurse.position_name = f"{nurse.position_name} "
        opd_services.employee_save(employee=nurse, by=bkpsdm)

    def raw_update():
        Employee.objects.filter(pk=nurse.pk).update(position_name=f"{nurse.position_name} ")

    one, one_floor = _median(guarded), _median(raw_update)
    check = _median(lambda: coverage.compute(window, opd=largest))
    rec.add(
        "one staff change, guarded (lock + re-check its OPD's plans)",
        f"{_fmt(ms, one)}; unguarded UPDATE {_fmt(ms, one_floor)}; of which the coverage "
        f"re-check of {largest.short_name} {ms(check[0])}",
        "the re-check dominates",
        seconds=one[0],
    )

    employees = list(
        Employee.objects.active().select_related("unit").order_by("pk")[::7][:IMPORT_ROWS]
    )
    plan = staff_import.plan_rows(_import_rows(employees))
    assert not plan.refused, plan.refused[:3]
    opds = len({e.unit.opd_id for e in employees})
    preview = _median(lambda: import_services.staff_import_preview(plan=plan))
    apply = _median(lambda: import_services.staff_import_apply(plan=plan, by=bkpsdm))
    floor = _median(
        lambda: Employee.objects.bulk_update([u.employee for u in plan.update], ["position_name"])
    )
    city = _median(lambda: coverage.compute(window))
    rec.add(
        f"import of {len(plan.update):,} position changes in {opds} OPDs, guarded",
        f"confirm {_fmt(ms, apply)} ({_ratio(apply, floor)} the unguarded bulk UPDATE "
        f"{ms(floor[0])}); dry-run warning {_fmt(ms, preview)}; city-wide coverage check "
        f"{ms(city[0])}",
        "< 2 s",
        seconds=apply[0],
    )

    rule = CoverageRule.objects.filter(is_active=True, unit_kind="puskesmas").first()

    def rule_change():
        rule.value += 1
        services.rule_save_preview(rule=rule)
        services.rule_save(rule=rule, by=bkpsdm)

    saved = _median(rule_change)
    rec.add(
        "rule change with its warning (preview, then save and re-check)",
        f"{_fmt(ms, saved)}; {Plan.objects.filter(window=window).count()} plans locked",
        "< 1 s",
        seconds=saved[0],
    )
