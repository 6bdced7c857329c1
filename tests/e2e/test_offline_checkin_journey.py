"""The check-in without network, on a 360 px phone: the nurse taps while offline, the page says the
check-in is kept on the phone and not yet sent; when the network returns it is sent by itself and
recorded once, at the time of the tap (the phone's clock corrected by the server's), flagged
"terkirim tertunda" only when it waited. The same after reloading the page while offline: the
service worker shows its copy of the page and the stored tap is still there."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attendance.models import CheckIn
from tests.e2e.test_attendance_journey import AT_THE_PUSKESMAS, PHONE, fits_the_screen, sign_in
from tests.factories import WindowDayFactory, WindowFactory


@pytest.fixture
def phone_context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation=AT_THE_PUSKESMAS,
        permissions=["geolocation"],
        service_workers="allow",
    )
    yield context
    context.close()


@pytest.fixture
def today(db):
    return WindowDayFactory(
        window=WindowFactory(slug="uji-hari-ini", name="Periode uji hari ini"),
        date=timezone.localdate(),
    )


def ready_offline(page):
    """The check-in page, its location found and its service worker in control (its copy kept)."""
    page.goto("/presensi/")
    expect(page.get_by_role("status").filter(has_text="Lokasi ditemukan")).to_be_visible()
    page.wait_for_function(
        "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
    )
    page.wait_for_function(
        "caches.open('wfa-presensi-1').then(c => c.match('/presensi/')).then(r => !!r)"
    )


def test_a_tap_without_network_is_sent_when_the_network_returns(
    phone_context, live_server, screenshot, employee_user, employee_a, today
):
    page = phone_context.new_page()
    sign_in(page, live_server, employee_user)
    ready_offline(page)

    phone_context.set_offline(True)
    page.get_by_role("button", name="Presensi masuk").click()
    expect(page.get_by_text("tersimpan di ponsel, belum terkirim")).to_be_visible()
    expect(page.get_by_role("button", name="Kirim sekarang")).to_be_visible()
    expect(page.get_by_role("button", name="Presensi masuk")).to_be_hidden()
    assert fits_the_screen(page)
    screenshot(page, "presensi-offline-1-tersimpan")
    assert not CheckIn.objects.exists()

    phone_context.set_offline(False)  # the `online` event sends it
    expect(page.get_by_role("heading", name="Sudah presensi masuk")).to_be_visible()
    expect(page.get_by_text("Presensi masuk tercatat pukul")).to_be_visible()
    check_in = CheckIn.objects.get(employee=employee_a, day=today)
    assert check_in.device_at is not None and check_in.idempotency_key is not None
    assert abs(check_in.device_at - timezone.now()).total_seconds() < 120
    assert check_in.flags == []  # sent within the two minutes of the tap: not "tertunda"
    screenshot(page, "presensi-offline-2-terkirim")


def test_the_stored_tap_survives_a_reload_without_network(
    phone_context, live_server, employee_user, employee_a, today
):
    page = phone_context.new_page()
    sign_in(page, live_server, employee_user)
    ready_offline(page)

    phone_context.set_offline(True)
    page.get_by_role("button", name="Presensi masuk").click()
    expect(page.get_by_text("tersimpan di ponsel, belum terkirim")).to_be_visible()
    page.reload()  # the service worker's copy of the page
    expect(page.get_by_role("heading", name="Presensi", exact=True)).to_be_visible()
    expect(page.get_by_text("tersimpan di ponsel, belum terkirim")).to_be_visible()
    expect(page.get_by_role("button", name="Presensi masuk")).to_be_hidden()
    assert not CheckIn.objects.exists()

    phone_context.set_offline(False)  # the `online` event sends it ("Kirim sekarang" does too)
    expect(page.get_by_role("heading", name="Sudah presensi masuk")).to_be_visible()
    assert CheckIn.objects.filter(employee=employee_a, day=today).count() == 1
