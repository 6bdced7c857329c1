"""The rate limits' store (issue 29): what counting in a store every process shares costs.

`BENCH_ONLY=limits`. The public feedback form's POST (the test client, the whole middleware
stack, the form, the limit, the row) is timed with the portal's default store, the database
cache (common/cache.py), against the same POSTs with the in-process cache (locmem), which the
portal had before and which let every gunicorn worker keep its own count: the ratio is the
shared store's price. 200 POSTs a run from 40 addresses, five each (the limit), so a fifth are
an address's first attempt (an INSERT) and the rest increments (a locked UPDATE). Runs alternate
(database, in-process, ...), each in a transaction that is rolled back.
"""

import statistics
import time

from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from common import limits
from opd.models import Unit

ROUNDS = 5
POSTS, ADDRESSES = 200, 40
IN_PROCESS = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PROBE = limits.Limit("bench", attempts=5, seconds=3600)


def run(rec, *, timed, ms):
    unit = Unit.objects.essential().order_by("code").first()
    url = f"/masukan/{unit.code}/"
    client = Client()
    body = {"rating": "4", "comment": "Antre cepat.", "contact": ""}

    def posts():
        for i in range(POSTS):
            response = client.post(url, body, REMOTE_ADDR=f"10.29.{i % ADDRESSES}.1")
            assert response.status_code == 302, response.status_code

    def hits():
        for i in range(POSTS):
            limits.hit(PROBE, f"10.29.{i % ADDRESSES}.1")

    first, later = _statements(client, url, body)
    shared, local = _alternating(posts)
    ratio = statistics.median(shared) / statistics.median(local)
    rec.add(
        "feedback POST, shared limit store (database cache)",
        f"{_per_post(shared)} per POST (the limit's SQL: {first} statement(s) for an address's "
        f"first attempt, {later} for a later one) against {_per_post(local)} with the "
        f"in-process cache: x{ratio:.2f}",
        "the limit holds across processes; cost per POST stated",
        ratio=round(ratio, 2),
    )
    shared, local = _alternating(hits)
    rec.add(
        "one rate-limit count (common.limits.hit)",
        f"database cache {_per_post(shared, unit='µs')} against in-process "
        f"{_per_post(local, unit='µs')}",
    )


def _alternating(fn):
    """Run times with the shared store and with the in-process cache, alternating."""
    times = {"shared": [], "local": []}
    for i in range(ROUNDS + 1):
        for store in ("shared", "local"):
            with transaction.atomic(), _store(store):
                caches["default"].clear()
                start = time.perf_counter()
                fn()
                elapsed = time.perf_counter() - start
                transaction.set_rollback(True)
            if i:  # the first round warms up
                times[store].append(elapsed)
    return times["shared"], times["local"]


def _statements(client, url, body) -> tuple[int, int]:
    """The SQL statements the shared store adds to a POST: an address's first, then a later."""
    counts = {}
    for store in ("shared", "local"):
        with transaction.atomic(), _store(store):
            caches["default"].clear()
            for attempt in ("first", "later"):
                with CaptureQueriesContext(connection) as seen:
                    client.post(url, body, REMOTE_ADDR="10.29.255.1")
                counts[store, attempt] = len(seen.captured_queries)
            transaction.set_rollback(True)
    return tuple(counts["shared", a] - counts["local", a] for a in ("first", "later"))


def _store(store: str):
    return override_settings() if store == "shared" else override_settings(CACHES=IN_PROCESS)


def _per_post(times, unit="ms") -> str:
    each = [t / POSTS for t in times]
    scale = 1000 if unit == "ms" else 1_000_000
    median, low, high = (scale * f(each) for f in (statistics.median, min, max))
    return f"{median:.2f} {unit} ({low:.2f}-{high:.2f})"
