"""The head of Dinas Kesehatan is on leave. On a phone, BKPSDM names the Sekretaris Plh for the
week on the Plh/Plt page; the Plh signs in, finds the appointment and the plan waiting in the
inbox, approves the plan BKPSDM submitted, and the plan page and the PDF stamp say "Plh. Kepala
Dinas Kesehatan" (#25)."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from opd.models import Delegation, Role
from schedules import services
from schedules.models import Plan, PlanStatus
from tests.e2e.test_plan_review_journey import PHONE, staff
from tests.factories import EmployeeFactory, UserFactory

GRID = "/periode/lebaran-2025/rencana/dinkes/"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) needed")
def test_the_plh_approves_on_a_phone_and_the_stamp_says_plh(
    page, login_as, tmp_path, window, unit_a, opd_a, bkpsdm, head_a
):
    staff(unit_a)
    secretary = UserFactory(
        username="sekdin", role=Role.EMPLOYEE, first_name="Hendra", last_name="Gunawan",
        employee=EmployeeFactory(unit=unit_a, name="Hendra Gunawan", position_name="Sekretaris"),
    )  # fmt: skip
    services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)

    page.set_viewport_size(PHONE)
    login_as(bkpsdm)
    page.goto("/plh/")
    page.get_by_label("OPD").select_option(label="Dinas Kesehatan")
    page.get_by_role("button", name="Tunjuk Plh/Plt").click()
    page.get_by_label("Pegawai yang ditunjuk").press_sequentially("hendra", delay=30)
    page.get_by_label("Hendra Gunawan").check()
    page.get_by_label("Mulai").fill("2026-11-23")
    page.get_by_label("Sampai (hari terakhir)").fill("2026-11-27")
    page.get_by_label("Dasar penunjukan").fill("Sprint Wali Kota No. 800/123/2026")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Tunjuk", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        "Hendra Gunawan ditunjuk sebagai Plh. Kepala Dinas Kesehatan"
    )
    expect(page.get_by_text("Berlaku sekarang")).to_be_visible()
    assert Delegation.objects.get().account == secretary

    page.context.clear_cookies()
    login_as(secretary)
    expect(page.get_by_text("Anda ditunjuk sebagai Plh. Kepala Dinas Kesehatan")).to_be_visible()
    page.get_by_role(
        "link", name=re.compile(r"^Rencana Dinkes .* menunggu persetujuan Anda")
    ).click()
    expect(page).to_have_url(re.compile(f"{GRID}$"))
    page.get_by_role("button", name="Setujui rencana").click()
    expect(page.get_by_text("Rencana disetujui dan dikunci.")).to_be_visible()
    expect(page.locator("#status-rencana ~ p").first).to_contain_text(
        "Terakhir oleh Hendra Gunawan selaku Plh. Kepala Dinas Kesehatan"
    )
    assert Plan.objects.get(opd=opd_a).status == PlanStatus.APPROVED

    response = page.request.get("/rekap/lebaran-2025/dinkes.pdf")
    assert response.ok
    path = tmp_path / "rencana.pdf"
    path.write_bytes(response.body())
    text = " ".join(subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split())  # fmt: skip
    assert "DISETUJUI oleh Hendra Gunawan selaku Plh. Kepala Dinas Kesehatan" in text
