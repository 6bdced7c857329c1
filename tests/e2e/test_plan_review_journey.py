"""An approved plan stays true: BKPSDM raises the puskesmas nurse minimum after the head of Dinas
Kesehatan approved, is warned that the plan goes back for review, confirms; the head sees
"Perlu ditinjau" with the cause; BKPSDM fixes the plan and submits it again; the head sees what
changed since the previous submission and approves. On a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from schedules.models import Plan, PlanStatus
from tests.e2e.test_planning_journey import choose_wfa, mode_select
from tests.factories import EmployeeFactory

GRID = "/periode/lebaran-2025/rencana/dinkes/"
MONDAY = "Senin, 24 Mar 2025"
OLD_RULE = "Puskesmas: minimal 2 perawat atau bidan di tempat"
NEW_RULE = "Puskesmas: minimal 3 perawat atau bidan di tempat"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 740}


class SidewaysScroll(AssertionError):
    """The document scrolls sideways on a phone; the message names what sticks out."""


def sticking_out(page) -> list[str]:
    """What makes the document wider than the viewport: the outermost elements past its right
    edge that no scrolling box clips. Empty when the document fits."""
    return page.evaluate(
        """() => {
        const width = window.innerWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        const clipped = (el) => {
            const absolute = ["absolute", "fixed"].includes(getComputedStyle(el).position);
            for (let box = el.parentElement; box && box !== document.body;
                 box = box.parentElement) {
                if (getComputedStyle(box).overflowX === "visible") continue;
                // A scrolling box clips an absolutely positioned element only when the box is
                // its containing block or holds it.
                if (!absolute || box === el.offsetParent || box.contains(el.offsetParent)) {
                    return true;
                }
            }
            return false;
        };
        const wide = [...document.body.querySelectorAll("*")].filter(
            (el) => el.getBoundingClientRect().right > width + 0.5 && !clipped(el));
        const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
            [...el.classList].map((c) => "." + c).join("");
        return wide.filter((el) => !wide.includes(el.parentElement)).map((el) => {
            const path = [];
            for (let a = el; a && a !== document.body; a = a.parentElement) path.unshift(name(a));
            const right = Math.round(el.getBoundingClientRect().right);
            return `${path.slice(-5).join(" > ")} (right edge ${right} px, ` +
                `document ${document.documentElement.scrollWidth} px)`;
        });
    }"""
    )


def staff(unit_a):
    """Puskesmas Makrayu: Siti (a nurse, employee_a), a doctor, two more nurses, two clerks."""
    EmployeeFactory(unit=unit_a, name="dr. Rina Sari", position_name="Dokter Ahli Pertama")
    for i in range(2):
        EmployeeFactory(unit=unit_a, name=f"Ns. Perawat {i}", position_name="Perawat Terampil")
    for i in range(2):
        EmployeeFactory(unit=unit_a, name=f"Staf {i}", position_name="Pengadministrasi Umum")


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()


def journey(page, login_as, screenshot, shot, unit_a, opd_a, bkpsdm, head_a) -> dict:
    """The whole story; returns, per plan page seen, what made it scroll sideways."""
    overflow = {}

    def check_width(step):
        overflow[step] = sticking_out(page)

    # BKPSDM sends the nurse Siti home and Staf 0 to his home town on Monday, and submits: two
    # of three nurses stay on site, as the rule asks.
    login_as(bkpsdm)
    page.goto(GRID)
    mode_select(page, "Siti Aminah, S.Kep.", MONDAY).select_option("WFH")
    expect(page.locator("#grid-messages")).to_contain_text("1 sel jadwal diubah")
    choose_wfa(page, "Staf 0", MONDAY, "Lubuklinggau, rumah orang tua")
    expect(page.locator("#grid-messages")).to_contain_text("1 sel jadwal diubah")
    expect(page.locator(f"#cov-{unit_a.pk}")).not_to_contain_text("kurang")
    check_width("BKPSDM mengisi rencana")
    page.get_by_role("button", name="Ajukan ke Kepala OPD").click()
    expect(page.get_by_text("Rencana diajukan ke Kepala OPD untuk disetujui.")).to_be_visible()
    sign_out(page)

    # The head approves.
    login_as(head_a)
    page.goto(GRID)
    page.get_by_role("button", name="Setujui rencana").click()
    expect(page.get_by_text("Rencana disetujui dan dikunci.")).to_be_visible()
    sign_out(page)

    # BKPSDM raises the nurse minimum to three: the page names the plan it would send back and
    # saves nothing until BKPSDM confirms.
    login_as(bkpsdm)
    if page.viewport_size["width"] < 992:  # on a phone the menu is folded (portal.css)
        page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Aturan layanan esensial").click()
    page.get_by_role("link", name=f"Ubah {OLD_RULE}").click()
    page.get_by_label("Nama aturan").fill(NEW_RULE)
    page.get_by_label("Nilai").fill("3")
    page.get_by_role("button", name="Simpan aturan").click()
    warning = page.get_by_role("alert").filter(has_text="Perhatian")
    expect(warning).to_contain_text(
        "Perhatian: 1 rencana yang sudah disetujui akan dikembalikan untuk ditinjau: "
        "Dinkes (Kerja fleksibel Lebaran 2025)."
    )
    expect(warning).to_contain_text("meminta 3 orang di kantor, direncanakan 2 (kurang 1)")
    screenshot(page, f"{shot}-1-peringatan-aturan")
    assert Plan.objects.get(opd=opd_a).status == PlanStatus.APPROVED  # nothing saved yet
    page.get_by_role("button", name="Simpan dan kembalikan rencana untuk ditinjau").click()
    expect(page.get_by_text(f"Aturan '{NEW_RULE}' disimpan.")).to_be_visible()
    expect(page.get_by_role("cell", name=NEW_RULE, exact=True)).to_be_visible()
    sign_out(page)

    # The head finds the plan "Perlu ditinjau", with the cause, who and the shortfall.
    login_as(head_a)
    page.get_by_role("listitem").filter(has_text="Kerja fleksibel Lebaran 2025").get_by_role(
        "link", name="Rencana OPD saya"
    ).click()
    expect(page.get_by_role("heading", name="Status rencana: Perlu ditinjau")).to_be_visible()
    note = page.locator("#status-rencana ~ p").filter(has_text="Catatan:")
    expect(note).to_contain_text(f"Aturan layanan esensial '{NEW_RULE}' diubah (oleh Admin BKPSDM)")
    expect(note).to_contain_text("Sekarang kurang:")
    expect(note).to_contain_text("Puskesmas Makrayu (Dinkes), Senin, 24 Maret 2025")
    expect(page.get_by_role("button", name="Setujui rencana")).to_have_count(0)
    expect(page.locator("td[data-day] select")).to_have_count(0)  # not the head's to edit now
    screenshot(page, f"{shot}-2-kepala-perlu-ditinjau")
    check_width("Kepala OPD melihat 'Perlu ditinjau'")
    sign_out(page)

    # BKPSDM puts Siti back on site on Monday and submits again.
    login_as(bkpsdm)
    page.goto(GRID)
    expect(page.get_by_role("heading", name="Status rencana: Perlu ditinjau")).to_be_visible()
    expect(page.locator(f"#cov-{unit_a.pk}")).to_contain_text("kurang 1")
    check_width("BKPSDM melihat kekurangan")
    mode_select(page, "Siti Aminah, S.Kep.", MONDAY).select_option("WFO")
    expect(page.locator("#grid-messages")).to_contain_text("1 sel jadwal diubah")
    expect(page.locator(f"#cov-{unit_a.pk}")).not_to_contain_text("kurang")
    screenshot(page, f"{shot}-3-bkpsdm-memperbaiki")
    check_width("BKPSDM memperbaiki")
    page.get_by_role("button", name="Ajukan ke Kepala OPD").click()
    expect(page.get_by_text("Rencana diajukan ke Kepala OPD untuk disetujui.")).to_be_visible()
    sign_out(page)

    # The head sees what changed since their approval, by whom, and approves.
    login_as(head_a)
    page.goto(GRID)
    expect(
        page.get_by_role("heading", name="Status rencana: Diajukan ke Kepala OPD")
    ).to_be_visible()
    changes = page.locator("#plan-changes")
    expect(changes.locator("summary").first).to_contain_text(
        "Perubahan sejak keputusan terakhir Anda"
    )
    expect(changes.locator("summary").first).to_contain_text("): 1 sel mode")
    expect(changes.get_by_test_id("review-units")).to_contain_text("Puskesmas Makrayu")
    rows = changes.get_by_test_id("review-cells").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("cell")).to_have_text(
        [
            re.compile(r"^Siti Aminah, S\.Kep\. \d{18}$"),
            "Senin, 24 Maret 2025",
            "WFH",
            "WFO",
            re.compile(r"^Admin BKPSDM, \d{1,2} \w+ \d{2}\.\d{2}$"),
        ]
    )
    screenshot(page, f"{shot}-4-kepala-melihat-perubahan")
    check_width("Kepala OPD melihat perubahan")
    page.get_by_role("button", name="Setujui rencana").click()
    expect(page.get_by_text("Rencana disetujui dan dikunci.")).to_be_visible()
    expect(page.get_by_role("heading", name="Status rencana: Disetujui")).to_be_visible()
    screenshot(page, f"{shot}-5-disetujui-lagi")
    plan = Plan.objects.get(opd=opd_a)
    events = list(plan.history.order_by("history_date").values_list("status", flat=True))
    assert events == ["draft", "submitted", "approved", "review", "submitted", "approved"]
    return {step: found for step, found in overflow.items() if found}


@pytest.mark.slow
def test_on_a_desktop_an_approved_plan_goes_back_for_review_and_is_approved_again(
    page, login_as, screenshot, bkpsdm, head_a, employee_a, unit_a, opd_a
):
    page.set_viewport_size(DESKTOP)
    staff(unit_a)
    journey(page, login_as, screenshot, "tinjau-desktop", unit_a, opd_a, bkpsdm, head_a)


@pytest.mark.slow
def test_on_a_phone_an_approved_plan_goes_back_for_review_and_is_approved_again(
    page, login_as, screenshot, bkpsdm, head_a, employee_a, unit_a, opd_a
):
    page.set_viewport_size(PHONE)
    staff(unit_a)
    overflow = journey(page, login_as, screenshot, "tinjau-ponsel", unit_a, opd_a, bkpsdm, head_a)
    if overflow:
        raise SidewaysScroll(f"the plan page scrolls sideways at 360 px: {overflow}")
