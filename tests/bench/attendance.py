"""Attendance figures: the live monitor of the largest OPD, the city monitor, one check-in POST.

A bench window with one day, today, is created for the run and deleted after it (its check-ins and
reports go with it), so every run measures the same thing on the same seeded city.
"""

import time

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from attendance import summary
from attendance.models import CheckIn, DailyReport, Flag, OutputItem, ReportStatus
from opd.models import Employee, Opd, Role, User
from schedules.models import FlexWindow, WindowDay

BENCH_WINDOW = "bench-presensi"
BENCH_USERS = "bench-presensi-"
CHECK_IN_POSTS = 5


def run(rec, *, timed, ms):
    _clean()
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    window = FlexWindow.objects.create(
        slug=BENCH_WINDOW, name="Bench presensi", legal_basis="bench"
    )
    day = WindowDay.objects.create(window=window, date=timezone.localdate())
    try:
        _measure(rec, timed, ms, largest, window, day)
    finally:
        _clean()


def _measure(rec, timed, ms, largest, window, day):
    staff = list(Employee.objects.active().filter(unit__opd=largest).values_list("pk", flat=True))
    checked = staff[: len(staff) * 9 // 10]  # 90% checked in, every 7th flagged
    now = timezone.now()
    start = time.perf_counter()
    CheckIn.objects.bulk_create(
        (
            CheckIn(
                employee_id=pk,
                day=day,
                planned_mode="WFO",
                mode="WFO",
                checked_in_at=now,
                flags=[Flag.NO_LOCATION] if i % 7 == 0 else [],
            )
            for i, pk in enumerate(checked)
        ),
        batch_size=2000,
    )
    DailyReport.objects.bulk_create(
        (
            DailyReport(
                employee_id=pk,
                day=day,
                mode="WFO",
                submitted_at=now,
                status=ReportStatus.ACCEPTED if i % 2 else ReportStatus.SUBMITTED,
            )
            for i, pk in enumerate(checked[::2])
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:  # as autovacuum would after so many new rows
        cursor.execute("ANALYZE attendance_checkin, attendance_dailyreport")
    rec.add(
        "attendance: bench day set up",
        f"{len(checked):,} check-ins, {len(checked[::2]):,} reports in "
        f"{ms(time.perf_counter() - start)} (bulk_create)",
    )

    head, _ = User.objects.get_or_create(
        username=f"bench-head-{largest.code}", defaults={"role": Role.HEAD, "opd": largest}
    )
    client = Client()
    client.force_login(head)
    url = f"/pantauan/opd/{largest.code}/?hari={day.pk}"
    assert client.get(url).status_code == 200
    seconds, queries = timed(lambda: client.get(url))
    rec.add(
        "monitor page, largest OPD",
        f"{ms(seconds)}, {queries} queries ({largest.short_name}, {len(staff):,} staff)",
        "< 300 ms, fixed queries",
        seconds=seconds,
        queries=queries,
    )
    partial = f"/pantauan/opd/{largest.code}/isi/?hari={day.pk}"
    seconds, queries = timed(lambda: client.get(partial, headers={"HX-Request": "true"}))
    rec.add(
        "monitor refresh (htmx partial)",
        f"{ms(seconds)}, {queries} queries",
        "< 300 ms",
        seconds=seconds,
        queries=queries,
    )

    bkpsdm = User.objects.get(username="bkpsdm")
    client.force_login(bkpsdm)
    city = f"/pantauan/?hari={day.pk}"
    assert client.get(city).status_code == 200
    seconds, queries = timed(lambda: client.get(city))
    rec.add(
        "city monitor page (every OPD)",
        f"{ms(seconds)}, {queries} queries",
        "< 500 ms",
        seconds=seconds,
        queries=queries,
    )
    seconds, queries = timed(lambda: summary.opd_window_figures(window))
    rec.add(
        "summary.opd_window_figures (city)",
        f"{ms(seconds)}, {queries} queries",
        "",
        seconds=seconds,
    )

    users = [
        User.objects.create(username=f"{BENCH_USERS}{e.pk}", role=Role.EMPLOYEE, employee=e)
        for e in Employee.objects.active()
        .filter(unit__opd=largest, account__isnull=True, unit__latitude__isnull=False)
        .exclude(pk__in=checked)[:CHECK_IN_POSTS]
    ]
    times = []
    for user in users:
        client.force_login(user)
        data = {"mode": "WFO", "day": day.pk, "latitude": "-2.991", "longitude": "104.7567"}
        start = time.perf_counter()
        response = client.post("/presensi/masuk/", data)
        times.append(time.perf_counter() - start)
        assert response.status_code == 302, response.status_code
    assert CheckIn.objects.filter(employee__account__in=users).count() == len(users)
    times.sort()
    rec.add(
        "check-in POST",
        f"median {ms(times[len(times) // 2])} over {len(times)} employees",
        "< 200 ms",
        seconds=times[len(times) // 2],
    )


def _clean():
    """Leave the bench database as seeded: the bench window (cascading) and bench accounts.

    The bulk-created reports had no history, so they leave without any either: a plain delete
    would write one history row per report (simple-history listens to each deletion).
    """
    User.objects.filter(username__startswith=BENCH_USERS).delete()
    days = list(WindowDay.objects.filter(window__slug=BENCH_WINDOW).values_list("pk", flat=True))
    reports = DailyReport.objects.filter(day_id__in=days)
    OutputItem.objects.filter(report__in=reports)._raw_delete(OutputItem.objects.db)
    reports._raw_delete(DailyReport.objects.db)
    DailyReport.history.filter(day_id__in=days).delete()
    FlexWindow.objects.filter(slug=BENCH_WINDOW).delete()  # its day and check-ins with it
