"""Reports figures (issues 5 and 13): the city's workbook and PDF, a plan PDF (the dashboards are
tests/bench/dashboards.py).

A bench window with Lebaran 2025's five days is created for the run and dropped after it, with a
realistic plan (about 45% of eligible staff outside essential units remote each day, 10% inside),
check-ins for 80% of staff and reports for 60% on the first day, and some public feedback. Rows are
bulk-created and removed with plain DELETEs (no history rows), so every run measures the same.

The city workbook and PDF are measured as the task worker makes them, each in a fresh process
(wall time of the work, and peak RSS: the whole process, Python, Django, the database driver and
the library together), against a raw floor measured in the same run and the same way: a process
that writes the same shape with the library alone from data already in memory. tracemalloc's peak
(what Python allocated while the workbook was written) is given too.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from io import BytesIO
from pathlib import Path

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from attendance.models import CheckIn, DailyReport, ServiceFeedback
from opd.models import Employee, Opd, Unit
from reports.documents.workbook import write_workbook
from schedules.models import Assignment, FlexWindow, Mode, WindowDay

BENCH_WINDOW = "bench-rekap"
DATES = [date(2025, 3, 24), date(2025, 3, 25), date(2025, 3, 26), date(2025, 3, 27)]
DATES.append(date(2025, 4, 8))
BATCH = 5000
ROOT = Path(__file__).resolve().parents[2]


def run(rec, *, timed, ms):
    _clean()
    window = FlexWindow.objects.create(slug=BENCH_WINDOW, name="Bench rekap", legal_basis="bench")
    days = WindowDay.objects.bulk_create([WindowDay(window=window, date=d) for d in DATES])
    try:
        _seed(rec, window, days)
        _workbook(rec, ms, window)
    finally:
        _clean()


def _seed(rec, window, days):
    start = time.perf_counter()
    now = timezone.now()
    staff = list(
        Employee.objects.active()
        .filter(restrictions__isnull=True)
        .values_list("pk", "unit__service_category")
    )
    remote = []
    for pk, category in staff:
        for i, day in enumerate(days):
            slot = (pk + i) % 20
            away = slot < 9 if category == "none" else slot < 2
            if away:
                wfa = slot % 3 == 0
                remote.append(
                    Assignment(
                        employee_id=pk,
                        day=day,
                        mode=Mode.WFA if wfa else Mode.WFH,
                        wfa_place="Lahat, rumah orang tua" if wfa else "",
                    )
                )
    Assignment.objects.bulk_create(remote, batch_size=BATCH)
    first = days[0]
    CheckIn.objects.bulk_create(
        (
            CheckIn(employee_id=pk, day=first, planned_mode="WFO", mode="WFO", checked_in_at=now)
            for pk, _, _ in staff
            if pk % 10 < 8
        ),
        batch_size=BATCH,
    )
    DailyReport.objects.bulk_create(
        (
            DailyReport(employee_id=pk, day=first, mode="WFO", submitted_at=now)
            for pk, _, _ in staff
            if pk % 10 < 6
        ),
        batch_size=BATCH,
    )
    units = Unit.objects.essential().values_list("pk", flat=True)
    ServiceFeedback.objects.bulk_create(
        ServiceFeedback(unit_id=u, window=window, rating=1 + (u + n) % 5)
        for u in units
        for n in range(3)
    )
    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would give them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rec.add(
        "reports: bench plan",
        f"{len(remote):,} remote cells of {len(staff) * len(days):,}, "
        f"{time.perf_counter() - start:.1f} s to create; load average {_load()}",
    )


def _workbook(rec, ms, window):
    """The city workbook and PDF as the task worker makes them, each in a fresh process (wall
    time and peak RSS), against a raw floor measured in the same run: a fresh process (Django
    started the same way) that writes the same shape with nothing but the library, from data
    already in memory: every OPD's sheet with as many rows of plain strings (openpyxl
    write-only), or the same table with plain cells (fpdf2)."""
    staff = Employee.objects.active().count()
    shape = list(
        Opd.objects.annotate(
            n=Count("units__employees", filter=Q(units__employees__is_active=True))
        )
        .order_by("name")
        .values_list("n", flat=True)
    )
    days = window.days.count()
    with tempfile.TemporaryDirectory() as folder:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        write_workbook(Path(folder) / "rekap.xlsx", window=window)
        peak = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
        out = Path(folder) / "rekap-cli.xlsx"
        rss, started, wall = _fresh_process_peak(CHILD, window.slug, str(out))
        size = out.stat().st_size
        floor_rss, _, floor_wall = _fresh_process_peak(
            FLOOR_XLSX, str(Path(folder) / "floor.xlsx"), json.dumps(shape), str(days)
        )
        pdf_rss, _, pdf_wall = _fresh_process_peak(
            CHILD_PDF, window.slug, str(Path(folder) / "kota.pdf")
        )
        pdf_floor_rss, _, pdf_floor_wall = _fresh_process_peak(
            FLOOR_PDF, str(Path(folder) / "floor.pdf"), str(len(shape)), str(days)
        )
    rec.add(
        "city workbook (job)",
        f"{wall:.1f} s, peak RSS {rss / 1024:.0f} MB ({started / 1024:.0f} MB after Django "
        f"start-up), {size / 1024 / 1024:.1f} MB, {staff:,} staff; raw openpyxl floor "
        f"{floor_wall:.1f} s, {floor_rss / 1024:.0f} MB: x{wall / floor_wall:.2f} time, "
        f"x{rss / floor_rss:.2f} memory; load average {_load()}",
        "< 1.5x floor time, < 100 MB at 100k",
        seconds=wall,
        rss_kb=rss,
        floor_seconds=floor_wall,
        floor_rss_kb=floor_rss,
        bytes=size,
    )
    rec.add(
        "city workbook memory (tracemalloc)",
        f"tracemalloc peak {peak / 1024 / 1024:.0f} MB",
        tracemalloc_bytes=peak,
    )
    rec.add(
        "city PDF (job)",
        f"{pdf_wall:.1f} s, peak RSS {pdf_rss / 1024:.0f} MB; raw fpdf2 floor "
        f"{pdf_floor_wall:.1f} s, {pdf_floor_rss / 1024:.0f} MB: x{pdf_wall / pdf_floor_wall:.2f} "
        f"time, x{pdf_rss / pdf_floor_rss:.2f} memory",
        "",
        seconds=pdf_wall,
        rss_kb=pdf_rss,
        floor_seconds=pdf_floor_wall,
        floor_rss_kb=pdf_floor_rss,
    )
    _plan_pdf(rec, window)


def _plan_pdf(rec, window):
    """The largest OPD's plan PDF: the work of its background job (an OPD this large is a job;
    smaller ones run the same function at once)."""
    from reports.documents import pdf

    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    out = BytesIO()
    start = time.perf_counter()
    pdf.write_plan_pdf(out, window=window, opd=largest)
    seconds = time.perf_counter() - start
    rec.add(
        "plan PDF, largest OPD (job)",
        f"{seconds:.1f} s, {len(out.getvalue()) / 1024:.0f} KB ({largest.short_name}, "
        f"{largest.n:,} staff)",
        "",
        seconds=seconds,
        bytes=len(out.getvalue()),
    )


# VmHWM is the peak resident set of this process image: unlike getrusage's ru_maxrss it does not
# carry over the parent's peak across fork and exec. Each child starts Django the same way, so
# the floors and the exports differ only in what they write.
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
DONE = """
print(before, peak(), time.perf_counter() - start)
"""
CHILD = (
    START
    + """
from django.core.management import call_command
call_command("export_workbook", "--window", sys.argv[1], "--out", sys.argv[2])
"""
    + DONE
)
CHILD_PDF = (
    START
    + """
from django.core.management import call_command
call_command("export_pdf", "--window", sys.argv[1], "--out", sys.argv[2])
"""
    + DONE
)
FLOOR_XLSX = (
    START
    + """
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import PatternFill
shape, days = json.loads(sys.argv[2]), int(sys.argv[3])
wb = Workbook(write_only=True)
for index, rows in enumerate(shape):
    ws = wb.create_sheet(f"OPD {index}")
    # The same cells as the workbook's: NIP as a text-formatted cell, a mode per day in its colour.
    nip = WriteOnlyCell(ws, value="")
    nip.number_format = "@"
    mode = WriteOnlyCell(ws, value="WFO")
    mode.fill = PatternFill("solid", fgColor="D1E7DD")
    for n in range(rows):
        nip.value = f"{n:018d}"
        ws.append([nip, f"Nama Pegawai {n}", "Pengadministrasi Perkantoran",
                   "Bidang Pelayanan", *([mode] * days)])
wb.save(sys.argv[1])
"""
    + DONE
)
FLOOR_PDF = (
    START
    + """
from fpdf import FPDF
opds, days = int(sys.argv[2]), int(sys.argv[3])
pdf = FPDF(orientation="L", format="A4")
pdf.add_page()
pdf.set_font("Helvetica", size=8)
for n in range(opds + days):
    for column in range(3 + days):
        pdf.cell(260 / (3 + days), 4.6, f"Sel {n}-{column}", border=1)
    pdf.ln(4.6)
pdf.output(sys.argv[1])
"""
    + DONE
)


def _fresh_process_peak(script: str, *args) -> tuple[int, int, float]:
    """Peak resident memory (KB) of a fresh process running `script`, the same after Django's
    start-up alone, and the time of its work (start-up excluded)."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=os.environ,
        check=True,
        capture_output=True,
        text=True,
    )
    before, peak, seconds = done.stdout.split()[-3:]
    return int(peak), int(before), float(seconds)


def _load() -> str:
    """The machine's 1-minute load average: other work on it slows every figure here."""
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def _clean():
    """Drop the bench window and everything hanging on it, without history rows."""
    window = FlexWindow.objects.filter(slug=BENCH_WINDOW).first()
    if window is None:
        return
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
