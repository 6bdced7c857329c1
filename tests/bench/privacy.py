"""Personal data figures (issue 16): the retention purge on the demo city with a year of
synthetic check-ins, and the read access log's overhead on the grid and the staff list.

The year is a bench window with every weekday of the past 365 days and a check-in (with
coordinates) by every active employee on each of them, written by one INSERT ... SELECT. The
purge then reduces everything older than 90 days. The overhead compares the same pages with and
without the read-log middleware, measured alternately. Everything the bench wrote is removed
(the bench window's rows with plain DELETEs, the log with the purge's own function).
"""

import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from attendance.models import CheckIn
from opd.disclosure import ATTRIBUTE
from opd.models import Employee, Opd, User
from privacy.retention import personal_data_purge
from readlog.models import ReadSubject
from readlog.services import read_log_purge, reads_record
from schedules.models import FlexWindow, WindowDay

BENCH_WINDOW = "bench-privasi"
ROUNDS = 31
MIDDLEWARE = "readlog.middleware.ReadLogMiddleware"


def run(rec, *, timed, ms):
    _clean()
    try:
        _purge(rec, ms)
    finally:
        _clean()
    _overhead(rec, ms)


def _purge(rec, ms):
    today = timezone.localdate()
    window = FlexWindow.objects.create(slug=BENCH_WINDOW, name="Bench privasi", legal_basis="bench")
    dates = [today - timedelta(days=n) for n in range(1, 366)]
    WindowDay.objects.bulk_create(
        WindowDay(window=window, date=d) for d in dates if d.weekday() < 5
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO attendance_checkin (employee_id, day_id, date, planned_mode, mode, place,
                planned_place, checked_in_at, latitude, longitude, accuracy_m, distance_m, flags)
            SELECT e.id, d.id, d.date, 'WFO', 'WFO', '', '',
                d.date + time '07:30' - interval '7 hours',
                -2.99 - (e.id %% 100) / 10000.0, 104.75 + (e.id %% 77) / 10000.0, 12, 40, '[]'
            FROM opd_employee e CROSS JOIN schedules_windowday d
            WHERE e.is_active AND d.window_id = %s
            """,
            [window.pk],
        )
        rows = cursor.rowcount
        cursor.execute("ANALYZE attendance_checkin")
    rec.add(
        "privacy: a year of check-ins set up",
        f"{rows:,} check-ins on {window.days.count()} days in {ms(time.perf_counter() - start)}",
    )
    start = time.perf_counter()
    planned = personal_data_purge(dry_run=True)
    dry = time.perf_counter() - start
    start = time.perf_counter()
    done = personal_data_purge()
    seconds = time.perf_counter() - start
    coordinates = next(line.count for line in done if line.label.startswith("Koordinat"))
    total = sum(line.count for line in done)
    assert coordinates == next(line.count for line in planned if line.label.startswith("Koordinat"))
    rec.add(
        "purge, demo city + a year of check-ins",
        f"{seconds:.1f} s for {total:,} records ({coordinates:,} check-ins' coordinates); "
        f"dry run {dry:.1f} s",
        "a nightly task: minutes, not hours",
        seconds=seconds,
        rows=total,
    )
    left = CheckIn.objects.filter(day__window=window, latitude__isnull=False).count()
    rec.add("check-ins keeping coordinates (last 90 days)", f"{left:,}")


def _overhead(rec, ms):
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    bkpsdm = User.objects.get(username="bkpsdm")
    window = FlexWindow.objects.get(slug="lebaran-2025")
    pages = {
        "grid page, 500 rows": f"/periode/{window.slug}/rencana/{largest.code}/?per=500",
        "staff list, 50 rows": f"/opd/{largest.code}/pegawai/",
    }
    logged = Client()
    logged.force_login(bkpsdm)
    without = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    with override_settings(MIDDLEWARE=without):
        plain = Client()  # the handler loads its middleware on its first request
        plain.force_login(bkpsdm)
        for url in pages.values():
            assert plain.get(url).status_code == 200
    before = ReadSubject.objects.count()
    for name, url in pages.items():
        assert logged.get(url).status_code == 200
        on, off = [], []
        for _ in range(ROUNDS):  # alternately, so that drift hits both alike
            start = time.perf_counter()
            plain.get(url)
            off.append(time.perf_counter() - start)
            start = time.perf_counter()
            logged.get(url)
            on.append(time.perf_counter() - start)
        with_log, without_log = statistics.median(on), statistics.median(off)
        ratio = with_log / without_log
        rec.add(
            f"read log overhead, {name}",
            f"{ms(with_log)} with / {ms(without_log)} without = {ratio:.3f} "
            f"({(ratio - 1) * 100:+.1f}%)",
            "< 5%",
            ratio=ratio,
        )
    rows = ReadSubject.objects.count() - before
    rec.add("read log rows written by the overhead runs", f"{rows:,}")
    # The write itself, without the page around it (less noisy than a difference of two pages).
    staff = list(Employee.objects.filter(unit__opd=largest).values_list("pk", flat=True)[:500])
    for size in (500, 50):
        event = {"kind": "schedule", "detail": "bench", "repeat_after": None}
        request = RequestFactory().get("/bench/")
        request.user = bkpsdm
        request.__dict__[ATTRIBUTE] = [event | {"ids": staff[:size]}]
        times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            reads_record(request=request)
            times.append(time.perf_counter() - start)
        rec.add(f"read log write, {size} people", f"{statistics.median(times) * 1000:.1f} ms")
    read_log_purge(before=timezone.now() + timedelta(seconds=1))  # leave the log as found


def _clean():
    days = list(WindowDay.objects.filter(window__slug=BENCH_WINDOW).values_list("pk", flat=True))
    if days:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM attendance_checkin WHERE day_id = ANY(%s)", [days])
    FlexWindow.objects.filter(slug=BENCH_WINDOW).delete()
    assert not Employee.objects.filter(check_ins__day_id__in=days).exists()
