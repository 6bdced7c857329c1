"""The head of Dinas Kesehatan is on leave: BKPSDM has named the Sekretaris Plh for the week.
On a phone, the Plh opens the plan BKPSDM submitted, approves it, and the plan page and the PDF
stamp say "Plh. Kepala Dinas Kesehatan" (#25)."""

import shutil
import subprocess
from datetime import date

import pytest
from playwright.sync_api import expect

from opd.models import ActingKind, Role
from opd.services import delegation_name
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
    delegation_name(
        opd=opd_a, account=secretary, kind=ActingKind.PLH, starts_on=date(2026, 11, 23),
        ends_on=date(2026, 11, 27), basis="Sprint Wali Kota No. 800/123/2026", by=bkpsdm,
    )  # fmt: skip
    services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)

    page.set_viewport_size(PHONE)
    login_as(secretary)
    page.goto(GRID)
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
