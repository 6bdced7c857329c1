"""The auto-planner in the browser: a nurse wishes to work from her home town on Monday, BKPSDM
asks for a proposal for Dinas Kesehatan, reads who gets their wish, applies it, and the nurse
finds her Monday as WFA."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from schedules.models import Assignment
from tests.factories import EmployeeFactory


# A wish is only for a day ahead: the story happens before the seeded Lebaran 2025 days. The
# clock ticks on from there, so the browser's cookies and the server's sessions age as usual.
@pytest.mark.time_machine(datetime(2025, 3, 1, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
def test_a_wish_becomes_part_of_the_plan(
    page, login_as, screenshot, bkpsdm, employee_user, employee_a, unit_a, opd_a
):
    EmployeeFactory(unit=unit_a, name="dr. Rina Sari", position_name="Dokter Ahli Pertama")
    for i in range(5):
        EmployeeFactory(unit=unit_a, name=f"Ns. Perawat {i}", position_name="Perawat Terampil")

    # The nurse states her wish in "Jadwal saya".
    login_as(employee_user)
    page.goto("/jadwal-saya/")
    page.get_by_label("Preferensi untuk Senin, 24 Maret 2025").select_option("WFA")
    page.get_by_label("Tempat WFA untuk Senin, 24 Maret 2025").fill("Lubuklinggau")
    page.get_by_label("Alasan untuk Senin, 24 Maret 2025 (boleh kosong)").fill("Mudik")
    page.get_by_role("button", name="Simpan preferensi 24 Maret 2025").click()
    expect(page.get_by_text("Preferensi WFA untuk Senin, 24 Maret 2025 dicatat.")).to_be_visible()
    screenshot(page, "usulan-1-preferensi-pegawai")
    page.get_by_role("button", name="Keluar").click()

    # BKPSDM asks for a proposal for Dinas Kesehatan and applies it.
    login_as(bkpsdm)
    page.goto(f"/periode/lebaran-2025/usulan/?opd={opd_a.code}")
    page.get_by_role("button", name="Buat usulan").click()
    expect(page.get_by_role("heading", name="Usulan otomatis: Dinas Kesehatan")).to_be_visible()
    expect(page.get_by_text("1 dari 1 dikabulkan")).to_be_visible()
    page.get_by_text("Preferensi yang dikabulkan (1)").click()
    expect(page.get_by_role("cell", name="WFA (Lubuklinggau)")).to_be_visible()
    screenshot(page, "usulan-2-perbedaan")
    page.get_by_role("button", name="Terapkan usulan").click()
    expect(page.get_by_text("Usulan diterapkan:")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()

    # The nurse finds her Monday in her home town.
    login_as(employee_user)
    page.goto("/jadwal-saya/")
    monday = page.get_by_role("article", name="Senin, 24 Maret 2025")
    expect(monday.get_by_test_id("mode")).to_have_text("WFA")
    expect(monday.get_by_test_id("place")).to_have_text("Tempat WFA: Lubuklinggau")
    screenshot(page, "usulan-3-jadwal-saya")
    assert Assignment.objects.get(employee=employee_a, day__date="2025-03-24").mode == "WFA"
