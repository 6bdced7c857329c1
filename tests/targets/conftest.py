"""Work-target fixtures: an approved target for the nurse (employee_a), workbooks built here."""

import io

from openpyxl import Workbook

from tests.attendance.conftest import today, today_window, yesterday  # noqa: F401
from tests.targets.fixtures import approved_target  # noqa: F401

HEADERS = ["NIP", "Tahun", "RHK", "Rencana Aksi", "Target", "Satuan"]


def workbook(rows, *, headers=HEADERS, title_rows=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in title_rows:
        ws.append(row)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data: bytes, name="target.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
