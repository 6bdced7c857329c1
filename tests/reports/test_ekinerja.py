"""The e-Kinerja daily-progress file, reopened with calamine: the layout's columns in order,
dates and times as the layout writes them, one row per output, nobody else's work."""

from datetime import date, datetime, time
from io import BytesIO

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from attendance.models import OutputItem, ReportStatus
from reports import ekinerja
from schedules.models import Mode
from tests.attendance.conftest import make_check_in, make_report
from tests.factories import EmployeeFactory, WindowDayFactory

MINE, OPD = "/laporan/ekinerja/saya.xlsx", "/laporan/ekinerja/opd.xlsx"
HEADERS = [
    "Rencana Aksi",
    "Tanggal",
    "Jam Mulai",
    "Jam Selesai",
    "Kegiatan Harian",
    "Realisasi",
    "Satuan",
    "Bukti Dukung",
]


def opd_file(client, **data):
    """Start the OPD's file (a job, run at once in the tests) and download it."""
    response = client.post(OPD, data)
    assert response.status_code == 302 and response["Location"].startswith("/unduhan/")
    download = client.get(response["Location"] + "berkas/")
    assert download.status_code == 200
    return b"".join(download.streaming_content)


def rows(response) -> list[list]:
    """The sheet's rows, from a response or from a file's bytes."""
    if not isinstance(response, bytes):
        assert response.status_code == 200, response.status_code
        response = response.content
    book = CalamineWorkbook.from_filelike(BytesIO(response))
    assert book.sheet_names == ["Progres Harian"]
    return book.get_sheet_by_index(0).to_python()


@pytest.fixture
def november(today_window, employee_a, approved_target, unit_a):
    """The nurse's November: two accepted days (three outputs), a returned day, a waiting day,
    and a colleague's accepted day; an accepted day of October."""
    plan = approved_target.plans.get(text="Melayani imunisasi anak")
    days = {
        key: WindowDayFactory(window=today_window, date=value)
        for key, value in {
            "3": date(2026, 11, 3),
            "4": date(2026, 11, 4),
            "5": date(2026, 11, 5),
            "6": date(2026, 11, 6),
            "oct": date(2026, 10, 30),
        }.items()
    }
    first = make_report(employee_a, days["3"], status=ReportStatus.ACCEPTED, items=0)
    OutputItem.objects.create(
        report=first,
        description="Imunisasi campak",
        quantity=14,
        unit_of_measure="anak",
        evidence_url="https://drive.example.go.id/foto",
        action_plan=plan,
        started_at=time(8, 0),
        ended_at=time(10, 30),
    )
    OutputItem.objects.create(
        report=first, description='=HYPERLINK("http://x")', quantity="2.5", unit_of_measure="jam"
    )
    second = make_report(employee_a, days["4"], status=ReportStatus.ACCEPTED, items=0)
    OutputItem.objects.create(
        report=second, description="Rapat", quantity=1, unit_of_measure="kali", action_plan=plan
    )
    check_in = make_check_in(employee_a, days["4"], mode=Mode.WFH, planned=Mode.WFH)
    check_in.checked_in_at = timezone.make_aware(datetime(2026, 11, 4, 7, 12))
    check_in.checked_out_at = timezone.make_aware(datetime(2026, 11, 4, 15, 45))
    check_in.save()
    make_report(employee_a, days["5"], status=ReportStatus.RETURNED)
    make_report(employee_a, days["6"], status=ReportStatus.SUBMITTED)
    make_report(employee_a, days["oct"], status=ReportStatus.ACCEPTED)
    make_report(
        EmployeeFactory(unit=unit_a, name="Rekan Kerja"), days["3"], status=ReportStatus.ACCEPTED
    )
    return days


def test_the_employees_own_month_in_the_layout(login, employee_user, november):
    sheet = rows(login(employee_user).get(MINE, {"bulan": "2026-11"}))
    assert sheet[0] == HEADERS
    assert sheet[1:] == [
        [
            "Melayani imunisasi anak",
            "03/11/2026",
            "08:00",
            "10:30",
            "Imunisasi campak",
            14,
            "anak",
            "https://drive.example.go.id/foto",
        ],
        # no plan, no times, no check-in: the layout's hours; a formula stays text
        ["", "03/11/2026", "07:30", "16:00", '=HYPERLINK("http://x")', 2.5, "jam", ""],
        # the day's check-in and check-out (WIB)
        ["Melayani imunisasi anak", "04/11/2026", "07:12", "15:45", "Rapat", 1, "kali", ""],
    ]


def test_the_formula_is_written_as_text(login, employee_user, november):
    from openpyxl import load_workbook

    response = login(employee_user).get(MINE, {"bulan": "2026-11"})
    cell = load_workbook(BytesIO(response.content)).active["E3"]
    assert cell.data_type == "s" and cell.quotePrefix


def test_a_malformed_month_is_this_month(login, employee_user, november):
    response = login(employee_user).get(MINE, {"bulan": "november"})
    assert response["Content-Disposition"].endswith(f'-{employee_user.employee.nip}-2026-11.xlsx"')
    assert len(rows(response)) == 4


def test_the_opd_month_has_everyone_with_nip_and_name(login, head_a, bkpsdm, november, opd_a):
    sheet = rows(opd_file(login(head_a), bulan="2026-11"))
    assert sheet[0] == ["NIP", "Nama", *HEADERS]
    names = [row[1] for row in sheet[1:]]
    assert names.count("Siti Aminah, S.Kep.") == 3 and names.count("Rekan Kerja") == 1
    assert all(isinstance(row[0], str) and len(row[0]) == 18 for row in sheet[1:])  # NIP as text
    assert rows(opd_file(login(bkpsdm), opd=opd_a.code, bulan="2026-11")) == sheet


def test_another_opd_and_the_mayor_get_nothing(login, head_b, mayor, november, opd_a):
    assert login(head_b).post(OPD, {"opd": opd_a.code}).status_code == 404
    assert login(mayor).post(OPD, {"opd": opd_a.code}).status_code == 403
    assert login(head_b).get(OPD, {"opd": opd_a.code}).status_code == 405


def test_the_layout_is_data(login, employee_user, november, settings, tmp_path):
    layout = tmp_path / "tata-letak.json"
    layout.write_text(
        '{"sheet": "Harian", "columns": ['
        '{"header": "Tgl", "source": "tanggal", "format": "%Y-%m-%d"},'
        '{"header": "Uraian", "source": "kegiatan"},'
        '{"header": "RHK", "source": "rhk"},'
        '{"header": "Mulai", "source": "jam_mulai", "format": "%H.%M"}]}'
    )
    settings.WFA_EKINERJA_LAYOUT_FILE = str(layout)
    response = login(employee_user).get(MINE, {"bulan": "2026-11"})
    book = CalamineWorkbook.from_filelike(BytesIO(response.content))
    sheet = book.get_sheet_by_name("Harian").to_python()
    assert sheet[0] == ["Tgl", "Uraian", "RHK", "Mulai"]
    assert sheet[1] == [
        "2026-11-03",
        "Imunisasi campak",
        "Terlaksananya pelayanan imunisasi",
        "08.00",
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_the_opd_file_has_a_fixed_number_of_queries(
    unit_a, today, count, django_assert_num_queries
):
    for _ in range(count):
        make_report(EmployeeFactory(unit=unit_a), today, status=ReportStatus.ACCEPTED, items=2)
    day = today.date
    # the outputs, their check-in times as subqueries: one query whatever the size
    with django_assert_num_queries(1):
        data, staff = ekinerja.workbook(
            ekinerja.outputs(year=day.year, month=day.month, unit__opd=unit_a.opd), per_opd=True
        )
    assert len(staff) == count
    book = CalamineWorkbook.from_filelike(BytesIO(data))
    assert len(book.get_sheet_by_index(0).to_python()) == 1 + 2 * count


def test_the_opd_job_reports_its_progress_and_logs_the_read(login, head_a, november, settings):
    from jobs.models import Job
    from readlog.models import ReadEvent

    settings_every = ekinerja.PROGRESS_EVERY
    ekinerja.PROGRESS_EVERY = 1
    try:
        sheet = rows(opd_file(login(head_a), bulan="2026-11"))
    finally:
        ekinerja.PROGRESS_EVERY = settings_every
    job = Job.objects.get()
    assert job.status == "done" and len(sheet) == 5
    event = ReadEvent.objects.filter(kind="export").latest("pk")
    assert event.subject_count == 2 and "e-Kinerja Dinkes 2026-11" in event.detail


def test_the_page_offers_the_months_and_never_asks_for_credentials(login, employee_user):
    page = login(employee_user).get("/laporan/ekinerja/").content.decode()
    assert "saya.xlsx?bulan=2026-11" in page and "saya.xlsx?bulan=2026-09" in page
    assert "password" not in page.lower() and 'type="password"' not in page
