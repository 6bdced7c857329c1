"""The whole city's proposal in the browser, on a phone: BKPSDM asks for it, the job's page shows it
queued, the task worker runs it, "Buka hasilnya" opens the proposal; applying it is a job too, and
its page says what changed. Tasks go to the real database queue; the test plays the worker."""

import re

from playwright.sync_api import expect

from schedules.models import Assignment
from tests.e2e.test_exports_journey import PHONE, no_sideways_scroll, run_worker
from tests.factories import EmployeeFactory


def test_bkpsdm_runs_the_city_proposal_and_its_apply_as_jobs(
    page, login_as, screenshot, settings, bkpsdm, window, unit_a, unit_b
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for i in range(3):
        EmployeeFactory(unit=unit_a, name=f"Staf Dinkes {i}", position_name="Pengadministrasi")
        EmployeeFactory(unit=unit_b, name=f"Staf Dishub {i}", position_name="Pengadministrasi")

    page.set_viewport_size(PHONE)
    login_as(bkpsdm)
    page.goto(f"/periode/{window.slug}/usulan/")
    page.get_by_label("Cakupan").select_option("")
    page.get_by_role("button", name="Buat usulan").click()

    heading = f"Usulan otomatis seluruh kota · {window.name}"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("Menunggu giliran")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "usulan-kota-1-menunggu")

    run_worker()
    expect(page.get_by_text("Selesai", exact=True)).to_be_visible(timeout=10_000)
    expect(
        page.get_by_text(re.compile("Usulan untuk Seluruh kota selesai dihitung"))
    ).to_be_visible()
    page.get_by_role("link", name="Buka hasilnya").click()
    expect(page.get_by_role("heading", name="Usulan otomatis: Seluruh kota")).to_be_visible()
    assert not Assignment.objects.exclude(mode="WFO").exists()  # proposed, nothing written yet

    page.get_by_role("button", name="Terapkan usulan").click()
    expect(page.get_by_text("Menunggu giliran")).to_be_visible()
    run_worker()
    expect(
        page.get_by_text(re.compile(r"Usulan diterapkan: \d+ sel diubah di 2 OPD"))
    ).to_be_visible(timeout=10_000)
    assert no_sideways_scroll(page)
    screenshot(page, "usulan-kota-2-diterapkan")
    page.get_by_role("link", name="Buka hasilnya").click()
    expect(page.get_by_text(re.compile("^Diterapkan"))).to_be_visible()
    assert Assignment.objects.exclude(mode="WFO").exists()


def test_a_slow_request_shows_that_it_is_busy_and_cannot_be_sent_twice(
    page, login_as, bkpsdm, window
):
    page.set_viewport_size(PHONE)
    login_as(bkpsdm)
    page.goto(f"/periode/{window.slug}/usulan/")
    # The request is held back: the window hears the submit after the page's own script did, and
    # keeps the browser from sending it, as a server still thinking would.
    page.evaluate("window.addEventListener('submit', (event) => event.preventDefault())")
    page.get_by_role("button", name="Buat usulan").click()
    busy = page.get_by_role("button", name="Sedang menghitung usulan…")
    expect(busy).to_be_visible()
    expect(busy).to_be_disabled()
