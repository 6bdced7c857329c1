"""Check-in under load: the phone's JSON tap through gunicorn, or through the whole stack.

`BENCH_ONLY=load`. The bench signs in many employees (their sessions written straight into the
session table, as a login would leave them) and sends their taps as the check-in page does since
the offline check-in: a JSON POST to /presensi/kirim/ with an idempotency key, the page's signed
token, the device time and the position. Open loop: request i is due at i / rate seconds, and its
latency counts from when it was due, so a server that falls behind is not hidden by a client that
waits for it. Every 20th employee taps twice at once (a second key: refused, 409). Afterwards the
database is checked: a check-in the portal confirmed but did not keep is lost; two for one
employee and date are doubled.

Then the burst of the morning after a dead zone: BENCH_LOAD_BURST (1,000) other employees' taps,
stored on their phones 20 minutes earlier, all sent at once; then all sent again (a phone that
never saw the answer): every one a replay, no new row.

    BENCH_LOAD_RATE=100 BENCH_LOAD_SECONDS=60   # the target: 100 check-ins/s for 60 s
    BENCH_LOAD_SERVERS=2                        # two gunicorns behind haproxy (round robin)
    BENCH_LOAD_STACK=1                          # the whole stack: deploy/stack.sh (haproxy,
                                                # 2 gunicorns, PgBouncer, replica, worker)

CPU per POST is read from /proc for the servers (app, PostgreSQL backends, haproxy, PgBouncer),
next to the in-process floors of tests/bench/tap.py measured in the same run (a bare WSGI app
with psycopg running the tap's two statements). The load generator runs on the same 2 cores.
"""

import http.client
import json
import os
import shutil
import statistics
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import get_random_string

from attendance.models import CheckIn, Flag
from attendance.services import queued
from opd.models import Employee, Role, User
from schedules.models import Assignment, FlexWindow, WindowDay
from tests.bench import load_servers, tap

BENCH_WINDOW = "bench-load"
BENCH_USERS = "bench-load-"
SESSION_PREFIX = "benchload"  # session keys are ours: found again by their prefix
DOUBLE_TAP_EVERY = 20
CLIENT_THREADS = 200
GIVE_UP_S = 30  # a POST not sent within this of its due time counts as an error, unsent
TARGET = "p95 < 300 ms, 0 errors, 0 lost, 0 doubled"
BURST_TARGET = "0 lost, 0 doubled; the replay adds no row"
QUEUED_MINUTES = 20  # how long the burst's taps waited on the phones


def run(rec, *, timed, ms):
    rate = float(os.environ.get("BENCH_LOAD_RATE", "100"))
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    servers = int(os.environ.get("BENCH_LOAD_SERVERS", "1"))
    whole_stack = os.environ.get("BENCH_LOAD_STACK", "") not in ("", "0")
    burst = int(os.environ.get("BENCH_LOAD_BURST", "1000"))
    needs = ["haproxy", "pgbouncer"] if whole_stack else ["haproxy"] if servers > 1 else []
    if missing := [name for name in needs if not shutil.which(name)]:
        rec.add("check-in load", f"skipped: needs {', '.join(missing)} (apt-get install)")
        return
    if whole_stack:
        servers = int(os.environ.get("STACK_APP_SERVERS") or 2)
    _clean()
    day = WindowDay.objects.create(
        window=FlexWindow.objects.create(slug=BENCH_WINDOW, name="Bench beban", legal_basis="-"),
        date=timezone.localdate(),
    )
    steady = round(rate * seconds)
    try:
        signed_in = _sign_in(steady + burst)
        posts = _plan(signed_in[:steady], day)
        stored = _stored_taps(signed_in[steady:], day)
        shape = "the stack" if whole_stack else f"{servers} server{'s' if servers > 1 else ''}"
        with (
            load_servers.stack() if whole_stack else load_servers.servers(servers) as (
                port,
                procs,
            )
        ):
            _warm_up(port, posts)
            with load_servers.CpuMeter(procs) as meter:
                result = _send(port, posts, rate)
            result["cpu"] = meter.totals()
            bursts = []
            for _ in ("sent", "sent again"):
                with load_servers.CpuMeter(procs) as meter:
                    sent = _send(port, stored, rate=None)
                sent["cpu"] = meter.totals()
                bursts.append(sent)
        floors = tap.floors()
        _report(rec, result, _check(day, result), rate, seconds, servers, shape, floors)
        if stored:
            _report_burst(rec, bursts, _check(day, bursts[0]), shape, floors)
    finally:
        _clean()


def _sign_in(count: int) -> list[tuple[int, User, str]]:
    """(employee id, account, session key) for `count` active employees, each with a fresh
    account; not those the demo seed already checked in today (they would only be refused)."""
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
        keys.append((user.employee_id, user, key))
    Session.objects.bulk_create(sessions, batch_size=2000)
    with connection.cursor() as cursor:  # as autovacuum would after so many new rows
        cursor.execute("ANALYZE opd_user, django_session, attendance_checkin")
    return keys


def _plan(signed_in, day) -> list[tuple[int, str, dict]]:
    """The day's plan (WFO, WFH a third, WFA a tenth) and the taps in order, (employee, cookie,
    body without its device time), each employee declaring what was planned; every 20th taps
    twice (a second tap, with its own key)."""
    modes = [
        ("WFA", "Rumah, Lubuklinggau")
        if i % 10 == 9
        else (("WFO", ""), ("WFH", ""), ("WFO", ""))[i % 3]
        for i in range(len(signed_in))
    ]
    Assignment.objects.bulk_create(
        [
            Assignment(employee_id=employee, day=day, mode=mode, wfa_place=place)
            for (employee, _, _), (mode, place) in zip(signed_in, modes, strict=True)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE schedules_assignment")
    posts = []
    for i, ((employee, user, key), (mode, place)) in enumerate(zip(signed_in, modes, strict=True)):
        token = queued.offline_token(user=user, day_id=day.pk)
        for _ in range(2 if i % DOUBLE_TAP_EVERY == 0 else 1):
            body = {"key": str(uuid.uuid4()), "token": token, "mode": mode, "place": place}
            posts.append((employee, _cookie(key), body | POSITION))
    return posts[: len(signed_in)]


POSITION = {"latitude": "-2.991", "longitude": "104.7567", "accuracy": "15"}


def _cookie(session_key: str) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={session_key}"


def _stored_taps(signed_in, day) -> list[tuple[int, str, dict]]:
    """Taps made QUEUED_MINUTES ago on phones without network, each with its key, the token of
    the page loaded before it and the device time: what the phones send when the network is back.
    Planned WFO, tapped WFO."""
    Assignment.objects.bulk_create(
        [Assignment(employee_id=employee, day=day, mode="WFO") for employee, _, _ in signed_in],
        batch_size=2000,
    )
    now = timezone.now()
    tapped = now - timedelta(minutes=QUEUED_MINUTES)
    loaded = int((tapped - timedelta(minutes=10)).timestamp())
    taps = []
    for employee, user, key in signed_in:
        token = signing.dumps(
            {"u": user.pk, "e": employee, "d": day.pk, "t": loaded},
            salt=queued.SALT,
            compress=True,
        )
        body = {"key": str(uuid.uuid4()), "token": token, "mode": "WFO", "place": ""}
        taps.append((employee, _cookie(key), body | POSITION | {"device_at": tapped.isoformat()}))
    return taps


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


def _send(port: int, posts, rate: float | None) -> dict:
    """Every POST at its due time (all at once without a rate) from a pool of client threads;
    what each one got back."""
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
            due = start + (i / rate if rate else 0)
            time.sleep(max(0.0, due - time.perf_counter()))
            if time.perf_counter() - due > GIVE_UP_S:  # the run stays bounded in time
                results[i] = ("not sent", {}, time.perf_counter() - due, time.perf_counter())
            else:
                results[i] = _post(port, posts[i][1], posts[i][2], due)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"start": start, "posts": posts, "results": results, "load": load}


def _post(port: int, cookie: str, body: dict, due: float):
    """(status or error name, the JSON answer, seconds since due, time done). A tap made now
    carries the device time of its sending; a stored one, its own."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    status, answer = None, {}
    if "device_at" not in body:
        body = body | {"device_at": timezone.now().isoformat()}
    try:
        conn.request(
            "POST",
            "/presensi/kirim/",
            body=json.dumps(body),
            headers={"Cookie": cookie, "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        text = response.read()
        status = response.status
        try:
            answer = json.loads(text)
        except ValueError:
            answer = {"message": text[:80].decode(errors="replace")}
    except OSError as exc:
        status = type(exc).__name__
    finally:
        conn.close()
    done = time.perf_counter()
    return status, answer, done - due, done


def _outcome(status, answer: dict) -> str:
    """What the phone was told: recorded, replayed (recorded before), refused (already checked
    in) or something else."""
    if status == 200 and answer.get("status") == "ok":
        return "replayed" if answer.get("replay") else "recorded"
    if status == 409 and "sudah presensi masuk" in answer.get("message", ""):
        return "refused"
    return f"status {status}: {answer.get('message', '')[:80]}"


def _check(day, result) -> dict:
    """Confirmed check-ins the database does not have (lost), and extra rows (doubled)."""
    outcomes = Counter()
    confirmed = Counter()
    for (employee, _, _), (status, answer, _, _) in zip(
        result["posts"], result["results"], strict=True
    ):
        outcome = _outcome(status, answer)
        outcomes[outcome] += 1
        if outcome == "recorded":
            confirmed[employee] += 1
    rows = dict(
        CheckIn.objects.filter(day__date=day.date, employee_id__in={p[0] for p in result["posts"]})
        .values_list("employee_id")
        .annotate(n=Count("id"))
    )
    delayed = CheckIn.objects.filter(
        day__date=day.date,
        employee_id__in={p[0] for p in result["posts"]},
        flags__contains=[Flag.DELAYED],
    ).count()
    return {
        "outcomes": outcomes,
        "lost": sum(1 for employee in confirmed if employee not in rows),
        "doubled": sum(n - 1 for n in rows.values() if n > 1)
        + sum(n - 1 for n in confirmed.values() if n > 1),
        "rows": sum(rows.values()),
        "delayed": delayed,
    }


def _latencies(result):
    answered = [r for r in result["results"] if isinstance(r[0], int)]
    latencies = sorted(r[2] for r in answered)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    span = max(r[3] for r in answered) - result["start"]
    return answered, latencies, cuts, span


def _report(rec, result, check, rate, seconds, servers, shape, floors):
    answered, latencies, cuts, span = _latencies(result)
    errors = sum(1 for r in result["results"] if r[0] not in (200, 409))
    achieved = len(answered) / span
    config = load_servers.gunicorn_shape()
    others = {
        k: v for k, v in check["outcomes"].items() if k not in ("recorded", "refused", "replayed")
    }
    rec.add(
        f"check-in load, {shape} ({servers} x {config})",
        f"JSON tap, {rate:.0f}/s asked for {seconds:.0f} s, {achieved:.1f}/s achieved; "
        f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, "
        f"p99 {cuts[98] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
        f"{errors} errors, {check['lost']} lost, {check['doubled']} doubled "
        f"({len(result['posts']):,} POSTs: {check['outcomes']['recorded']:,} recorded, "
        f"{check['outcomes']['refused']:,} double taps refused"
        + (f", {dict(others)}" if others else "")
        + f"; load average {result['load']:.1f} before); CPU per POST: "
        + _per_post(result, floors),
        TARGET,
        rate=rate,
        achieved=achieved,
        p50=cuts[49],
        p95=cuts[94],
        p99=cuts[98],
        errors=errors,
        lost=check["lost"],
        doubled=check["doubled"],
        cpu_ms={k: v * 1000 / len(answered) for k, v in result["cpu"].items()},
        floors_ms={k: v * 1000 for k, v in floors.items()},
    )


def _report_burst(rec, bursts, check, shape, floors):
    first, again = bursts
    answered, latencies, cuts, span = _latencies(first)
    replays = Counter(_outcome(status, answer) for status, answer, _, _ in again["results"])
    rows_after = CheckIn.objects.filter(
        day__date=timezone.localdate(), employee_id__in={p[0] for p in first["posts"]}
    ).count()
    others = {k: v for k, v in check["outcomes"].items() if k != "recorded"}
    rec.add(
        f"check-in burst, {shape}",
        f"{len(first['posts']):,} taps stored offline {QUEUED_MINUTES} min earlier, sent at "
        f"once: done in {span:.1f} s ({len(answered) / span:.0f}/s); p50 {cuts[49] * 1000:.0f} "
        f"ms, p95 {cuts[94] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms from the burst's start; "
        f"{check['outcomes']['recorded']:,} recorded ({check['delayed']:,} flagged terkirim "
        f"tertunda), {check['lost']} lost, {check['doubled']} doubled"
        + (f", {dict(others)}" if others else "")
        + f"; sent again: {replays['replayed']:,} answered as replays, "
        f"{rows_after - check['rows']} new rows ({rows_after:,} in all); load average "
        f"{first['load']:.1f} before; CPU per POST: {_per_post(first, floors)}",
        BURST_TARGET,
        lost=check["lost"],
        doubled=check["doubled"],
        new_rows_on_replay=rows_after - check["rows"],
        replays=replays["replayed"],
    )


def _per_post(result, floors) -> str:
    """CPU milliseconds per answered POST, the rate that CPU allows on 2 idle cores, and the
    app's share next to the in-process bare WSGI floor of the same run."""
    answered = sum(1 for r in result["results"] if isinstance(r[0], int))
    cpu = {k: v * 1000 / answered for k, v in result["cpu"].items()}
    total = sum(cpu.values())
    floor = floors["floor WSGI"] * 1000
    return (
        f"app {cpu['app']:.1f} ms + PostgreSQL {cpu['db']:.1f} ms"
        + (f" + balancer {cpu['balancer']:.1f} ms" if cpu["balancer"] else "")
        + (f" + PgBouncer {cpu['pooler']:.1f} ms" if cpu["pooler"] else "")
        + f" = {total:.1f} ms, at most {2000 / total:.0f}/s on 2 idle cores; app "
        f"x{cpu['app'] / floor:.0f} the bare WSGI floor ({floor:.2f} ms in-process; the "
        f"portal's JSON tap in-process {floors['portal JSON'] * 1000:.2f} ms, so HTTP and "
        f"gunicorn add {cpu['app'] - floors['portal JSON'] * 1000:.1f} ms)"
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
