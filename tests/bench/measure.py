"""Honest figures (issue 15): every measure repeated, given as median (min-max), beside a floor.

A floor is the same work done as plainly as it can be (raw SQL through one cursor, or openpyxl
alone), measured in the same run, in the same way, so a noisy shared machine slows both alike and
the ratio portal / floor is what to read. The portal's runs and the floor's alternate.
"""

import statistics
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

ROUNDS = 5


@dataclass
class Figure:
    times: list[float]
    queries: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def text(self) -> str:
        return (
            f"{_ms(self.median)} ({_ms(min(self.times))}-{_ms(max(self.times))}, "
            f"n={len(self.times)})"
        )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def rounds(fn, *, n: int = ROUNDS, setup=None, rollback: bool = False) -> Figure:
    """Time `fn()` n times (after one untimed warm-up). `setup()` runs untimed before each run;
    with `rollback` each run (its setup included) is undone, so every run starts the same."""
    times, queries = [], 0
    for i in range(n + 1):
        with transaction.atomic():
            if setup is not None:
                setup()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                fn()
                elapsed = time.perf_counter() - start
            if rollback:
                transaction.set_rollback(True)
        if i:  # the first run warms caches and is not counted
            times.append(elapsed)
            queries = len(captured.captured_queries)
    return Figure(times, queries)


def paired(portal, floor, *, n: int = ROUNDS, setup=None, rollback: bool = False):
    """(portal Figure, floor Figure): runs alternate (portal, floor, portal, ...) after one
    warm-up each, so both meet the same load on a shared machine; as `rounds` otherwise."""
    times: dict = {portal: [], floor: []}
    queries: dict = {portal: 0, floor: 0}
    for i in range(n + 1):
        for fn in (portal, floor):
            with transaction.atomic():
                if setup is not None:
                    setup()
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    fn()
                    elapsed = time.perf_counter() - start
                if rollback:
                    transaction.set_rollback(True)
            if i:
                times[fn].append(elapsed)
                queries[fn] = len(captured.captured_queries)
    return Figure(times[portal], queries[portal]), Figure(times[floor], queries[floor])


def vacuum(*tables: str) -> None:
    """What autovacuum would do after rolled-back bulk writes (outside any transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE " + ", ".join(tables))


def beside(rec, name: str, portal: Figure, floor: Figure, target: float | None, note: str = ""):
    """Record `name`: the portal's figure, its floor's, and the ratio of the medians."""
    ratio = portal.median / floor.median if floor.median else float("inf")
    queries = f", {portal.queries} queries" if portal.queries else ""
    text = f"{portal.text()}{queries}; floor {floor.text()}; ratio {ratio:.1f}x"
    rec.add(
        name,
        text + (f"; {note}" if note else ""),
        f"<= {target:g}x floor" if target else "",
        seconds=portal.median,
        min=min(portal.times),
        max=max(portal.times),
        floor_seconds=floor.median,
        ratio=ratio,
        queries=portal.queries,
    )


def analyze(*tables: str) -> None:
    """Fresh planner statistics: the bench's PostgreSQL runs without autovacuum."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(tables) if tables else "ANALYZE")


def raw(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []
