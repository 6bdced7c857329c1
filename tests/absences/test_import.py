"""BKPSDM imports absences from the pemda's leave system: a dry run first, bad rows refused with
the row and the reason, all or nothing, idempotent on employee + kind + dates; an import that
leaves an approved plan short sends it to "Perlu ditinjau"."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from absences.models import Absence, AbsenceStatus
from schedules.models import PlanStatus

pytestmark = pytest.mark.django_db

HEADER = ["NIP", "Jenis", "Tanggal mulai", "Tanggal selesai", "Nomor surat", "Keterangan"]


def xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["Ekspor sistem cuti"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("cuti.xlsx", out.getvalue())


def csv_file(rows) -> SimpleUploadedFile:
    lines = [";".join(HEADER)] + [";".join(str(c) for c in row) for row in rows]
    return SimpleUploadedFile("cuti.csv", "\n".join(lines).encode())


def check(client, upload):
    return client.post("/ketidakhadiran/impor/periksa/", {"file": upload})


def confirm(client, response):
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]
    return client.post("/ketidakhadiran/impor/konfirmasi/", {"token": token}, follow=True)


def test_a_clean_file_is_checked_then_recorded_and_a_second_time_changes_nothing(
    login, bkpsdm, puskesmas_staff
):
    nurse, doctor = puskesmas_staff["perawat"][0], puskesmas_staff["dokter"]
    rows = [
        [nurse.nip, "CT", "2025-03-31", "2025-04-02", "800/1/2025", ""],
        [doctor.nip, "Dinas luar", "24/03/2025", "24/03/2025", "SPT 094/7", ""],
    ]
    client = login(bkpsdm)
    dry = check(client, xlsx(rows))
    assert dry.status_code == 200 and not Absence.objects.exists()
    assert "Ketidakhadiran baru: <strong>2</strong>" in dry.content.decode()
    done = confirm(client, dry)
    assert "Impor selesai: 2 ketidakhadiran dicatat, 0 sudah ada." in done.content.decode()
    assert Absence.objects.filter(status=AbsenceStatus.APPROVED).count() == 2
    assert Absence.objects.get(kind="DL").history.count() == 1
    again = check(client, csv_file(rows))
    page = again.content.decode()
    assert "Sudah ada, dilewati: <strong>2</strong>" in page and 'name="token"' not in page
    assert Absence.objects.count() == 2


def test_bad_rows_are_refused_with_the_row_and_the_reason_and_nothing_is_written(
    login, bkpsdm, puskesmas_staff, employee_b, make_absence
):
    nurse = puskesmas_staff["perawat"][0]
    make_absence(nurse, __import__("datetime").date(2025, 4, 1))
    rows = [
        [puskesmas_staff["dokter"].nip, "CT", "2025-03-31", "2025-03-31", "", ""],
        ["12345", "CT", "2025-03-31", "2025-03-31", "", ""],
        [puskesmas_staff["bidan"].nip, "XX", "2025-03-31", "2025-03-31", "", ""],
        [puskesmas_staff["bidan"].nip, "CT", "31-31-2025", "2025-03-31", "", ""],
        [puskesmas_staff["bidan"].nip, "CT", "2025-04-02", "2025-03-31", "", ""],
        [puskesmas_staff["bidan"].nip, "LN", "2025-03-31", "2025-03-31", "", ""],
        [nurse.nip, "CS", "2025-03-31", "2025-04-01", "", ""],
        ["199001012020121999", "CT", "2025-03-31", "2025-03-31", "", ""],
        [puskesmas_staff["admin"][0].nip, "CT", "2025-03-31", "2025-03-31", "=HYPERLINK(1)", ""],
        [puskesmas_staff["dokter"].nip, "CT", "2025-03-31", "2025-03-31", "", ""],
    ]
    response = check(login(bkpsdm), xlsx(rows))
    page = response.content.decode()
    for expected in (
        "Baris 4: NIP harus 18 angka",
        "Baris 5: Jenis &#x27;XX&#x27; tidak dikenal",
        "Baris 6: Tanggal mulai tidak dikenali",
        "Baris 7: Tanggal selesai sebelum tanggal mulai.",
        "Baris 8: Jenis &#x27;Lainnya&#x27; wajib diberi keterangan.",
        "Baris 9: Tanggal ini bertabrakan dengan cuti tahunan",
        "Baris 10: NIP 199001012020121999 tidak ditemukan",
        "Baris 11: Nomor surat berisi rumus",
        "Baris 12: sama dengan baris 3.",
    ):
        assert expected in page, expected
    assert 'name="token"' not in page
    assert Absence.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("cuti.xlsx", b"PK\x03\x04 bukan zip"), "tidak dapat dibaca"),
        (SimpleUploadedFile("cuti.pdf", b"%PDF-1.4"), "Hanya berkas .xlsx atau .csv"),
        (SimpleUploadedFile("cuti.csv", b"NIP;Jenis\n1;CT"), "Tanggal mulai"),
        (SimpleUploadedFile("cuti.csv", b"\xff\xfeN\x00"), "UTF-8"),
    ],
)
def test_a_broken_file_is_refused_with_a_clear_message(login, bkpsdm, upload, message):
    response = check(login(bkpsdm), upload)
    assert response.status_code == 400 and message in response.content.decode()


def test_an_import_that_leaves_the_approved_plan_short_sends_it_to_review(
    login, bkpsdm, puskesmas_staff, approved, days
):
    nurse = puskesmas_staff["perawat"][2]
    client = login(bkpsdm)
    dry = check(client, xlsx([[nurse.nip, "DIK", "2025-03-24", "2025-03-24", "", ""]]))
    done = confirm(client, dry)
    assert "dikembalikan untuk ditinjau" in done.content.decode()
    approved.refresh_from_db()
    assert approved.status == PlanStatus.REVIEW and "Impor ketidakhadiran" in approved.note


def test_a_token_of_another_user_is_refused(login, bkpsdm, puskesmas_staff):
    from tests.factories import UserFactory

    nurse = puskesmas_staff["perawat"][0]
    dry = check(login(bkpsdm), xlsx([[nurse.nip, "CT", "2025-03-31", "2025-03-31", "", ""]]))
    token = re.search(r'name="token" value="([^"]+)"', dry.content.decode())[1]
    other = UserFactory(username="bkpsdm-2", role="bkpsdm")
    response = login(other).post("/ketidakhadiran/impor/konfirmasi/", {"token": token})
    assert response.status_code == 400 and not Absence.objects.exists()
