"""Check-in under load: gunicorn with the repo's gunicorn.conf.py, real POSTs at a paced rate.

`BENCH_ONLY=load`. The bench starts gunicorn on a free loopback port against the bench database,
signs in many employees (their sessions written straight into the session table, as a login
would leave them), then sends real check-in POSTs (CSRF cookie and token, form body) at a fixed
rate, open loop: request i is due at i / rate seconds, and its latency is counted from when it
was due, so a server that falls behind is not hidden by a client that waits for it. Every 20th
employee taps twice at once. Afterwards the database is checked: a check-in the portal
confirmed but did not keep is lost; two for one employee and date are doubled.

    BENCH_LOAD_RATE=100 BENCH_LOAD_SECONDS=60   # the target: 100 check-ins/s for 60 s
    BENCH_LOAD_SERVERS=2                        # two gunicorns behind haproxy (round robin)

The load generator runs on the same 2 cores as the server and PostgreSQL.
"""

import http.client
import os
import shutil
import statistics
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import get_random_string

from attendance.models import CheckIn
from opd.models import Employee, Role, User
from schedules.models import Assignment, FlexWindow, WindowDay
from tests.bench import load_servers

BENCH_WINDOW = "bench-load"
BENCH_USERS = "bench-load-"
SESSION_PREFIX = "benchload"  # session keys are ours: found again by their prefix
DOUBLE_TAP_EVERY = 20
CLIENT_THREADS = 200
GIVE_UP_S = 30  # a POST not sent within this of its due time counts as an error, unsent
TARGET = "p95 < 300 ms, 0 errors, 0 lost, 0 doubled"


def run(rec, *, timed, ms):
    rate = float(os.environ.get("BENCH_LOAD_RATE", "100"))
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    servers = int(os.environ.get("BENCH_LOAD_SERVERS", "1"))
    if servers > 1 and not shutil.which("haproxy"):
        rec.add("check-in load", "skipped: BENCH_LOAD_SERVERS=2 needs haproxy (apt-get install)")
        return
    _clean()
    day = WindowDay.objects.create(
        window=FlexWindow.objects.create(slug=BENCH_WINDOW, name="Bench beban", legal_basis="-"),
        date=timezone.localdate(),
    )
    try:
        posts = _plan(_sign_in(round(rate * seconds)), day)
        with load_servers.servers(servers) as (port, procs):
            _warm_up(port, posts)
            with load_servers.CpuMeter(procs) as meter:
                result = _send(port, posts, rate)
            result["cpu"] = meter.totals()
        _report(rec, result, _check(day, result), rate, seconds, servers)
    finally:
        _clean()


def _sign_in(count: int) -> list[tuple[int, str]]:
    """(employee id, session key) for `count` active employees, each with a fresh account; not
    those the demo seed already checked in today (they would only be refused)."""
    employees = list(
        Employee.objects.active()
        .filter(account__isnull=True)
        .exclude(check_ins__day__date=timezone.localdate())
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    if len(employees) < count:
        raise SystemExit(f"load: only {len(employees)} employees without an account, {count} asked")
    User.objects.bulk_create(
        [
            User(username=f"{BENCH_USERS}{pk}", role=Role.EMPLOYEE, employee_id=pk, password="!")
            for pk in employees
        ],
        batch_size=2000,
    )
    users = User.objects.filter(username__startswith=BENCH_USERS).order_by("employee_id")
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    expire = timezone.now() + timezone.timedelta(hours=2)
    sessions, keys = [], []
    for user in users:
        key = SESSION_PREFIX + get_random_string(31, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=SessionStore().encode(data), expire_date=expire)
        )
        keys.append((user.employee_id, key))
    Session.objects.bulk_create(sessions, batch_size=2000)
    with connection.cursor() as cursor:  # as autovacuum would after so many new rows
        cursor.execute("ANALYZE opd_user, django_session, attendance_checkin")
    return keys


def _plan(signed_in, day) -> list[tuple[int, str, str]]:
    """The day's plan (WFO, WFH a third, WFA a tenth) and the POSTs in order, (employee,
    cookies, body), each employee declaring what was planned; every 20th taps twice."""
    modes = [
        ("WFA", "Rumah, Lubuklinggau")
        if i % 10 == 9
        else (("WFO", ""), ("WFH", ""), ("WFO", ""))[i % 3]
        for i in range(len(signed_in))
    ]
    Assignment.objects.bulk_create(
        [
            Assignment(employee_id=employee, day=day, mode=mode, wfa_place=place)
            for (employee, _), (mode, place) in zip(signed_in, modes, strict=True)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE schedules_assignment")
    csrf = get_random_string(32)
    posts = []
    for i, ((employee, key), (mode, place)) in enumerate(zip(signed_in, modes, strict=True)):
        body = {"csrfmiddlewaretoken": csrf, "mode": mode, "place": place, "day": day.pk}
        body |= {"latitude": "-2.991", "longitude": "104.7567", "accuracy": "15"}
        cookies = f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={csrf}"
        posts.append((employee, cookies, urlencode(body)))
        if i % DOUBLE_TAP_EVERY == 0:
            posts.append(posts[-1])
    return posts[: len(signed_in)]


def _warm_up(port: int, posts) -> None:
    """Open every worker thread's database connection and import the views before the peak,
    as a server that has been up since the night is: the check-in page, signed in, 10 s."""
    deadline = time.monotonic() + 10

    def client(cookie):
        while time.monotonic() < deadline:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", "/presensi/", headers={"Cookie": cookie})
                conn.getresponse().read()
            finally:
                conn.close()

    threads = [threading.Thread(target=client, args=(post[1],)) for post in posts[:32]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _send(port: int, posts, rate: float) -> dict:
    """Every POST at its due time from a pool of client threads; what each one got back."""
    results = [None] * len(posts)
    order = iter(range(len(posts)))
    lock = threading.Lock()
    load = os.getloadavg()[0]  # others' work on the same 2 cores, before this run adds its own
    start = time.perf_counter() + 0.5

    def client():
        while True:
            with lock:
                i = next(order, None)
            if i is None:
                return
            due = start + i / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            if time.perf_counter() - due > GIVE_UP_S:  # the run stays bounded in time
                results[i] = ("not sent", "", time.perf_counter() - due, time.perf_counter())
            else:
                results[i] = _post(port, posts[i][1], posts[i][2], due)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"start": start, "posts": posts, "results": results, "load": load}


def _post(port: int, cookie: str, body: str, due: float):
    """(status or error name, messages cookie, seconds since due, time done)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    status, messages = None, ""
    try:
        conn.request(
            "POST",
            "/presensi/masuk/",
            body=body,
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        status = response.status
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie(header)
            if CookieStorage.cookie_name in jar:
                messages = jar[CookieStorage.cookie_name].value
    except OSError as exc:
        status = type(exc).__name__
    finally:
        conn.close()
    done = time.perf_counter()
    return status, messages, done - due, done


def _outcome(messages: str) -> str:
    """What the employee read: recorded, refused (already checked in) or something else."""
    stored = CookieStorage(HttpRequest())._decode(messages) if messages else None
    text = " ".join(str(m) for m in stored or [])
    if "Presensi masuk tercatat" in text:
        return "recorded"
    return "refused" if "sudah presensi masuk" in text else f"other: {text[:80]}"


def _check(day, result) -> dict:
    """Confirmed check-ins the database does not have (lost), and extra rows (doubled)."""
    outcomes = Counter()
    confirmed = Counter()
    for (employee, _, _), (status, messages, _, _) in zip(
        result["posts"], result["results"], strict=True
    ):
        outcome = _outcome(messages) if status == 302 else f"status {status}"
        outcomes[outcome] += 1
        if outcome == "recorded":
            confirmed[employee] += 1
    rows = dict(
        CheckIn.objects.filter(day__date=day.date, employee_id__in={p[0] for p in result["posts"]})
        .values_list("employee_id")
        .annotate(n=Count("id"))
    )
    return {
        "outcomes": outcomes,
        "lost": sum(1 for employee in confirmed if employee not in rows),
        "doubled": sum(n - 1 for n in rows.values() if n > 1)
        + sum(n - 1 for n in confirmed.values() if n > 1),
        "rows": sum(rows.values()),
    }


def _report(rec, result, check, rate, seconds, servers):
    answered = [r for r in result["results"] if isinstance(r[0], int)]
    errors = sum(1 for r in result["results"] if r[0] != 302)
    latencies = sorted(r[2] for r in answered)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    span = max(r[3] for r in answered) - result["start"]
    achieved = len(answered) / span
    config = load_servers.gunicorn_shape()
    others = {k: v for k, v in check["outcomes"].items() if k not in ("recorded", "refused")}
    rec.add(
        f"check-in load, {servers} server{'s' if servers > 1 else ''} ({config})",
        f"{rate:.0f}/s asked for {seconds:.0f} s, {achieved:.1f}/s achieved; "
        f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, "
        f"p99 {cuts[98] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
        f"{errors} errors, {check['lost']} lost, {check['doubled']} doubled "
        f"({len(result['posts']):,} POSTs: {check['outcomes']['recorded']:,} recorded, "
        f"{check['outcomes']['refused']:,} double taps refused"
        + (f", {dict(others)}" if others else "")
        + f"; load average {result['load']:.1f} before); CPU per POST: {_per_post(result)}",
        TARGET,
        rate=rate,
        achieved=achieved,
        p50=cuts[49],
        p95=cuts[94],
        p99=cuts[98],
        errors=errors,
        lost=check["lost"],
        doubled=check["doubled"],
    )


def _per_post(result) -> str:
    """CPU milliseconds per answered POST, and the rate that CPU allows on 2 idle cores."""
    answered = sum(1 for r in result["results"] if isinstance(r[0], int))
    cpu = {k: v * 1000 / answered for k, v in result["cpu"].items()}
    total = sum(cpu.values())
    return (
        f"app {cpu['app']:.1f} ms + PostgreSQL {cpu['db']:.1f} ms"
        + (f" + balancer {cpu['balancer']:.1f} ms" if cpu["balancer"] else "")
        + f" = {total:.1f} ms, at most {2000 / total:.0f}/s on 2 idle cores"
    )


def _clean():
    """Leave the bench database as seeded: the bench window (its check-ins go with it), its
    plan, the bench accounts and their sessions. Plan and accounts were bulk-created without
    history, so they leave without any (a plain delete writes one history row per row)."""
    days = list(WindowDay.objects.filter(window__slug=BENCH_WINDOW).values_list("pk", flat=True))
    Assignment.objects.filter(day_id__in=days)._raw_delete(Assignment.objects.db)
    FlexWindow.objects.filter(slug=BENCH_WINDOW).delete()
    Session.objects.filter(session_key__startswith=SESSION_PREFIX).delete()
    User.objects.filter(username__startswith=BENCH_USERS)._raw_delete(User.objects.db)
