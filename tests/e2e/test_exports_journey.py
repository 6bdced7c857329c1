"""The city's documents in the browser: BKPSDM starts the city workbook from the dashboard, watches
the progress bar advance as the task worker runs it, leaves, finds it in Unduhan and downloads
it; the mayor's office gets the city PDF the same way. At 1366 and at 360 px, with no sideways
scroll.

Tasks go to the real database queue here (not run at once as elsewhere in the tests), and the
test plays the worker (`manage.py db_worker`'s own loop, one batch) when it wants the job to run.
"""

import re

from django_tasks_db.management.commands.db_worker import Worker
from openpyxl import load_workbook
from playwright.sync_api import expect

from schedules.models import Assignment, Mode

DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 360, "height": 740}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def run_worker():
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e-worker",
        excluded_queue_names=[],
    ).run()


def test_bkpsdm_starts_the_city_workbook_watches_it_and_downloads_it(
    page, login_as, screenshot, tmp_path, settings, bkpsdm, mayor, window, employee_a, employee_b
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monday = window.days.order_by("date").first()
    Assignment.objects.create(employee=employee_a, day=monday, mode=Mode.WFH)

    page.set_viewport_size(DESKTOP)
    login_as(bkpsdm)
    page.goto(f"/dasbor/?periode={window.slug}")
    page.get_by_role("button", name="Unduh rekap koordinasi (.xlsx) · seluruh kota").click()

    # Queued: the bar stands at 0 and the page polls.
    heading = "Rekap koordinasi seluruh kota · Kerja fleksibel Lebaran 2025"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    bar = page.get_by_label(re.compile("^Kemajuan"))
    expect(page.get_by_text("Menunggu giliran")).to_be_visible()
    expect(bar).to_have_attribute("value", "0")
    assert no_sideways_scroll(page)
    screenshot(page, "unduhan-1-menunggu")

    # The worker runs the job; the polled bar advances to the end and the file is offered.
    run_worker()
    expect(bar).to_have_attribute("value", "100", timeout=10_000)
    expect(page.get_by_text("Selesai", exact=True)).to_be_visible()
    expect(page.get_by_text("Kemajuan: 100% (2 dari 2)")).to_be_visible()
    screenshot(page, "unduhan-2-selesai")

    # Leave and come back through the downloads list, on a phone.
    page.set_viewport_size(PHONE)
    page.goto("/unduhan/")
    row = page.get_by_role("row", name=re.compile("Rekap koordinasi seluruh kota"))
    expect(row).to_contain_text("Selesai")
    assert no_sideways_scroll(page)
    screenshot(page, "unduhan-3-daftar-360")
    with page.expect_download() as info:
        row.get_by_role("link", name="Unduh").click()
    download = info.value
    assert download.suggested_filename == "rekap-wfa-lebaran-2025.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Ringkasan" and wb.sheetnames[-2:] == ["Dinkes", "Dishub"]
    assert wb["Ringkasan"]["E7"].value == 1  # Dinkes, Monday: one WFH
    assert wb["Dinkes"].page_setup.orientation == "portrait"
    page.get_by_role("button", name="Keluar").click()

    # The mayor's office: the city PDF, its own downloads only.
    page.set_viewport_size(PHONE)
    login_as(mayor)
    page.goto(f"/rekap/{window.slug}/kota/")
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Unduh ringkasan (.pdf) · seluruh kota").click()
    expect(page.get_by_text("Menunggu giliran")).to_be_visible()
    run_worker()
    link = page.get_by_role("link", name="Unduh ringkasan-wfa-lebaran-2025.pdf")
    expect(link).to_be_visible(timeout=10_000)
    assert no_sideways_scroll(page)
    with page.expect_download() as info:
        link.click()
    pdf = tmp_path / "ringkasan.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    page.goto("/unduhan/")
    expect(page.get_by_role("row", name=re.compile("Ringkasan kota"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Rekap koordinasi"))).to_have_count(0)
