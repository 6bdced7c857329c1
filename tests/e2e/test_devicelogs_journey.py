"""BKPSDM, on a laptop, uploads a fingerprint machine's attlog file, reads the dry run's report
and confirms it; the head of Dinas Kesehatan, on a phone, sees the day's reconciliation (a nurse
planned WFO without a punch, someone late) and marks the nurse's line explained."""

import pytest
from playwright.sync_api import expect

from devicelogs.models import Device, Explanation, Punch
from tests.e2e.test_plan_review_journey import PHONE, sign_out, sticking_out
from tests.factories import EmployeeFactory

LAPTOP = {"width": 1366, "height": 900}


@pytest.mark.slow
def test_bkpsdm_uploads_an_attlog_and_a_head_explains_a_line_on_a_phone(
    page, login_as, screenshot, tmp_path, bkpsdm, head_a, opd_a, unit_a, employee_a
):
    Device.objects.create(code="dinkes-lobi", name="Mesin lobi Dinkes", opd=opd_a)
    late = EmployeeFactory(unit=unit_a, name="Dedi Terlambat")
    nurse = EmployeeFactory(unit=unit_a, name="Rina Marlina", position_name="Perawat")
    log = tmp_path / "1_attlog.dat"
    log.write_text(
        f"{employee_a.nip:>18}\t2026-11-25 07:12:09\t1\t0\t0\t0\n"
        f"{late.nip:>18}\t2026-11-25 08:41:00\t1\t0\t0\t0\n"
        f"{late.nip:>18}\t2026-11-25 08:41:00\t1\t0\t0\t0\n"
        f"{'31':>18}\t2026-11-25 07:00:00\t1\t0\t0\t0\n"
    )

    page.set_viewport_size(LAPTOP)
    login_as(bkpsdm)
    page.get_by_role("link", name="Mesin presensi").click()
    page.get_by_role("link", name="Impor log mesin").click()
    page.get_by_label("Mesin presensi").select_option(label="Mesin lobi Dinkes (dinkes-lobi)")
    page.get_by_label("Berkas log (attlog .dat/.txt, CSV atau .xlsx)").set_input_files(str(log))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_test_id("rows-read")).to_have_text("4")
    expect(page.get_by_test_id("new")).to_have_text("2")
    expect(page.get_by_test_id("duplicates")).to_have_text("1 / 0")
    expect(page.get_by_test_id("unknown-ids")).to_contain_text("31: 1 baris")
    assert Punch.objects.count() == 0
    assert sticking_out(page) == []
    screenshot(page, "mesin-1-bkpsdm-uji-coba")
    page.get_by_role("button", name="Konfirmasi impor").click()
    expect(page.get_by_text("Selesai", exact=True)).to_be_visible()
    assert Punch.objects.count() == 2
    sign_out(page)

    page.set_viewport_size(PHONE)
    login_as(head_a)
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Mesin presensi").click()
    expect(page.get_by_role("heading", name="Rekonsiliasi mesin presensi · Dinkes")).to_be_visible()
    expect(page.get_by_test_id("no-punch")).to_have_text("1")
    expect(page.get_by_test_id("outside-hours")).to_have_text("1")
    line = page.get_by_test_id("line").filter(has_text="Rina Marlina")
    expect(line).to_contain_text("Rencana WFO, tanpa rekaman mesin")
    assert sticking_out(page) == []
    screenshot(page, "mesin-2-kepala-rekonsiliasi")
    line.get_by_label("Keterangan untuk Rina Marlina").fill(
        "Rapat koordinasi di Dinas Kesehatan Provinsi"
    )
    line.get_by_role("button", name="Tandai dijelaskan").click()
    explained = page.get_by_test_id("line").filter(has_text="Rina Marlina")
    expect(explained.get_by_test_id("note")).to_have_text(
        "Dijelaskan: Rapat koordinasi di Dinas Kesehatan Provinsi"
    )
    expect(page.get_by_test_id("explained")).to_have_text("1")
    assert Explanation.objects.get().employee == nurse
    assert sticking_out(page) == []
    screenshot(page, "mesin-3-kepala-menjelaskan")
