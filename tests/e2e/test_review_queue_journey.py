"""The review queue on a phone: the head of Dinkes filters to one puskesmas and one day, selects
every report on the page and accepts them in one tap; the queue drops by exactly that number. A
forged post carrying another OPD's report is refused first, and nothing is accepted."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from attendance.models import DailyReport, ReportStatus
from tests.attendance.conftest import make_report
from tests.factories import EmployeeFactory, UnitFactory, WindowDayFactory, WindowFactory

PHONE = {"width": 360, "height": 740}


def waiting() -> int:
    return DailyReport.objects.filter(status=ReportStatus.SUBMITTED).count()


def test_the_head_filters_selects_all_and_accepts_on_a_phone(
    page, login_as, screenshot, head_a, unit_a, employee_b
):
    window = WindowFactory(slug="uji-hari-ini", name="Periode uji hari ini")
    today = WindowDayFactory(window=window, date=timezone.localdate())
    yesterday = WindowDayFactory(window=window, date=timezone.localdate() - timedelta(days=1))
    sako = UnitFactory(opd=unit_a.opd, code="pkm-sako", name="Puskesmas Sako")
    for _ in range(6):
        make_report(EmployeeFactory(unit=unit_a), today)
    for _ in range(2):
        make_report(EmployeeFactory(unit=unit_a), yesterday)
    for _ in range(3):
        make_report(EmployeeFactory(unit=sako), today)
    dishub = make_report(employee_b, today)

    page.set_viewport_size(PHONE)
    login_as(head_a)
    page.goto("/laporan/pemeriksaan/")
    count = page.get_by_test_id("queue-count")
    expect(count).to_contain_text("11 laporan menunggu")
    page.get_by_text("Saring dan urutkan").click()
    page.get_by_label("Unit").select_option(label="Puskesmas Makrayu")
    page.get_by_label("Hari kerja").fill(today.date.isoformat())
    page.get_by_role("button", name="Terapkan").click()
    expect(count).to_contain_text("6 laporan menunggu")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator("label.review-pick").first.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # a thumb's target
    screenshot(page, "pemeriksaan-1-ponsel-tersaring")

    # A forged post: one ticked row carries the id of Dishub's report. All or nothing.
    page.locator("input[data-pick]").first.evaluate(f"box => box.value = '{dishub.pk}'")
    page.get_by_text("Pilih semua").click()
    page.get_by_role("button", name="Terima yang dipilih (6)").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "1 laporan yang dipilih tidak ditemukan di OPD Anda. Tidak ada laporan yang diterima."
    )
    expect(count).to_contain_text("6 laporan menunggu")
    assert waiting() == 12

    page.get_by_text("Pilih semua").click()
    page.get_by_role("button", name="Terima yang dipilih (6)").click()
    expect(page.get_by_role("status").filter(has_text="6 laporan diterima.")).to_be_visible()
    expect(count).to_contain_text("0 laporan menunggu")
    screenshot(page, "pemeriksaan-2-ponsel-diterima")
    assert waiting() == 12 - 6
    page.get_by_role("link", name="Hapus saringan").click()
    expect(count).to_contain_text("5 laporan menunggu")
