"""The floors of a check-in tap (tests/bench/tap.py): the two statements a tap needs, and nothing
else, behind the portal's middleware (a minimal Django view) and behind nothing (bare WSGI)."""

import json
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.test.utils import override_settings
from django.urls import clear_url_caches, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

READ = """
SELECT wd.id, a.mode, a.wfa_place, c.checked_in_at
FROM schedules_windowday wd
LEFT JOIN schedules_assignment a ON a.day_id = wd.id AND a.employee_id = %s
LEFT JOIN attendance_checkin c ON c.employee_id = %s AND c.date = %s
WHERE wd.date = %s
ORDER BY wd.window_id DESC LIMIT 1
"""
INSERT = """
INSERT INTO attendance_checkin (employee_id, day_id, date, planned_mode, mode, place,
    planned_place, checked_in_at, latitude, longitude, accuracy_m, flags)
VALUES (%s, %s, %s, %s, 'WFO', '', '', %s, -2.991, 104.7567, 15, '[]')
ON CONFLICT DO NOTHING RETURNING id
"""


def _tap(cursor, employee, now):
    today = timezone.localdate(now)
    cursor.execute(READ, [employee, employee, today, today])
    day, mode, _place, _earlier = cursor.fetchone()
    cursor.execute(INSERT, [employee, day, today, mode or "WFO", now])
    return cursor.fetchone()


@csrf_exempt
def floor_view(request):
    employee = json.loads(request.body)["employee"]
    with connection.cursor() as cursor:
        row = _tap(cursor, employee, timezone.now())
    return JsonResponse({"status": "ok", "id": row and row[0]})


urlpatterns = [path("bench/tap-floor/", floor_view)]


@contextmanager
def urls():
    with override_settings(ROOT_URLCONF="tests.bench.tap_floor"):
        clear_url_caches()
        yield
    clear_url_caches()


def bare_app():
    db = settings.DATABASES["default"]
    conn = psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
        password=db["PASSWORD"] or None,
        autocommit=True,
    )

    def app(environ, start_response):
        size = int(environ.get("CONTENT_LENGTH") or 0)
        employee = json.loads(environ["wsgi.input"].read(size))["employee"]
        with conn.cursor() as cursor:
            row = _tap(cursor, employee, timezone.now())
        body = json.dumps({"status": "ok", "id": row and row[0]}).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]

    return app
