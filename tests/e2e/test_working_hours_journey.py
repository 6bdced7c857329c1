"""Time flexibility in the browser: BKPSDM gives a nurse a shift from the grid's bulk box on a
phone (Enter in the hours row sets the hours, never a mode); the nurse reads it in Jadwal saya."""

import pytest
from playwright.sync_api import expect

from schedules.models import Assignment, FlexPolicy, FlexWindow, WorkingHours

pytestmark = pytest.mark.e2e


def test_bkpsdm_sets_a_shift_and_the_nurse_sees_it(
    page, login_as, live_server, bkpsdm, employee_user, employee_a, opd_a, reference_data
):
    window = FlexWindow.objects.get(slug="lebaran-2025")
    window.policy = FlexPolicy.objects.create(
        name="Uji waktu", legal_basis="PermenPANRB No. 4 Tahun 2025", time_flex=True
    )
    window.save()
    page.set_viewport_size({"width": 360, "height": 740})
    login_as(bkpsdm)
    page.goto(f"/periode/{window.slug}/rencana/{opd_a.code}/")
    page.locator("#bulk-box summary").click()
    page.locator(f'input[name=employees][value="{employee_a.pk}"]').check()
    page.get_by_label("Senin, 24 Maret").check()
    page.get_by_label("Mulai / paling awal").fill("07.00")
    page.get_by_label("Selesai / paling lambat").fill("15.30")
    page.get_by_label("Selesai / paling lambat").press("Enter")
    expect(page.get_by_text("Jam kerja ditetapkan untuk 1 sel jadwal.")).to_be_visible()
    assert WorkingHours.objects.get(employee=employee_a).describe() == "07.00–15.30 (shift)"
    assert not Assignment.objects.exists()  # no mode was set by the Enter key
    page.get_by_role("button", name="Keluar").click()

    login_as(employee_user)
    page.goto("/jadwal-saya/sebelumnya/")  # Lebaran 2025 has ended by the suite's day
    expect(page.get_by_test_id("hours").first).to_have_text("Jam kerja: 07.00–15.30 (shift)")
