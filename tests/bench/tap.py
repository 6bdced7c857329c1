"""What one check-in tap costs the application, in CPU, next to two floors measured in the same run.

`BENCH_ONLY=tap`. In this process, through Django's WSGI handler (no HTTP server, no client: only
what the application itself spends), each request a real signed-in employee's tap on a bench day:

- **portal, phone's JSON** (`/presensi/kirim/`, what the check-in page sends since the offline
  check-in, token-bound) and **portal, form post** (`/presensi/masuk/`, the page without
  JavaScript): every middleware, the session, the user, every check;
- **floor, Django minimal view**: the same middleware stack, a view that runs only the two
  statements a tap needs (read the day with the plan and any earlier check-in, INSERT … ON
  CONFLICT DO NOTHING) in raw SQL;
- **floor, bare WSGI + psycopg**: a WSGI callable with one psycopg connection running the same
  two statements.

CPU is this process's (time.process_time), per request, over TAPS requests after a warm-up; the
database's own CPU is not in it (PostgreSQL is another process). The ratio is portal / floor.
"""

import json
import os
import time
import uuid
from io import BytesIO
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from attendance import partitions
from attendance.models import CheckIn
from attendance.services import queued
from opd.models import Employee, Opd, Role, Unit, User
from schedules.models import FlexWindow, WindowDay
from tests.bench import partitions as bench_partitions

TAPS = int(os.environ.get("BENCH_TAPS", "400"))
WARM = 50
CODE = "bench-tap"
HISTORY = "bench-tap-history"  # the window of the past months' check-ins
TARGET = "app CPU per tap <= 5 ms"
WALL = {}  # wall time per tap of the last _cpu of each list of taps (PostgreSQL's time in it)


def run(rec, *, timed, ms):
    _clean()
    try:
        _history(rec)
        _measure(rec)
    finally:
        _clean()


def _clean():
    bench_partitions.window_remove(HISTORY)
    CheckIn.objects.filter(day__window__slug=CODE).delete()
    Session.objects.filter(session_key__startswith="benchtap").delete()
    User.objects.filter(username__startswith=CODE).delete()
    Employee.objects.filter(unit__code=CODE).delete()
    Unit.objects.filter(code=CODE).delete()
    Opd.objects.filter(code=CODE).delete()
    FlexWindow.objects.filter(slug=CODE).delete()


def floors() -> dict[str, float]:
    """The in-process CPU per tap of the portal's JSON tap and of the two floors, on a bench OPD
    made and removed here: for the load test (tests/bench/load.py), in the same run."""
    _clean()
    try:
        return _round(*_setup())
    finally:
        _clean()


def _measure(rec):
    handler, groups, day = _setup()
    figures = _round(handler, groups, day)
    recorded = CheckIn.objects.filter(day=day).count()
    expected = 4 * len(groups[0])
    for name, seconds in figures.items():
        if name.endswith(" wall"):
            continue
        rec.add(
            f"tap CPU, {name}",
            f"{seconds * 1000:.2f} ms per tap"
            + (
                ""
                if name.startswith("floor")
                else f" ({seconds / figures['floor WSGI']:.1f}x the bare WSGI floor, "
                f"{seconds / figures['floor Django']:.1f}x the Django floor)"
            )
            + f"; load {os.getloadavg()[0]:.1f}",
            TARGET if name.startswith("portal") else "",
            ms=seconds * 1000,
        )
    rec.add("tap CPU, rows", f"{recorded:,} check-ins for {expected:,} taps (each one once)")
    if partitions.partitioned():
        _before_partitioning(rec, handler, groups, day, figures)


def _setup():
    """A bench OPD of signed-in employees and today's window day: the WSGI handler, four groups
    of users (one per measure) and the day."""
    opd = Opd.objects.create(code=CODE, name="OPD Bench Presensi", short_name="Bench")
    unit = Unit.objects.create(
        opd=opd, code=CODE, name="Unit Bench", latitude="-2.991", longitude="104.7567"
    )
    window = FlexWindow.objects.create(slug=CODE, name="Bench presensi", legal_basis="bench")
    n = (TAPS + WARM) * 4
    Employee.objects.bulk_create(
        [
            Employee(
                unit=unit, nip=f"1990010120200{i:05d}", name=f"Pegawai Bench {i}", asn_type="PNS"
            )
            for i in range(n)
        ]
    )
    employees = list(Employee.objects.filter(unit=unit).order_by("pk"))
    users = User.objects.bulk_create(
        [User(username=f"{CODE}-{e.pk}", role=Role.EMPLOYEE, employee=e) for e in employees]
    )
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    expire = timezone.now() + timezone.timedelta(hours=2)
    sessions = []
    for user in users:
        key = "benchtap" + get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=SessionStore().encode(data), expire_date=expire)
        )
        user.session_key = key
    Session.objects.bulk_create(sessions)
    day = WindowDay.objects.create(window=window, date=timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return WSGIHandler(), [users[i::4] for i in range(4)], day


def _round(handler, groups, day) -> dict[str, float]:
    """CPU per tap of the portal's two posts and of the two floors, a group of users each."""
    from tests.bench import tap_floor

    json_taps = [_json_tap(u, day) for u in groups[0]]
    figures = {
        "portal JSON": _cpu(handler, json_taps),
        "portal form": _cpu(handler, [_form_tap(u, day) for u in groups[1]]),
    }
    with tap_floor.urls():
        figures["floor Django"] = _cpu(handler, [_floor_tap(u, day) for u in groups[2]])
    bare_taps = [_floor_tap(u, day) for u in groups[3]]
    figures["floor WSGI"] = _cpu(tap_floor.bare_app(), bare_taps, django=False)
    figures["portal JSON wall"] = WALL.pop(id(json_taps))
    figures["floor WSGI wall"] = WALL.pop(id(bare_taps))
    return figures


def _history(rec) -> None:
    """Months of past check-ins in the table (every active employee on ten weekdays of each of
    the last BENCH_TAP_MONTHS months), so that partitioned and plain differ as in production."""
    months = int(os.environ.get("BENCH_TAP_MONTHS", "6"))
    today = timezone.localdate()
    window = FlexWindow.objects.create(slug=HISTORY, name="Bench riwayat", legal_basis="bench")
    dates = []
    for ahead in range(-months, 0):
        first = partitions.month_of(today, ahead)
        month = [first + timezone.timedelta(days=n) for n in range(28)]
        dates += [d for d in month if d.weekday() < 5][:10]
    WindowDay.objects.bulk_create(WindowDay(window=window, date=d) for d in dates)
    partitions.partitions_ensure(today=partitions.month_of(today, -months), months_ahead=months)
    rows = bench_partitions.check_ins_fill(window)
    rec.add("tap, past check-ins in the table", f"{rows:,} on {len(dates)} days, {months} months")


def _before_partitioning(rec, handler, groups, day, first):
    """The same taps on the plain table the check-ins had before partitioning (the migration's
    rebuild, undone after), then on the partitioned table again (partitioned, plain,
    partitioned: a machine whose load drifts favours neither), by the same users once their
    check-ins of the day are removed."""
    rows = CheckIn.objects.count()
    CheckIn.objects.filter(day=day).delete()
    with bench_partitions.plain_table():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE attendance_checkin")
        plain = _round(handler, groups, day)
        CheckIn.objects.filter(day=day).delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE attendance_checkin")
    again = _round(handler, groups, day)
    months = len(partitions.month_partitions())
    for name, what in (("portal JSON", "app CPU"), ("portal JSON wall", "wall, PostgreSQL in it")):
        floor = name.replace("portal JSON", "floor WSGI")
        parted = (first[name] + again[name]) / 2
        parted_floor = (first[floor] + again[floor]) / 2
        rec.add(
            f"tap {what}, plain table vs partitioned",
            f"portal JSON: partitioned {first[name] * 1000:.2f}, plain {plain[name] * 1000:.2f}"
            f", partitioned {again[name] * 1000:.2f} ms per tap (x{parted / plain[name]:.2f});"
            f" bare floor: {first[floor] * 1000:.2f}, {plain[floor] * 1000:.2f}, "
            f"{again[floor] * 1000:.2f} ms (x{parted_floor / plain[floor]:.2f}); portal/floor "
            f"x{plain[name] / plain[floor]:.1f} plain, x{parted / parted_floor:.1f} "
            f"partitioned ({rows:,} check-ins, {months} month partitions)",
        )


def _environ(path, cookie, body: bytes, content_type):
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "443",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "https",
        "HTTPS": "on",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "HTTP_REFERER": "https://127.0.0.1/presensi/",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_ACCEPT": "application/json",
        "wsgi.input": BytesIO(body),
        "wsgi.errors": BytesIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _cookie(user, csrf=""):
    text = f"{settings.SESSION_COOKIE_NAME}={user.session_key}"
    return text + (f"; {settings.CSRF_COOKIE_NAME}={csrf}" if csrf else "")


POSITION = {"latitude": "-2.991", "longitude": "104.7567", "accuracy": "15"}


def _json_tap(user, day):
    body = {
        "key": str(uuid.uuid4()),
        "token": queued.offline_token(user=user, day_id=day.pk),
        "device_at": timezone.now().isoformat(),
        "mode": "WFO",
        **POSITION,
    }
    return ("/presensi/kirim/", _cookie(user), json.dumps(body).encode(), "application/json")


def _form_tap(user, day):
    csrf = get_random_string(32)
    body = urlencode({"csrfmiddlewaretoken": csrf, "mode": "WFO", "day": day.pk, **POSITION})
    return (
        "/presensi/masuk/",
        _cookie(user, csrf),
        body.encode(),
        "application/x-www-form-urlencoded",
    )


def _floor_tap(user, day):
    body = json.dumps({"employee": user.employee_id, "day": day.pk}).encode()
    return ("/bench/tap-floor/", _cookie(user), body, "application/json")


def _cpu(app, taps, django=True) -> float:
    """Median-free: total CPU of this process over the taps after WARM of them, per tap."""

    def send(tap):
        statuses = []
        body = app(_environ(*tap), lambda status, headers, exc_info=None: statuses.append(status))
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        status = statuses[0]
        if not status.startswith(("200", "302")):
            raise SystemExit(f"tap bench: {tap[0]} answered {status}")

    for tap in taps[:WARM]:
        send(tap)
    rest = taps[WARM:]
    start, wall = time.process_time(), time.perf_counter()
    for tap in rest:
        send(tap)
    WALL[id(taps)] = (time.perf_counter() - wall) / len(rest)
    return (time.process_time() - start) / len(rest)
