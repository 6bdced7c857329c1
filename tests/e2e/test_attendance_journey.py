"""Attendance on a phone: a nurse checks in at her puskesmas with the phone's location, files her
daily report with two outputs; her head accepts it and sees both on the live monitor, which then
refreshes itself when another nurse checks in."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attendance.models import CheckIn, DailyReport
from tests.attendance.conftest import make_check_in
from tests.conftest import PASSWORD
from tests.factories import EmployeeFactory, WindowDayFactory, WindowFactory

PHONE = {"width": 360, "height": 740}
# About 10 m from Puskesmas Makrayu (-3.000032, 104.744295; radius 100 m).
AT_THE_PUSKESMAS = {"latitude": -3.0001, "longitude": 104.74435, "accuracy": 10}


@pytest.fixture
def phone(browser, live_server):
    """A 360 px phone in Palembang that lets the portal read its location."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation=AT_THE_PUSKESMAS,
        permissions=["geolocation"],
    )
    yield context.new_page()
    context.close()


def sign_in(page, live_server, user):
    page.goto("/masuk/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/")


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_nurse_checks_in_and_reports_the_head_accepts_and_monitors(
    phone, live_server, screenshot, employee_user, employee_a, head_a, unit_a
):
    page = phone
    today = WindowDayFactory(
        window=WindowFactory(slug="uji-hari-ini", name="Periode uji hari ini"),
        date=timezone.localdate(),
    )

    # The nurse checks in: the page finds her location, the server records the time.
    sign_in(page, live_server, employee_user)
    page.goto("/presensi/")
    expect(page.get_by_role("status").filter(has_text="Lokasi ditemukan")).to_be_visible()
    expect(page.get_by_label("WFO (kantor)")).to_be_checked()
    assert fits_the_screen(page)
    screenshot(page, "presensi-1-ponsel-sebelum")
    page.get_by_role("button", name="Presensi masuk").click()
    expect(page.get_by_text("Presensi masuk tercatat pukul")).to_be_visible()
    expect(page.get_by_role("heading", name="Sudah presensi masuk")).to_be_visible()
    check_in = CheckIn.objects.get(employee=employee_a, day=today)
    assert check_in.flags == [] and check_in.distance_m < 20 and check_in.accuracy_m == 10
    screenshot(page, "presensi-2-ponsel-tercatat")

    # ... and files her daily report with two outputs.
    page.get_by_role("link", name="Isi laporan kerja harian").click()
    page.get_by_label("Uraian keluaran").nth(0).fill("Melayani imunisasi anak")
    page.get_by_label("Jumlah").nth(0).fill("14")
    page.get_by_label("Satuan").nth(0).fill("pasien")
    page.get_by_label("Tautan bukti (opsional)").nth(0).fill(
        "https://arsip.example.go.id/imunisasi"
    )
    page.get_by_label("Uraian keluaran").nth(1).fill("Menyusun laporan stok vaksin")
    page.get_by_label("Jumlah").nth(1).fill("1")
    page.get_by_label("Satuan").nth(1).fill("dokumen")
    assert fits_the_screen(page)
    screenshot(page, "presensi-3-ponsel-laporan")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_text("Laporan kerja harian terkirim untuk diperiksa.")).to_be_visible()
    expect(page.get_by_test_id("status-laporan")).to_have_text("Menunggu pemeriksaan")
    page.get_by_role("button", name="Keluar").click()

    # The head of Dinas Kesehatan accepts it from the review page.
    sign_in(page, live_server, head_a)
    page.goto("/laporan/pemeriksaan/")
    report = page.get_by_role("article").filter(has_text="Siti Aminah, S.Kep.")
    expect(report).to_contain_text("Melayani imunisasi anak — 14 pasien")
    expect(report).to_contain_text("Menyusun laporan stok vaksin — 1 dokumen")
    screenshot(page, "presensi-4-kepala-memeriksa")
    report.get_by_role("button", name="Terima laporan").click()
    expect(page.get_by_text("Laporan Siti Aminah, S.Kep. diterima.")).to_be_visible()
    expect(page.get_by_text("Tidak ada laporan yang menunggu pemeriksaan.")).to_be_visible()
    assert DailyReport.objects.get(employee=employee_a).status == "accepted"

    # The monitor shows the check-in and the accepted report, then refreshes on its own.
    page.clock.install()
    page.goto("/pantauan/")
    expect(page).to_have_url(f"{live_server.url}/pantauan/opd/dinkes/")
    expect(page.get_by_test_id("sudah-presensi")).to_have_text("1")
    expect(page.get_by_test_id("laporan-diterima")).to_have_text("1 / 1")
    expect(page.get_by_test_id("presensi-terbaru")).to_contain_text("Siti Aminah, S.Kep.")
    expect(page.get_by_test_id("laporan-terbaru")).to_contain_text("Diterima")
    screenshot(page, "presensi-5-kepala-pantauan")

    make_check_in(EmployeeFactory(unit=unit_a, name="Ns. Datang Kemudian"), today)
    page.clock.fast_forward(31_000)  # htmx polls every 30 s; no reload
    expect(page.get_by_test_id("presensi-terbaru")).to_contain_text("Ns. Datang Kemudian")
    expect(page.get_by_test_id("sudah-presensi")).to_have_text("2")


def test_a_returned_report_is_corrected_on_a_phone(
    phone, live_server, screenshot, employee_user, employee_a, head_a
):
    """Submit 23,5; the head returns it; the nurse adds a row, corrects to 24; the head accepts."""
    page = phone
    today = WindowDayFactory(
        window=WindowFactory(slug="uji-hari-ini", name="Periode uji hari ini"),
        date=timezone.localdate(),
    )
    sign_in(page, live_server, employee_user)
    page.goto(f"/laporan/hari/{today.pk}/")
    page.get_by_label("Uraian keluaran").nth(0).fill("Melayani imunisasi anak")
    page.get_by_label("Jumlah").nth(0).fill("23,5")
    page.get_by_label("Satuan").nth(0).fill("pasien")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_text("Laporan kerja harian terkirim untuk diperiksa.")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, live_server, head_a)
    page.goto("/laporan/pemeriksaan/")
    report = page.get_by_role("article").filter(has_text="Siti Aminah, S.Kep.")
    expect(report).to_contain_text("Melayani imunisasi anak — 23,50 pasien")
    report.get_by_label("Catatan untuk Siti Aminah, S.Kep.").fill("Jumlah pasien hari ini 24.")
    report.get_by_role("button", name="Kembalikan").click()
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, live_server, employee_user)
    page.goto(f"/laporan/hari/{today.pk}/")
    expect(page.get_by_text("Jumlah pasien hari ini 24.")).to_be_visible()
    expect(page.get_by_label("Jumlah").nth(0)).to_have_value("23,50")  # what she sent, shown
    page.get_by_label("Uraian keluaran").nth(1).fill("Rapat koordinasi")
    page.get_by_role("button", name="Tambah baris keluaran").click()
    expect(page.get_by_label("Uraian keluaran").nth(1)).to_have_value("Rapat koordinasi")
    page.get_by_label("Uraian keluaran").nth(1).fill("")  # changed her mind: a blank row is dropped
    page.get_by_label("Jumlah").nth(0).fill("24")
    assert fits_the_screen(page)
    screenshot(page, "laporan-perbaikan-ponsel")
    page.get_by_role("button", name="Kirim perbaikan").click()
    expect(page.get_by_text("Laporan kerja harian terkirim untuk diperiksa.")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, live_server, head_a)
    page.goto("/laporan/pemeriksaan/")
    report = page.get_by_role("article").filter(has_text="Siti Aminah, S.Kep.")
    expect(report).to_contain_text("Melayani imunisasi anak — 24 pasien")
    report.get_by_role("button", name="Terima laporan").click()
    expect(page.get_by_text("Laporan Siti Aminah, S.Kep. diterima.")).to_be_visible()
    report = DailyReport.objects.get(employee=employee_a)
    assert report.status == "accepted"
    assert [str(i.quantity) for i in report.items.all()] == ["24.00"]


# Every attendance page, as the role that uses it, passes axe-core (see test_accessibility.py).
PAGES = [
    ("employee_user", "/presensi/"),
    ("employee_user", "/laporan/"),
    ("employee_user", "/laporan/hari/{day}/"),
    ("head_a", "/laporan/pemeriksaan/"),
    ("head_a", "/laporan/{report}/"),
    ("head_a", "/pantauan/opd/dinkes/"),
    ("bkpsdm", "/pantauan/"),
    ("bkpsdm", "/pantauan/periode/uji-hari-ini/"),
    ("bkpsdm", "/pantauan/masukan/"),
    (None, "/masukan/"),
    (None, "/masukan/pkm-makrayu/"),
]


@pytest.mark.parametrize(("persona", "path"), PAGES, ids=[f"{p}:{u}" for p, u in PAGES])
def test_attendance_page_has_no_serious_accessibility_violation(
    request, browser, live_server, employee_a, unit_a, persona, path
):
    from attendance.models import ServiceFeedback
    from tests.attendance.conftest import make_report
    from tests.e2e.test_accessibility import axe_violations

    day = WindowDayFactory(
        window=WindowFactory(slug="uji-hari-ini", name="Periode uji hari ini"),
        date=timezone.localdate(),
    )
    for i in range(3):
        colleague = EmployeeFactory(unit=unit_a, name=f"Perawat {i}")
        make_check_in(colleague, day, flags=["no_location"] if i else [])
    report = make_report(employee_a, day, items=2)
    ServiceFeedback.objects.create(unit=unit_a, window=day.window, rating=3, comment="Cukup")
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport=PHONE,
        bypass_csp=True,
    )
    page = context.new_page()
    if persona is not None:
        sign_in(page, live_server, request.getfixturevalue(persona))
    page.goto(path.format(day=day.pk, report=report.pk))
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in axe_violations(page)
    ]
    context.close()
    assert not problems, "\n".join(problems)
