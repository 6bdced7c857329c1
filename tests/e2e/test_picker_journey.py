"""The searchable picker on a phone: the head of Dinkes grants a cap exception by typing part of a
name and tapping the match (htmx); without JavaScript "Cari" reloads the page with the matches."""

from playwright.sync_api import expect

from schedules.models import CapException
from tests.conftest import PASSWORD
from tests.e2e.conftest import watch_csp
from tests.factories import EmployeeFactory

PHONE = {"width": 360, "height": 740}


def grant(page, name: str) -> None:
    page.get_by_label(name).check()
    page.get_by_label("Alasan (tugas khusus atau kondisi pribadi)").fill("Tugas khusus vaksinasi")
    page.get_by_label("Hari WFH/WFA per minggu yang diizinkan").fill("4")
    page.get_by_label("Berlaku mulai").fill("2026-11-23")
    page.get_by_label("Berlaku sampai").fill("2026-12-31")
    page.get_by_role("button", name="Simpan pengecualian").click()


def test_a_head_picks_an_employee_by_search_with_and_without_javascript(
    browser, live_server, page, login_as, head_a, employee_a, employee_b
):
    EmployeeFactory(unit=employee_a.unit, name="Sitti Rahmawati")
    page.set_viewport_size(PHONE)
    login_as(head_a)
    page.goto("/pengecualian-batas/")
    page.get_by_label("Pegawai").press_sequentially("siti", delay=30)
    results = page.locator("#id_employee_hasil")
    expect(results.get_by_text("Siti Aminah, S.Kep.")).to_be_visible()
    expect(results.get_by_text("Sitti Rahmawati")).to_have_count(0)
    page.get_by_label("Pegawai").fill(employee_b.name[:5])  # Dishub's staff: never found
    expect(results).to_contain_text("Tidak ditemukan")
    page.get_by_label("Pegawai").fill("aminah")
    option = page.get_by_label("Siti Aminah, S.Kep.")
    box = option.locator("xpath=..").bounding_box()
    assert box["height"] >= 44  # a thumb's target
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    grant(page, "Siti Aminah, S.Kep.")
    expect(page.get_by_role("status")).to_contain_text("Pengecualian untuk Siti Aminah")

    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE, locale="id-ID"
    )
    plain = context.new_page()
    refused = watch_csp(plain)
    plain.goto("/masuk/")
    plain.locator("#id_username").fill(head_a.username)
    plain.locator("#id_password").fill(PASSWORD)
    plain.get_by_role("button", name="Masuk").click()
    plain.goto("/pengecualian-batas/")
    plain.get_by_label("Pegawai").fill("rahma")
    plain.get_by_role("button", name="Cari").click()
    expect(plain).to_have_url(f"{live_server.url}/pengecualian-batas/?cari_employee=rahma")
    grant(plain, "Sitti Rahmawati")
    expect(plain.get_by_role("status")).to_contain_text("Pengecualian untuk Sitti Rahmawati")
    context.close()
    assert not refused
    assert CapException.objects.count() == 2
