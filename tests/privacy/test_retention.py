"""Retention (UU 27/2022): with time frozen, the purge removes exactly what its periods say, the
dry run lists the same and changes nothing, and pages and exports keep working afterwards."""

import json
import os
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from absences.models import Absence, AbsenceKind
from attendance.models import CheckIn, DailyReport, ServiceFeedback
from eligibility.models import Restriction, RestrictionKind
from privacy import tasks
from privacy.retention import PURGED, personal_data_purge
from readlog.models import ReadEvent, ReadSubject
from schedules.models import Assignment, BulkChange, Mode, Plan, PlanStatus, Preference
from tests.attendance.conftest import make_check_in, make_report
from tests.factories import EmployeeFactory, WindowDayFactory, WindowFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 8, 1, 10, 0, tzinfo=WIB)  # lebaran-2025 ended 8 April: 115 days ago
PLACE = "Lubuklinggau, rumah orang tua"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def at(moment):
    """Run what follows as if it were `moment` (auto_now fields and history dates)."""
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def recent_day(db):
    """A window whose only day was 7 days ago: still under evaluation."""
    window = WindowFactory(slug="periode-juli", name="Periode Juli 2025")
    return WindowDayFactory(window=window, date=date(2025, 7, 25))


@pytest.fixture
def city(frozen, window, recent_day, employee_a, unit_a, opd_a, settings, tmp_path):
    """Personal data of every kind, old and recent."""
    settings.WFA_IMPORT_DIR = tmp_path
    old_day = window.days.get(date=date(2025, 3, 24))
    with at(datetime(2025, 3, 24, 7, 30, tzinfo=WIB)):
        Assignment.objects.create(employee=employee_a, day=old_day, mode=Mode.WFA, wfa_place=PLACE)
        make_check_in(
            employee_a,
            old_day,
            mode=Mode.WFA,
            planned=Mode.WFA,
            place=PLACE,
            planned_place=PLACE,
            latitude="-3.295000",
            longitude="102.861000",
            accuracy_m=12,
        )
        Preference.objects.create(
            employee=employee_a, day=old_day, mode=Mode.WFA, wfa_place=PLACE, note="Ibu sakit"
        )
        old_feedback = ServiceFeedback.objects.create(
            unit=unit_a, window=window, rating=2, comment="Antre lama", contact="0812-1111"
        )
        make_report(employee_a, old_day)
    plan = Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)
    BulkChange.objects.create(
        plan=plan,
        summary="WFH untuk 1 pegawai",
        changed=1,
        made_at=NOW,
        cells=[[employee_a.pk, old_day.pk, Mode.WFA, PLACE, 2]],
    )
    near = EmployeeFactory(unit=unit_a)
    with at(datetime(2025, 7, 25, 7, 45, tzinfo=WIB)):
        Assignment.objects.create(employee=near, day=recent_day, mode=Mode.WFA, wfa_place=PLACE)
        make_check_in(near, recent_day, latitude="-3.000040", longitude="104.744290", accuracy_m=8)
        Preference.objects.create(employee=near, day=recent_day, mode=Mode.WFH, note="Anak sakit")
        ServiceFeedback.objects.create(unit=unit_a, rating=5, contact="warga@contoh.id")
    return {"old_day": old_day, "near": near, "old_feedback": old_feedback}


def counts(lines):
    return {line.label: line.count for line in lines}


def test_check_in_coordinates_go_after_90_days_and_the_distance_and_flags_stay(city):
    CheckIn.objects.filter(day=city["old_day"]).update(distance_m=215, flags=["outside_radius"])
    personal_data_purge()
    old = CheckIn.objects.get(day=city["old_day"])
    assert (old.latitude, old.longitude, old.accuracy_m) == (None, None, None)
    assert old.distance_m == 215 and old.flags == ["outside_radius"]
    recent = CheckIn.objects.get(employee=city["near"])
    assert recent.latitude is not None and recent.accuracy_m == 8


def test_places_and_reasons_of_an_evaluated_window_are_cleared_the_current_ones_kept(city):
    personal_data_purge()
    old_day, near = city["old_day"], city["near"]
    assert Assignment.objects.get(day=old_day).wfa_place == PURGED
    assert Assignment.objects.get(day=old_day).mode == Mode.WFA  # the mode is the plan: kept
    assert set(Assignment.history.filter(day=old_day).values_list("wfa_place", flat=True)) == {
        PURGED
    }
    check_in = CheckIn.objects.get(day=old_day)
    assert (check_in.place, check_in.planned_place) == (PURGED, PURGED)
    preference = Preference.objects.get(day=old_day)
    assert (preference.wfa_place, preference.note) == (PURGED, "")
    assert Assignment.objects.get(employee=near).wfa_place == PLACE
    assert Preference.objects.get(employee=near).note == "Anak sakit"
    assert not BulkChange.objects.exists()  # its undo data held the old place


def test_the_purge_never_edits_a_plan(city, opd_a, window):
    before = Assignment.objects.get(day=city["old_day"])
    history_rows = Assignment.history.count()
    personal_data_purge()
    after = Assignment.objects.get(day=city["old_day"])
    assert after.version == before.version and after.changed_at == before.changed_at
    assert Assignment.history.count() == history_rows
    assert Plan.objects.get(opd=opd_a, window=window).status == PlanStatus.APPROVED


def test_citizens_contacts_go_comments_and_ratings_stay(city):
    personal_data_purge()
    old = ServiceFeedback.objects.get(pk=city["old_feedback"].pk)
    assert (old.contact, old.comment, old.rating) == ("", "Antre lama", 2)
    assert ServiceFeedback.objects.filter(contact="warga@contoh.id").count() == 1


def test_sign_in_records_and_expired_sessions_go(city):
    with at(NOW - timedelta(days=120)):
        AccessLog.objects.create(username="pegawai", ip_address="10.0.0.9", user_agent="Firefox")
        AccessAttempt.objects.create(
            username="pegawai", ip_address="10.0.0.9", failures_since_start=1
        )
    AccessLog.objects.create(username="pegawai", ip_address="10.0.0.9", user_agent="Chrome")
    Session.objects.create(
        session_key="lama", session_data="", expire_date=NOW - timedelta(hours=1)
    )
    Session.objects.create(
        session_key="aktif", session_data="", expire_date=NOW + timedelta(hours=9)
    )
    personal_data_purge()
    assert list(AccessLog.objects.values_list("user_agent", flat=True)) == ["Chrome"]
    assert AccessAttempt.objects.count() == 0
    assert list(Session.objects.values_list("session_key", flat=True)) == ["aktif"]


def test_import_files_that_were_never_confirmed_go(city, tmp_path):
    stale, fresh = tmp_path / "lama.xlsx", tmp_path / "baru.xlsx"
    stale.write_bytes(b"PK")
    fresh.write_bytes(b"PK")
    hour_ago = (NOW - timedelta(hours=1)).timestamp()
    os.utime(stale, (hour_ago, hour_ago))
    os.utime(fresh, (NOW.timestamp(), NOW.timestamp()))
    personal_data_purge()
    assert not stale.exists() and fresh.exists()


def test_the_history_of_staff_who_left_goes_after_the_archive_period(city, unit_a, recent_day):
    leaver = EmployeeFactory(unit=unit_a, is_active=False)
    stayer = EmployeeFactory(unit=unit_a)
    with at(NOW - timedelta(days=6 * 365)):
        for employee in (leaver, stayer):
            Assignment.objects.create(employee=employee, day=recent_day, mode=Mode.WFH)
    with at(NOW - timedelta(days=30)):
        Assignment.objects.filter(employee=leaver).update(mode=Mode.WFO)
        Assignment.objects.get(employee=leaver).save()  # a recent history row: kept
    personal_data_purge()
    assert Assignment.history.filter(employee_id=leaver.pk).count() == 1
    assert Assignment.history.filter(employee_id=stayer.pk).count() == 1


def test_absences_and_restrictions_stay_and_their_history_goes_with_the_leavers(city, unit_a):
    """Personnel records are kept (README: retention); their change history follows the rule of
    every history of staff who left."""
    leaver = EmployeeFactory(unit=unit_a, is_active=False)
    stayer = EmployeeFactory(unit=unit_a)
    with at(NOW - timedelta(days=6 * 365)):
        for employee in (leaver, stayer):
            Absence.objects.create(
                employee=employee, kind=AbsenceKind.SICK, start_date=date(2019, 8, 1),
                end_date=date(2019, 8, 2),
            )  # fmt: skip
            Restriction.objects.create(
                employee=employee, kind=RestrictionKind.SANCTION, start_date=date(2019, 8, 1),
                end_date=date(2020, 1, 31), basis="SK 800/1/2019",
            )  # fmt: skip
    lines = counts(personal_data_purge())
    assert lines["Riwayat ketidakhadiran pegawai yang sudah keluar"] == 1
    assert lines["Riwayat pembatasan kerja fleksibel pegawai yang sudah keluar"] == 1
    assert Absence.objects.count() == 2 and Restriction.objects.count() == 2
    assert not Absence.history.filter(employee_id=leaver.pk).exists()
    assert Absence.history.filter(employee_id=stayer.pk).count() == 1
    assert not Restriction.history.filter(employee_id=leaver.pk).exists()
    assert Restriction.history.filter(employee_id=stayer.pk).count() == 1


def test_the_read_log_keeps_a_year(city, login, head_a, employee_a):
    with at(NOW - timedelta(days=400)):
        login(head_a).get(f"/pegawai/{employee_a.nip}/")
    login(head_a).get(f"/pegawai/{employee_a.nip}/")
    personal_data_purge()
    assert ReadEvent.objects.count() == 1 and ReadSubject.objects.count() == 1
    assert ReadEvent.objects.get().at > NOW - timedelta(days=1)


def test_the_dry_run_lists_exactly_what_the_purge_then_removes_and_changes_nothing(city):
    with at(NOW - timedelta(days=120)):
        AccessLog.objects.create(username="pegawai", ip_address="10.0.0.9", user_agent="Firefox")
    snapshot = list(CheckIn.objects.values()), list(Preference.objects.values())
    planned = counts(personal_data_purge(dry_run=True))
    assert (list(CheckIn.objects.values()), list(Preference.objects.values())) == snapshot
    assert planned == counts(personal_data_purge())
    assert planned["Koordinat dan akurasi lokasi presensi"] == 1
    assert planned["Tempat WFA di rencana"] == 1
    assert planned["Tempat WFA di riwayat rencana"] == 1
    assert planned["Tempat kerja yang dinyatakan saat presensi"] == 1
    assert planned["Tempat WFA preferensi pegawai"] == 1
    assert planned["Alasan preferensi pegawai"] == 1
    assert planned["Kontak warga pada masukan masyarakat"] == 1
    assert planned["Catatan login (alamat IP dan peramban)"] == 1
    assert sum(counts(personal_data_purge(dry_run=True)).values()) == 0  # nothing left to do


def test_the_command_says_what_it_would_remove_and_when(city, capsys):
    call_command("purge_personal_data", "--dry-run")
    out, err = capsys.readouterr()
    assert "Koordinat dan akurasi lokasi presensi: 1 akan dihapus (sebelum 3 Mei 2025)" in out
    assert "Kontak warga pada masukan masyarakat: 1 akan dihapus" in out
    assert "uji coba, tidak ada yang diubah" in err
    assert CheckIn.objects.filter(latitude__isnull=False).count() == 2
    call_command("purge_personal_data")
    out, _ = capsys.readouterr()
    assert "Koordinat dan akurasi lokasi presensi: 1 dihapus" in out
    assert CheckIn.objects.filter(latitude__isnull=False).count() == 1


def test_periods_come_from_the_settings(city, settings):
    settings.WFA_RETAIN_COORDINATES_DAYS = 3
    settings.WFA_RETAIN_PLACES_DAYS = 200
    lines = counts(personal_data_purge())
    assert lines["Koordinat dan akurasi lokasi presensi"] == 2
    assert lines["Tempat WFA di rencana"] == 0


def test_pages_and_exports_keep_working_on_purged_records(
    city, login, bkpsdm, head_a, employee_user, window, opd_a, tmp_path
):
    personal_data_purge()
    old_day = city["old_day"]
    report = DailyReport.objects.get(day=old_day)
    for user, url in [
        (bkpsdm, f"/periode/{window.slug}/rencana/{opd_a.code}/"),
        (bkpsdm, f"/periode/{window.slug}/rencana/{opd_a.code}/preferensi/"),
        (head_a, f"/pantauan/opd/{opd_a.code}/?hari={old_day.pk}"),
        (head_a, f"/laporan/{report.pk}/"),
        (head_a, "/pantauan/masukan/"),
        (employee_user, "/jadwal-saya/"),
    ]:
        response = login(user).get(url)
        assert response.status_code == 200, url
        assert PLACE not in response.content.decode()
    data = json.loads(login(employee_user).get("/data-saya/unduh/").content)
    assert data["presensi"][0]["lintang"] is None
    assert data["jadwal"][0]["tempat WFA"] == PURGED
    call_command("export_workbook", "--window", window.slug, "--out", str(tmp_path / "rekap.xlsx"))
    assert (tmp_path / "rekap.xlsx").stat().st_size > 0


def test_the_daily_task_purges_and_runs_at_once_in_tests(city):
    result = tasks.purge_personal_data_daily.enqueue()
    assert "Koordinat dan akurasi lokasi presensi: 1 dihapus" in result.return_value
    assert tasks.purge_schedule_next() is None  # the immediate backend cannot run later


def test_the_schedule_queues_one_run_at_two_in_the_night(frozen, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    first = tasks.purge_schedule_next()
    assert timezone.localtime(first) == datetime(2025, 8, 2, 2, 0, tzinfo=WIB)
    assert tasks.purge_schedule_next() == first  # already waiting: nothing added
    assert DBTaskResult.objects.count() == 1


def test_the_next_run_is_today_when_the_time_is_still_ahead(settings):
    settings.WFA_PURGE_TIME = "23:30"
    assert tasks.next_run(NOW) == datetime(2025, 8, 1, 23, 30, tzinfo=WIB)
