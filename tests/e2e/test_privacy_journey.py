"""Personal data in Chromium: the head opens a nurse's profile at 1366 px; the nurse, on a 360 px
phone, finds "Data pribadi saya" from her own profile, sees that her head viewed her data and
downloads everything the portal holds about her; BKPSDM finds the view in the read access log."""

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import watch_csp

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}


def open_as(browser, live_server, user, viewport):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", viewport=viewport
    )
    page = context.new_page()
    refused = watch_csp(page)
    page.goto("/masuk/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/")
    return context, page, refused


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_nurse_sees_who_viewed_her_data_and_downloads_it(
    browser, live_server, screenshot, employee_user, employee_a, head_a, bkpsdm
):
    # The head opens the nurse's profile from the staff list.
    context, page, refused = open_as(browser, live_server, head_a, DESKTOP)
    page.goto("/opd/dinkes/pegawai/")
    page.get_by_role("link", name=employee_a.nip).click()
    expect(page.get_by_role("heading", name=employee_a.name)).to_be_visible()
    context.close()
    assert not refused

    # The nurse, on her phone: home -> her data -> "Data pribadi saya".
    context, page, refused = open_as(browser, live_server, employee_user, PHONE)
    page.get_by_role("link", name="Lihat data saya").click()
    page.get_by_role("link", name="Data pribadi saya").click()
    expect(page.get_by_role("heading", name="Data pribadi saya", level=1)).to_be_visible()
    viewers = page.get_by_test_id("siapa-melihat")
    expect(viewers).to_contain_text("Kepala Dinkes")
    expect(viewers).to_contain_text("Kepala OPD")
    expect(viewers).to_contain_text("Daftar pegawai")
    expect(viewers).to_contain_text("Profil pegawai")
    assert fits_the_screen(page)
    screenshot(page, "privacy-data-saya-360")
    with page.expect_download() as download:
        page.get_by_test_id("unduh-data-saya").click()
    assert download.value.suggested_filename.startswith(f"data-pribadi-{employee_a.nip}-")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["profil"]["NIP / NI PPPK"] == employee_a.nip
    assert {row["akun"] for row in data["dilihat_oleh"]} == {head_a.username}
    context.close()
    assert not refused

    # BKPSDM finds both views in the read access log, by the nurse's NIP.
    context, page, refused = open_as(browser, live_server, bkpsdm, DESKTOP)
    page.goto("/log-akses/")
    page.get_by_label("Pegawai yang datanya dilihat").fill(employee_a.nip)
    page.get_by_role("button", name="Cari").click()
    log = page.get_by_test_id("log-akses")
    expect(log).to_contain_text("2 catatan")
    expect(log).to_contain_text("kepala-a")
    screenshot(page, "privacy-log-akses-1366")
    page.get_by_label("Pegawai yang datanya dilihat").fill("12345")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("NIP terdiri dari 18 angka")).to_be_visible()
    context.close()
    assert not refused
