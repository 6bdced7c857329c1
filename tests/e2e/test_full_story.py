"""The whole story in one run, as the people of Palembang's city hall live it.

BKPSDM imports two new nurses, asks the planner for Dinas Kesehatan's proposal, applies it,
adjusts a cell and submits; the head of Dinas Kesehatan sends the only doctor away, sees the
shortfall, puts the doctor back and approves; a nurse checks in from her phone and files her
report; the head accepts it; the mayor's office opens the dashboard; BKPSDM downloads the
workbook and the test opens it. Each step leaves a screenshot in screenshots/cerita-*.png.
"""

import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from attendance.models import CheckIn, DailyReport
from schedules.models import Assignment, Plan
from tests.conftest import PASSWORD
from tests.e2e.conftest import watch_csp
from tests.factories import EmployeeFactory, WindowDayFactory
from tests.staff_import.xlsx_builders import row, workbook

GRID = "/periode/lebaran-2025/rencana/dinkes/"
PHONE = {"width": 360, "height": 740}
AT_THE_PUSKESMAS = {"latitude": -3.0001, "longitude": 104.74435, "accuracy": 12}


def sign_in(page, live_server, user):
    page.goto("/masuk/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/")


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()


def mode_select(page, name, day):
    label = re.compile(f"^{re.escape(name)} .*{re.escape(day)}$")
    return page.get_by_role("combobox", name=label)


@pytest.mark.slow
def test_from_staff_import_to_the_coordination_workbook(
    page, browser, live_server, screenshot, tmp_path, bkpsdm, head_a, mayor, employee_user,
    employee_a, unit_a, opd_a, window,
):  # fmt: skip
    EmployeeFactory(unit=unit_a, name="dr. Rina Sari", position_name="Dokter Ahli Pertama")
    for i in range(3):
        EmployeeFactory(unit=unit_a, name=f"Ns. Perawat {i}", position_name="Perawat Terampil")
    today = WindowDayFactory(window=window, date=timezone.localdate())  # a window day today

    # 1. BKPSDM imports two new nurses from Excel: a dry run first, then the confirmation.
    staff_file = tmp_path / "pegawai-baru.xlsx"
    staff_file.write_bytes(
        workbook(
            [
                row(nip="198503122010012001", name="Rina Marlina, S.Kep."),
                row(nip="199001012023211005", name="Dewi Lestari, A.Md.Kep.", asn_type="PPPK",
                    golongan="7", position_name="Perawat Terampil"),
            ]
        )
    )  # fmt: skip
    sign_in(page, live_server, bkpsdm)
    page.goto("/pegawai-impor/")
    page.get_by_label("Berkas Excel (.xlsx)").set_input_files(staff_file)
    page.get_by_role("button", name="Periksa berkas (uji coba)").click()
    expect(page.get_by_text("2 pegawai").first).to_be_visible()
    screenshot(page, "cerita-1-impor-uji-coba")
    page.get_by_role("button", name="Konfirmasi impor").click()
    expect(page.get_by_text("Impor selesai: 2 pegawai ditambahkan")).to_be_visible()

    # 2. BKPSDM asks the planner for Dinas Kesehatan's proposal and applies it.
    page.goto(f"/periode/lebaran-2025/usulan/?opd={opd_a.code}")
    page.get_by_role("button", name="Buat usulan").click()
    expect(page.get_by_role("heading", name="Usulan otomatis: Dinas Kesehatan")).to_be_visible()
    screenshot(page, "cerita-2-usulan")
    page.get_by_role("button", name="Terapkan usulan").click()
    expect(page.get_by_text("Usulan diterapkan:")).to_be_visible()
    assert Assignment.objects.filter(employee__unit=unit_a).exclude(mode="WFO").exists()

    # 3. ... adjusts one cell by hand (Siti on site on Monday) and submits.
    page.goto(GRID)
    mode_select(page, "Siti Aminah, S.Kep.", "Senin, 24 Mar 2025").select_option("WFO")
    expect(page.locator("#grid-messages")).to_contain_text("sel jadwal diubah")
    expect(page.locator(f"#cov-{unit_a.pk}")).not_to_contain_text("kurang")
    page.get_by_role("button", name="Ajukan ke Kepala OPD").click()
    expect(page.get_by_text("Rencana diajukan ke Kepala OPD untuk disetujui.")).to_be_visible()
    screenshot(page, "cerita-3-diajukan")
    sign_out(page)

    # 4. The head sends the only doctor away, meets the shortfall, fixes it and approves.
    sign_in(page, live_server, head_a)
    page.goto(GRID)
    doctor_monday = mode_select(page, "dr. Rina Sari", "Senin, 24 Mar 2025")
    doctor_monday.select_option("WFH")
    expect(page.locator(f"#cov-{unit_a.pk}")).to_contain_text("kurang 1")
    page.get_by_role("button", name="Setujui rencana").click()
    expect(page.get_by_role("alert").first).to_contain_text("Rencana tidak dapat disetujui")
    screenshot(page, "cerita-4-kepala-melihat-kekurangan")
    mode_select(page, "dr. Rina Sari", "Senin, 24 Mar 2025").select_option("WFO")
    expect(page.locator(f"#cov-{unit_a.pk}")).not_to_contain_text("kurang")
    page.get_by_role("button", name="Setujui rencana").click()
    expect(page.get_by_text("Rencana disetujui dan dikunci.")).to_be_visible()
    assert Plan.objects.get(opd=opd_a, window=window).status == "approved"
    sign_out(page)

    # 5. Siti checks in from her phone at the puskesmas and files her daily report.
    phone_context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", viewport=PHONE,
        is_mobile=True, has_touch=True, geolocation=AT_THE_PUSKESMAS, permissions=["geolocation"],
    )  # fmt: skip
    phone = phone_context.new_page()
    refused = watch_csp(phone)
    sign_in(phone, live_server, employee_user)
    phone.goto("/presensi/")
    expect(phone.get_by_role("status").filter(has_text="Lokasi ditemukan")).to_be_visible()
    phone.get_by_role("button", name="Presensi masuk").click()
    expect(phone.get_by_text("Presensi masuk tercatat pukul")).to_be_visible()
    screenshot(phone, "cerita-5-presensi-ponsel")
    phone.get_by_role("link", name="Isi laporan kerja harian").click()
    phone.get_by_label("Uraian keluaran").nth(0).fill("Melayani imunisasi anak")
    phone.get_by_label("Jumlah").nth(0).fill("14")
    phone.get_by_label("Satuan").nth(0).fill("pasien")
    phone.get_by_role("button", name="Kirim laporan").click()
    expect(phone.get_by_text("Laporan kerja harian terkirim untuk diperiksa.")).to_be_visible()
    screenshot(phone, "cerita-6-laporan-ponsel")
    phone_context.close()
    assert not refused, refused
    assert CheckIn.objects.filter(employee=employee_a, day=today).exists()

    # 6. The head accepts the report.
    sign_in(page, live_server, head_a)
    page.goto("/laporan/pemeriksaan/")
    report = page.get_by_role("article").filter(has_text="Siti Aminah, S.Kep.")
    expect(report).to_contain_text("Melayani imunisasi anak — 14 pasien")
    report.get_by_role("button", name="Terima laporan").click()
    expect(page.get_by_text("Laporan Siti Aminah, S.Kep. diterima.")).to_be_visible()
    screenshot(page, "cerita-7-laporan-diterima")
    assert DailyReport.objects.get(employee=employee_a).status == "accepted"
    sign_out(page)

    # 7. The mayor's office opens the city dashboard.
    sign_in(page, live_server, mayor)
    page.goto("/dasbor/?periode=lebaran-2025")
    expect(
        page.get_by_role("heading", name="Dasbor kerja fleksibel Kota Palembang")
    ).to_be_visible()
    expect(page.get_by_test_id("tiles")).to_contain_text("Rencana OPD disetujui")
    screenshot(page, "cerita-8-dasbor-wali-kota")
    sign_out(page)

    # 8. BKPSDM makes the city's coordination workbook (a background job, run at once in the
    # tests) and downloads it; the test opens it again.
    sign_in(page, live_server, bkpsdm)
    page.goto("/dasbor/?periode=lebaran-2025")
    page.get_by_role("button", name=re.compile("Unduh rekap koordinasi")).click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh rekap-wfa-lebaran-2025.xlsx").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    book = load_workbook(path, read_only=True)
    assert {"Ringkasan", "Layanan Esensial", "Kehadiran"} <= set(book.sheetnames)
    names = [
        cell
        for sheet in book.worksheets
        for line in sheet.iter_rows(values_only=True)
        for cell in line
    ]
    assert "Rina Marlina, S.Kep." in names and "Dewi Lestari, A.Md.Kep." in names
    assert "198503122010012001" in names  # the NIP stays text
    screenshot(page, "cerita-9-rekap-diunduh")
