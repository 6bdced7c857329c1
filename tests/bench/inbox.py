"""Notifications (issue 11): the home page of a head with 1,000 notifications, and the daily
digest for the whole demo city, each next to its raw-SQL floor measured in the same run.

Everything runs in a transaction that is rolled back: the bench database stays as seeded.
"""

import statistics
import time

from django.contrib.auth.hashers import make_password
from django.core import mail
from django.db import connection, transaction
from django.test import Client, override_settings

from inbox.digest import digest_send
from inbox.models import Kind, Notification
from opd.models import Employee, Opd, Role, User
from schedules.models import FlexWindow, Plan, PlanStatus

ROUNDS = 5
NOTIFICATIONS = 1000
STAFF_ACCOUNTS = 5000


def _median(fn) -> tuple[float, float, float]:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def run(rec, *, timed, ms):
    with (
        transaction.atomic(),
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
    ):
        _home(rec, timed=timed, ms=ms)
        _digest(rec, ms=ms)
        transaction.set_rollback(True)


def _home(rec, *, timed, ms):
    opd = Opd.objects.get(code="dinkes")
    head = User.objects.filter(role=Role.HEAD, opd=opd).first()
    Notification.objects.bulk_create(
        Notification(recipient=head, kind=Kind.PLAN_APPROVED, text=f"Catatan {i}")
        for i in range(NOTIFICATIONS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE inbox_notification")
    client = Client()
    client.force_login(head)
    assert client.get("/").status_code == 200
    seconds, queries = timed(lambda: client.get("/"))

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, kind, text, url, count, created_at, read_at FROM inbox_notification "
                "WHERE recipient_id = %s ORDER BY created_at DESC, id DESC LIMIT 10",
                [head.pk],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT COUNT(*) FROM inbox_notification WHERE recipient_id = %s "
                "AND read_at IS NULL",
                [head.pk],
            )
            cursor.fetchall()

    raw = _median(floor)
    rec.add(
        f"home page of a head with {NOTIFICATIONS:,} notifications",
        f"{ms(seconds)}, {queries} queries; the inbox reads in raw SQL {ms(raw[0])} "
        f"(the whole page is {seconds / raw[0]:.0f}x its inbox floor: rendering and the other "
        "cards)",
        "< 150 ms, queries constant",
        seconds=seconds,
        queries=queries,
    )


def _digest(rec, *, ms):
    """Accounts for 5,000 staff (with addresses), every OPD's head, every plan awaiting them."""
    window = FlexWindow.objects.get(slug="lebaran-2025")
    password = make_password(None)
    heads = [
        User(
            username=f"bench-kepala-{opd.code}",
            role=Role.HEAD,
            opd=opd,
            email=f"kepala.{opd.code}@bench.invalid",
            password=password,
        )
        for opd in Opd.objects.exclude(accounts__role=Role.HEAD)
    ]
    staff = Employee.objects.filter(account__isnull=True).order_by("pk")[:STAFF_ACCOUNTS]
    users = [
        User(
            username=f"bench-{e.nip}",
            role=Role.EMPLOYEE,
            employee=e,
            email=f"{e.nip}@bench.invalid",
            password=password,
        )
        for e in staff
    ]
    User.objects.bulk_create([*heads, *users], batch_size=1000)
    for opd in Opd.objects.all():
        Plan.objects.update_or_create(
            opd=opd, window=window, defaults={"status": PlanStatus.SUBMITTED}
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    mail.outbox = []
    start = time.perf_counter()
    result = digest_send()
    seconds = time.perf_counter() - start
    rec.add(
        "daily digest, whole demo city",
        f"{seconds:.2f} s for {result.users:,} users with an address, {result.sent:,} emails "
        f"sent ({len(mail.outbox):,} in the outbox); {ms(seconds / max(result.users, 1))} a user",
        "< 1 min",
        seconds=seconds,
    )
