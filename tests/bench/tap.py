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

from attendance.models import CheckIn
from attendance.services import queued
from opd.models import Employee, Opd, Role, Unit, User
from schedules.models import FlexWindow, WindowDay

TAPS = int(os.environ.get("BENCH_TAPS", "400"))
WARM = 50
CODE = "bench-tap"
TARGET = "app CPU per tap <= 5 ms"


def run(rec, *, timed, ms):
    _clean()
    try:
        _measure(rec)
    finally:
        _clean()


def _clean():
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
        return _figures()[0]
    finally:
        _clean()


def _measure(rec):
    figures, recorded, expected = _figures()
    for name, seconds in figures.items():
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


def _figures():
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
    groups = [users[i::4] for i in range(4)]
    handler = WSGIHandler()
    figures = {
        "portal JSON": _cpu(handler, [_json_tap(u, day) for u in groups[0]]),
        "portal form": _cpu(handler, [_form_tap(u, day) for u in groups[1]]),
    }
    from tests.bench import tap_floor

    with tap_floor.urls():
        figures["floor Django"] = _cpu(handler, [_floor_tap(u, day) for u in groups[2]])
    figures["floor WSGI"] = _cpu(
        tap_floor.bare_app(), [_floor_tap(u, day) for u in groups[3]], django=False
    )
    recorded = CheckIn.objects.filter(day=day).count()
    return figures, recorded, 4 * len(groups[0])


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
    start = time.process_time()
    for tap in rest:
        send(tap)
    return (time.process_time() - start) / len(rest)
