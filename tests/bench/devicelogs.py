"""Fingerprint logs (issue 26 item 5): one month of the demo city's machine punches (~300,000)
imported as BKPSDM does it (read the attlog text, check every row, store all or nothing), and the
reconciliation of one day of the city with the plan, each beside a raw-SQL floor in this run.

The import and its floor each run once in a fresh process (time without Django's start-up, and
peak resident memory); the floor reads the same file as plainly as it can (split each line, one
NIP -> id query, COPY into a temporary table, one INSERT ... ON CONFLICT DO NOTHING). The
reconciliation's floor is one SQL statement counting the same lines per unit (it leaves out the
per-employee working hours and the explanations, which the portal also reads). The database is
left as it was found.
"""

import os
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db import connection
from django.utils import timezone

from devicelogs import reconciliation
from devicelogs.models import Device, Punch, PunchImport
from opd.models import Employee
from tests.bench.measure import analyze, beside, paired, raw

ROOT = Path(__file__).resolve().parents[2]
CODE = "bench-kota"
PUNCHES = 300_000
# Peak memory is VmHWM of /proc/self/status: ru_maxrss would carry the bench parent's own peak
# across fork and exec into the child.
SETUP = (
    "import os, sys, time, django; "
    "hwm = lambda: int(next(l.split()[1] for l in open('/proc/self/status') "
    "if l.startswith('VmHWM'))); "
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'wfa_portal.settings'); django.setup(); "
)
PORTAL = SETUP + (
    "from devicelogs import importing, reading, services; from devicelogs.models import Device; "
    "from opd.models import User; "
    "path = sys.argv[1]; data = open(path, 'rb').read(); device = Device.objects.get(code='"
    + CODE
    + "'); by = User.objects.get(username='bkpsdm'); "
    "before = hwm(); start = time.perf_counter(); "
    "report = importing.check(device, reading.read_file(data, path), name=path, "
    "sha256=importing.fingerprint(data)); assert not report.refused, report.refused[:3]; "
    "batch = services.punches_store(report=report, by=by); "
    "seconds = time.perf_counter() - start; "
    "print(batch.added, before, hwm(), seconds)"
)
FLOOR = SETUP + (
    "from tests.bench.devicelogs import floor_import; "
    "before = hwm(); start = time.perf_counter(); "
    "added = floor_import(sys.argv[1]); seconds = time.perf_counter() - start; "
    "print(added, before, hwm(), seconds)"
)


def run(rec, *, timed, ms):
    Device.objects.filter(code=CODE).delete()
    device = Device.objects.create(code=CODE, name="Mesin bench (kota)")
    path, days, count = _month_file()
    try:
        floor = _fresh(FLOOR, path)
        _forget(device)
        portal = _fresh(PORTAL, path)
        assert portal[0] == floor[0] == count, (portal[0], floor[0], count)
        analyze(Punch._meta.db_table)
        _record_import(rec, portal, floor, count, Path(path).stat().st_size)
        _measure_day(rec, days[-1])
    finally:
        _forget(device)
        Device.objects.filter(code=CODE).delete()
        os.unlink(path)


def _record_import(rec, portal, floor, count, size):
    _, before, peak, seconds = portal
    _, floor_before, floor_peak, floor_seconds = floor
    rec.add(
        f"fingerprint import, one month of the city ({count:,} punches, {size / 2**20:.1f} MB)",
        f"{seconds:.1f} s (read, check, store), peak RSS {peak / 1024:.0f} MB "
        f"(+{(peak - before) / 1024:.0f} MB over start-up); floor {floor_seconds:.1f} s, "
        f"{floor_peak / 1024:.0f} MB (+{(floor_peak - floor_before) / 1024:.0f} MB); "
        f"ratio {seconds / floor_seconds:.1f}x time, {peak / floor_peak:.2f}x memory; "
        f"load {os.getloadavg()[0]:.1f}",
        seconds=seconds,
        floor_seconds=floor_seconds,
        ratio=seconds / floor_seconds,
        peak_kb=peak,
        floor_peak_kb=floor_peak,
    )


def _measure_day(rec, on: date):
    """The city's counts per OPD (the city page, the dashboards, the API) and every line of
    the city with names (what the OPD pages show, here for all OPDs at once)."""
    found = reconciliation.reconcile(on)
    totals = found.totals
    note = (
        f"{len(found.lines):,} lines (no punch {totals['no_punch']:,}, remote punch "
        f"{totals['remote_punch']:,}, outside hours {totals['outside_hours']:,}); load "
        f"{os.getloadavg()[0]:.1f}"
    )
    portal, floor = paired(lambda: reconciliation.opd_counts(on), lambda: floor_day(on))
    name = f"reconciliation, one day of the city ({on:%Y-%m-%d}, {totals['staff']:,} staff)"
    beside(rec, name + ": counts per OPD", portal, floor, None, note)
    portal, floor = paired(lambda: reconciliation.reconcile(on), lambda: floor_day(on))
    beside(rec, name + ": every line with names", portal, floor, None)


def _fresh(script: str, path: str) -> tuple[int, int, int, float]:
    done = subprocess.run(
        [sys.executable, "-c", script, path],
        cwd=ROOT,
        env=os.environ,
        check=True,
        capture_output=True,
        text=True,
    )
    added, before, peak, seconds = done.stdout.split()[-4:]
    return int(added), int(before), int(peak), float(seconds)


def _forget(device):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Punch._meta.db_table} WHERE device_id = %s", [device.pk])
    PunchImport.objects.filter(device=device).delete()


def _month_file() -> tuple[str, list[date], int]:
    """An attlog of the working days of the last 30 days: two punches a day for as many active
    staff as make ~300,000 punches (one in ten staff misses a day now and then)."""
    today = timezone.localdate()
    days = [d for n in range(30, 0, -1) if (d := today - timedelta(days=n)).weekday() < 5]
    wanted = PUNCHES // (2 * len(days))
    nips = list(
        Employee.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("nip", flat=True)[:wanted]
    )
    rng = random.Random(26)
    lines = []
    for day in days:
        for nip in nips:
            if rng.random() < 0.03:
                continue
            arrive = datetime(day.year, day.month, day.day, 7) + timedelta(
                seconds=rng.randrange(0, 3600)
            )
            leave = datetime(day.year, day.month, day.day, 15, 50) + timedelta(
                seconds=rng.randrange(0, 4500)
            )
            lines.append(f"{nip:>18}\t{arrive:%Y-%m-%d %H:%M:%S}\t1\t0\t0\t0")
            lines.append(f"{nip:>18}\t{leave:%Y-%m-%d %H:%M:%S}\t1\t1\t0\t0")
    handle, path = tempfile.mkstemp(suffix="_attlog.dat")
    with os.fdopen(handle, "w") as out:
        out.write("\n".join(lines) + "\n")
    return path, days, len(lines)


def floor_import(path: str) -> int:
    """The import as plainly as it can be: lines split, one lookup, COPY, one INSERT."""
    from django.db import transaction

    zone = timezone.get_current_timezone()
    table = Punch._meta.db_table
    with transaction.atomic():
        device_id = raw("SELECT id FROM devicelogs_device WHERE code = %s", [CODE])[0][0]
        batch_id = raw(
            "INSERT INTO devicelogs_punchimport (device_id, source, file_name, sha256, at, "
            "rows_read, matched, added, duplicates, unknown) VALUES (%s, 'file', 'floor', '', "
            "now(), 0, 0, 0, 0, 0) RETURNING id",
            [device_id],
        )[0][0]
        ids = dict(raw("SELECT nip, id FROM opd_employee"))
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            cursor.execute(
                "CREATE TEMP TABLE floor_punch (employee_id int, at timestamptz, day date, "
                "verify smallint, state smallint) ON COMMIT DROP"
            )
            copying = "COPY floor_punch (employee_id, at, day, verify, state) FROM STDIN"
            with cursor.copy(copying) as copy, open(path) as lines:
                for line in lines:
                    user, stamp, verify, state, *_ = line.split("\t")
                    employee = ids.get(user.strip())
                    if employee is None:
                        continue
                    at = datetime.fromisoformat(stamp).replace(tzinfo=zone)
                    copy.write_row((employee, at, at.date(), int(verify), int(state)))
            cursor.execute(
                f"INSERT INTO {table} (device_id, employee_id, at, day, verify, state, batch_id) "
                f"SELECT %s, employee_id, at, day, verify, state, %s FROM floor_punch "
                "ON CONFLICT DO NOTHING",
                [device_id, batch_id],
            )
            return cursor.rowcount


def floor_day(on: date):
    """The day's lines counted per unit in one statement (office hours 07:30-16:00)."""
    return raw(
        """
        WITH wd AS (SELECT id FROM schedules_windowday WHERE date = %(on)s
                    ORDER BY window_id DESC LIMIT 1),
        away AS (SELECT DISTINCT employee_id FROM absences_absence WHERE status = 'approved'
                 AND start_date <= %(on)s AND end_date >= %(on)s),
        remote AS (SELECT employee_id FROM schedules_assignment
                   WHERE day_id = (SELECT id FROM wd) AND mode IN ('WFH', 'WFA')),
        p AS (SELECT p.employee_id, min(p.at) AS f, max(p.at) AS l FROM devicelogs_punch p
              JOIN devicelogs_device d ON d.id = p.device_id AND d.is_office
              WHERE p.day = %(on)s GROUP BY 1)
        SELECT e.unit_id, count(*),
          count(*) FILTER (WHERE w.employee_id IS NOT NULL),
          count(*) FILTER (WHERE w.employee_id IS NULL AND r.employee_id IS NULL
                           AND p.employee_id IS NULL),
          count(*) FILTER (WHERE w.employee_id IS NULL AND r.employee_id IS NOT NULL
                           AND p.employee_id IS NOT NULL),
          count(*) FILTER (WHERE w.employee_id IS NULL AND r.employee_id IS NULL
                           AND p.employee_id IS NOT NULL
                           AND ((p.f AT TIME ZONE 'Asia/Jakarta')::time > '07:30'
                                OR (p.l > p.f AND (p.l AT TIME ZONE 'Asia/Jakarta')::time
                                    < '16:00')))
        FROM opd_employee e
        LEFT JOIN away w ON w.employee_id = e.id
        LEFT JOIN remote r ON r.employee_id = e.id
        LEFT JOIN p ON p.employee_id = e.id
        WHERE e.is_active GROUP BY 1
        """,
        {"on": on},
    )
