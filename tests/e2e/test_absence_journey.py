"""A nurse asks for leave from her phone; the head of Dinas Kesehatan, on a phone too, reads
what approving does to the puskesmas ("kurang 1 perawat atau bidan pada 24 Maret 2025") and
approves; the approved plan goes to "Perlu ditinjau" with the leave as its cause."""

import pytest
from playwright.sync_api import expect

from absences.models import Absence, AbsenceStatus
from opd.models import Employee
from schedules import services
from schedules.models import Mode, Plan, PlanStatus
from tests.e2e.test_plan_review_journey import PHONE, sign_out, staff, sticking_out

GRID = "/periode/lebaran-2025/rencana/dinkes/"


def approved_plan(window, opd_a, bkpsdm, head_a):
    """One nurse at home on Monday: two of three nurses on site, exactly the minimum."""
    nurse = Employee.objects.get(name="Ns. Perawat 0")
    monday = window.days.order_by("date").first()
    services.assignments_set(
        opd=opd_a, window=window, employee_ids=[nurse.pk], day_ids=[monday.pk], mode=Mode.WFH,
        by=bkpsdm,
    )  # fmt: skip
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    services.plan_approve(plan=plan, by=head_a)


@pytest.mark.slow
def test_on_a_phone_a_nurse_asks_for_leave_and_the_head_approves_knowing_the_cost(
    page, login_as, screenshot, window, bkpsdm, head_a, employee_user, unit_a, opd_a
):
    page.set_viewport_size(PHONE)
    staff(unit_a)
    approved_plan(window, opd_a, bkpsdm, head_a)

    login_as(employee_user)
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Cuti dan dinas luar").click()
    page.get_by_label("Jenis").select_option(label="Cuti tahunan")
    page.get_by_label("Tanggal mulai").fill("2025-03-24")
    page.get_by_label("Tanggal selesai").fill("2025-03-24")
    page.get_by_label("Nomor surat atau tautan").fill("800/17/Dinkes/2025")
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text("Cuti tahunan 24 Maret 2025 diajukan ke kepala OPD.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Cuti tahunan")).to_contain_text("Diajukan")
    assert sticking_out(page) == []
    screenshot(page, "cuti-1-perawat-mengajukan")
    sign_out(page)

    login_as(head_a)
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Cuti dan dinas luar").click()
    page.get_by_role("link", name="Putuskan Cuti tahunan Siti Aminah, S.Kep.").click()
    effect = page.locator("[data-effect]")
    expect(effect).to_contain_text("Menyetujui cuti tahunan ini membuat:")
    expect(effect).to_contain_text(
        "Puskesmas Makrayu kurang 1 perawat atau bidan pada 24 Maret 2025"
    )
    expect(effect).to_contain_text("yang sudah disetujui akan dikembalikan untuk ditinjau")
    assert sticking_out(page) == []
    screenshot(page, "cuti-2-kepala-melihat-dampak")
    page.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("Cuti tahunan Siti Aminah, S.Kep. disetujui.")).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="dikembalikan untuk ditinjau")
    ).to_contain_text("Dinkes (Kerja fleksibel Lebaran 2025)")
    assert Absence.objects.get().status == AbsenceStatus.APPROVED
    assert Plan.objects.get(opd=opd_a).status == PlanStatus.REVIEW

    page.goto(GRID)
    expect(page.get_by_role("heading", name="Status rencana: Perlu ditinjau")).to_be_visible()
    note = page.locator("#status-rencana ~ p").filter(has_text="Catatan:")
    expect(note).to_contain_text("Cuti tahunan Siti Aminah, S.Kep. 24 Maret 2025 disetujui")
    screenshot(page, "cuti-3-rencana-perlu-ditinjau")
