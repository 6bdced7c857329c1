"""The first journey: every role signs in through the browser, lands on its home page, signs out."""

import pytest
from playwright.sync_api import expect

WRONG_PASSWORD = (
    "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil, lalu coba lagi."
)

# persona fixture, role line on the home page, a card link only this role gets, sees staff nav
ROLES = [
    ("bkpsdm", "Admin BKPSDM", "Daftar OPD dan pegawai", True),
    ("head_a", "Kepala OPD — Dinas Kesehatan", "Unit dan pegawai OPD saya", True),
    ("head_b", "Kepala OPD — Dinas Perhubungan", "Unit dan pegawai OPD saya", True),
    ("mayor", "Kantor Wali Kota", "Daftar OPD", True),
    ("employee_user", "Pegawai", "Lihat data saya", False),
]


@pytest.mark.parametrize(
    ("persona", "role_text", "card_link", "sees_staff_nav"),
    ROLES,
    ids=[persona for persona, *_ in ROLES],
)
def test_each_role_signs_in_to_its_home_page_and_out(
    request,
    page,
    login_as,
    live_server,
    screenshot,
    persona,
    role_text,
    card_link,
    sees_staff_nav,
):
    user = request.getfixturevalue(persona)

    login_as(user)

    expect(page.get_by_test_id("role")).to_have_text(f"Anda masuk sebagai {role_text}.")
    expect(page.get_by_role("link", name=card_link, exact=True)).to_be_visible()
    staff_nav = page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="OPD & pegawai"
    )
    expect(staff_nav).to_have_count(1 if sees_staff_nav else 0)
    screenshot(page, f"beranda-{persona}")

    page.get_by_role("button", name="Keluar").click()

    expect(page).to_have_url(f"{live_server.url}/masuk/")
    expect(page.get_by_role("heading", name="Masuk ke Portal WFA")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/masuk/?next=/")


def test_head_sees_only_their_own_opd_on_the_home_page(head_a, opd_b, login_as):
    page = login_as(head_a)

    expect(page.get_by_role("heading", name="Dinas Kesehatan")).to_be_visible()
    expect(page.get_by_text("Dinas Perhubungan")).to_have_count(0)


def test_wrong_password_shows_an_indonesian_error(bkpsdm, page, live_server, screenshot):
    page.goto("/masuk/")
    page.locator("#id_username").fill(bkpsdm.username)
    page.locator("#id_password").fill("bukan-sandinya")
    page.get_by_role("button", name="Masuk").click()

    expect(page.get_by_role("alert")).to_have_text(WRONG_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/masuk/")
    expect(page.locator("#id_username")).to_have_value(bkpsdm.username)
    screenshot(page, "masuk-sandi-salah")
