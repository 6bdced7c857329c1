"""The coordination workbook: reopened with openpyxl, sheet by sheet, cell by cell.

The whole city's workbook is a background job (tests run tasks at once): `city_workbook()` starts
it as a user would and downloads the file; one OPD's workbook is downloaded at once.
"""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from common.dates import tanggal
from common.xlsx import sheet_title
from reports.documents.workbook import write_workbook
from schedules.models import Mode, Plan, PlanStatus
from tests.conftest import READ_LOG
from tests.factories import EmployeeFactory, OpdFactory, UnitFactory
from tests.reports.conftest import (
    assign,
    check_in,
    head_employee,
    more_opds,
    open_workbook,
    report,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE = ['=HYPERLINK("http://jahat.example","klik")', "+1", "-1", "@SUM(A1:A9)", "\t=1+1"]


CITY_SHEETS = ["Ringkasan", "Rincian per hari", "Layanan Esensial", "Kehadiran"]
MONDAY = datetime(2025, 3, 24)  # how openpyxl reads a date cell back


def url(window, opd=None):
    return f"/rekap/{window.slug}.xlsx" + (f"?opd={opd}" if opd else "")


def city_workbook(client, window):
    """Start the city workbook job as the dashboard's button does, then download its file."""
    response = client.post(f"/rekap/{window.slug}/kota/", {"format": "xlsx"})
    assert response.status_code == 302 and response["Location"].startswith("/unduhan/")
    download = client.get(response["Location"] + "berkas/")
    assert download.status_code == 200, download
    return download


def city_book(client, window):
    return open_workbook(city_workbook(client, window))


def rows(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def find(ws, first_value):
    """The first row (1-based index, cells) whose first cell is `first_value`."""
    for index, row in enumerate(ws.iter_rows(), 1):
        if row[0].value == first_value:
            return index, row
    raise AssertionError(f"{first_value!r} not in {ws.title}")


@pytest.fixture
def planned(staff, days, window, opd_a):
    assign(staff["perawat"][1], days[0], Mode.WFH)
    assign(staff["perawat"][2], days[0], Mode.WFA, "Lahat, rumah orang tua")
    assign(staff["perawat"][2], days[1], Mode.WFA, "Lahat, rumah orang tua")
    assign(staff["staf"][0], days[0], Mode.WFA, "Prabumulih")
    assign(staff["staf"][0], days[1], Mode.WFA, "Baturaja")
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.SUBMITTED)
    return staff


def test_bkpsdm_downloads_the_whole_city(login, bkpsdm, window, planned):
    client = login(bkpsdm)
    assert client.get(url(window))["Location"] == f"/rekap/{window.slug}/kota/"  # a job now
    response = city_workbook(client, window)
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="rekap-wfa-lebaran-2025.xlsx"'
    wb = open_workbook(response)
    assert wb.sheetnames == [*CITY_SHEETS, "Dinkes", "Dishub"]


def test_the_summary_is_an_opd_by_day_matrix(login, mayor, window, planned):
    ws = city_book(login(mayor), window)["Ringkasan"]
    assert ws["A1"].value == "Ringkasan pemetaan kerja per OPD"
    assert ws["A3"].value == f"Seluruh kota (2 OPD) · dibuat {tanggal(timezone.localdate())}"
    table = rows(ws)
    # The day over its four columns (the year is in the window's name above).
    assert table[4][:4] == ["OPD", "ASN aktif", "Status rencana", "Senin, 24 Maret"]
    assert table[4][7] == "Selasa, 25 Maret"
    assert table[5][3:7] == ["WFO", "WFH", "WFA", "Layanan"]
    # 2 OPDs and a total row; 3 + 4 columns per day for the 5 days.
    assert len(table) == 4 + 2 + 2 + 1 and len(table[4]) == 3 + 4 * 5
    dinkes, dishub, total = table[6], table[7], table[8]
    # Monday: 3 on site, 1 WFH, 2 WFA; 2 rules short; Wednesday all on site and met.
    assert dinkes[:7] == ["Dinas Kesehatan", 6, "Diajukan", 3, 1, 2, "Kurang 2"]
    assert dinkes[11:15] == [6, 0, 0, "OK"]
    assert dishub[:7] == ["Dinas Perhubungan", 1, "Draf", 1, 0, 0, "OK"]  # the bidang cap
    assert total[:7] == ["Jumlah", 7, None, 4, 1, 2, "Kurang 2"]
    assert "D5:G5" in {str(r) for r in ws.merged_cells.ranges}  # the date over its 4 columns
    assert ws.freeze_panes == "B7" and ws.auto_filter.ref == "A6:W8"


def test_the_daily_sheet_has_modes_plan_and_coverage_per_opd_and_day(login, mayor, window, planned):
    ws = city_book(login(mayor), window)["Rincian per hari"]
    assert ws["A1"].value == "Pemetaan kerja per OPD dan hari"
    assert "SE MenPANRB No. 2 Tahun 2025" in ws["A2"].value
    assert ws["A3"].value == f"Seluruh kota (2 OPD) · dibuat {tanggal(timezone.localdate())}"
    assert rows(ws)[4] == [
        "OPD",
        "Hari",
        "Pegawai aktif",
        "WFO",
        "WFH",
        "WFA",
        "Status rencana",
        "Status layanan esensial",
        "Aturan yang kurang",
    ]
    data = rows(ws)[5:]
    monday = data[0]
    assert monday[:7] == [
        "Dinas Kesehatan",
        MONDAY,  # a date cell, printed "Senin, 24 Maret 2025"
        6,
        3,
        1,
        2,
        "Diajukan ke Kepala OPD",
    ]
    # Monday: 2 of 4 puskesmas staff on site, short of the 60% health rule and the nurses rule.
    assert monday[7] == "Kurang (2 aturan)" and monday[8] == 2
    assert data[2][1:] == [
        datetime(2025, 3, 26),
        6,
        6,
        0,
        0,
        "Diajukan ke Kepala OPD",
        "Terpenuhi",
        0,
    ]
    dishub = [r for r in data if r[0] == "Dinas Perhubungan"]
    assert len(dishub) == 5 and dishub[0][2:7] == [1, 1, 0, 0, "Draf"]
    assert ws.freeze_panes == "A6" and ws.auto_filter.ref == "A5:I15"
    assert ws.column_dimensions["A"].width == 38
    assert ws["A5"].font.bold


def test_another_reader_finds_dates_numbers_and_text_and_no_formula(
    login, bkpsdm, window, planned, days
):
    """Read back by python-calamine (a Rust reader, as a program other than openpyxl would):
    every day of a list sheet is a date (so sorting by it orders by time, not by the day's name,
    as it did: Jumat < Kamis < Minggu), counts are numbers, NIPs are text; no cell is a formula."""
    check_in(planned["dokter"], days[0])
    data = b"".join(city_workbook(login(bkpsdm), window).streaming_content)
    book = CalamineWorkbook.from_filelike(BytesIO(data))
    for sheet, column in [("Rincian per hari", 1), ("Layanan Esensial", 3), ("Kehadiran", 1)]:
        values = [row[column] for row in book.get_sheet_by_name(sheet).to_python()[5:]]
        assert values and all(isinstance(v, date) for v in values), sheet
        assert {v.date() if isinstance(v, datetime) else v for v in values} <= {
            d.date for d in days
        }
    daily = book.get_sheet_by_name("Rincian per hari").to_python()[5:]
    assert all(isinstance(row[2], float) and isinstance(row[8], float) for row in daily)
    dinkes = book.get_sheet_by_name("Dinkes").to_python()
    nips = [row[0] for row in dinkes[5:] if len(str(row[0])) == 18]
    assert nips and all(isinstance(nip, str) and nip.isdigit() for nip in nips)
    wb = load_workbook(BytesIO(data))
    assert wb["Rincian per hari"]["B6"].number_format == "[$-421]dddd, d mmmm yyyy"
    for ws in wb.worksheets:
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), ws.title


def test_each_opd_sheet_is_the_employee_by_day_matrix(login, bkpsdm, window, planned):
    ws = city_book(login(bkpsdm), window)["Dinkes"]
    assert ws["A1"].value == "Pemetaan kerja Dinas Kesehatan"
    assert "24 Maret 2025 s.d. 8 April 2025" in ws["A3"].value
    header = rows(ws)[4]
    assert header[:5] == ["NIP", "Nama", "Jabatan", "Unit", "Sen 24/3"]
    assert header[8:] == ["Sel 8/4", "Tempat WFA"]
    assert ws.freeze_panes == "C6"  # header rows and NIP + name stay in view
    assert ws.auto_filter.ref == "A5:J11"  # six active staff; the inactive one is not listed
    assert ws.column_dimensions["B"].width == 30 and ws.column_dimensions["E"].width == 6

    index, nurse = find(ws, planned["perawat"][2].nip)
    assert [c.value for c in nurse[1:7]] == [
        "Ns. Perawat 1",
        "Perawat",
        "Puskesmas Makrayu",
        "WFA",
        "WFA",
        "WFO",
    ]
    assert nurse[9].value == "Lahat, rumah orang tua"  # one place for every WFA day
    assert nurse[0].data_type == "s" and nurse[0].number_format == "@"  # NIP stays text
    assert len(nurse[0].value) == 18
    fills = {c.value: c.fill.fgColor.rgb for c in nurse[4:7]}
    assert fills == {"WFA": "00FFF3CD", "WFO": "00D1E7DD"}
    _, clerk = find(ws, planned["staf"][0].nip)
    assert clerk[9].value == "24 Maret 2025: Prabumulih; 25 Maret 2025: Baturaja"
    _, nurse_home = find(ws, planned["perawat"][1].nip)
    assert nurse_home[4].value == "WFH" and nurse_home[4].fill.fgColor.rgb == "00CFE2FF"
    # Units first, then names, as the grid shows them.
    units = [r[3] for r in rows(ws)[5:11]]
    assert units == sorted(units)


def test_each_opd_sheet_ends_with_a_signature_block(login, bkpsdm, window, planned, opd_a, unit_a):
    head = head_employee(opd_a, unit_a)
    wb = city_book(login(bkpsdm), window)
    # Right under the table, in the position column: short, so it stays with the table's end.
    block = rows(wb["Dinkes"])[-8:]
    assert [r[2] for r in block] == [
        None,
        f"Palembang, {tanggal(timezone.localdate())}",
        "Mengetahui,",
        "Kepala Dinas Kesehatan",
        None,
        None,
        head.name,
        f"NIP {head.nip}",
    ]
    assert rows(wb["Dinkes"])[-9][0] is not None  # the table's last row comes just before
    # Dishub has no JPT on record: a blank line to write the name on, and dots for the NIP.
    assert [r[2] for r in rows(wb["Dishub"])[-5:]] == [
        "Kepala Dinas Perhubungan",
        None,
        None,
        None,
        "NIP ......",
    ]
    assert wb["Dinkes"].print_area == "'Dinkes'!$A$1:$J$20"  # 7 staff (the head too), 8 rows


def test_the_essential_services_sheet_lists_every_essential_unit_per_day(
    login, bkpsdm, window, planned
):
    ws = city_book(login(bkpsdm), window)["Layanan Esensial"]
    data = rows(ws)[5:]
    assert len(data) == 5  # Puskesmas Makrayu (the only essential unit) x 5 days
    monday = data[0]
    assert monday[:8] == [
        "Dinas Kesehatan",
        "Puskesmas Makrayu",
        "Kesehatan",
        MONDAY,
        4,
        2,
        3,
        "Kurang 1",
    ]
    assert "Layanan kesehatan: minimal 60% di tempat: wajib 3, rencana 2 (kurang 1)" in monday[8]
    assert data[2][7] == "Terpenuhi"


def test_the_attendance_sheet_has_figures_only_for_days_with_data(
    login, bkpsdm, window, days, planned
):
    wb = city_book(login(bkpsdm), window)
    assert wb["Kehadiran"]["A6"].value.startswith("Belum ada data presensi")

    check_in(planned["dokter"], days[0])
    check_in(planned["perawat"][0], days[0])
    check_in(planned["perawat"][1], days[0], mode=Mode.WFH)
    report(planned["dokter"], days[0])
    ws = city_book(login(bkpsdm), window)["Kehadiran"]
    data = rows(ws)[5:]
    assert [r[:4] for r in data] == [
        ["Dinas Kesehatan", MONDAY, 6, 3],
        ["Dinas Perhubungan", MONDAY, 1, 0],
    ]
    assert data[0][4] == pytest.approx(0.5) and ws["E6"].number_format == "0.0%"
    assert data[0][5:] == [2, 0, 3, 1, 0]  # on site, flagged, not yet, reports filed, accepted


def test_hostile_text_stays_text_in_every_sheet(login, bkpsdm, window, days, opd_a):
    unit = UnitFactory(opd=opd_a, code="unit-jahat", name="-1 Bidang", kind="puskesmas")
    unit.service_category = "health"
    unit.save()
    people = [
        EmployeeFactory(unit=unit, name=HOSTILE[0], position_name=HOSTILE[1]),
        EmployeeFactory(unit=unit, name=HOSTILE[4], position_name="#N/A"),
    ]
    assign(people[0], days[0], Mode.WFA, HOSTILE[3])
    wb = city_book(login(bkpsdm), window)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}: {cell.value!r}"
    ws = wb["Dinkes"]
    _, first = find(ws, people[0].nip)
    assert [c.value for c in first[1:4]] == [HOSTILE[0], HOSTILE[1], "-1 Bidang"]
    assert first[9].value == HOSTILE[3]
    _, second = find(ws, people[1].nip)
    assert [c.value for c in second[1:3]] == [HOSTILE[4], "#N/A"]
    for cell in [*first[1:4], first[9], *second[1:3]]:
        assert cell.data_type == "s"
        assert cell.quotePrefix  # Excel keeps it text even when someone edits the cell
    essential = [r for r in rows(wb["Layanan Esensial"]) if r[1] == "-1 Bidang"]
    assert len(essential) == 5


def test_a_head_gets_their_own_opd_only(login, head_a, window, planned):
    client = login(head_a)
    response = client.get(url(window))
    assert response["Content-Disposition"] == (
        'attachment; filename="rekap-wfa-lebaran-2025-dinkes.xlsx"'
    )
    wb = open_workbook(response)
    assert wb.sheetnames == [*CITY_SHEETS, "Dinkes"]
    assert {r[0] for r in rows(wb["Rincian per hari"])[5:]} == {"Dinas Kesehatan"}
    assert wb["Ringkasan"]["A3"].value.startswith("Dinas Kesehatan · dibuat")
    assert client.get(url(window, "dinkes")).status_code == 200
    assert client.get(url(window, "dishub")).status_code == 404


def test_the_city_roles_may_export_one_opd(login, mayor, window, planned):
    client = login(mayor)
    wb = open_workbook(client.get(url(window, "dishub")))
    assert wb.sheetnames == [*CITY_SHEETS, "Dishub"]
    assert client.get(url(window, "tidak-ada")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        ("employee_user", "/rekap/lebaran-2025.xlsx", 403),
        ("bkpsdm", "/rekap/tidak-ada.xlsx", 404),
        ("head_b", "/rekap/lebaran-2025.xlsx?opd=dinkes", 404),
    ],
)
def test_who_may_not_download(request, login, window, staff, persona, path, status):
    assert login(request.getfixturevalue(persona)).get(path).status_code == status


def test_anonymous_goes_to_login_and_a_post_is_refused(client, login, bkpsdm, window):
    response = client.get(url(window))
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    assert login(bkpsdm).post(url(window)).status_code == 405
    assert login(bkpsdm).put(f"/rekap/{window.slug}/dinkes.pdf").status_code == 405


def test_sheet_names_are_valid_unique_and_short():
    taken = {"ringkasan"}
    assert sheet_title("Ringkasan", taken) == "Ringkasan (2)"
    assert sheet_title("Dinas [A]: B/C*?\\", taken) == "Dinas  A   B C"
    long = sheet_title("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", taken)
    assert len(long) == 31
    again = sheet_title("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", taken)
    assert len(again) == 31 and again.endswith(" (2)") and again != long
    assert sheet_title("'''", taken) == "OPD"


def test_odd_opd_names_still_make_a_valid_workbook(login, bkpsdm, window, staff):
    for i, name in enumerate(["Kec. [Baru]: A/B", "Kec. [Baru]: A/B", "=1+1"]):
        unit = UnitFactory(opd=OpdFactory(code=f"aneh-{i}", name=f"{name} {i}", short_name=name))
        EmployeeFactory(unit=unit)
    wb = city_book(login(bkpsdm), window)
    assert {"Kec.  Baru   A B", "Kec.  Baru   A B (2)", "=1+1"} <= set(wb.sheetnames)
    assert wb["=1+1"]["A1"].value == "Pemetaan kerja =1+1 2"


WORKBOOK_QUERIES = 21  # window days, OPDs, units; staff, remote, away; coverage (5); plans;
# days with check-ins, with reports; the staff's days away; the staff-days away of the days with
# data (not expected to check in); opd_day_figures for the one day with data (3); heads;
# employees with their remote days (one query, streamed)
OPD_DOWNLOAD_QUERIES = 3 + WORKBOOK_QUERIES + 1 + READ_LOG  # session, user, window; the OPD
# is looked up once; the staff handed over, then their read-log event


@pytest.mark.parametrize(("extra_staff", "extra_opds"), [(0, 0), (49, 0), (0, 4), (49, 4)])
def test_the_workbook_runs_a_fixed_number_of_queries(
    window, days, planned, unit_a, extra_staff, extra_opds, django_assert_num_queries
):
    check_in(planned["dokter"], days[0])
    for i, employee in enumerate(EmployeeFactory.create_batch(extra_staff, unit=unit_a)):
        assign(employee, days[i % 5], Mode.WFA, f"Tempat {i}")
        check_in(employee, days[0])
        report(employee, days[0])
    more_opds(extra_opds)
    out = BytesIO()
    with django_assert_num_queries(WORKBOOK_QUERIES):
        write_workbook(out, window=window)
    assert len(load_workbook(out).sheetnames) == 6 + extra_opds


@pytest.mark.parametrize("extra_staff", [0, 49])
def test_one_opd_download_runs_a_fixed_number_of_queries(
    login, head_a, window, days, planned, unit_a, extra_staff, django_assert_num_queries
):
    check_in(planned["dokter"], days[0])
    for employee in EmployeeFactory.create_batch(extra_staff, unit=unit_a):
        assign(employee, days[0], Mode.WFH)
    client = login(head_a)
    with django_assert_num_queries(OPD_DOWNLOAD_QUERIES):
        response = client.get(url(window, "dinkes"))
    assert len(open_workbook(response).sheetnames) == 5


def test_each_window_day_with_attendance_data_costs_three_queries(
    window, days, planned, django_assert_num_queries
):
    for day in days[:3]:
        check_in(planned["dokter"], day)
    with django_assert_num_queries(WORKBOOK_QUERIES + 2 * 3):
        write_workbook(BytesIO(), window=window)


def test_the_mayors_office_gets_the_workbook_without_wfa_places(window, planned):
    """UU 27/2022: the mayor's office needs the modes, not where each person works."""
    from io import BytesIO

    from reports.documents.workbook import write_workbook

    with_places, without = BytesIO(), BytesIO()
    write_workbook(with_places, window=window, show_places=True)
    write_workbook(without, window=window, show_places=False)
    headers = [rows(load_workbook(book)["Dinkes"])[4] for book in (with_places, without)]
    assert headers[0][-1] == "Tempat WFA" and headers[1] == headers[0][:-1]
