"""BKPSDM, on a phone, records that a nurse under a disciplinary sanction works on site only for
two days of the window (the SK's number, the dates); the plan grid then shows those two days
locked to WFO with the reason, and the other days free; ending it on the first day frees the
second (#25, eligibility with a period)."""

import pytest
from playwright.sync_api import expect

from eligibility.models import Restriction
from tests.e2e.test_plan_review_journey import PHONE, sticking_out

GRID = "/periode/lebaran-2025/rencana/dinkes/"
NURSE = "Siti Aminah, S.Kep."


@pytest.mark.slow
def test_on_a_phone_bkpsdm_records_a_sanction_and_the_grid_locks_its_days(
    page, login_as, screenshot, window, bkpsdm, employee_a, opd_a
):
    days = list(window.days.order_by("date"))
    page.set_viewport_size(PHONE)
    login_as(bkpsdm)
    page.goto("/")
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Pembatasan WFO").click()
    page.get_by_role("link", name="Catat pembatasan").click()
    page.get_by_label("Pegawai").press_sequentially("aminah", delay=30)
    page.get_by_label(NURSE).check()
    page.get_by_label("Jenis").select_option(label="Hukuman disiplin")
    page.get_by_label("Alasan").fill("Hukuman disiplin ringan: teguran tertulis")
    page.get_by_label("Dasar (nomor SK)").fill("SK Wali Kota 800/12/BKPSDM/2025")
    page.get_by_label("Berlaku mulai").fill(days[0].date.isoformat())
    page.get_by_label("Berakhir").fill(days[1].date.isoformat())
    assert sticking_out(page) == []
    screenshot(page, "pembatasan-1-bkpsdm-mencatat")
    page.get_by_role("button", name="Catat").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Dicatat: {NURSE} hanya boleh WFO 24 Maret 2025 s.d. 25 Maret 2025"
    )
    expect(page.get_by_test_id("dates")).to_contain_text("24 Maret 2025 s.d. 25 Maret 2025")
    assert sticking_out(page) == []

    page.goto(GRID)
    row = page.locator(f"#row-{employee_a.pk}")
    locked = row.locator("td.cell-locked")
    expect(locked).to_have_count(2)
    expect(locked.first).to_contain_text("hanya WFO")
    expect(locked.first).to_have_attribute("data-locked", "Hukuman disiplin, s.d. 25 Maret 2025")
    expect(locked.first.locator("option")).to_have_count(1)  # WFO, the one choice
    free = row.locator(f'td[data-day="{days[2].pk}"] option')
    expect(free).to_have_count(3)
    screenshot(page, "pembatasan-2-grid-terkunci")

    restriction = Restriction.objects.get()
    page.goto(f"/pembatasan-wfo/{restriction.pk}/")
    page.get_by_label("Hari terakhir hanya WFO").fill(days[0].date.isoformat())
    page.get_by_role("button", name="Simpan hari terakhir").click()
    expect(page.get_by_role("status")).to_contain_text("sesudahnya kembali boleh bekerja fleksibel")
    page.goto(GRID)
    expect(page.locator(f"#row-{employee_a.pk} td.cell-locked")).to_have_count(1)
