"""BKPSDM on a phone (360 px): sets up two-step verification (QR, the app's code, the recovery
codes shown once), then creates a partner system on /klien-api/ and issues its token, shown once.
No page scrolls sideways; the token works against /api/v1/ and is never shown again."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.test_page_widths import MEASURE, problems_of

pytestmark = pytest.mark.two_factor
PHONE = {"width": 360, "height": 740}


def _app_code() -> str:
    device = TOTPDevice.objects.get(confirmed=False)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def _fits(page, path=None) -> None:
    """The page at `path`, or the one on screen (a POST's answer is not loaded again), is no
    wider than the phone."""
    if path is not None:
        problems = problems_of(page, path)
        assert not problems, "\n".join(problems)
        return
    found = page.evaluate(MEASURE)
    assert found["width"] <= found["view"], f"{page.url}: {found['width']} px"
    assert all(t["scrolls"] for t in found["tables"]), f"{page.url}: {found['tables']}"


def test_bkpsdm_secures_the_account_and_issues_a_token_on_a_phone(
    page, live_server, bkpsdm, opd_a, window
):
    page.set_viewport_size(PHONE)
    page.goto("/masuk/")
    page.locator("#id_username").fill(bkpsdm.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/akun/keamanan/\?next=/$"))
    _fits(page)

    page.get_by_role("button", name="Pasang verifikasi dua langkah").click()
    expect(page.get_by_role("img", name="Kode QR TOTP")).to_be_visible()
    _fits(page)
    page.get_by_label("Kode").fill(_app_code())
    page.get_by_role("button", name="Aktifkan").click()
    codes = page.get_by_test_id("kode-pemulihan").locator("li")
    expect(codes).to_have_count(10)
    assert re.fullmatch(r"[a-z2-7]{4}(-[a-z2-7]{4}){3}", codes.first.inner_text())
    _fits(page)
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    expect(page).to_have_url(f"{live_server.url}/")

    _fits(page, "/akun/keamanan/")
    expect(page.get_by_text("Sisa kode pemulihan: 10")).to_be_visible()

    _fits(page, "/klien-api/")
    page.get_by_role("link", name="Tambah klien").click()
    _fits(page)
    page.get_by_label("Nama sistem").fill("Sistem Cuti Pemkot Palembang")
    page.get_by_label("Lingkup").select_option(label="Admin BKPSDM")
    page.get_by_role("button", name="Simpan klien").click()
    expect(page.get_by_role("heading", name="Sistem Cuti Pemkot Palembang")).to_be_visible()
    _fits(page)

    page.get_by_label("Keterangan").fill("server produksi")
    page.get_by_label("Berlaku (hari)").fill("30")
    page.get_by_role("button", name="Terbitkan token").click()
    shown = page.get_by_test_id("token-baru").locator("code").first.inner_text()
    assert re.fullmatch(r"wfa_[A-Za-z0-9_-]{43}", shown)
    expect(page.get_by_text("hanya ditampilkan sekali")).to_be_visible()
    _fits(page)

    api = Client(headers={"Authorization": f"Bearer {shown}"})
    assert api.get("/api/v1/absences/").status_code == 200

    page.goto("/klien-api/")
    _fits(page)
    page.get_by_role("link", name="Sistem Cuti Pemkot Palembang").click()
    expect(page.get_by_test_id("token-klien")).to_contain_text("server produksi")
    assert shown not in page.content()  # shown once, never again
    expect(page.get_by_test_id("token-baru")).to_have_count(0)
