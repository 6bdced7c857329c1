"""The weekly cap in a browser: BKPSDM configures SE 2/2026 with a cap of two WFH/WFA days a week
and makes Lebaran 2026 follow it; setting a nurse WFH on the third day of one week is refused; the
head of Dinas Kesehatan grants her an exception on a phone; then the third day is accepted."""

from playwright.sync_api import expect

from schedules.models import Assignment, CapException, FlexPolicy, FlexWindow
from tests.e2e.test_planning_journey import mode_select

GRID = "/periode/lebaran-2026/rencana/{code}/"
NURSE = "Siti Aminah, S.Kep."
WEEK = ["Rabu, 25 Mar 2026", "Kamis, 26 Mar 2026", "Jumat, 27 Mar 2026"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 740}


def cell(page, day):
    return mode_select(page, NURSE, day)


def test_bkpsdm_sets_the_cap_the_head_grants_an_exception(
    page, login_as, live_server, bkpsdm, head_a, employee_a, opd_a
):
    page.set_viewport_size(DESKTOP)
    login_as(bkpsdm)

    # A new circular, as data with its legal basis.
    page.goto("/kebijakan/tambah/")
    page.get_by_label("Nama kebijakan").fill("SE MenPANRB No. 2 Tahun 2026")
    page.get_by_label("Dasar hukum").fill("SE MenPANRB No. 2 Tahun 2026 tanggal 9 Februari 2026")
    page.get_by_label("Batas hari WFH/WFA per minggu").fill("2")
    page.get_by_role("button", name="Simpan kebijakan").click()
    expect(page.get_by_text("Kebijakan 'SE MenPANRB No. 2 Tahun 2026' disimpan.")).to_be_visible()

    # Lebaran 2026 follows it.
    page.get_by_role("link", name="Pilih kebijakan Kerja fleksibel Lebaran 2026").click()
    page.get_by_label("Kebijakan").select_option(label="SE MenPANRB No. 2 Tahun 2026")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("kini mengikuti SE MenPANRB No. 2 Tahun 2026")).to_be_visible()
    window = FlexWindow.objects.get(slug="lebaran-2026")
    assert window.policy == FlexPolicy.objects.get(name="SE MenPANRB No. 2 Tahun 2026")

    # Two WFH days in the week of 23 March are fine; the third is refused.
    page.goto(GRID.format(code=opd_a.code))
    messages = page.locator("#grid-messages")
    for day in WEEK[:2]:
        cell(page, day).select_option("WFH")
        expect(messages).to_contain_text("1 sel jadwal diubah")
        messages.evaluate("(el) => { el.textContent = ''; }")
    cell(page, WEEK[2]).select_option("WFH")
    expect(messages).to_contain_text("sudah mencapai batas 2 hari WFH/WFA")
    assert Assignment.objects.filter(employee=employee_a, mode="WFH").count() == 2
    page.context.clear_cookies()  # signed out (the menu's layout is another test's)

    # The head grants an exception on a phone.
    page.set_viewport_size(PHONE)
    login_as(head_a)
    page.goto("/pengecualian-batas/")
    page.get_by_label("Pegawai").fill("aminah")  # a search, never a list of every employee
    page.get_by_label(employee_a.name).check()
    page.get_by_label("Alasan").fill("Tugas khusus: posko mudik Lebaran di rumah")
    page.get_by_label("Hari WFH/WFA per minggu yang diizinkan").fill("3")
    page.get_by_label("Berlaku mulai").fill("2026-03-23")
    page.get_by_label("Berlaku sampai").fill("2026-03-29")
    page.get_by_role("button", name="Simpan pengecualian").click()
    expect(page.get_by_text(f"Pengecualian untuk {employee_a.name} dicatat")).to_be_visible()
    assert CapException.objects.get().granted_by == head_a
    page.context.clear_cookies()  # signed out (the menu's layout is another test's)

    # Now the third day is accepted.
    page.set_viewport_size(DESKTOP)
    login_as(bkpsdm)
    page.goto(GRID.format(code=opd_a.code))
    cell(page, WEEK[2]).select_option("WFH")
    expect(page.locator("#grid-messages")).to_contain_text("1 sel jadwal diubah")
    assert Assignment.objects.filter(employee=employee_a, mode="WFH").count() == 3
