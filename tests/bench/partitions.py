"""`BENCH_ONLY=partitions`: the retention purge of a month of check-ins, as the purge does it on
PostgreSQL (DETACH + DROP of the month's partition) next to deleting its rows, in the same run.

Three past months (2019) get the same check-ins (every active employee on ten weekdays each) in
their own partitions, then one month each goes:

- **row by row**: the purge's path for the month the cutoff falls in and for SQLite (the ORM's
  DELETE, one statement per day);
- **floor, one raw DELETE** of the month's rows (what a plain table's purge costs at best);
- **DETACH + DROP** (`attendance.partitions.partition_drop`, what the purge does with a month
  wholly past its period).

A DELETE also leaves the rows' space to VACUUM; a DROP gives the files back at once: the size
freed is printed beside the times.
"""

import importlib
import time
from contextlib import contextmanager
from datetime import date, timedelta

from django.db import connection

from attendance import partitions
from attendance.models import CheckIn
from schedules.models import FlexWindow, WindowDay

CODE = "bench-partitions"
MONTHS = [date(2019, 3, 1), date(2019, 4, 1), date(2019, 5, 1)]
DAYS_A_MONTH = 10


def run(rec, *, timed, ms):
    if not partitions.partitioned():
        rec.add("partitions", "the check-in table is not partitioned (not PostgreSQL)")
        return
    _clean()
    try:
        _measure(rec, ms)
    finally:
        _clean()


def _clean():
    window_remove(CODE)


def window_remove(slug: str) -> None:
    """A bench window, its days and their check-ins (one DELETE, not the ORM's collector)."""
    days = list(WindowDay.objects.filter(window__slug=slug).values_list("pk", flat=True))
    if days:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM attendance_checkin WHERE day_id = ANY(%s)", [days])
    FlexWindow.objects.filter(slug=slug).delete()


def check_ins_fill(window) -> int:
    """A check-in of every active employee on every day of `window`, in one INSERT; ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO attendance_checkin (employee_id, day_id, date, planned_mode, mode, place,
                planned_place, checked_in_at, latitude, longitude, accuracy_m, distance_m, flags)
            SELECT e.id, d.id, d.date, 'WFO', 'WFO', '', '',
                d.date + time '07:30' - interval '7 hours', -2.99, 104.75, 12, 40, '[]'
            FROM opd_employee e CROSS JOIN schedules_windowday d
            WHERE e.is_active AND d.window_id = %s
            """,
            [window.pk],
        )
        rows = cursor.rowcount
        cursor.execute("ANALYZE attendance_checkin")
    return rows


def _weekdays(start: date) -> list[date]:
    days = [start + timedelta(days=n) for n in range(31)]
    return [d for d in days if d.weekday() < 5 and d.month == start.month][:DAYS_A_MONTH]


def _measure(rec, ms):
    window = FlexWindow.objects.create(slug=CODE, name="Bench partisi", legal_basis="bench")
    WindowDay.objects.bulk_create(
        WindowDay(window=window, date=d) for start in MONTHS for d in _weekdays(start)
    )
    partitions.partitions_ensure(today=MONTHS[0], months_ahead=len(MONTHS) - 1)
    start = time.perf_counter()
    rows = check_ins_fill(window)
    rec.add(
        "partitions: three months of check-ins set up",
        f"{rows:,} check-ins ({rows // len(MONTHS):,} a month) in "
        f"{ms(time.perf_counter() - start)}",
    )
    by_month = {p.start: p for p in partitions.month_partitions()}
    row_part, floor_part, drop_part = (by_month[m] for m in MONTHS)

    sizes = {p.start: _size(p) for p in (row_part, floor_part, drop_part)}
    start = time.perf_counter()
    month_rows = CheckIn.objects.filter(date__gte=row_part.start, date__lt=row_part.end)
    dates = list(month_rows.values_list("date", flat=True).distinct().order_by("date"))
    deleted = sum(month_rows.filter(date=d).delete()[0] for d in dates)
    by_rows = time.perf_counter() - start

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM attendance_checkin WHERE date >= %s AND date < %s",
            [floor_part.start, floor_part.end],
        )
        floor_deleted = cursor.rowcount
    floor = time.perf_counter() - start
    left_after_delete = _size(floor_part)  # a DELETE frees nothing until VACUUM

    start = time.perf_counter()
    dropped = partitions.partition_drop(drop_part)
    drop = time.perf_counter() - start

    assert deleted == floor_deleted == dropped, (deleted, floor_deleted, dropped)
    rec.add(
        "partitions: purge a month, row by row (ORM DELETE per day)",
        f"{ms(by_rows)} for {deleted:,} check-ins ({by_rows / floor:.2f}x the raw DELETE floor, "
        f"{by_rows / drop:.1f}x the DROP)",
        ms=by_rows * 1000,
    )
    rec.add(
        "partitions: purge a month, floor: one raw DELETE",
        f"{ms(floor)} for {floor_deleted:,} check-ins; {_mb(left_after_delete)} still on disk "
        f"until VACUUM (of {_mb(sizes[floor_part.start])})",
        ms=floor * 1000,
    )
    rec.add(
        "partitions: purge a month, DETACH + DROP of its partition",
        f"{ms(drop)} for {dropped:,} check-ins (x{drop / floor:.2f} the raw DELETE; "
        "counting the month's rows for the purge's line included); "
        f"{_mb(sizes[drop_part.start])} given back at once",
        ms=drop * 1000,
    )
    for part in (row_part, floor_part):  # leave the catalogue as found
        partitions.partition_drop(part)


def _size(part) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size(%s)", [part.name])
        return cursor.fetchone()[0]


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


@contextmanager
def plain_table():
    """The check-in table as it was before partitioning (plain, primary key id) for what runs
    inside, partitioned again after: the migration's own rebuild, both ways."""
    migration = importlib.import_module("attendance.migrations.0008_check_ins_partitioned_by_month")
    with connection.schema_editor() as editor:
        migration._rebuild(editor, partitioned=False)
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            migration._rebuild(editor, partitioned=True)
