"""Jadwal saya on a cheap phone (360x740): the nurse opens her schedule from the home page, finds
today's card first, switches to the month calendar, and creates the address of her calendar feed,
which a calendar app (a fresh context, no session) reads; then she removes it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from opd.models import CalendarFeed
from schedules.models import Assignment, Mode, WindowDay
from tests.conftest import PASSWORD
from tests.e2e.test_accessibility import axe_violations

PHONE = {"width": 360, "height": 740}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# Monday 24 March 2025, the first day of Lebaran 2025; the clock ticks on from there.
@pytest.mark.time_machine(datetime(2025, 3, 24, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
def test_the_nurse_reads_her_month_and_subscribes_her_phone_calendar(
    browser, page, login_as, screenshot, employee_user, employee_a
):
    monday = WindowDay.objects.get(window__slug="lebaran-2025", date=date(2025, 3, 24))
    Assignment.objects.create(
        employee=employee_a, day=monday, mode=Mode.WFA, wfa_place="Lubuklinggau"
    )
    page.set_viewport_size(PHONE)
    login_as(employee_user)
    expect(page.get_by_test_id("today")).to_contain_text("Laporan kerja harian: belum dikirim.")
    assert page_width(page) <= PHONE["width"]  # the home cards fit the phone too
    screenshot(page, "jadwal-saya-0-beranda-hp")
    page.get_by_test_id("window-days").get_by_role("link", name="Jadwal saya").click()

    # Today's card first, then the days as cards; nothing wider than the phone.
    today = page.get_by_test_id("today")
    expect(today).to_contain_text("Hari ini, Senin, 24 Maret 2025")
    expect(today).to_contain_text("WFA di Lubuklinggau")
    card = page.get_by_role("article", name="Selasa, 25 Maret 2025")
    expect(card.get_by_test_id("mode")).to_have_text("WFO")
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "jadwal-saya-1-daftar-hp")

    # The month calendar: a table with the mode written in each window day.
    page.get_by_role("link", name="Kalender bulanan").click()
    expect(page.get_by_role("heading", name="Maret 2025", exact=True)).to_be_visible()
    table = page.get_by_role("table", name="Maret 2025")
    expect(table.locator('td[data-date="2025-03-24"]')).to_contain_text("WFA")
    expect(table.locator('td[data-date="2025-03-24"]')).to_have_attribute("aria-current", "date")
    expect(table.locator('td[data-date="2025-03-25"]')).to_contain_text("WFO")
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "jadwal-saya-2-kalender-hp")
    page.get_by_role("link", name="April 2025").first.click()
    expect(
        page.get_by_role("table", name="April 2025").locator('td[data-date="2025-04-08"]')
    ).to_contain_text("WFO")

    # The calendar feed: created on the list page, read by a calendar app without a session.
    page.get_by_role("link", name="Kalender di ponsel").click()
    page.get_by_role("button", name="Buat alamat kalender").click()
    expect(page.get_by_text("Alamat kalender dibuat.")).to_be_visible()
    address = page.get_by_label("Alamat kalender Anda").input_value()
    assert address.endswith(".ics")
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "jadwal-saya-3-kalender-ponsel-hp")
    app = browser.new_context()
    try:
        response = app.request.get(address)
        assert response.status == 200
        events = Calendar.from_ical(response.body()).walk("VEVENT")
        assert str(events[0]["summary"]) == "WFA di Lubuklinggau · Kerja fleksibel Lebaran 2025"

        # Removed: the address answers 404 from now on.
        page.get_by_role("button", name="Hapus alamat kalender").click()
        expect(page.get_by_text("Alamat kalender dihapus")).to_be_visible()
        assert app.request.get(address).status == 404
    finally:
        app.close()


@pytest.mark.time_machine(datetime(2025, 3, 24, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
@pytest.mark.parametrize("path", ["/jadwal-saya/", "/jadwal-saya/kalender/"])
def test_the_list_with_the_feed_and_the_month_pass_axe_on_a_phone(
    browser, live_server, employee_user, path
):
    CalendarFeed.objects.create(user=employee_user, token_hash=CalendarFeed.digest("E" * 43))
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", bypass_csp=True
    )
    try:
        page = context.new_page()
        page.set_viewport_size(PHONE)
        page.goto("/masuk/")
        page.fill("#id_username", employee_user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(path)
        problems = [f"{v['id']}: {v['help']}" for v in axe_violations(page)]
        assert not problems, "\n".join(problems)
        assert page_width(page) <= PHONE["width"]
    finally:
        context.close()
