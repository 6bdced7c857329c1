"""Data saya: an employee downloads everything the portal holds about them as one file, and sees
who viewed their data in the last 90 days."""

import json
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from absences.models import Absence, AbsenceKind, AbsenceStatus
from devicelogs.models import Device, DeviceUser, Explanation, LineKind, Punch, PunchImport
from eligibility.models import Restriction, RestrictionKind
from opd.disclosure import ReadKind
from opd.models import Delegation
from schedules.models import Assignment, Mode, Preference, WorkPattern
from targets.models import ActionPlan, WorkTarget
from tests.attendance.conftest import make_check_in, make_report
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_the_download_holds_every_section_of_the_employees_own_data(
    login, employee_user, employee_a, employee_b, window
):
    day = window.days.first()
    Assignment.objects.create(employee=employee_a, day=day, mode=Mode.WFA, wfa_place="Prabumulih")
    Assignment.objects.create(employee=employee_b, day=day, mode=Mode.WFH)
    Preference.objects.create(employee=employee_a, day=day, mode=Mode.WFA, wfa_place="Prabumulih")
    make_check_in(employee_a, day, latitude="-3.000100", longitude="104.744300", accuracy_m=9)
    make_report(employee_a, day, items=2)
    WorkPattern.objects.create(employee=employee_a, weekday=4, mode=Mode.WFH)
    response = login(employee_user).get("/data-saya/unduh/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="data-pribadi-{employee_a.nip}-{timezone.localdate():%Y-%m-%d}.json"'
    )
    data = json.loads(response.content)
    assert data["profil"]["NIP / NI PPPK"] == employee_a.nip
    assert data["profil"]["opd"] == "Dinas Kesehatan"
    assert "pegawai" in data["akun"][0].values()
    assert "password" not in json.dumps(data["akun"])
    assert [row["tempat WFA"] for row in data["jadwal"]] == ["Prabumulih"]  # not employee_b's
    assert data["preferensi"][0]["mode yang diinginkan"] == "WFA (lokasi lain)"
    assert data["pola_berulang"][0]["hari"] == "Jumat"
    # Raw coordinates are shown to nobody in the portal, but they are the employee's own data.
    assert data["presensi"][0]["lintang"] == "-3.000100"
    assert len(data["laporan_kerja_harian"][0]["keluaran"]) == 2
    assert data["riwayat_jadwal"][0]["pegawai"] == employee_a.pk
    assert data["riwayat_akun"]
    assert data["dilihat_oleh"] == []


def records_of_round_three(employee, account, head, *, count=1):
    """`count` of each: an approved sick leave (two history rows), a sanction, punches on a
    machine with its own user numbers, a head's explanation and a Plh designation."""
    device = Device.objects.create(code="dinkes-9", name="Mesin lobi", opd=employee.unit.opd)
    batch = PunchImport.objects.create(device=device, source="file", file_name="1_attlog.dat")
    for n in range(count):
        day = date(2026, 10, 1) + timedelta(days=30 * n)
        absence = Absence.objects.create(
            employee=employee,
            kind=AbsenceKind.SICK,
            start_date=day,
            end_date=day,
            requested_by=account,
        )
        absence.status, absence.decided_by = AbsenceStatus.APPROVED, head
        absence.decided_as = "Plh. Kepala Dinas Kesehatan"
        absence.save()
        Restriction.objects.create(
            employee=employee, kind=RestrictionKind.SANCTION, start_date=day, end_date=day,
            basis=f"SK 800/{n}/2026", recorded_by=head,
        )  # fmt: skip
        DeviceUser.objects.create(device=device, device_user_id=str(17 + n), employee=employee)
        moment = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
            hours=7
        )
        Punch.objects.create(device=device, employee=employee, at=moment, day=day, batch=batch)
        Explanation.objects.create(
            employee=employee, date=day, kind=LineKind.NO_PUNCH, note="Berobat", by=head
        )
        Delegation.objects.create(
            opd=employee.unit.opd, account=account, kind="plh", starts_on=day, ends_on=day,
            basis=f"Sprint {n}", named_by=head,
        )  # fmt: skip


def test_the_download_holds_absences_restrictions_punches_and_designations(
    login, employee_user, employee_a, employee_b, head_a
):
    records_of_round_three(employee_a, employee_user, head_a)
    Absence.objects.create(  # another person's: not in the file
        employee=employee_b, kind=AbsenceKind.SICK, start_date=date(2026, 10, 5),
        end_date=date(2026, 10, 5),
    )  # fmt: skip
    data = json.loads(login(employee_user).get("/data-saya/unduh/").content)
    [absence] = data["ketidakhadiran"]
    assert (absence["jenis"], absence["status"]) == ("Cuti sakit", "Disetujui")
    assert absence["diputuskan oleh"] == "kepala-a"
    assert absence["selaku"] == "Plh. Kepala Dinas Kesehatan"
    assert [row["status"] for row in data["riwayat_ketidakhadiran"]] == ["Disetujui", "Diajukan"]
    [restriction] = data["pembatasan_kerja_fleksibel"]
    assert restriction["dasar (nomor SK)"] == "SK 800/0/2026"
    assert restriction["dicatat oleh"] == "kepala-a"
    assert len(data["riwayat_pembatasan_kerja_fleksibel"]) == 1
    assert data["nomor_pengguna_mesin_presensi"][0]["nomor pengguna di mesin"] == "17"
    [punch] = data["rekaman_mesin_presensi"]
    assert punch["mesin"] == "Mesin lobi (dinkes-9)"
    assert punch["waktu"].startswith("2026-10-01T07:00:00+07:00")
    [explanation] = data["penjelasan_rekonsiliasi"]
    assert (explanation["keterangan"], explanation["dijelaskan oleh"]) == ("Berobat", "kepala-a")
    [designation] = data["penunjukan_plh_plt"]
    assert designation["selaku"] == "Plh. Kepala Dinas Kesehatan"
    assert designation["dasar penunjukan"] == "Sprint 0"


@pytest.mark.parametrize("count", [1, 5])
def test_the_download_runs_one_query_per_section(
    login, employee_user, employee_a, head_a, window, count, django_assert_num_queries
):
    records_of_round_three(employee_a, employee_user, head_a, count=count)
    for day in window.days.order_by("date")[:count]:
        Assignment.objects.create(employee=employee_a, day=day, mode=Mode.WFH)
        make_report(employee_a, day, items=2)
        target = WorkTarget.objects.create(employee=employee_a, year=2026 - day.date.day % 50)
        ActionPlan.objects.create(
            target=target, rhk="Pelayanan", text="Melayani", quantity=1, unit_of_measure="anak"
        )
    client = login(employee_user)
    # session, user, the employee (the rule's own record)
    # accounts, profile, schedule, preferences, patterns, check-ins, daily reports and their
    # outputs, targets and their action plans, the histories of schedule, reports and accounts
    # absences and their history, restrictions and their history, machine user numbers,
    # punches, explanations, Plh/Plt designations; who viewed the data
    with django_assert_num_queries(3 + 13 + 8 + 1):
        assert client.get("/data-saya/unduh/").status_code == 200


def test_the_page_lists_who_viewed_my_data_in_the_last_90_days(
    login, employee_user, employee_a, head_a, bkpsdm
):
    with time_machine.travel(timezone.now() - timedelta(days=91), tick=False):
        login(bkpsdm).get(f"/pegawai/{employee_a.nip}/")
    with time_machine.travel(timezone.now() - timedelta(days=2), tick=False):
        login(head_a).get(f"/pegawai/{employee_a.nip}/")
    page = login(employee_user).get("/data-saya/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kepala Dinkes" in text and "Kepala OPD" in text
    assert ReadKind.PROFILE.label in text
    assert "Admin BKPSDM" not in text.split("Siapa yang melihat")[1]  # 91 days ago: not listed
    assert "1 kali dilihat dalam 90 hari terakhir" in text
    assert "Unduh data saya" in text
    # the older view is still in the download (the log keeps a year)
    data = json.loads(login(employee_user).get("/data-saya/unduh/").content)
    assert [row["akun"] for row in data["dilihat_oleh"]] == ["kepala-a", "bkpsdm"]


def test_an_account_without_a_staff_record_is_told_so(login, mayor):
    client = login(mayor)
    assert "belum terhubung dengan data pegawai" in client.get("/data-saya/").content.decode()
    assert client.get("/data-saya/unduh/").status_code == 403


def test_the_pages_need_a_get(login, employee_user):
    client = login(employee_user)
    assert client.post("/data-saya/").status_code == 405
    assert client.post("/data-saya/unduh/").status_code == 405


def test_my_own_profile_links_to_my_data(login, employee_user, employee_a, unit_a, head_a):
    link = "Data pribadi saya: unduh dan lihat siapa yang membukanya"
    page = login(employee_user).get(f"/pegawai/{employee_a.nip}/").content.decode()
    assert link in page
    other = EmployeeFactory(unit=unit_a)
    assert link not in login(head_a).get(f"/pegawai/{other.nip}/").content.decode()
    assert 'href="/data-saya/">Data saya</a>' in page  # and the menu, for every role


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_runs_a_fixed_number_of_queries(
    login, employee_user, employee_a, unit_a, head_a, count, django_assert_num_queries
):
    client = login(head_a)
    for _ in range(count):
        client.get(f"/pegawai/{employee_a.nip}/")
    client = login(employee_user)
    # session, user, employee, count, page of views with viewers, the inbox's unread count
    with django_assert_num_queries(6):
        assert client.get("/data-saya/").status_code == 200
