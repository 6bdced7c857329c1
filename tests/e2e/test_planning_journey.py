"""Planning in the browser: BKPSDM maps and submits, the head of Dinas Kesehatan meets a coverage
shortfall, fixes it and approves, and a nurse sees her schedule."""

import re

from playwright.sync_api import expect

from tests.factories import EmployeeFactory


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
    monday = page.get_by_role("row", name="Senin, 24 Maret 2025")
    expect(monday).to_contain_text("WFH")
    expect(page.get_by_role("row", name="Selasa, 25 Maret 2025")).to_contain_text("WFO")
    screenshot(page, "rencana-4-jadwal-saya")
    assert doctor.assignments.get().mode == "WFO"
