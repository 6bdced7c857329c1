"""A citizen at a service point on a cheap phone: BKPSDM prints the QR cards, the citizen scans
one (opens its address), taps a large rating button, sends, and stays on a thank-you page; the
feedback row names that service point and that it came by QR. The public page tells when the
service is open and how many staff are on site."""

import re
from datetime import time

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from attendance.models import ServiceFeedback, ServiceHours
from attendance.service_info import feedback_url
from tests.factories import EmployeeFactory

PHONE = {"width": 360, "height": 740}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_scans_a_service_points_qr_code_and_rates_it(
    page, login_as, screenshot, settings, live_server, bkpsdm, unit_a, window
):
    cache.clear()
    settings.WFA_SITE_URL = live_server.url
    EmployeeFactory.create_batch(2, unit=unit_a)
    ServiceHours.objects.create(
        unit=unit_a, window=window, days="Senin–Jumat", opens_at=time(8), closes_at=time(12)
    )

    page.set_viewport_size(PHONE)
    login_as(bkpsdm)
    page.goto("/layanan/kartu-qr/")
    card = page.locator(".qr-card").filter(has_text="Puskesmas Makrayu")
    expect(card.locator("svg")).to_be_visible()
    expect(card).to_contain_text(feedback_url(unit_a))
    assert no_sideways_scroll(page)
    screenshot(page, "layanan-1-kartu-qr-ponsel")
    page.get_by_role("button", name="Keluar").click()

    # The citizen's phone opens the address in the QR code.
    page.goto(feedback_url(unit_a))
    expect(page.get_by_role("heading", name="Masukan untuk Puskesmas Makrayu")).to_be_visible()
    five = page.locator("label[for=id_rating_4]")
    box = five.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 44, box  # a thumb's target
    assert no_sideways_scroll(page)
    screenshot(page, "layanan-2-form-ponsel")
    five.click()
    # A phone's emoji carries a zero-width joiner: taken out of the comment, and the page says so.
    page.get_by_label("Komentar (opsional)").fill("Antrean cepat, petugas ramah 🤦\u200d♀️")
    page.get_by_role("button", name="Kirim masukan").click()

    expect(page).to_have_url(re.compile(r"/masukan/pkm-makrayu/terima-kasih/$"))
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Karakter tak terlihat")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Puskesmas Makrayu")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "layanan-3-terima-kasih-ponsel")
    page.reload()  # stays put: nothing is sent again
    feedback = ServiceFeedback.objects.get()
    assert (feedback.unit.name, feedback.rating, feedback.via_qr) == ("Puskesmas Makrayu", 5, True)
    assert feedback.comment == "Antrean cepat, petugas ramah 🤦♀️"

    page.goto(f"/layanan/?periode={window.slug}")
    expect(page.get_by_text("Perubahan jadwal layanan selama periode ini")).to_be_visible()
    expect(page.get_by_text("2 petugas di kantor").first).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "layanan-4-informasi-ponsel")


PAGES = [
    (None, "/layanan/"),
    (None, "/masukan/?q=puskesmas"),
    (None, "/masukan/pkm-makrayu/?via=qr"),
    (None, "/masukan/pkm-makrayu/terima-kasih/"),
    ("bkpsdm", "/layanan/kartu-qr/"),
]


@pytest.mark.parametrize(("persona", "path"), PAGES, ids=[f"{p}:{u}" for p, u in PAGES])
def test_public_service_page_fits_a_phone_and_passes_axe(
    request, browser, live_server, unit_a, window, persona, path
):
    from tests.e2e.test_accessibility import axe_violations

    ServiceHours.objects.create(
        unit=unit_a, window=window, days="Senin", opens_at=time(8), closes_at=time(12)
    )
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport=PHONE, bypass_csp=True
    )
    page = context.new_page()
    if persona is not None:
        context.add_cookies(_session_cookie(request.getfixturevalue(persona), live_server))
    page.goto(path)
    fits = no_sideways_scroll(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in axe_violations(page)
    ]
    context.close()
    assert fits, f"{path} scrolls sideways at 360 px"
    assert not problems, "\n".join(problems)


def _session_cookie(user, live_server):
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    return [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
