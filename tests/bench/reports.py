"""Reports figures (issue 5): the city and OPD dashboards, the city's coordination workbook.

A bench window with Lebaran 2025's five days is created for the run and dropped after it, with a
realistic plan (about 45% of eligible staff outside essential units remote each day, 10% inside),
check-ins for 80% of staff and reports for 60% on the first day, and some public feedback. Rows are
bulk-created and removed with plain DELETEs (no history rows), so every run measures the same.

Memory of the workbook is measured twice: tracemalloc's peak (what Python allocated while the
workbook was written, above what it held before; not memory of C libraries or freed pages), and
the peak RSS of `manage.py export_workbook` run as a fresh process (the whole process: Python,
Django, the database driver and openpyxl together).
"""

import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from attendance.models import CheckIn, DailyReport, ServiceFeedback
from opd.models import Employee, Opd, Unit, User
from reports.workbook import write_workbook
from schedules.models import Assignment, FlexWindow, Mode, WindowDay

BENCH_WINDOW = "bench-rekap"
DATES = [date(2025, 3, 24), date(2025, 3, 25), date(2025, 3, 26), date(2025, 3, 27)]
DATES.append(date(2025, 4, 8))
BATCH = 5000
ROOT = Path(__file__).resolve().parents[2]


def run(rec, *, timed, ms):
    _clean()
    window = FlexWindow.objects.create(slug=BENCH_WINDOW, name="Bench rekap", legal_basis="bench")
    days = WindowDay.objects.bulk_create([WindowDay(window=window, date=d) for d in DATES])
    try:
        _seed(rec, window, days)
        _dashboards(rec, timed, ms, window, days)
        _workbook(rec, ms, window)
    finally:
        _clean()


def _seed(rec, window, days):
    start = time.perf_counter()
    now = timezone.now()
    staff = list(
        Employee.objects.active().values_list("pk", "ineligibility", "unit__service_category")
    )
    remote = []
    for pk, ineligible, category in staff:
        if ineligible:
            continue
        for i, day in enumerate(days):
            slot = (pk + i) % 20
            away = slot < 9 if category == "none" else slot < 2
            if away:
                wfa = slot % 3 == 0
                remote.append(
                    Assignment(
                        employee_id=pk,
                        day=day,
                        mode=Mode.WFA if wfa else Mode.WFH,
                        wfa_place="Lahat, rumah orang tua" if wfa else "",
                    )
                )
    Assignment.objects.bulk_create(remote, batch_size=BATCH)
    first = days[0]
    CheckIn.objects.bulk_create(
        (
            CheckIn(employee_id=pk, day=first, planned_mode="WFO", mode="WFO", checked_in_at=now)
            for pk, _, _ in staff
            if pk % 10 < 8
        ),
        batch_size=BATCH,
    )
    DailyReport.objects.bulk_create(
        (
            DailyReport(employee_id=pk, day=first, mode="WFO", submitted_at=now)
            for pk, _, _ in staff
            if pk % 10 < 6
        ),
        batch_size=BATCH,
    )
    units = Unit.objects.essential().values_list("pk", flat=True)
    ServiceFeedback.objects.bulk_create(
        ServiceFeedback(unit_id=u, window=window, rating=1 + (u + n) % 5)
        for u in units
        for n in range(3)
    )
    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would give them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rec.add(
        "reports: bench plan",
        f"{len(remote):,} remote cells of {len(staff) * len(days):,}, "
        f"{time.perf_counter() - start:.1f} s to create; load average {_load()}",
    )


def _dashboards(rec, timed, ms, window, days):
    client = Client()
    client.force_login(User.objects.get(username="walikota"))
    url = f"/dasbor/?periode={window.slug}&hari={days[0].pk}"
    assert client.get(url).status_code == 200
    seconds, queries = timed(lambda: client.get(url))
    rec.add(
        "city dashboard",
        f"{ms(seconds)}, {queries} queries",
        "< 500 ms demo, < 2 s at 100k",
        seconds=seconds,
        queries=queries,
    )
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    url = f"/dasbor/{largest.code}/?periode={window.slug}&hari={days[0].pk}"
    assert client.get(url).status_code == 200
    seconds, queries = timed(lambda: client.get(url))
    rec.add(
        "OPD dashboard, largest OPD",
        f"{ms(seconds)}, {queries} queries ({largest.short_name}, {largest.n:,} staff)",
        "< 500 ms demo, < 2 s at 100k",
        seconds=seconds,
        queries=queries,
    )


def _workbook(rec, ms, window):
    client = Client()
    client.force_login(User.objects.get(username="bkpsdm"))
    url = f"/rekap/{window.slug}.xlsx"
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert response.status_code == 200
    staff = Employee.objects.active().count()
    # CPU time of this process (the database's own work is not in it) tells the workbook's cost
    # apart from the other work sharing the machine.
    rec.add(
        "city workbook download",
        f"{seconds:.1f} s ({cpu:.1f} s CPU), {size / 1024 / 1024:.1f} MB ({size:,} bytes), "
        f"{staff:,} staff; load average {_load()}",
        "< 10 s",
        seconds=seconds,
        cpu_seconds=cpu,
        bytes=size,
    )

    with tempfile.TemporaryDirectory() as folder:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        write_workbook(Path(folder) / "rekap.xlsx", window=window)
        peak = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
        rss, started, wall = _fresh_process_peak(Path(folder) / "rekap-cli.xlsx", window)
    rec.add(
        "city workbook memory",
        f"tracemalloc peak {peak / 1024 / 1024:.0f} MB; export_workbook in a fresh process: "
        f"peak RSS {rss / 1024:.0f} MB ({started / 1024:.0f} MB after Django start-up), "
        f"{wall:.1f} s",
        "< 200 MB",
        tracemalloc_bytes=peak,
        rss_kb=rss,
    )


# VmHWM is the peak resident set of this process image: unlike getrusage's ru_maxrss it does not
# carry over the parent's peak across fork and exec.
CHILD = """
import os, re, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
import django
django.setup()
from django.core.management import call_command
def peak():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
before = peak()
call_command("export_workbook", "--window", sys.argv[1], "--out", sys.argv[2])
print(before, peak())
"""


def _fresh_process_peak(out: Path, window) -> tuple[int, int, float]:
    """Peak resident memory (KB) of a fresh process that runs `export_workbook`, the same after
    Django's start-up alone, and the process's wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, window.slug, str(out)],
        cwd=ROOT,
        env=os.environ,
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    before, peak = (int(n) for n in done.stdout.split()[-2:])
    return peak, before, wall


def _load() -> str:
    """The machine's 1-minute load average: other work on it slows every figure here."""
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def _clean():
    """Drop the bench window and everything hanging on it, without history rows."""
    window = FlexWindow.objects.filter(slug=BENCH_WINDOW).first()
    if window is None:
        return
    day_ids = list(window.days.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for model in (Assignment, CheckIn, DailyReport):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE day_id = ANY(%s)",  # noqa: S608
                [day_ids],
            )
        cursor.execute(
            f"DELETE FROM {ServiceFeedback._meta.db_table} WHERE window_id = %s", [window.pk]
        )
    window.delete()
