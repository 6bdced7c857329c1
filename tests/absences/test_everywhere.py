"""An approved absence changes everything that counts people: the grid (shown, never set), the
write path, the planner's input, the monitor, the reminders, the daily reports, the weekly cap,
the workbook and the plan PDF."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from absences.models import AbsenceKind
from attendance.reminders import reminders_send
from schedules import services
from schedules.cap import cap_violations
from schedules.models import Assignment, Mode
from schedules.planner.loader import AWAY, load
from tests.schedules.test_grid import HTMX, grid_url, versions

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def test_the_grid_shows_the_absence_and_offers_no_control(
    login, window, days, bkpsdm, opd_a, puskesmas_staff, make_absence
):
    doctor = puskesmas_staff["dokter"]
    make_absence(doctor, days[0].date, kind=AbsenceKind.TRAVEL)
    page = login(bkpsdm).get(grid_url(window, opd_a)).content.decode()
    cell = page.split(f'<tr id="row-{doctor.pk}"')[1].split("</tr>")[0]
    assert f'<td data-day="{days[0].pk}" class="mode-away" data-away="DL">' in cell
    assert ">dinas luar</span>" in cell
    assert cell.count("<select") == len(days) - 1


def test_a_cell_on_a_day_away_cannot_be_set(
    login, window, days, bkpsdm, opd_a, puskesmas_staff, make_absence
):
    doctor = puskesmas_staff["dokter"]
    make_absence(doctor, days[0].date)
    body = (
        login(bkpsdm)
        .post(
            grid_url(window, opd_a, "sel/"),
            {
                "employee": doctor.pk,
                "day": days[0].pk,
                "mode": "WFH",
                "versions": versions(doctor, days),
            },
            **HTMX,
        )
        .content.decode()
    )
    assert "dr. Rina Sari cuti pada Senin, 24 Maret 2025" in body
    assert not Assignment.objects.exists()


def test_a_bulk_action_skips_the_days_away_and_says_so(
    window, days, bkpsdm, opd_a, puskesmas_staff, make_absence
):
    nurse = puskesmas_staff["perawat"][0]
    make_absence(nurse, days[0].date)
    result = services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[nurse.pk],
        day_ids=[days[0].pk, days[1].pk],
        mode=Mode.WFH,
        by=bkpsdm,
        bulk=True,
    )
    assert result.skipped_away == 1 and result.changed == 1
    assert "1 sel dilewati karena pegawainya cuti" in result.message()


def test_the_planner_takes_a_day_away_as_a_pinned_cell_off_site(
    window, days, opd_a, puskesmas_staff, make_absence
):
    doctor = puskesmas_staff["dokter"]
    make_absence(doctor, days[0].date)
    snapshot = load(window, opd_a)
    (problem,) = snapshot.problems
    i = next(n for n, p in enumerate(problem.people) if p.id == doctor.pk)
    assert problem.fixed[(i, 0)].value == (AWAY, "")
    assert problem.fixed[(i, 0)].reason == "cuti"
    before = snapshot.fingerprint
    make_absence(doctor, days[3].date)
    assert load(window, opd_a).fingerprint != before  # a proposal made before is refused


def test_the_monitor_says_cuti_not_belum_presensi(login, head_a, today, unit_a, make_absence):
    from tests.factories import EmployeeFactory

    away = EmployeeFactory(unit=unit_a, name="Perawat Cuti")
    waiting = EmployeeFactory(unit=unit_a, name="Perawat Belum")
    make_absence(away, today.date, kind=AbsenceKind.ANNUAL)
    page = login(head_a).get("/pantauan/opd/dinkes/").content.decode()
    not_yet = page.split('id="judul-belum"')[1].split("</section>")[0]
    on_leave = page.split('id="judul-cuti"')[1].split("</section>")[0]
    assert waiting.name in not_yet and away.name not in not_yet
    assert "Perawat Cuti · Puskesmas Makrayu · <strong>cuti</strong>" in on_leave
    assert '<div class="fs-5" data-testid="cuti">1</div>' in page
    assert '<div class="fs-5" data-testid="belum-presensi">1</div>' in page


def test_no_check_in_reminder_for_someone_away(
    window, days, employee_user, employee_a, make_absence
):
    make_absence(employee_a, date(2025, 3, 24), kind=AbsenceKind.TRAINING)
    with time_machine.travel(datetime(2025, 3, 24, 9, tzinfo=JAKARTA), tick=False):
        assert reminders_send().check_in == 0
    with time_machine.travel(datetime(2025, 3, 25, 9, tzinfo=JAKARTA), tick=False):
        assert reminders_send().check_in == 1


def test_no_daily_report_is_expected_on_a_day_away(
    login, today, employee_user, employee_a, make_absence
):
    make_absence(employee_a, today.date, kind=AbsenceKind.SICK)
    page = login(employee_user).get("/laporan/").content.decode()
    assert "Tidak wajib: cuti" in page


def test_a_day_away_is_not_a_remote_day_for_the_weekly_cap(
    capped, days, opd_a, employee_a, make_absence
):
    """Three WFH days in a week of a 2-day cap; one of them becomes a day of leave."""
    for day in days[:3]:
        Assignment.objects.create(employee=employee_a, day=day, mode=Mode.WFH)
    over = cap_violations(capped, opd=opd_a)
    make_absence(employee_a, days[2].date)
    assert over and not cap_violations(capped, opd=opd_a)


def test_the_workbook_and_the_plan_pdf_mark_the_day_away(
    login, head_a, window, days, opd_a, employee_a, make_absence, tmp_path
):
    from reports.documents import pdf
    from reports.documents.workbook import write_workbook

    make_absence(employee_a, days[1].date, kind=AbsenceKind.TRAVEL)
    out = io.BytesIO()
    write_workbook(out, window=window, opd=opd_a)
    ws = load_workbook(io.BytesIO(out.getvalue()))["Dinkes"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == employee_a.nip)
    assert row[4:8] == ("WFO", "DL", "WFO", "WFO")
    path = tmp_path / "rencana.pdf"
    pdf.write_plan_pdf(path, window=window, opd=opd_a)
    from tests.reports.test_pdf_readers import tool

    text = " ".join(tool("pdftotext", str(path), "-").split())
    assert "DL = dinas luar" in text
