"""Measure one city (run by tests.bench in a subprocess with DATABASE_URL set to its database)."""

import json
import os
import statistics
import sys
import time
from contextlib import contextmanager

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.bench import (  # noqa: E402
    absences,
    api,
    attendance,
    dashboards,
    devicelogs,
    eligibility,
    inbox,
    limits,
    load,
    partitions,
    pdf,
    planner,
    planning,
    privacy,
    progress,
    promise,
    readlog,
    reports,
    review,
    siasn,
    staff_import,
    tap,
)

MODULES = [
    planning,
    promise,
    inbox,
    attendance,
    limits,
    staff_import,
    siasn,
    dashboards,
    review,
    progress,
    reports,
    readlog,
    pdf,
    planner,
    absences,
    devicelogs,
    eligibility,
    privacy,
    tap,
    partitions,
    api,
    load,
]


class Recorder:
    """Collects figures as {"name": {"text": "...", "target": "...", ...}}."""

    def __init__(self):
        self.figures = {}

    def add(self, name, text, target="", **values):
        self.figures[name] = {"text": text, "target": target, **values}
        print(f"  {name}: {text}", file=sys.stderr, flush=True)

    @contextmanager
    def timer(self):
        box = {}
        start = time.perf_counter()
        yield box
        box["seconds"] = time.perf_counter() - start


def timed(fn, repeat=5):
    """Median wall time of `fn()` over `repeat` runs, and the query count of the last run."""
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(times), len(queries.captured_queries)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main():
    scale = float(os.environ["BENCH_SCALE"])
    call_command("migrate", verbosity=0)
    from demo.city import seed_demo_city
    from opd.models import Employee

    start = time.perf_counter()
    result = seed_demo_city(scale=scale)
    recorder = Recorder()
    recorder.add(
        "seed (this run)",
        f"{time.perf_counter() - start:.1f} s, {Employee.objects.count():,} staff"
        + ("" if result.added_anything else " (already seeded)"),
    )
    # The machines' PostgreSQL runs without autovacuum: fresh statistics, or plans go astray.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    only = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
    for module in MODULES:
        if not only or module.__name__.rsplit(".", 1)[-1] in only:
            module.run(recorder, timed=timed, ms=ms)
    print(json.dumps(recorder.figures))


if __name__ == "__main__":
    main()
