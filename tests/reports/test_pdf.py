"""PDF documents: an OPD's plan (at once) and the city summary (a job, and `export_pdf`). They
open in a PDF reader (pypdf) and hold the NIPs, names and dates as text."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from jobs.models import Job, JobStatus
from opd.models import UnitKind
from reports.documents.exports import PLAN_PDF
from reports.documents.pdf import write_city_pdf
from schedules.models import Mode, Plan, PlanStatus
from tests.conftest import READ_LOG
from tests.factories import EmployeeFactory, OpdFactory, UnitFactory
from tests.reports.conftest import assign, head_employee, more_opds

WIB = ZoneInfo("Asia/Jakarta")


def text_of(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_of(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.fixture
def approved(staff, days, window, opd_a, unit_a, head_a):
    assign(staff["perawat"][1], days[0], Mode.WFH)
    assign(staff["staf"][0], days[1], Mode.WFA, "Prabumulih")
    head_employee(opd_a, unit_a)
    Plan.objects.create(
        opd=opd_a,
        window=window,
        status=PlanStatus.APPROVED,
        acted_by=head_a,
        acted_at=datetime(2025, 3, 20, 14, 5, tzinfo=WIB),
    )
    return staff


def test_a_head_downloads_the_plan_of_their_opd_as_pdf(login, head_a, window, approved):
    response = login(head_a).get(f"/rekap/{window.slug}/dinkes.pdf")
    assert response["Content-Disposition"] == (
        'attachment; filename="rencana-wfa-lebaran-2025-dinkes.pdf"'
    )
    text = text_of(pdf_of(response))
    assert "Rencana kerja fleksibel Dinas Kesehatan" in text
    assert "DISETUJUI oleh Kepala Dinkes pada 20 Maret 2025 pukul 14.05 WIB." in text
    for employee in [approved["dokter"], *approved["perawat"], *approved["staf"]]:
        assert employee.nip in text and employee.name in text  # NIPs as text, all 18 digits
    assert approved["dishub"].nip not in text
    assert "Prabumulih" in text and "WFH" in text
    assert "Puskesmas Makrayu" in text and "Layanan esensial" in text  # coverage per unit
    assert "Mengetahui," in text and "Kepala Dinas Kesehatan" in text
    assert "Halaman 1 dari" in text and "Kerja fleksibel Lebaran 2025" in text


def test_a_long_plan_repeats_its_header_and_keeps_the_signature_with_the_table(
    login, bkpsdm, window, approved, unit_a
):
    EmployeeFactory.create_batch(120, unit=unit_a, position_name="Perawat")
    reader = PdfReader(BytesIO(pdf_of(login(bkpsdm).get(f"/rekap/{window.slug}/dinkes.pdf"))))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 3
    for page in pages[1:]:
        assert "NIP" in page and "Tempat WFA" in page  # the table's header again
    assert "Mengetahui," in pages[-1] and "Puskesmas Makrayu" in pages[-1]


def test_who_may_download_a_plan_pdf(login, head_b, employee_user, mayor, window, approved):
    assert login(head_b).get(f"/rekap/{window.slug}/dinkes.pdf").status_code == 404
    assert login(employee_user).get(f"/rekap/{window.slug}/dinkes.pdf").status_code == 403
    assert login(mayor).get(f"/rekap/{window.slug}/dinkes.pdf").status_code == 200
    assert login(mayor).get(f"/rekap/{window.slug}/tidak-ada.pdf").status_code == 404
    assert login(mayor).get("/rekap/tidak-ada/dinkes.pdf").status_code == 404


def test_export_pdf_writes_the_city_summary_and_a_plan(tmp_path, window, approved, capsys):
    out = tmp_path / "kota.pdf"
    call_command("export_pdf", "--window", window.slug, "--out", str(out))
    text = text_of(out.read_bytes())
    assert "Ringkasan kerja fleksibel Kota Palembang" in text
    assert "Dinas Kesehatan" in text and "Dinas Perhubungan" in text
    assert "Rencana OPD: Draf 1, Diajukan ke Kepala OPD 0" in text
    assert "Kepala BKPSDM Kota Palembang" in text
    assert "ditulis ke" in capsys.readouterr().out
    out = tmp_path / "dinkes.pdf"
    call_command("export_pdf", "--window", window.slug, "--opd", "dinkes", "--out", str(out))
    assert approved["dokter"].nip in text_of(out.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--window", "tidak-ada", "--out", "x.pdf"], "Periode 'tidak-ada' tidak ditemukan."),
        (["--window", "lebaran-2025", "--opd", "xyz", "--out", "x.pdf"], "OPD dengan kode 'xyz'"),
        (["--window", "lebaran-2025", "--out", "x.xlsx"], "harus berakhiran .pdf"),
    ],
)
def test_export_pdf_refuses_bad_arguments_with_2(tmp_path, window, staff, args, message):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    with pytest.raises(CommandError) as error:
        call_command("export_pdf", *args)
    assert error.value.returncode == 2 and message in str(error.value)
    assert list(tmp_path.iterdir()) == []


PLAN_PDF_QUERIES = 19 + 1 + READ_LOG  # session, user, window, the OPD, its staff counted (at
# once or as a job); days, units, staff, remote, away, coverage (5), plans; heads; staff with their
# remote days; the staff handed over and their read-log event


@pytest.mark.parametrize("extra", [0, 49])
def test_the_plan_pdf_runs_a_fixed_number_of_queries(
    login, head_a, window, approved, unit_a, extra, django_assert_num_queries
):
    EmployeeFactory.create_batch(extra, unit=unit_a)
    client = login(head_a)
    with django_assert_num_queries(PLAN_PDF_QUERIES):
        client.get(f"/rekap/{window.slug}/dinkes.pdf")


def test_the_plan_of_a_large_opd_is_made_by_a_background_job(
    login, head_a, head_b, window, approved, settings
):
    settings.WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF = len(approved["perawat"])  # Dinkes has more
    client = login(head_a)
    page = client.get(f"/rekap/{window.slug}/dinkes.pdf")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "PDF-nya dibuat di latar belakang" in page.content.decode()
    assert not Job.objects.exists()  # a GET asks, never starts
    response = client.post(f"/rekap/{window.slug}/dinkes.pdf")
    job = Job.objects.get()
    assert response["Location"] == f"/unduhan/{job.pk}/"
    assert (job.kind, job.status, job.owner) == (PLAN_PDF, JobStatus.DONE, head_a)
    download = client.get(f"/unduhan/{job.pk}/berkas/")
    assert download["Content-Disposition"] == (
        'attachment; filename="rencana-wfa-lebaran-2025-dinkes.pdf"'
    )
    text = text_of(b"".join(download.streaming_content))
    assert "DISETUJUI oleh Kepala Dinkes" in text and approved["dokter"].nip in text
    # Another OPD's head cannot ask for it (404, nothing queued); nor see this job's file.
    other = login(head_b)
    assert other.post(f"/rekap/{window.slug}/dinkes.pdf").status_code == 404
    assert other.get(f"/unduhan/{job.pk}/berkas/").status_code == 404
    assert Job.objects.count() == 1


CITY_PDF_QUERIES = 13  # window days, OPDs, units, staff, remote and away counted, coverage
# (rules, units, staff, remote and away by position), plans; the head of BKPSDM


@pytest.mark.parametrize("extra", [0, 20])
def test_the_city_pdf_runs_a_fixed_number_of_queries(
    window, approved, extra, django_assert_num_queries
):
    bkpsdm = OpdFactory(code="bkpsdm", name="Badan Kepegawaian dan Pengembangan SDM")
    head_employee(bkpsdm, UnitFactory(opd=bkpsdm, kind=UnitKind.SEKRETARIAT))
    more_opds(extra)
    with django_assert_num_queries(CITY_PDF_QUERIES):
        write_city_pdf(BytesIO(), window=window)
