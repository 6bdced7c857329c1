"""Reports in the browser: the mayor's office reads the city dashboard (five figures, what needs
attention, charts drawn by Chart.js with their tables), opens the table of every OPD, then BKPSDM
downloads the coordination workbook and it opens in openpyxl."""

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from schedules.models import Assignment, Mode


def test_the_mayor_reads_the_dashboard_and_bkpsdm_downloads_the_workbook(
    page, login_as, screenshot, tmp_path, mayor, bkpsdm, window, employee_a, employee_b
):
    monday, tuesday = window.days.order_by("date")[:2]
    Assignment.objects.create(employee=employee_a, day=monday, mode=Mode.WFH)
    dashboard = f"/dasbor/?periode={window.slug}&hari={monday.pk}"

    # The mayor's office: the city in five figures, what needs attention, two charts.
    login_as(mayor)
    page.goto(dashboard)
    heading = page.get_by_role("heading", name="Dasbor kerja fleksibel Kota Palembang")
    expect(heading).to_be_visible()
    expect(page.get_by_test_id("tiles")).to_contain_text("1 dari 2 pegawai · WFH 1 · WFA 0")
    late = page.get_by_role("link", name="Dinkes", exact=True)  # no plan approved yet
    expect(late).to_have_attribute("href", f"/periode/{window.slug}/rencana/dinkes/")
    for chart in ("trend", "days"):
        page.wait_for_function(
            f"document.querySelector('canvas[data-chart={chart}]').chart !== undefined"
        )  # Chart.js drew it, from the JSON the page carries
    page.get_by_text("Tabel 5 hari").click()
    days = page.get_by_role("table", name=re.compile("Pegawai aktif per mode kerja"))
    expect(days.get_by_role("row", name=re.compile("Senin, 24 Maret"))).to_contain_text("1")
    screenshot(page, "dasbor-1-kantor-wali-kota")

    # Choosing another day keeps the window.
    page.get_by_label("Hari", exact=True).select_option(label="Selasa, 25 Maret 2025")
    page.get_by_role("button", name="Tampilkan").click()
    expect(
        page.get_by_role("heading", name=re.compile("Keadaan Selasa, 25 Maret 2025"))
    ).to_be_visible()

    # Every OPD is a table of its own.
    page.get_by_role("link", name="Setiap OPD").click()
    opds = page.get_by_role("table", name=re.compile(r"^2 OPD"))
    expect(opds).to_contain_text("Dinas Kesehatan")
    expect(opds).to_contain_text("Dinas Perhubungan")
    expect(page.get_by_label("Hari", exact=True)).to_have_value(str(tuesday.pk))
    page.get_by_role("button", name="Keluar").click()

    # BKPSDM makes the city's workbook (a background job: run at once in the tests, see
    # test_exports_journey.py for the worker and the progress bar) and downloads it.
    login_as(bkpsdm)
    page.goto(dashboard)
    page.get_by_role("button", name=re.compile("Unduh rekap koordinasi")).click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh rekap-wfa-lebaran-2025.xlsx").click()
    download = info.value
    assert download.suggested_filename == "rekap-wfa-lebaran-2025.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Ringkasan",
        "Rincian per hari",
        "Layanan Esensial",
        "Kehadiran",
        "Dinkes",
        "Dishub",
    ]
    nurse = next(r for r in wb["Dinkes"].iter_rows(values_only=True) if r[0] == employee_a.nip)
    assert nurse[1:5] == ("Siti Aminah, S.Kep.", "Perawat", "Puskesmas Makrayu", "WFH")
    assert wb["Ringkasan"]["E7"].value == 1  # Dinkes, Monday: one WFH
    screenshot(page, "dasbor-2-bkpsdm")
