"""Work-target fixtures: an approved target for the nurse (employee_a), workbooks built here."""

import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from targets.models import ActionPlan, TargetStatus, WorkTarget
from tests.attendance.conftest import today, today_window, yesterday  # noqa: F401

HEADERS = ["NIP", "Tahun", "RHK", "Rencana Aksi", "Target", "Satuan"]


@pytest.fixture
def approved_target(employee_a):
    target = WorkTarget.objects.create(
        employee=employee_a, year=timezone.localdate().year, status=TargetStatus.APPROVED
    )
    ActionPlan.objects.create(
        target=target,
        rhk="Terlaksananya pelayanan imunisasi",
        text="Melayani imunisasi anak",
        quantity=500,
        unit_of_measure="anak",
    )
    ActionPlan.objects.create(
        target=target,
        rhk="Tersusunnya laporan stok vaksin",
        text="Menyusun laporan stok vaksin",
        quantity=12,
        unit_of_measure="dokumen",
    )
    return target


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
