"""Planning in the browser: BKPSDM maps and submits, the head of Dinas Kesehatan meets a coverage
shortfall, fixes it and approves, and a nurse sees her schedule. BKPSDM sends a whole unit home in
bulk on a desktop and on a phone: the preview names the rules it would leave short before it is
saved, the save reports the same, the undo is refused after a later edit and works after the next
bulk action; BKPSDM sees the mode colours and cannot submit while a rule is short."""

import re

import pytest
from playwright.sync_api import expect

from opd.models import UnitKind
from tests.factories import EmployeeFactory, UnitFactory


def mode_select(page, name, day):
    """A cell's select, found as a screen reader names it: the employee's row and the day."""
    label = re.compile(f"^{re.escape(name)} .*{re.escape(day)}$")
    return page.get_by_role("combobox", name=label)


def choose_wfa(page, name, day, place):
    """WFA always names its place: choose it, then type the place in the box the cell opens."""
    select = mode_select(page, name, day)
    select.select_option("WFA")
    cell = page.locator("td[data-day]").filter(has=select)
    place_box = cell.get_by_role("textbox", name="Tempat WFA")
    expect(place_box).to_be_focused()
    place_box.fill(place)
    place_box.press("Enter")


def test_bkpsdm_plans_the_head_fixes_a_shortfall_and_approves(
    page,
    login_as,
    live_server,
    screenshot,
    bkpsdm,
    head_a,
    employee_user,
    employee_a,
    unit_a,
    opd_a,
):
    doctor = EmployeeFactory(unit=unit_a, name="dr. Rina Sari", position_name="Dokter Ahli Pertama")
    for i in range(3):
        EmployeeFactory(unit=unit_a, name=f"Ns. Perawat {i}", position_name="Perawat Terampil")
    grid = f"/periode/lebaran-2025/rencana/{opd_a.code}/"

    # BKPSDM sends the nurse Siti home on Monday, in place, and submits.
    login_as(bkpsdm)
    page.goto(grid)
    siti_monday = mode_select(page, "Siti Aminah, S.Kep.", "Senin, 24 Mar 2025")
    siti_monday.select_option("WFH")
    expect(page.locator("#grid-messages")).to_contain_text("1 sel jadwal diubah")
    expect(page.locator(f"#cov-{unit_a.pk}")).not_to_contain_text("kurang")
    screenshot(page, "rencana-1-bkpsdm-mengisi")
    page.get_by_role("button", name="Ajukan ke Kepala OPD").click()
    expect(page.get_by_text("Rencana diajukan ke Kepala OPD untuk disetujui.")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()

    # The head moves the only doctor to WFA on Monday: the puskesmas is short by one.
    login_as(head_a)
    page.get_by_role("listitem").filter(has_text="Kerja fleksibel Lebaran 2025").get_by_role(
        "link", name="Rencana OPD saya"
    ).click()
    choose_wfa(page, "dr. Rina Sari", "Senin, 24 Mar 2025", "Lubuklinggau, rumah orang tua")
    expect(page.locator("#grid-messages")).to_contain_text("1 sel jadwal diubah")
    expect(page.locator(f"#cov-{unit_a.pk}")).to_contain_text("kurang 1")
    page.get_by_role("button", name="Setujui rencana").click()
    expect(page.get_by_role("alert").first).to_contain_text("Rencana tidak dapat disetujui")
    expect(page.get_by_role("alert").nth(1)).to_contain_text("minimal 1 dokter di tempat")
    screenshot(page, "rencana-2-kepala-melihat-kekurangan")

    # ... puts the doctor back on site and approves.
    mode_select(page, "dr. Rina Sari", "Senin, 24 Mar 2025").select_option("WFO")
    expect(page.locator(f"#cov-{unit_a.pk}")).not_to_contain_text("kurang")
    page.get_by_role("button", name="Setujui rencana").click()
    expect(page.get_by_text("Rencana disetujui dan dikunci.")).to_be_visible()
    expect(page.get_by_role("heading", name="Status rencana: Disetujui")).to_be_visible()
    expect(page.locator("select[name=mode]")).to_have_count(0)  # locked
    screenshot(page, "rencana-3-disetujui")
    page.get_by_role("button", name="Keluar").click()

    # The nurse sees her Monday at home.
    login_as(employee_user)
    page.get_by_role("link", name="Jadwal saya").first.click()
    # Lebaran 2025 has ended by the suite's day: it is on the page of past windows
    page.get_by_role("link", name="Sebelumnya", exact=True).click()
    page.get_by_text("Kerja fleksibel Lebaran 2025").click()
    monday = page.get_by_role("listitem").filter(has_text="Senin, 24 Maret 2025")
    expect(monday.get_by_test_id("mode")).to_have_text("WFH")
    tuesday = page.get_by_role("listitem").filter(has_text="Selasa, 25 Maret 2025")
    expect(tuesday.get_by_test_id("mode")).to_have_text("WFO")
    screenshot(page, "rencana-4-jadwal-saya")
    assert doctor.assignments.get().mode == "WFO"


WFO_GREEN, WFH_BLUE = "rgb(209, 231, 221)", "rgb(207, 226, 255)"


def background(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).backgroundColor")


@pytest.mark.parametrize(
    "viewport", [{"width": 1366, "height": 900}, {"width": 360, "height": 740}], ids=["pc", "hp"]
)
def test_bkpsdm_sends_a_whole_unit_home_in_bulk_and_cannot_submit_while_short(
    page, login_as, screenshot, viewport, bkpsdm, employee_a, unit_a, opd_a
):
    EmployeeFactory(unit=unit_a, name="dr. Rina Sari", position_name="Dokter Ahli Pertama")
    for i in range(2):
        EmployeeFactory(unit=unit_a, name=f"Ns. Perawat {i}", position_name="Perawat Terampil")
    office = UnitFactory(opd=opd_a, name="Sekretariat Dinas Kesehatan", kind=UnitKind.SEKRETARIAT)
    EmployeeFactory(unit=office, name="Yusuf Hamzah")
    shot = f"rencana-massal-{'hp' if viewport['width'] < 768 else 'pc'}"
    page.set_viewport_size(viewport)
    login_as(bkpsdm)
    page.goto(f"/periode/lebaran-2025/rencana/{opd_a.code}/")
    siti = mode_select(page, "Siti Aminah, S.Kep.", "Senin, 24 Mar 2025")
    monday = page.locator("td[data-day]").filter(has=siti)
    expect(monday).to_have_class("mode-WFO")
    assert background(monday) == WFO_GREEN  # the colour shows through Bootstrap's cell
    expect(page.get_by_role("button", name="Ajukan ke Kepala OPD")).to_be_enabled()

    # The bulk actions are folded away on a phone and open on a wide screen.
    bulk = page.locator("#bulk-box")
    if viewport["width"] < 768:
        expect(bulk).not_to_have_attribute("open", "")
        expect(page.get_by_role("button", name="Terapkan", exact=True)).to_be_hidden()
        bulk.locator("summary").click()
    expect(page.get_by_role("button", name="Terapkan", exact=True)).to_be_visible()

    # The column header's box picks every row on the page, and lets them all go again.
    whole_page = page.get_by_role("checkbox", name="Pilih semua pegawai di halaman ini")
    whole_page.check()
    expect(page.locator("input[name=employees]:checked")).to_have_count(5)
    whole_page.uncheck()
    expect(page.locator("input[name=employees]:checked")).to_have_count(0)

    # Select all of the puskesmas (not the secretariat), WFH on Monday.
    page.get_by_role(
        "checkbox", name="Pilih semua pegawai Puskesmas Makrayu di halaman ini"
    ).check()
    picked = page.locator("input[name=employees]:checked")
    expect(picked).to_have_count(4)
    expect(page.get_by_role("checkbox", name=re.compile("^Yusuf Hamzah"))).not_to_be_checked()
    page.get_by_label("Mode", exact=True).select_option("WFH")
    page.get_by_label("Senin, 24 Maret", exact=True).check()
    screenshot(page, f"{shot}-1-memilih-unit")
    page.get_by_role("button", name="Terapkan", exact=True).click()

    # Before anything is saved, the preview names the rules the action would leave short.
    preview = page.get_by_test_id("bulk-preview")
    expect(preview).to_contain_text("Pratinjau, belum disimpan: 4 sel jadwal akan diubah.")
    listed = preview.get_by_test_id("bulk-preview-short").get_by_role("listitem")
    expect(listed.filter(has_text="minimal 1 dokter di tempat")).to_have_count(1)
    expect(monday).to_have_class("mode-WFO")  # nothing saved yet
    rules = listed.all_inner_texts()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"{shot}-2-pratinjau")
    preview.get_by_role("button", name="Simpan walaupun kurang").click()
    expect(page.locator("#grid-messages")).to_contain_text("4 sel jadwal diubah")
    saved = page.get_by_test_id("bulk-saved-short").get_by_role("listitem")
    expect(saved).to_have_text(rules)  # the save reports exactly what the preview named
    expect(page.get_by_test_id("bulk-preview")).to_have_count(0)
    undo = page.get_by_role("button", name="Batalkan tindakan massal terakhir")
    expect(undo).to_be_visible()

    # The colours and the words: Monday is blue and says WFH; the puskesmas is short.
    expect(monday).to_have_class("mode-WFH")
    expect(siti).to_have_value("WFH")
    assert background(monday) == WFH_BLUE
    expect(page.locator(f"#cov-{unit_a.pk}")).to_contain_text("kurang")
    submit = page.get_by_role("button", name="Ajukan ke Kepala OPD")
    expect(submit).to_be_disabled()
    expect(page.locator("#submit-reason")).to_be_visible()
    expect(page.locator("#submit-reason")).to_contain_text("Belum dapat diajukan")
    shortfalls = page.locator("#plan-shortfalls li")
    expect(shortfalls.filter(has_text="minimal 1 dokter")).to_have_count(1)
    expect(shortfalls.filter(has_text="minimal 1 dokter")).to_contain_text("Sen, 24 Mar")

    # The names stay in view while the days scroll sideways inside the table's own box.
    box = page.locator(".table-responsive")
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    name = page.get_by_role("rowheader", name=re.compile("^Siti Aminah"))
    assert abs(name.bounding_box()["x"] - box.bounding_box()["x"]) < 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"{shot}-3-kurang-tidak-bisa-diajukan")

    # Siti back in the office in place: the bulk action can no longer be undone, and says why.
    siti.select_option("WFO")
    expect(page.locator("#grid-messages")).to_contain_text("1 sel jadwal diubah")
    expect(monday).to_have_class("mode-WFO")
    expect(shortfalls.filter(has_text="minimal 1 dokter")).to_have_count(1)
    undo.click()
    refused = page.locator("#grid-messages")
    expect(refused).to_contain_text("tidak dapat dibatalkan: 1 selnya sudah diubah lagi")
    expect(refused).to_contain_text("Siti Aminah, S.Kep., Senin, 24 Maret 2025 (oleh Admin")
    expect(shortfalls.filter(has_text="minimal 1 dokter")).to_have_count(1)  # nothing changed
    screenshot(page, f"{shot}-4-batal-ditolak")

    # The whole puskesmas back in bulk (nothing left short: saved at once): "Ajukan" returns.
    page.get_by_role(
        "checkbox", name="Pilih semua pegawai Puskesmas Makrayu di halaman ini"
    ).check()
    page.get_by_label("Tindakan", exact=True).select_option("reset")
    page.get_by_role("button", name="Terapkan", exact=True).click()
    expect(page.locator("#plan-shortfalls")).to_contain_text("Semua aturan layanan esensial")
    expect(submit).to_be_enabled()
    expect(page.locator("#submit-reason")).to_have_count(0)

    # That last bulk action is undone: the three are home again and the puskesmas is short.
    expect(page.locator("#bulk-undo")).to_contain_text("WFO untuk 4 pegawai, 1 hari (3 sel)")
    undo.click()
    expect(
        page.get_by_text("Tindakan massal terakhir dibatalkan: 3 sel jadwal diubah.")
    ).to_be_visible()
    expect(page.locator(f"#cov-{unit_a.pk}")).to_contain_text("kurang")
    expect(page.get_by_role("button", name="Batalkan tindakan massal terakhir")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"{shot}-5-dibatalkan")
