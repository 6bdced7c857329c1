"""BKPSDM's desk (1366 px): a SIASN export uploaded as it comes from BKN, one organisation unit
mapped from the preview, the preview's groups read, one employee ticked as leaving, the import
confirmed; the preview also works on a phone (360 px) without sideways scrolling (#26 item 4)."""

import pytest
from playwright.sync_api import expect

from opd.models import Employee
from staff_import.models import UnitMapping
from tests.staff_import.siasn_builders import pppk_row, siasn_row, siasn_xlsx
from tests.staff_import.xlsx_builders import GOOD_PNS, GOOD_PPPK

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.WFA_IMPORT_DIR = tmp_path / "imports"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_bkpsdm_imports_a_siasn_file_maps_a_unit_and_confirms(
    page, login_as, screenshot, bkpsdm, unit_a, unit_b, employee_a, tmp_path
):
    siasn_file = tmp_path / "siasn-pegawai.xlsx"
    siasn_file.write_bytes(
        siasn_xlsx([siasn_row(), pppk_row(unor="Bid. Lalu Lintas Dishub", unor_id="X-77")])
    )
    page.set_viewport_size(DESK)
    login_as(bkpsdm)
    page.goto("/pegawai-impor/")
    page.get_by_label("Berkas Excel (.xlsx) atau CSV").set_input_files(siasn_file)
    page.get_by_role("button", name="Periksa berkas (uji coba)").click()

    # The preview: SIASN told by its header, one unor unmapped, the nurse not in the file offered.
    expect(page.get_by_text("Berkas SIASN")).to_be_visible()
    expect(page.get_by_test_id("waiting")).to_contain_text("1 unor SIASN belum dipetakan")
    expect(page.get_by_test_id("unmapped")).to_contain_text("Bid. Lalu Lintas Dishub")
    expect(page.get_by_test_id("departures")).to_contain_text(employee_a.name)
    screenshot(page, "siasn-1-pratinjau")

    # Map the unor from the preview; the form comes filled with SIASN's name and id.
    page.get_by_test_id("unmapped").get_by_role("link", name="Petakan").click()
    expect(page.get_by_label("Nama unor SIASN")).to_have_value("Bid. Lalu Lintas Dishub")
    expect(page.get_by_label("ID unor SIASN")).to_have_value("X-77")
    page.get_by_label("Unit portal").select_option(label="Bidang Lalu Lintas — Dinas Perhubungan")
    page.get_by_role("button", name="Simpan dan kembali ke pratinjau").click()

    # Back on the preview, checked again: nothing unmapped, two new staff, the leaver offered.
    expect(page.locator(".alert-success")).to_contain_text("Pemetaan unor Bid. Lalu Lintas")
    expect(page.get_by_test_id("unmapped")).to_have_count(0)
    expect(page.get_by_test_id("summary")).to_contain_text("2 pegawai")
    screenshot(page, "siasn-2-dipetakan")

    # The same preview on a phone: no sideways scrolling, the boxes reachable.
    page.set_viewport_size(PHONE)
    assert fits(page)
    screenshot(page, "siasn-3-pratinjau-ponsel")
    page.set_viewport_size(DESK)

    page.get_by_label(f"Keluar/pindah: {employee_a.name}").check()
    page.get_by_role("button", name="Konfirmasi impor").click()
    expect(page.get_by_text("Impor selesai: 2 pegawai ditambahkan")).to_be_visible()
    expect(page.get_by_text("1 pegawai dinonaktifkan (keluar/pindah)")).to_be_visible()

    assert Employee.objects.get(nip=GOOD_PNS).name == "dr. Siti Aminah, Sp.A"
    assert Employee.objects.get(nip=GOOD_PPPK).unit == unit_b
    employee_a.refresh_from_db()
    assert not employee_a.is_active
    assert UnitMapping.objects.filter(siasn_id="X-77", unit=unit_b).exists()
