"""Check-ins partitioned by month on PostgreSQL: months made ahead, whole old months dropped.

The table is partitioned by RANGE on `CheckIn.date` (migration 0008): one partition a month,
named attendance_checkin_y2026m12, and a DEFAULT partition for a date no month covers. A tap
writes into its month's partition only (its unique keys carry the date), the retention purge
removes a month older than its period as one DROP TABLE instead of a DELETE of every row, and
a month's reads touch one table.

`partitions_ensure` makes this month's and the next `WFA_CHECK_IN_PARTITION_MONTHS` (a daily
task and `manage.py check_in_partitions`); a check-in whose month was not made lands in the
DEFAULT partition and is moved into its month when that month is made. On SQLite (development,
tests) the table is plain and every function here does nothing.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import OperationalError, connection, transaction

TABLE = "attendance_checkin"
DEFAULT = f"{TABLE}_default"
# The purge waits this long for the table's lock (a DETACH waits for every open read of the
# table, and the taps queue behind it): past it, the month is left for the next night.
LOCK_TIMEOUT = "2s"
_BOUND = re.compile(r"FROM \('(\d{4}-\d{2}-\d{2})'\) TO \('(\d{4}-\d{2}-\d{2})'\)")


class Busy(Exception):
    """The table's lock was not had within LOCK_TIMEOUT; nothing was changed."""


@dataclass(frozen=True)
class Partition:
    name: str
    start: date  # first day in it
    end: date  # first day after it


def month_of(day: date, ahead: int = 0) -> date:
    """The first day of `day`'s month, or of the month `ahead` months later."""
    n = day.year * 12 + day.month - 1 + ahead
    return date(n // 12, n % 12 + 1, 1)


def name_of(start: date) -> str:
    return f"{TABLE}_y{start:%Y}m{start:%m}"


def partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [TABLE]
        )
        return cursor.fetchone() is not None


def month_partitions() -> list[Partition]:
    """The month partitions, oldest first (the DEFAULT partition is not one)."""
    if not partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s)",
            [TABLE],
        )
        rows = cursor.fetchall()
    found = [(name, _BOUND.search(bound)) for name, bound in rows]
    return sorted(
        (
            Partition(name, date.fromisoformat(m[1]), date.fromisoformat(m[2]))
            for name, m in found
            if m
        ),
        key=lambda p: p.start,
    )


def partitions_ensure(*, today: date, months_ahead: int) -> list[Partition]:
    """Make the partitions of `today`'s month and the `months_ahead` after it that are missing;
    the ones made. Rows of those months waiting in the DEFAULT partition move into them."""
    if not partitioned():
        return []
    have = {p.start for p in month_partitions()}
    made = []
    for ahead in range(months_ahead + 1):
        start = month_of(today, ahead)
        if start not in have:
            made.append(_partition_make(start))
    return made


def _partition_make(start: date) -> Partition:
    """One month: a table LIKE the parent, filled with the month's rows taken out of the
    DEFAULT partition, then attached (which copies the parent's keys and indexes onto it)."""
    part = Partition(name_of(start), start, month_of(start, 1))
    bounds = f"FROM ('{part.start.isoformat()}') TO ('{part.end.isoformat()}')"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {part.name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        )
        cursor.execute(
            f"WITH moved AS (DELETE FROM {DEFAULT} WHERE date >= %s AND date < %s RETURNING *)"
            f" INSERT INTO {part.name} SELECT * FROM moved",
            [part.start, part.end],
        )
        cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {part.name} FOR VALUES {bounds}")
    return part


def partition_rows(part: Partition) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {part.name}")
        return cursor.fetchone()[0]


def partition_drop(part: Partition) -> int:
    """DETACH and DROP one month: its rows go in one statement, whatever their number; the
    count of rows it held. Raises Busy when the table's lock was not had in time."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # a table cannot be dropped with checks of its rows still waiting for the commit
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {part.name}")
            rows = partition_rows(part)  # a table of its own now: nobody else reads it
            cursor.execute(f"DROP TABLE {part.name}")
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
            raise Busy(part.name) from error
        raise
    return rows
