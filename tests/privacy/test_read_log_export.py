"""The read access log's downloads: the search as .xlsx (to read) or .csv (for programs), made
as a background job, complete at 100,000 rows, and failing as a failed job, never a short file."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from jobs.models import Job, JobStatus
from jobs.services import job_retry
from opd.disclosure import ReadKind
from readlog.models import ReadEvent, ReadSubject
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

GONE = 987654321  # the id of an employee deleted since they were viewed


def export(client, fmt="xlsx", **search):
    """Start the download; (job, the file's bytes)."""
    response = client.post("/log-akses/unduh/", {**search, "format": fmt})
    job = Job.objects.order_by("-pk").first()
    assert response.status_code == 302 and response["Location"] == f"/unduhan/{job.pk}/"
    assert job.status == JobStatus.DONE, job.error
    download = client.get(f"/unduhan/{job.pk}/berkas/")
    return job, b"".join(download.streaming_content)


def csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def sheet_rows(data: bytes) -> list[list]:
    return (
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Log akses").to_python()
    )


@pytest.fixture
def reads(login, head_a, mayor, employee_a, unit_a):
    other = EmployeeFactory(unit=unit_a, name="Rudi Hartono")
    login(head_a).get(f"/pegawai/{other.nip}/")
    login(mayor).get(f"/pegawai/{employee_a.nip}/")
    return other


def test_the_xlsx_is_the_search_with_nips_as_text_and_times_as_dates(
    login, bkpsdm, reads, employee_a
):
    job, data = export(login(bkpsdm), pegawai=employee_a.nip)
    assert job.params["pegawai"] == employee_a.nip and job.kind == "read_log_export"
    assert job.file_name.startswith("log-akses-data-pribadi-") and job.file_name.endswith(".xlsx")
    assert job.message == "Log akses selesai: 1 baris."
    rows = sheet_rows(data)
    assert rows[0][:3] == ["Waktu (WIB)", "Akun pengakses", "Nama pengakses"]
    assert len(rows) == 2
    at, viewer, *_ = rows[1]
    assert isinstance(at, datetime)  # a date cell, in the city's time
    event = ReadEvent.objects.get(viewer_username="walikota")
    assert at == timezone.localtime(event.at).replace(tzinfo=None, microsecond=0)  # to the second
    assert viewer == "walikota" and rows[1][4] == "Profil pegawai"
    assert rows[1][6] == employee_a.nip  # 18 digits of text, not 1.98E+17
    sheet = load_workbook(io.BytesIO(data))["Log akses"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:K2"
    assert sheet["A2"].number_format.startswith("[$-421]")
    assert sheet["G2"].data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_csv_quotes_every_field_so_a_nip_stays_text(login, bkpsdm, reads, employee_a):
    job, data = export(login(bkpsdm), "csv", pegawai=employee_a.nip)
    assert job.file_name.endswith(".csv")
    rows = csv_rows(data)
    assert rows[0][0] == "Waktu (WIB)" and len(rows) == 2
    assert rows[1][1] == "walikota" and rows[1][6] == employee_a.nip
    assert f'"{employee_a.nip}"' in data.decode()
    assert data.decode().splitlines()[1].startswith('"')  # every field in double quotes


def test_text_that_a_spreadsheet_would_run_is_defused_in_both_files(login, bkpsdm, unit_a):
    viewer = UserFactory(username="=cmd|calc", role="head", opd=unit_a.opd)
    login(viewer).get(f"/pegawai/{EmployeeFactory(unit=unit_a).nip}/")
    client = login(bkpsdm)
    _, data = export(client, "csv")
    assert '"\'=cmd|calc"' in data.decode()
    _, data = export(client, "xlsx")
    sheet = load_workbook(io.BytesIO(data))["Log akses"]
    assert sheet["B2"].value == "=cmd|calc" and sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix


def test_bad_input_starts_nothing(login, bkpsdm):
    client = login(bkpsdm)
    response = client.post("/log-akses/unduh/", {"pegawai": "1234", "format": "xlsx"})
    assert response.status_code == 400
    assert "NIP terdiri dari 18 angka" in response.content.decode()
    response = client.post("/log-akses/unduh/", {"format": "xls"}, follow=True)
    assert "Pilih jenis berkas" in response.content.decode()
    response = client.post(
        "/log-akses/unduh/", {"pegawai": "é" * 150, "format": "csv"}, follow=True
    )
    assert "terlalu panjang" in response.content.decode()
    assert not Job.objects.exists()


def test_the_search_page_offers_both_files_for_the_same_search(login, bkpsdm):
    page = login(bkpsdm).get("/log-akses/", {"pengakses": "walikota"}).content.decode()
    assert 'action="/log-akses/unduh/"' in page
    assert '<input type="hidden" name="pengakses" value="walikota">' in page
    assert 'name="format" value="xlsx"' in page and 'name="format" value="csv"' in page


def test_a_failure_is_a_failed_job_with_its_message_and_no_file(login, bkpsdm, reads, settings):
    settings.WFA_EXPORT_DIR.parent.mkdir(parents=True, exist_ok=True)
    settings.WFA_EXPORT_DIR.write_text("not a folder")
    client = login(bkpsdm)
    client.post("/log-akses/unduh/", {"format": "csv"})
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.error
    assert "folder berkas unduhan" in job.error
    page = client.get(f"/unduhan/{job.pk}/").content.decode()
    assert "Coba lagi" in page and 'href="/unduhan/' not in page.split("Coba lagi")[0][-300:]
    assert client.get(f"/unduhan/{job.pk}/berkas/").status_code == 404


def test_an_account_no_longer_bkpsdm_gets_a_failed_job(login, bkpsdm, reads):
    login(bkpsdm).post("/log-akses/unduh/", {"format": "csv"})
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    bkpsdm.role = "employee"
    bkpsdm.save()
    job_retry(job=Job.objects.get())  # e.g. a retry queued before the role changed
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Akun Anda tidak lagi berwenang membaca log akses data pribadi."


def bulk_log(viewers, staff, *, events: int) -> int:
    """`events` events in bulk, each showing every one of `staff` (made one after the other):
    one INSERT ... SELECT of their cross product; some by a deleted account, one in 50 with a
    deleted employee too. Returns the rows of the log."""
    start = timezone.now() - timedelta(days=3)
    made = ReadEvent.objects.bulk_create(
        [
            ReadEvent(
                viewer=None if n % 97 == 0 else viewers[n % len(viewers)],
                viewer_username=viewers[n % len(viewers)].username,
                viewer_role="head",
                kind=ReadKind.PROFILE,
                detail=f"uji {n}",
                path=f"/pegawai/{n}/",
                ip_address="10.0.0.1",
                at=start + timedelta(seconds=n),
                subject_count=len(staff),
            )
            for n in range(events)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO readlog_readsubject (event_id, employee_id) "
            "SELECT e.id, p.id FROM readlog_readevent e CROSS JOIN opd_employee p "
            "WHERE p.id BETWEEN %s AND %s",
            [min(e.pk for e in staff), max(e.pk for e in staff)],
        )
    ReadSubject.objects.bulk_create(
        [ReadSubject(event_id=e.pk, employee_id=GONE) for n, e in enumerate(made) if n % 50 == 0]
    )
    return ReadSubject.objects.count()


@pytest.mark.slow
def test_a_log_of_100000_rows_downloads_whole(login, bkpsdm, unit_a, head_a):
    """The CSV at 100,000 rows (its .xlsx twin, written by the same chunks, is counted at this
    size by `make bench`, reports: openpyxl takes half a minute over it)."""
    staff = EmployeeFactory.create_batch(100, unit=unit_a)
    total = bulk_log([head_a, bkpsdm], staff, events=1000)
    assert total == 100_020
    job, data = export(login(bkpsdm), "csv")
    rows = csv_rows(data)
    assert len(rows) - 1 == ReadSubject.objects.count()  # every row, the header apart
    assert job.done == job.total == total and job.message == "Log akses selesai: 100.020 baris."
    assert len({tuple(row) for row in rows[1:]}) == total  # none twice
    assert sum(row[6].startswith("(pegawai terhapus") for row in rows) == 20  # one in 50 events
    times = [row[0] for row in rows[1:]]
    assert times == sorted(times, reverse=True)  # newest first, as on the page
    assert {row[6] for row in rows[1:] if not row[6].startswith("(")} == {e.nip for e in staff}


def test_the_xlsx_holds_every_row_across_chunks_in_the_pages_order(login, bkpsdm, unit_a, head_a):
    staff = EmployeeFactory.create_batch(7, unit=unit_a)
    bulk_log([head_a], staff, events=357)  # 2,499 rows (and 8 of a deleted employee)
    client = login(bkpsdm)
    _, data = export(client, "xlsx")
    rows = sheet_rows(data)[1:]
    page = client.get("/log-akses/").content.decode()
    assert "2.507 catatan" in page or "2,507 catatan" in page
    assert len(rows) == 2_507 == ReadSubject.objects.count()  # three chunks of 1,000 and a rest
    assert all(isinstance(row[0], datetime) for row in rows)
    assert [row[0] for row in rows] == sorted((row[0] for row in rows), reverse=True)
    assert rows[0][5] == "uji 356" and rows[-1][5] == "uji 0"


@pytest.mark.parametrize("count", [1, 50])
def test_the_export_runs_a_fixed_number_of_queries(
    login, bkpsdm, head_a, unit_a, count, django_assert_num_queries
):
    staff = EmployeeFactory.create_batch(count, unit=unit_a)
    bulk_log([head_a], staff, events=3)
    client = login(bkpsdm)
    # The request: session, user, the unfinished same request (the stalled reap, then the look
    # for it), savepoint, the job, savepoint release, the task row. The job (run at once in
    # tests): claim, fetch, attempts; the owner's check; newest event, count, progress; one chunk
    # of rows with their events and viewers, its employees with units and OPDs, progress; finish,
    # and the purge's reap, expired jobs, delete.
    with django_assert_num_queries(22) as captured:
        client.post("/log-akses/unduh/", {"format": "xlsx"})
    assert Job.objects.get().status == JobStatus.DONE
    statements = " ".join(q["sql"] for q in captured.captured_queries)
    assert statements.count(" IN (") <= 3  # the chunk's employees, the purge
