"""Absence figures (#25), `BENCH_ONLY=absences`: what 5% of the staff away costs the coverage
engine and the city proposal, each as a ratio to the same measure without absences in the same
run; and a 10,000-row leave import (dry run and apply) beside its raw-SQL floor (one INSERT of
the rows, history included).

The absences are approved, one to three days inside Lebaran 2025, for every twentieth active
employee; they are written before the measure and removed after it (ANALYZE each time), so the
database is left as it was found.
"""

import time
from datetime import timedelta

from absences import importing
from absences.models import Absence, AbsenceKind, AbsenceStatus
from absences.services import absences_import
from opd.models import Employee, User
from schedules import coverage, services
from schedules.models import FlexWindow
from tests.bench.measure import analyze, beside, raw, rounds

SHARE = 20  # every twentieth employee: 5%
IMPORT_ROWS = 10_000


def run(rec, *, timed, ms):
    window = FlexWindow.objects.get(slug="lebaran-2025")
    bkpsdm = User.objects.get(username="bkpsdm")
    days = sorted(d.date for d in window.days.all())
    _clear()
    without = rounds(lambda: coverage.compute(window))
    start = time.perf_counter()
    services.proposal_create(window=window, opd=None, by=bkpsdm)
    plain = time.perf_counter() - start
    away = _away(days)
    try:
        with_away = rounds(lambda: coverage.compute(window))
        beside(
            rec,
            "coverage with 5% of staff away",
            with_away,
            without,
            1.5,
            f"{away:,} absences; 'floor': the same engine without absences",
        )
        start = time.perf_counter()
        services.proposal_create(window=window, opd=None, by=bkpsdm)
        absent = time.perf_counter() - start
        rec.add(
            "city proposal with 5% of staff away",
            f"{absent:.1f} s; without absences {plain:.1f} s; ratio {absent / plain:.2f}x",
            "<= 1.5x without",
            seconds=absent,
            floor_seconds=plain,
            ratio=absent / plain,
        )
    finally:
        _clear()
    _import(rec, bkpsdm, days)


def _clear():
    raw("DELETE FROM absences_historicalabsence")
    raw("DELETE FROM absences_absence")
    analyze("absences_absence")


def _away(days) -> int:
    staff = list(Employee.objects.active().order_by("pk").values_list("pk", flat=True))[::SHARE]
    rows = [
        Absence(
            employee_id=pk,
            kind=AbsenceKind.ANNUAL if n % 3 else AbsenceKind.TRAVEL,
            start_date=days[n % len(days)],
            end_date=days[n % len(days)] + timedelta(days=n % 3),
            status=AbsenceStatus.APPROVED,
        )
        for n, pk in enumerate(staff)
    ]
    Absence.objects.bulk_create(rows, batch_size=2000)
    analyze("absences_absence")
    return len(rows)


def _import(rec, bkpsdm, days):
    """10,000 rows of distinct staff (or two days apart for the same person when the city is
    smaller), checked then applied; the floor inserts the same rows and their history in SQL."""
    staff = list(Employee.objects.active().order_by("pk").values_list("pk", "nip"))
    raw_rows = []
    for n in range(IMPORT_ROWS):
        pk, nip = staff[n % len(staff)]
        day = days[0] + timedelta(days=3 * (n // len(staff)))
        raw_rows.append((n + 2, {"nip": nip, "kind": "CT", "start_date": day, "end_date": day}))

    def portal():
        plan = importing.plan_rows(raw_rows, user=bkpsdm)
        assert not plan.refused, plan.refused[:3]
        done, _ = absences_import(rows=plan.add, by=bkpsdm)
        assert len(done.add) == IMPORT_ROWS

    def floor():
        values = [
            (staff[n % len(staff)][0], days[0] + timedelta(days=3 * (n // len(staff))))
            for n in range(IMPORT_ROWS)
        ]
        raw(
            "WITH made AS (INSERT INTO absences_absence (employee_id, kind, reason, start_date, "
            "end_date, evidence, status, requested_at, decided_at, decision_note) "
            "SELECT e, 'CT', '', d, d, '', 'approved', now(), now(), '' "
            "FROM unnest(%s::int[], %s::date[]) AS t(e, d) RETURNING *) "
            "INSERT INTO absences_historicalabsence (id, employee_id, kind, reason, start_date, "
            "end_date, evidence, status, requested_at, decided_at, decision_note, history_date, "
            "history_type) SELECT id, employee_id, kind, reason, start_date, end_date, evidence, "
            "status, requested_at, decided_at, decision_note, now(), '+' FROM made",
            [[e for e, _ in values], [d for _, d in values]],
        )

    ours = rounds(portal, n=3, rollback=True)
    low = rounds(floor, n=3, rollback=True)
    beside(
        rec,
        "leave import, 10,000 rows (dry run + apply)",
        ours,
        low,
        10,
        "floor: one INSERT of the rows with their history rows, no checks",
    )
