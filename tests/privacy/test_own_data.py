"""Data saya: an employee downloads everything the portal holds about them as one file, and sees
who viewed their data in the last 90 days."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from opd.disclosure import ReadKind
from schedules.models import Assignment, Mode, Preference, WorkPattern
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
