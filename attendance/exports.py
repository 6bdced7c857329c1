"""The citizens' feedback and the daily reports under review as .xlsx lists to read.

The same rows as the list pages, with their filters, one sheet each (common/xlsx_list.py: NIP as
text, dates and times as date cells, ratings and counts as numbers, header frozen with filters).
They are written whole to a temporary file before the response begins: a failure is an error
page, never a short file. The rows stream from the database in chunks (the reports' outputs are
prefetched per chunk of ids), so the number of queries does not grow with the rows' count.
"""

from tempfile import SpooledTemporaryFile

from django.http import FileResponse
from django.utils import timezone

from common.xlsx_list import CONTENT_TYPE, Column, write_list

CHUNK = 500
IN_MEMORY_BYTES = 8 * 1024 * 1024  # a bigger file spills to disk


def download(*, name: str, **list_arguments) -> FileResponse:
    """`write_list(**list_arguments)` as an attachment named `name`-<date>.xlsx."""
    out = SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - FileResponse closes it
    write_list(out, **list_arguments)
    out.seek(0)
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)


def feedback_download(feedback, *, show_contact: bool) -> FileResponse:
    """The feedback list (already filtered and scoped), newest first; the contact column only
    for readers who may see it."""
    columns = [
        Column("Waktu", 20, "datetime"),
        Column("Periode", 24),
        Column("OPD", 14),
        Column("Layanan", 30),
        Column("Nilai (1-5)", 8, "number"),
        Column("Komentar", 50),
        Column("Lewat kode QR", 9),
    ]
    fields = ["created_at", "window__name", "unit__opd__short_name", "unit__name", "rating"]
    fields += ["comment", "via_qr"]
    if show_contact:
        columns.append(Column("Kontak", 24))
        fields.append("contact")
    rows = (
        [*row[:6], "Ya" if row[6] else "Tidak", *row[7:]]
        for row in feedback.order_by("-created_at", "-pk")
        .values_list(*fields)
        .iterator(chunk_size=CHUNK)
    )
    return download(
        name="masukan-masyarakat",
        sheet="Masukan",
        title="Masukan masyarakat",
        columns=columns,
        rows=rows,
    )


REPORT_COLUMNS = [
    Column("Hari", 24, "date"),
    Column("NIP", 20),
    Column("Nama", 28),
    Column("Unit", 24),
    Column("OPD", 12),
    Column("Mode", 6),
    Column("Status", 18),
    Column("Dikirim", 20, "datetime"),
    Column("Diperiksa", 20, "datetime"),
    Column("Catatan pemeriksa", 30),
    Column("Jumlah keluaran", 9, "number"),
    Column("Keluaran", 50),
    Column("Tautan bukti", 30),
]


def reports_download(reports) -> FileResponse:
    """The review queue's reports (already filtered, scoped and ordered), every one of them."""
    rows = (
        _report_row(report)
        for report in reports.select_related("employee__unit__opd", "day")
        .prefetch_related("items")
        .iterator(chunk_size=CHUNK)
    )
    return download(
        name="laporan-kerja-harian",
        sheet="Laporan",
        title="Laporan kerja harian",
        columns=REPORT_COLUMNS,
        rows=rows,
    )


def _report_row(report) -> list:
    employee, items = report.employee, list(report.items.all())
    outputs = "; ".join(
        f"{item.description} ({_number(item.quantity)} {item.unit_of_measure})" for item in items
    )
    return [
        report.day.date,
        employee.nip,
        employee.name,
        employee.unit.name,
        employee.unit.opd.short_name,
        report.mode,
        report.get_status_display(),
        report.submitted_at,
        report.reviewed_at,
        report.review_comment,
        len(items),
        outputs,
        " ".join(item.evidence_url for item in items if item.evidence_url),
    ]


def _number(value) -> str:
    """2,5 and 23,5 as Indonesians write them; 3 for 3.00."""
    text = f"{value.normalize():f}" if value is not None else ""
    return text.replace(".", ",")
