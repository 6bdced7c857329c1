"""Work targets on a phone (360 px): the nurse fills her SKP's action plan and submits it, the
head approves it; the nurse's daily report picks the action plan by typing a few letters, and
her week shows the output against the target; the head reviews the OPD's week on one page."""

from django.utils import timezone
from playwright.sync_api import expect

from attendance.models import OutputItem
from targets.models import TargetStatus, WorkTarget
from tests.factories import WindowDayFactory, WindowFactory

PHONE = {"width": 360, "height": 740}
LABEL = "Melayani imunisasi anak — Terlaksananya pelayanan imunisasi"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_nurse_picks_an_action_plan_and_the_head_reviews_the_week(
    page, login_as, screenshot, employee_user, head_a, employee_a
):
    window = WindowFactory(slug="uji-hari-ini", name="Periode uji hari ini")
    today = WindowDayFactory(window=window, date=timezone.localdate())
    page.set_viewport_size(PHONE)

    # The nurse's SKP: one action plan, submitted.
    login_as(employee_user)
    page.goto("/target/")
    page.get_by_label("Rencana hasil kerja (RHK)").fill("Terlaksananya pelayanan imunisasi")
    page.get_by_label("Rencana aksi", exact=True).fill("Melayani imunisasi anak")
    page.get_by_label("Target jumlah (setahun)").fill("500")
    page.get_by_label("Satuan").fill("anak")
    page.get_by_role("button", name="Tambah", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Rencana aksi ditambahkan")
    assert fits(page)
    screenshot(page, "target-1-ponsel")
    page.get_by_role("button", name="Ajukan kepada atasan").click()
    expect(page.get_by_test_id("target-status")).to_contain_text("Menunggu persetujuan")

    # The head approves it on the phone.
    page.context.clear_cookies()
    login_as(head_a)
    page.goto("/target/pemeriksaan/")
    page.get_by_role("link", name="Siti Aminah, S.Kep.").click()
    page.get_by_role("button", name="Setujui target").click()
    expect(page.get_by_test_id("targets-waiting")).to_contain_text("Tidak ada target")
    assert WorkTarget.objects.get().status == TargetStatus.APPROVED

    # The daily report: the first output picks the plan from the searchable list.
    page.context.clear_cookies()
    login_as(employee_user)
    page.goto(f"/laporan/hari/{today.pk}/")
    pick = page.locator("#id_keluaran-0-rencana_aksi")
    expect(pick).to_have_attribute("list", "rencana-aksi-list")
    options = page.locator("#rencana-aksi-list option")
    expect(options).to_have_count(1)
    assert options.first.get_attribute("value") == LABEL
    pick.fill(LABEL)
    page.locator("#id_keluaran-0-description").fill("Imunisasi campak di posyandu")
    page.locator("#id_keluaran-0-quantity").fill("14")
    page.locator("#id_keluaran-0-unit_of_measure").fill("anak")
    page.locator("#id_keluaran-0-started_at").fill("08:00")
    page.locator("#id_keluaran-0-ended_at").fill("10:30")
    page.locator("#id_keluaran-1-description").fill("Rapat koordinasi")
    page.locator("#id_keluaran-1-quantity").fill("1")
    page.locator("#id_keluaran-1-unit_of_measure").fill("kali")
    assert fits(page)
    screenshot(page, "target-2-laporan-rencana-aksi")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("body")).to_contain_text("Rencana aksi: Melayani imunisasi anak")
    first, second = OutputItem.objects.order_by("pk")
    assert first.action_plan.text == "Melayani imunisasi anak" and second.action_plan is None

    # Her week: the output against the year's target.
    page.goto("/laporan/")
    page.get_by_role("link", name="Kemajuan minggu ini").click()
    progress = page.get_by_test_id("plan-progress")
    expect(progress).to_contain_text("Melayani imunisasi anak")
    expect(progress).to_contain_text("Minggu ini 14 anak")
    expect(page.get_by_test_id("week-figures")).to_contain_text("1 / 2")
    assert fits(page)
    screenshot(page, "target-3-kemajuan-minggu")

    # The head reviews the week on one page.
    page.context.clear_cookies()
    login_as(head_a)
    page.goto("/laporan/mingguan/opd/")
    table = page.get_by_test_id("week-table")
    row = table.locator("tr", has_text="Siti Aminah")
    expect(row).to_contain_text("1 / 1")  # the plan that moved, of those approved
    expect(page.get_by_test_id("opd-total")).to_contain_text("Jumlah OPD")
    assert fits(page)  # the table scrolls inside its own box
    screenshot(page, "target-4-minggu-kepala")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh Excel (siap cetak)").click()
    assert download.value.suggested_filename.startswith("laporan-mingguan-dinkes-")
