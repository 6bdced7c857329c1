"""The read access log's download at 100,000 rows (issue 24), `BENCH_ONLY=readlog`.

100,000 rows are put in the log in bulk (1,000 events of a bench account, each showing 100
staff), then the search for that account is downloaded as the task worker makes it (the job's
runner through `jobs.running.job_run`), as .csv and as .xlsx, each in a fresh process: wall time
and peak RSS. The floor, measured in the same run the same way: a fresh process that reads the
same rows through one raw SQL cursor (the same joins, order and filter, a server-side cursor) and
writes them with the bare writer (csv.writer, or openpyxl write-only with plain cells). Each
file's rows are counted against the log's. The bench rows are removed afterwards (the purge's
own permission to delete, on PostgreSQL).
"""

import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from opd.models import Employee, Role, User
from readlog.models import ReadEvent

ROOT = Path(__file__).resolve().parents[2]
VIEWER = "bench-readlog"
EVENTS, PER_EVENT = 1000, 100


def run(rec, *, timed, ms):
    viewer, _ = User.objects.get_or_create(
        username=VIEWER, defaults={"role": Role.BKPSDM, "first_name": "Bench"}
    )
    _clean(viewer)
    try:
        rows = _seed(viewer)
        with tempfile.TemporaryDirectory() as folder:
            for fmt in ("csv", "xlsx"):
                _measure(rec, viewer, fmt, rows, Path(folder))
    finally:
        _clean(viewer)


def _seed(viewer) -> int:
    start = timezone.now() - timedelta(days=2)
    events = ReadEvent.objects.bulk_create(
        ReadEvent(
            viewer=viewer,
            viewer_username=VIEWER,
            viewer_role=Role.BKPSDM,
            kind="profile",
            detail=f"bench {n}",
            path=f"/pegawai/bench/{n}/",
            ip_address="10.0.0.1",
            at=start + timedelta(seconds=n),
            subject_count=PER_EVENT,
        )
        for n in range(EVENTS)
    )
    staff = list(Employee.objects.active().order_by("pk").values_list("pk", flat=True)[:PER_EVENT])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO readlog_readsubject (event_id, employee_id) "
            "SELECT e, p FROM unnest(%s::bigint[]) AS e, unnest(%s::bigint[]) AS p",
            [[e.pk for e in events], staff],
        )
        cursor.execute("ANALYZE readlog_readevent")
        cursor.execute("ANALYZE readlog_readsubject")
    return len(events) * len(staff)


def _measure(rec, viewer, fmt, rows, folder):
    portal_rss, _, portal_wall, out = _fresh(PORTAL, str(viewer.pk), fmt)
    written = _count(Path(out), fmt)
    floor_path = folder / f"floor.{fmt}"
    floor_rss, _, floor_wall, _ = _fresh(FLOOR, VIEWER, fmt, str(floor_path))
    floor_written = _count(floor_path, fmt)
    Path(out).unlink(missing_ok=True)
    rec.add(
        f"read log download, {rows:,} rows (.{fmt}, job)",
        f"{portal_wall:.1f} s, peak RSS {portal_rss / 1024:.0f} MB, {written:,} rows written; "
        f"floor (one raw SQL cursor, bare {'csv.writer' if fmt == 'csv' else 'openpyxl'}) "
        f"{floor_wall:.1f} s, {floor_rss / 1024:.0f} MB, {floor_written:,} rows: "
        f"x{portal_wall / floor_wall:.2f} time, x{portal_rss / floor_rss:.2f} memory; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        "row count = the log's",
        seconds=portal_wall,
        rss_kb=portal_rss,
        floor_seconds=floor_wall,
        floor_rss_kb=floor_rss,
        rows=written,
    )
    assert written == floor_written == rows, (written, floor_written, rows)


def _count(path: Path, fmt: str) -> int:
    if fmt == "csv":
        with open(path, encoding="utf-8-sig") as lines:
            return sum(1 for _ in lines) - 1
    from openpyxl import load_workbook

    ws = load_workbook(path, read_only=True).worksheets[0]
    return sum(1 for _ in ws.iter_rows(min_row=2, values_only=True))


def _clean(viewer):
    """Remove the bench's rows: the log is append-only, so as the retention purge does."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL wfa.read_log_purge = 'on'")
        cursor.execute(
            "DELETE FROM readlog_readsubject WHERE event_id IN "
            "(SELECT id FROM readlog_readevent WHERE viewer_username = %s)",
            [VIEWER],
        )
        cursor.execute("DELETE FROM readlog_readevent WHERE viewer_username = %s", [VIEWER])
    from jobs.models import Job

    Job.objects.filter(owner=viewer).delete()


START = """
import json, os, re, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")
import django
django.setup()
def peak():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
before = peak()
start = time.perf_counter()
"""
# The portal: the job as the worker runs it (its runner, its file written atomically).
PORTAL = (
    START
    + """
from jobs import registry
from jobs.models import Job, parameters_key
from jobs.running import job_run
from jobs.files import export_folder
params = {"format": sys.argv[2], "pegawai": "", "pengakses": "bench-readlog", "jenis": "",
          "dari": "", "sampai": ""}
job = Job.objects.create(owner_id=int(sys.argv[1]), kind="read_log_export",
                         parameters=parameters_key(params), title="bench")
job_run(job.pk, registry.runner_for)
job.refresh_from_db()
assert job.status == "done", job.error
out = str(export_folder() / job.file_path)
print(before, peak(), time.perf_counter() - start, out)
"""
)
# The floor: the same rows by one raw cursor, written by the bare writer.
FLOOR = (
    START
    + """
from django.db import connection, transaction
sql = '''
SELECT e.at, e.viewer_username, u.first_name, u.last_name, e.viewer_role, e.kind, e.detail,
       p.nip, p.name, o.short_name, e.path, e.ip_address
FROM readlog_readsubject s
JOIN readlog_readevent e ON e.id = s.event_id
LEFT JOIN opd_user u ON u.id = e.viewer_id
LEFT JOIN opd_employee p ON p.id = s.employee_id
LEFT JOIN opd_unit t ON t.id = p.unit_id
LEFT JOIN opd_opd o ON o.id = t.opd_id
WHERE e.viewer_username ILIKE %s
ORDER BY s.event_id DESC, s.employee_id
'''
with transaction.atomic():
    cursor = connection.chunked_cursor()
    cursor.execute(sql, ["%" + sys.argv[1] + "%"])
    if sys.argv[2] == "csv":
        import csv
        with open(sys.argv[3], "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["h"] * 12)
            for row in cursor:
                writer.writerow(row)
    else:
        from openpyxl import Workbook
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Log akses")
        ws.append(["h"] * 12)
        for row in cursor:
            ws.append([row[0].replace(tzinfo=None), *row[1:11], str(row[11] or "")])
        wb.save(sys.argv[3])
print(before, peak(), time.perf_counter() - start, sys.argv[3])
"""
)


def _fresh(script: str, *args) -> tuple[int, int, float, str]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=os.environ,
        check=True,
        capture_output=True,
        text=True,
    )
    before, peak, seconds, out = done.stdout.split()[-4:]
    return int(peak), int(before), float(seconds), out
