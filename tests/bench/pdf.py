"""PDF figures (#24): the plan PDF of the largest OPD and the city PDF, for a window as long as
Lebaran 2025's (24 March to 8 April: 16 days), each against a bare fpdf2 floor.

A bench window with those 16 days is created for the run and dropped after it, seeded and
cleaned by tests/bench/reports.py (about 45% of eligible staff outside essential units remote each
day, 10% inside). Each document is written by `manage.py export_pdf` in a fresh process (wall time
of the work, peak RSS), and so is its floor: a fresh process that writes the same rows (the same
strings, read from a file) as plain one-line cells of fixed width with fpdf2 alone, in the same
embedded font (the core fonts cannot print every name), without wrapping, sections or PDF/A. The
floor shows what fpdf2 costs for that much text; the ratio is what the layout adds.

    BENCH_ONLY=pdf make bench
"""

import json
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from django.db.models import Count, Q

from opd.models import Opd
from reports.documents.pdf import _opd_day_rows, _staff_mode_rows
from reports.documents.workbook import read_book
from schedules.models import FlexWindow, WindowDay
from tests.bench.reports import (
    BENCH_WINDOW,
    DONE,
    START,
    _clean,
    _fresh_process_peak,
    _load,
    _seed,
)

FIRST, LAST = date(2025, 3, 24), date(2025, 4, 8)


def run(rec, *, timed, ms):
    _clean()
    window = FlexWindow.objects.create(slug=BENCH_WINDOW, name="Bench PDF", legal_basis="bench")
    dates = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    days = WindowDay.objects.bulk_create([WindowDay(window=window, date=d) for d in dates])
    try:
        _seed(rec, window, days)
        largest = (
            Opd.objects.annotate(
                n=Count("units__employees", filter=Q(units__employees__is_active=True))
            )
            .order_by("-n")
            .first()
        )
        start = time.perf_counter()
        book = read_book(window=window, opd=largest)
        rows = list(_staff_mode_rows(largest, book.day_index))
        reads = time.perf_counter() - start
        _measure(
            rec,
            f"plan PDF, largest OPD, {len(days)} days",
            ["--opd", largest.code],
            rows,
            f"{largest.short_name}, {largest.n:,} staff",
            reads,
        )
        start = time.perf_counter()
        city = read_book(window=window)
        rows = list(_opd_day_rows(city, None))
        reads = time.perf_counter() - start
        _measure(rec, f"city PDF, {len(days)} days", [], rows, "", reads)
    finally:
        _clean()


def _measure(rec, name, args, rows, what, reads):
    """The document in a fresh process against its floor; `reads` is the time the document's
    queries took in this (warm) process, which the floor, given the rows, does not pay."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "document.pdf"
        rss, started, wall = _fresh_process_peak(CHILD, BENCH_WINDOW, str(out), *args)
        pages = _pages(out)
        size = out.stat().st_size
        data = Path(folder) / "rows.json"
        data.write_text(json.dumps([[str(v) for v in row] for row in rows]))
        floor_out = Path(folder) / "floor.pdf"
        floor_rss, _, floor_wall = _fresh_process_peak(FLOOR, str(data), str(floor_out))
        floor_pages = _pages(floor_out)
    rec.add(
        name,
        f"{wall:.1f} s (its queries {reads:.1f} s), peak RSS {rss / 1024:.0f} MB "
        f"({started / 1024:.0f} MB after Django start-up), {pages} pages, {size / 1024:.0f} KB"
        f"{', ' + what if what else ''}; bare fpdf2 floor {floor_wall:.1f} s, "
        f"{floor_rss / 1024:.0f} MB, {floor_pages} pages: x{wall / floor_wall:.2f} time, "
        f"x{rss / floor_rss:.2f} memory; load average {_load()}",
        "",
        seconds=wall,
        read_seconds=reads,
        rss_kb=rss,
        pages=pages,
        bytes=size,
        floor_seconds=floor_wall,
        floor_rss_kb=floor_rss,
    )


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


CHILD = (
    START
    + """
from django.core.management import call_command
call_command("export_pdf", "--window", sys.argv[1], "--out", sys.argv[2], *sys.argv[3:])
"""
    + DONE
)
FLOOR = (
    START
    + """
from fpdf import FPDF
from common.pdf import FONTS
rows = json.load(open(sys.argv[1]))
pdf = FPDF(orientation="L", format="A4")
pdf.add_font("DejaVu", "", FONTS / "DejaVuSansCondensed.ttf")
pdf.add_page()
pdf.set_font("DejaVu", size=8)
width = 277 / len(rows[0])
for row in rows:
    for value in row:
        pdf.cell(width, 4.6, value, border=1)
    pdf.ln(4.6)
pdf.output(sys.argv[2])
"""
    + DONE
)
