"""Laporan mingguan: the employee's week and the head's week of the OPD, its workbook, and the
evaluation pack counting the same figures."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from python_calamine import CalamineWorkbook

from attendance import weekly
from attendance.models import OutputItem, ReportStatus
from jobs.models import Job, JobStatus
from opd.models import PositionType
from schedules.models import Mode
from targets.models import ActionPlan
from tests.attendance.conftest import make_check_in, make_report
from tests.conftest import BELL, READ_LOG
from tests.factories import EmployeeFactory, UnitFactory, WindowDayFactory
from tests.reports.test_pdf_readers import tool

WEEK = "/laporan/mingguan/"
OPD_WEEK = "/laporan/mingguan/opd/"


@pytest.fixture
def week_days(today_window):
    """Monday to Wednesday of the fixed clock's week (25 November 2026 is a Wednesday)."""
    monday = weekly.week_of(date(2026, 11, 25))
    return [WindowDayFactory(window=today_window, date=monday + timedelta(n)) for n in range(3)]


@pytest.fixture
def nurse_week(employee_a, week_days, approved_target):
    """The nurse's week: three reports (accepted, returned, waiting), outputs on a plan."""
    imunisasi = approved_target.plans.get(text="Melayani imunisasi anak")
    statuses = [ReportStatus.ACCEPTED, ReportStatus.RETURNED, ReportStatus.SUBMITTED]
    for day, status in zip(week_days, statuses, strict=True):
        report = make_report(employee_a, day, status=status, items=1)
        OutputItem.objects.create(
            report=report,
            description="Imunisasi",
            quantity=10,
            unit_of_measure="anak",
            action_plan=imunisasi,
        )
    make_check_in(employee_a, week_days[0], mode=Mode.WFO, planned=Mode.WFO)
    make_check_in(employee_a, week_days[1], mode=Mode.WFH, planned=Mode.WFO)
    return imunisasi


def test_the_employee_sees_the_weeks_progress_against_each_plan(login, employee_user, nurse_week):
    page = login(employee_user).get(WEEK).content.decode()
    assert "23 Nov – 29 Nov 2026" in page
    # 10 accepted (Monday) of 500; this week 20 (Monday and Wednesday, the returned one left out)
    assert (
        "Minggu ini <strong>20</strong> anak · diterima s.d. minggu ini "
        "<strong>10</strong> dari 500 (2%)" in page
    )
    progress = weekly.employee_plans(employee_user.employee_id, date(2026, 11, 23))
    assert [(p.plan.text, p.week, p.accepted_to_date) for p in progress][0] == (
        "Melayani imunisasi anak",
        Decimal(20),
        Decimal(10),
    )
    figures = weekly.activity(
        weekly.week_dates(date(2026, 11, 23)), by="employee", pk=employee_user.employee_id
    )
    mine = figures[employee_user.employee_id]
    assert (mine["reports_filed"], mine["reports_accepted"], mine["reports_returned"]) == (3, 1, 1)
    assert (mine["outputs"], mine["outputs_on_plan"], mine["plans_moved"]) == (6, 3, 1)
    assert (mine["checked_in"], mine["as_planned"]) == (2, 1)


def test_the_head_reviews_the_week_per_unit_and_employee(
    login, head_a, nurse_week, unit_a, employee_a
):
    other_unit = UnitFactory(opd=unit_a.opd, name="Bidang Pelayanan", code="yankes")
    EmployeeFactory(unit=other_unit, name="Budi")
    page = login(head_a).get(OPD_WEEK, {"minggu": "2026-11-26"}).content.decode()
    assert "23 November – 29 November 2026" in page
    assert "Siti Aminah" in page and "Budi" in page and "Bidang Pelayanan" in page
    week = weekly.opd_week(unit_a.opd, date(2026, 11, 23))
    assert week.total["reports_filed"] == 3 and week.total["plans"] == 2
    assert [u.unit.name for u in week.units] == ["Bidang Pelayanan", "Puskesmas Makrayu"]


def test_another_opds_week_is_a_404(login, head_b, nurse_week, opd_a):
    assert login(head_b).get(OPD_WEEK, {"opd": opd_a.code}).status_code == 404
    assert login(head_b).get("/laporan/mingguan/opd.xlsx", {"opd": opd_a.code}).status_code == 404


def test_a_malformed_week_is_this_week(login, head_a, nurse_week):
    page = login(head_a).get(OPD_WEEK, {"minggu": "kemarin"}).content.decode()
    assert "23 November – 29 November 2026" in page


def test_the_week_workbook_reads_back(login, head_a, nurse_week, opd_a):
    response = login(head_a).get("/laporan/mingguan/opd.xlsx", {"minggu": "2026-11-23"})
    assert response["Content-Disposition"].endswith('laporan-mingguan-dinkes-2026-11-23.xlsx"')
    rows = (
        CalamineWorkbook.from_filelike(BytesIO(response.content)).get_sheet_by_index(0).to_python()
    )
    assert rows[0][0] == "Laporan mingguan Dinas Kesehatan"
    assert rows[3][:4] == ["Unit", "Pegawai", "NIP", "Laporan dikirim"]
    assert rows[4][:3] == [
        "Puskesmas Makrayu",
        "Siti Aminah, S.Kep.",
        nurse_week.target.employee.nip,
    ]
    assert rows[4][3:] == [3, 1, 1, 6, 3, 1, 2, 2, 1]
    assert rows[-1][0] == "Jumlah Dinkes" and rows[-1][3] == 3


@pytest.mark.pdftools
def test_the_week_pdf_reads_back_whole_with_the_heads_signature_block(
    login, head_a, nurse_week, opd_a, unit_a, tmp_path
):
    head = EmployeeFactory(
        unit=unit_a, position_type=PositionType.JPT, position_name="Kepala Dinas Kesehatan"
    )
    response = login(head_a).get("/laporan/mingguan/opd.pdf", {"minggu": "2026-11-23"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('laporan-mingguan-dinkes-2026-11-23.pdf"')
    path = tmp_path / "week.pdf"
    path.write_bytes(response.content)
    text = tool("pdftotext", "-layout", str(path), "-")
    assert "Laporan mingguan Dinas Kesehatan" in text
    nurse = nurse_week.target.employee
    line = next(x for x in text.splitlines() if nurse.nip in x)  # the 18 digits whole
    assert "Siti Aminah" in line
    assert line.split()[-9:] == ["3", "1", "1", "6", "3", "1", "2", "2", "1"]
    assert "Jumlah Dinkes" in text and "Jumlah Puskesmas Makrayu" in text
    assert "Mengetahui," in text and head.name in text and f"NIP {head.nip}" in text
    fonts = tool("pdffonts", str(path))
    assert "DejaVuSansCondensed" in fonts and " no " not in fonts.split("\n", 2)[-1]


def test_another_opds_week_pdf_is_a_404(login, head_b, nurse_week, opd_a):
    response = login(head_b).get("/laporan/mingguan/opd.pdf", {"opd": opd_a.code})
    assert response.status_code == 404


def test_a_large_opds_week_pdf_is_made_in_the_background(
    login, head_a, nurse_week, opd_a, settings
):
    settings.WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF = 0
    client = login(head_a)
    page = client.get("/laporan/mingguan/opd.pdf", {"minggu": "2026-11-23"})
    assert page.status_code == 200 and "dibuat di latar belakang" in page.content.decode()
    assert not Job.objects.exists()  # a GET starts nothing
    response = client.post(
        "/laporan/mingguan/opd.pdf?opd=dinkes&minggu=2026-11-23", {"opd": opd_a.code}
    )
    job = Job.objects.get()
    assert response["Location"] == f"/unduhan/{job.pk}/"
    assert (job.kind, job.status, job.params) == (
        "week_pdf",
        JobStatus.DONE,
        {"opd": opd_a.code, "monday": "2026-11-23"},
    )
    download = client.get(f"/unduhan/{job.pk}/berkas/")
    data = b"".join(download.streaming_content) if download.streaming else download.content
    assert data.startswith(b"%PDF") and len(data) > 10_000


def test_a_forged_week_pdf_job_for_another_opd_is_refused(login, head_b, opd_a, settings):
    settings.WFA_PLAN_PDF_IMMEDIATE_MAX_STAFF = 0
    response = login(head_b).post("/laporan/mingguan/opd.pdf", {"opd": opd_a.code})
    assert response.status_code == 404 and not Job.objects.exists()


@pytest.mark.parametrize("count", [1, 30])
def test_the_week_pdf_has_a_fixed_number_of_queries(
    login, head_a, unit_a, week_days, count, django_assert_num_queries
):
    for _ in range(count):
        make_report(EmployeeFactory(unit=unit_a), week_days[0], items=2)
    client = login(head_a)
    # as the workbook, the staff count (a large OPD's PDF is a job), the head's name
    with django_assert_num_queries(10 + READ_LOG):
        response = client.get("/laporan/mingguan/opd.pdf")
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("count", [1, 30])
def test_the_weeks_page_has_a_fixed_number_of_queries(
    login, head_a, unit_a, week_days, count, django_assert_num_queries
):
    for _ in range(count):
        employee = EmployeeFactory(unit=unit_a)
        make_report(employee, week_days[0], items=2)
        make_check_in(employee, week_days[0])
    client = login(head_a)
    # session, user, the OPD, the head's OPD (navigation bar), staff, reports, outputs,
    # check-ins, approved plans; the bell; the read log
    with django_assert_num_queries(9 + BELL + READ_LOG):
        client.get(OPD_WEEK)


@pytest.mark.parametrize("count", [1, 30])
def test_the_week_workbook_has_a_fixed_number_of_queries(
    login, head_a, unit_a, week_days, count, django_assert_num_queries
):
    for _ in range(count):
        make_report(EmployeeFactory(unit=unit_a), week_days[0], items=2)
    client = login(head_a)
    # session, user, the OPD, staff, reports, outputs, check-ins, approved plans; the read log
    with django_assert_num_queries(8 + READ_LOG):
        client.get("/laporan/mingguan/opd.xlsx")


def test_the_evaluation_pack_counts_the_same_figures(nurse_week, unit_a, week_days):
    from evaluations.figures import _period

    dates = [d.date for d in week_days]
    pack = _period(dates, [unit_a.pk])[unit_a.pk]
    week = weekly.activity(dates, by="unit", unit__in=[unit_a.pk])[unit_a.pk]
    assert {k: pack[k] for k in weekly.KEYS} == week
    assert pack["outputs_on_plan"] == 3 and pack["reports_returned"] == 1


def test_plans_of_other_years_and_other_people_do_not_count(employee_a, nurse_week, unit_a):
    other = EmployeeFactory(unit=unit_a)
    assert weekly.employee_plans(other.pk, date(2026, 11, 23)) == []
    assert weekly.employee_plans(employee_a.pk, date(2025, 11, 24)) == []
    assert ActionPlan.objects.usable_by_opd(unit_a.opd, 2026).count() == 2


def test_a_large_opd_shows_unit_totals_and_one_units_staff_on_request(
    login, head_a, nurse_week, unit_a, settings, monkeypatch
):
    from attendance.views import weekly as views

    monkeypatch.setattr(views, "WEEK_ROWS", 0)
    other = UnitFactory(opd=unit_a.opd, name="Bidang Pelayanan", code="yankes")
    EmployeeFactory(unit=other, name="Budi Santoso")
    client = login(head_a)
    page = client.get(OPD_WEEK).content.decode()
    assert "Siti Aminah" not in page and "Budi Santoso" not in page
    assert "lihat 1 pegawai" in page and "Puskesmas Makrayu" in page
    page = client.get(OPD_WEEK, {"unit": unit_a.code}).content.decode()
    assert "Siti Aminah" in page and "Budi Santoso" not in page
