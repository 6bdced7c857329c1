"""The daily reconciliation of machine punches with the plan, and a head's explanations."""

from datetime import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from absences.models import Absence, AbsenceKind, AbsenceStatus
from devicelogs import reconciliation
from devicelogs.models import Explanation, LineKind, Punch, PunchImport, Source
from schedules.models import Assignment, HoursKind, WorkingHours
from tests.devicelogs.conftest import TODAY
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def punch(device, employee, hh_mm: str, *, on=TODAY):
    hour, minute = map(int, hh_mm.split(":"))
    moment = timezone.make_aware(datetime(on.year, on.month, on.day, hour, minute))
    batch = PunchImport.objects.create(device=device, source=Source.API)
    return Punch.objects.create(device=device, employee=employee, at=moment, day=on, batch=batch)


def kinds(found):
    return {(line.employee_id, line.kind) for line in found.lines}


def test_each_kind_of_line_and_the_absent_left_out(
    device, opd_a, employee_a, nurse, unit_a, today_in_window
):
    remote = EmployeeFactory(unit=unit_a, name="Budi WFH")
    late = EmployeeFactory(unit=unit_a, name="Dedi Terlambat")
    away = EmployeeFactory(unit=unit_a, name="Eka Cuti")
    shift = EmployeeFactory(unit=unit_a, name="Fajar Shift")
    Assignment.objects.create(employee=remote, day=today_in_window, mode="WFH")
    Absence.objects.create(
        employee=away,
        kind=AbsenceKind.ANNUAL,
        start_date=TODAY,
        end_date=TODAY,
        status=AbsenceStatus.APPROVED,
    )
    WorkingHours.objects.create(
        employee=shift,
        day=today_in_window,
        kind=HoursKind.SHIFT,
        start_minute=14 * 60,
        end_minute=22 * 60,
    )
    punch(device, employee_a, "07:20")
    punch(device, employee_a, "16:10")
    punch(device, remote, "08:00")
    punch(device, late, "08:05")
    punch(device, shift, "13:55")  # on time for the afternoon shift
    # nurse: planned WFO, no punch; away: on leave, no punch, no line.
    found = reconciliation.reconcile(TODAY, opd=opd_a)
    assert kinds(found) == {
        (nurse.pk, LineKind.NO_PUNCH),
        (remote.pk, LineKind.REMOTE_PUNCH),
        (late.pk, LineKind.OUTSIDE_HOURS),
    }
    late_line = next(line for line in found.lines if line.employee_id == late.pk)
    assert late_line.detail == "datang 08.05 (batas 07.30)"
    assert found.totals["staff"] == 6
    assert found.totals["away"] == 1
    assert found.totals["planned_wfo"] == 4
    assert found.totals["punched"] == 4


def test_leaving_early_is_judged_only_with_two_punches(device, opd_a, employee_a, nurse):
    punch(device, employee_a, "07:00")
    punch(device, employee_a, "14:00")
    punch(device, nurse, "07:00")  # one punch: leaving is not judged
    found = reconciliation.reconcile(TODAY, opd=opd_a)
    assert kinds(found) == {(employee_a.pk, LineKind.OUTSIDE_HOURS)}
    assert found.lines[0].detail == "pulang 14.00 (selesai 16.00)"


def test_a_weekend_has_no_lines(device, opd_a, employee_a):
    from datetime import date

    saturday = date(2026, 11, 28)
    found = reconciliation.reconcile(saturday, opd=opd_a)
    assert not found.working and found.lines == []


def test_the_city_counts_per_opd(device, opd_a, opd_b, employee_a, employee_b):
    punch(device, employee_a, "07:10")
    counts = reconciliation.opd_counts(TODAY)
    assert counts[opd_a.pk]["punched"] == 1
    assert counts[opd_b.pk]["no_punch"] == 1


def test_a_punch_is_stored_once_by_the_database(device, employee_a):
    punch(device, employee_a, "07:10")
    with pytest.raises(IntegrityError), transaction.atomic():
        punch(device, employee_a, "07:10")


def test_the_reconciliation_reads_a_fixed_number_of_queries(
    device, opd_a, unit_a, today_in_window, django_assert_num_queries
):
    for _ in range(30):
        punch(device, EmployeeFactory(unit=unit_a), "07:00")
    # window day, staff, remote cells, hours, absences, punches, explanations
    with django_assert_num_queries(7):
        reconciliation.reconcile(TODAY, opd=opd_a)


# --- the pages ----------------------------------------------------------------------------------


def test_a_head_sees_the_lines_and_explains_one(login, head_a, device, opd_a, employee_a):
    client = login(head_a)
    page = client.get("/presensi-mesin/rekonsiliasi/dinkes/?tanggal=2026-11-25")
    assert page.status_code == 200
    assert "Siti Aminah" in page.content.decode()
    assert "Rencana WFO, tanpa rekaman mesin" in page.content.decode()
    done = client.post(
        "/presensi-mesin/rekonsiliasi/dinkes/jelaskan/",
        {
            "employee": employee_a.pk,
            "date": "2026-11-25",
            "kind": "no_punch",
            "note": "Rapat di Bappeda",
        },
    )
    assert done.status_code == 302
    note = Explanation.objects.get()
    assert (note.employee, note.note, note.by) == (employee_a, "Rapat di Bappeda", head_a)
    again = client.get("/presensi-mesin/rekonsiliasi/dinkes/?tanggal=2026-11-25")
    assert "Dijelaskan: Rapat di Bappeda" in again.content.decode()
    assert again.context["found"].totals["explained"] == 1


def test_a_forged_employee_of_another_opd_is_a_404_and_nothing_is_written(
    login, head_a, employee_b
):
    response = login(head_a).post(
        "/presensi-mesin/rekonsiliasi/dinkes/jelaskan/",
        {"employee": employee_b.pk, "date": "2026-11-25", "kind": "no_punch", "note": "x"},
    )
    assert response.status_code == 404
    assert not Explanation.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": ""}, "Tulis keterangannya"),
        ({"note": "a\u202eb"}, "tak terlihat"),
        ({"kind": "lainnya"}, "bukan salah satu"),
        ({"note": "x" * 501}, "500"),
    ],
)
def test_a_bad_explanation_is_refused_with_a_message(login, head_a, employee_a, data, message):
    post = {"employee": employee_a.pk, "date": "2026-11-25", "kind": "no_punch", "note": "ok"}
    response = login(head_a).post("/presensi-mesin/rekonsiliasi/dinkes/jelaskan/", post | data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Explanation.objects.exists()


def test_an_unreadable_date_says_so(login, bkpsdm):
    response = login(bkpsdm).get("/presensi-mesin/rekonsiliasi/?tanggal=kemarin")
    assert response.status_code == 400
    assert "Tanggal tidak dikenal" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 20])
def test_the_opd_page_pins_its_queries(
    login, head_a, device, unit_a, employee_a, extra, django_assert_num_queries
):
    from tests.conftest import BELL, READ_LOG

    for _ in range(extra):
        punch(device, EmployeeFactory(unit=unit_a), "08:00")
    client = login(head_a)
    # session, user, the OPD, the reconciliation's 5 reads (no window day: no plan, no hours),
    # the units' names, the explain form's acting-head check; the bell; the read log's write
    with django_assert_num_queries(10 + BELL + READ_LOG):
        client.get("/presensi-mesin/rekonsiliasi/dinkes/?tanggal=2026-11-25")


def test_the_summary_fragment_gives_the_scope_counts(
    login, head_a, bkpsdm, device, employee_a, employee_b, opd_b
):
    punch(device, employee_a, "07:10")
    own = login(head_a).get("/presensi-mesin/ringkasan/?tanggal=2026-11-25")
    assert own.context["totals"]["punched"] == 1 and own.context["code"] == "dinkes"
    assert login(head_a).get("/presensi-mesin/ringkasan/?opd=dishub").status_code == 404
    city = login(bkpsdm).get("/presensi-mesin/ringkasan/?tanggal=2026-11-25&ringkas=1")
    assert city.context["totals"]["staff"] == 2
    assert "1 WFO tanpa rekaman" in city.content.decode()


def test_the_monitor_and_the_dashboard_load_the_summary(
    login, head_a, opd_a, employee_a, today_in_window
):
    client = login(head_a)
    monitor = client.get(f"/pantauan/opd/dinkes/?hari={today_in_window.pk}")
    assert (
        "/presensi-mesin/ringkasan/?opd=dinkes&amp;tanggal=2026-11-25" in monitor.content.decode()
    )


@pytest.mark.parametrize("extra", [0, 5])
def test_the_city_page_pins_its_queries(
    login, bkpsdm, device, employee_a, extra, django_assert_num_queries
):
    from tests.conftest import BELL
    from tests.factories import OpdFactory, UnitFactory

    for _ in range(extra):
        EmployeeFactory(unit=UnitFactory(opd=OpdFactory()))
    client = login(bkpsdm)
    # session, user, the reconciliation's 5 reads (the date is no window day: no plan, no
    # hours), the units' OPDs, the OPD list
    with django_assert_num_queries(9 + BELL):
        client.get("/presensi-mesin/rekonsiliasi/?tanggal=2026-11-25")
