"""Dashboard figures (issues 5, 13 and 23): the one-screen city dashboard, its page of every OPD,
and the one-screen dashboard of the largest OPD, each beside a raw-SQL floor measured in the same
run (`BENCH_ONLY=dashboards`).

Two bench windows five weeks apart get a realistic plan, check-ins and reports on their first day
and public feedback (tests/bench/reports.py's `_seed`), so the trend across windows has data;
they are dropped after the run, without history rows.
"""

from datetime import date, timedelta

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from attendance.models import CheckIn, DailyReport, ServiceFeedback
from opd.models import Opd, User
from schedules.models import Assignment, CoverageRule, FlexWindow, WindowDay
from tests.bench import floors
from tests.bench.measure import beside, paired
from tests.bench.reports import DATES, _seed

WINDOWS = {
    "bench-dasbor-lalu": [d - timedelta(days=35) for d in DATES],
    "bench-dasbor": DATES,
}


def run(rec, *, timed, ms):
    _clean()
    try:
        windows = {}
        for slug, dates in WINDOWS.items():
            window = FlexWindow.objects.create(slug=slug, name=slug, legal_basis="bench")
            days = WindowDay.objects.bulk_create([WindowDay(window=window, date=d) for d in dates])
            _seed(rec, window, days)
            windows[slug] = (window, days)
        _measure(rec, *windows["bench-dasbor"], today=timezone.localdate())
    finally:
        _clean()


def _measure(rec, window, days, *, today: date):
    client = Client()
    client.force_login(User.objects.get(username="walikota"))
    rules = list(CoverageRule.objects.active_for(window))
    day_ids = [d.pk for d in days]
    query = f"?periode={window.slug}&hari={days[0].pk}"
    pages = [
        ("city dashboard (one screen), a day with check-ins and reports", "/dasbor/",
         lambda: floors.dashboard(rules, window.pk, day_ids, days[0].pk, today)),
        ("every OPD (its own page), the same day", "/dasbor/kota/opd/",
         lambda: floors.dashboard_tables(rules, window.pk, day_ids, days[0].pk)),
    ]  # fmt: skip
    for name, page, floor_of in pages:
        assert client.get(page + query).status_code == 200
        ours, floor = paired(lambda page=page: client.get(page + query), floor_of)
        beside(rec, name, ours, floor, 3, "floor: the figures it shows in raw SQL, unrendered")
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    head = User.objects.filter(opd=largest, role="head").first()
    client.force_login(head or User.objects.get(username="bkpsdm"))
    url = f"/dasbor/{largest.code}/{query}"
    assert client.get(url).status_code == 200
    ours, floor = paired(
        lambda: client.get(url),
        lambda: floors.dashboard(rules, window.pk, day_ids, days[0].pk, today, largest.pk),
    )
    beside(
        rec,
        f"OPD dashboard (one screen), largest OPD ({largest.short_name}, {largest.n:,} staff)",
        ours,
        floor,
        3,
        "floor: its figures in raw SQL, unrendered; target also < 500 ms demo, < 2 s at 100k",
    )


def _clean():
    """Drop the bench windows and everything hanging on them, without history rows."""
    for window in FlexWindow.objects.filter(slug__in=list(WINDOWS)):
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
