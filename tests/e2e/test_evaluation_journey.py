"""The evaluation pack (PermenPANRB 4/2025 art. 35) on a 360 px phone: the head of OPD A opens it
from the menu, fills the checklist and narrative, submits and signs off; BKPSDM consolidates it.
No page scrolls sideways."""

import re

from playwright.sync_api import expect

from evaluations.models import Evaluation, Status

PHONE = {"width": 360, "height": 740}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_unit_evaluation_from_draft_to_consolidated(
    page, login_as, screenshot, window, head_a, bkpsdm, unit_a, employee_a
):
    page.set_viewport_size(PHONE)
    login_as(head_a)
    page.goto(f"/evaluasi/{window.slug}/")
    assert no_sideways_scroll(page)
    page.get_by_role("link", name=unit_a.name).click()
    page.get_by_label("Jaringan internet memadai").check()
    page.get_by_label("Uraian evaluasi").fill("Layanan puskesmas tetap buka; laporan naik.")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Evaluasi disimpan.")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "evaluasi-1-draf-360")
    page.get_by_role("button", name="Kirim ke Kepala OPD").click()
    expect(page.get_by_text("Evaluasi dikirim ke Kepala OPD.")).to_be_visible()
    page.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text(re.compile("Status: Disetujui Kepala OPD"))).to_be_visible()

    page.context.clear_cookies()
    login_as(bkpsdm)
    page.goto(f"/evaluasi/{window.slug}/{unit_a.code}/")
    page.get_by_role("button", name="Konsolidasi").click()
    expect(page.get_by_text("Evaluasi dikonsolidasi.")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "evaluasi-2-konsolidasi-360")
    assert Evaluation.objects.get(unit=unit_a).status == Status.CONSOLIDATED
