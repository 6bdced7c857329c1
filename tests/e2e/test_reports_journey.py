"""Reports in the browser: the mayor's office reads the city dashboard (charts drawn by Chart.js,
tables beside them), then BKPSDM downloads the coordination workbook and it opens in openpyxl."""

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from schedules.models import Assignment, Mode


def test_the_mayor_reads_the_dashboard_and_bkpsdm_downloads_the_workbook(
    page, login_as, screenshot, tmp_path, mayor, bkpsdm, window, employee_a, employee_b
):
    monday = window.days.order_by("date").first()
    Assignment.objects.create(employee=employee_a, day=monday, mode=Mode.WFH)
    dashboard = f"/dasbor/?periode={window.slug}&hari={monday.pk}"

    # The mayor's office: the city in numbers, a chart with its table, and every OPD.
    login_as(mayor)
    page.goto(dashboard)
    heading = page.get_by_role("heading", name="Dasbor kerja fleksibel Kota Palembang")
    expect(heading).to_be_visible()
    modes = page.get_by_role("table", name=re.compile("Pegawai aktif per mode kerja, 24 Maret"))
    expect(modes.get_by_role("row", name=re.compile("WFH"))).to_contain_text("1")
    expect(page.get_by_role("img", name=re.compile("Diagram lingkaran mode kerja"))).to_be_visible()
    page.wait_for_function(
        "document.querySelector('canvas[data-chart=modes]').chart !== undefined"
    )  # Chart.js drew it, from the JSON the page carries
    opds = page.get_by_role("table", name=re.compile(r"^2 OPD"))
    expect(opds).to_contain_text("Dinas Kesehatan")
    expect(opds).to_contain_text("Dinas Perhubungan")
    screenshot(page, "dasbor-1-kantor-wali-kota")

    # Choosing another day keeps the window.
    page.get_by_label("Hari", exact=True).select_option(label="Selasa, 25 Maret 2025")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_role("heading", name="Mode kerja Selasa, 25 Maret 2025")).to_be_visible()
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
