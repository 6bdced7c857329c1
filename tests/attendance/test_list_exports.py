"""The feedback list and the review queue as .xlsx lists to read: the page's filters and scope,
NIP as text, dates and times as date cells, numbers as numbers, header frozen with filters, no
formula; read back with python-calamine (as another program would) and openpyxl (the layout)."""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from attendance.models import ReportStatus, ServiceFeedback
from opd.disclosure import ReadKind
from readlog.models import ReadEvent, ReadSubject
from tests.attendance.conftest import make_report
from tests.conftest import READ_LOG
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

FEEDBACK = "/pantauan/masukan/unduh.xlsx"
REVIEW = "/laporan/pemeriksaan/unduh.xlsx"


def read(response, sheet: str) -> list[list]:
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()
    ws = load_workbook(io.BytesIO(data))[sheet]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    return rows


@pytest.fixture
def feedback(unit_a, damkar, window):
    ServiceFeedback.objects.create(
        unit=unit_a, window=window, rating=2, comment="=HYPERLINK(1)", contact="0811"
    )
    ServiceFeedback.objects.create(unit=damkar, window=window, rating=5, via_qr=True)


def test_the_feedback_list_downloads_with_its_filters_and_scope(
    login, bkpsdm, mayor, head_a, feedback, window
):
    response = login(bkpsdm).get(FEEDBACK)
    assert response["Content-Disposition"].startswith('attachment; filename="masukan-masyarakat-')
    rows = read(response, "Masukan")
    assert rows[0] == [
        "Waktu", "Periode", "OPD", "Layanan", "Nilai (1-5)", "Komentar", "Lewat kode QR", "Kontak"
    ]  # fmt: skip
    assert len(rows) == 3
    newest, oldest = rows[1], rows[2]
    assert isinstance(newest[0], datetime) and newest[4] == 5.0 and newest[6] == "Ya"
    assert oldest[5] == "=HYPERLINK(1)" and oldest[7] == "0811"  # typed text stays text
    assert oldest[1] == window.name
    rows = read(login(bkpsdm).get(FEEDBACK, {"nilai": "2"}), "Masukan")
    assert [r[4] for r in rows[1:]] == [2.0]
    rows = read(login(head_a).get(FEEDBACK), "Masukan")
    assert len(rows) == 2 and rows[1][3] == "Puskesmas Makrayu"  # their own units only
    rows = read(login(mayor).get(FEEDBACK), "Masukan")
    assert "Kontak" not in rows[0] and len(rows[0]) == 7  # the mayor's office reads no contacts


def test_the_review_queue_downloads_every_matching_report(login, head_a, unit_a, today, window):
    nurse = EmployeeFactory(unit=unit_a, name="Siti Nur’aini, S.Kep.", nip="198807012009032004")
    make_report(nurse, today, items=2)
    for i in range(30):  # more than a page of the queue (25)
        make_report(EmployeeFactory(unit=unit_a, name=f"Pegawai {i}"), today)
    make_report(EmployeeFactory(unit=unit_a), today, status=ReportStatus.ACCEPTED)
    client = login(head_a)
    rows = read(client.get(REVIEW), "Laporan")
    assert rows[0][:3] == ["Hari", "NIP", "Nama"]
    assert len(rows) == 32  # the 31 waiting, the accepted one left out as on the page
    siti = next(r for r in rows if r[2] == "Siti Nur’aini, S.Kep.")
    assert siti[1] == "198807012009032004"  # 18 digits of text
    assert isinstance(siti[0], date) and siti[0] == today.date
    assert isinstance(siti[7], datetime) and siti[8] == ""  # not yet reviewed
    assert siti[10] == 2.0 and siti[11] == "Keluaran 1 (1 dokumen); Keluaran 2 (1 dokumen)"
    rows = read(client.get(REVIEW, {"status": "semua", "q": "Siti"}), "Laporan")
    assert [r[2] for r in rows[1:]] == ["Siti Nur’aini, S.Kep."]
    event = ReadEvent.objects.filter(kind=ReadKind.EXPORT).latest("pk")
    assert list(ReadSubject.objects.filter(event=event).values_list("employee", flat=True)) == [
        nurse.pk
    ]


def test_the_queue_offers_its_download_with_the_filters(login, head_a, unit_a, today):
    make_report(EmployeeFactory(unit=unit_a), today)
    page = login(head_a).get("/laporan/pemeriksaan/", {"mode": "WFO"}).content.decode()
    assert f'href="{REVIEW}?mode=WFO"' in page and "Unduh 1 laporan ini (.xlsx)" in page


@pytest.mark.parametrize("count", [1, 50])
def test_the_feedback_download_runs_a_fixed_number_of_queries(
    login, bkpsdm, unit_a, window, count, django_assert_num_queries
):
    for i in range(count):
        ServiceFeedback.objects.create(unit=unit_a, window=window, rating=1 + i % 5)
    client = login(bkpsdm)
    # session, user, the window asked for (?periode), the OPDs in scope (?opd), the rows
    with django_assert_num_queries(5):
        assert client.get(FEEDBACK).status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_the_review_download_runs_a_fixed_number_of_queries(
    login, head_a, unit_a, today, count, django_assert_num_queries
):
    for i in range(count):
        make_report(EmployeeFactory(unit=unit_a, name=f"Pegawai {i}"), today, items=2)
    client = login(head_a)
    # session, user, the OPDs in scope, the OPD's units (filter), the authors (read log), the
    # reports with employees, units, OPDs and days, their outputs; then the read log's write
    with django_assert_num_queries(7 + READ_LOG):
        assert client.get(REVIEW).status_code == 200
