"""The portal moves work between people: BKPSDM submits, the head finds the to-do on the home page
of a phone, follows it and approves, BKPSDM reads "disetujui" in its inbox, and an email lands."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.factories import EmployeeFactory

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_submitted_plan_reaches_the_head_and_the_approval_reaches_bkpsdm(
    page, login_as, screenshot, bkpsdm, head_a, unit_a, opd_a
):
    EmployeeFactory(unit=unit_a, name="dr. Rina Sari", position_name="Dokter Ahli Pertama")
    for i in range(3):
        EmployeeFactory(unit=unit_a, name=f"Ns. Perawat {i}", position_name="Perawat Terampil")
    head_a.email = "kepala.dinkes@demo.palembang.go.id"
    head_a.save()
    mail.outbox.clear()

    page.set_viewport_size(DESKTOP)
    login_as(bkpsdm)
    page.goto(f"/periode/lebaran-2025/rencana/{opd_a.code}/")
    page.get_by_role("button", name="Ajukan ke Kepala OPD").click()
    expect(page.get_by_text("Rencana diajukan ke Kepala OPD untuk disetujui.")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()

    page.set_viewport_size(PHONE)
    login_as(head_a)
    todo = page.get_by_test_id("todos").get_by_role("link")
    expect(todo).to_have_text(
        "Rencana Dinkes (Kerja fleksibel Lebaran 2025) menunggu persetujuan Anda"
    )
    expect(page.get_by_test_id("unread")).to_have_text("1")
    assert no_sideways_scroll(page)
    screenshot(page, "inbox-1-kepala-ponsel")
    todo.click()
    page.get_by_role("button", name="Setujui rencana").click()
    expect(page.get_by_text("Rencana disetujui dan dikunci.")).to_be_visible()
    page.goto("/")
    expect(page.get_by_text("Tidak ada yang menunggu tindakan Anda.")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()

    page.set_viewport_size(DESKTOP)
    login_as(bkpsdm)
    expect(page.get_by_text("disetujui Kepala Dinkes.")).to_be_visible()
    screenshot(page, "inbox-2-bkpsdm")
    page.get_by_role("link", name="Notifikasi, 1 belum dibaca").click()
    page.get_by_role("button", name="Buka").first.click()
    expect(page).to_have_url(re.compile(r"/periode/lebaran-2025/rencana/dinkes/$"))
    expect(page.get_by_test_id("unread")).to_have_count(0)

    # The head wanted to-dos by email at once; BKPSDM's approval news waits for the digest.
    assert [m.to for m in mail.outbox] == [["kepala.dinkes@demo.palembang.go.id"]]
    assert "menunggu persetujuan Anda" in mail.outbox[0].body
