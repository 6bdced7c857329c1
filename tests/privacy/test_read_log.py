"""The read access log: one row per person per view of another person's data, none for one's own;
append-only; BKPSDM searches and exports it."""

from datetime import timedelta

import pytest
import time_machine
from django.db import NotSupportedError, connection
from django.utils import timezone

from attendance.models import CheckIn
from opd.disclosure import ReadKind
from readlog.models import ReadEvent, ReadSubject
from schedules.models import Mode
from tests.attendance.conftest import make_check_in, make_report
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def logged(**filters):
    """(viewer username, kind, employee id) of every logged row, oldest first."""
    return list(
        ReadSubject.objects.filter(**filters)
        .order_by("event_id", "employee_id")
        .values_list("event__viewer_username", "event__kind", "employee_id")
    )


def test_a_head_viewing_a_profile_is_logged_with_who_what_when_and_where(login, head_a, employee_a):
    response = login(head_a).get(f"/pegawai/{employee_a.nip}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert logged() == [("kepala-a", ReadKind.PROFILE, employee_a.pk)]
    event = ReadEvent.objects.get()
    assert event.viewer == head_a and event.viewer_role == "head"
    assert event.ip_address == "10.1.2.3"
    assert event.path == f"/pegawai/{employee_a.nip}/"
    assert timezone.now() - event.at < timedelta(minutes=1)


def test_viewing_ones_own_data_is_not_logged(login, employee_user, employee_a, window):
    client = login(employee_user)
    assert client.get(f"/pegawai/{employee_a.nip}/").status_code == 200
    assert client.get("/jadwal-saya/").status_code == 200
    report = make_report(employee_a, window.days.first())
    assert client.get(f"/laporan/{report.pk}/").status_code == 200
    assert client.get("/data-saya/unduh/").status_code == 200
    assert logged() == []


def test_a_refused_page_logs_nothing(login, head_b, employee_a):
    assert login(head_b).get(f"/pegawai/{employee_a.nip}/").status_code == 404
    assert logged() == []


def test_the_staff_list_logs_one_row_per_employee_on_the_page(login, bkpsdm, unit_a, opd_a):
    staff = [EmployeeFactory(unit=unit_a) for _ in range(3)]
    assert login(bkpsdm).get(f"/opd/{opd_a.code}/pegawai/").status_code == 200
    assert logged() == [("bkpsdm", ReadKind.STAFF_LIST, e.pk) for e in sorted(staff, key=_pk)]
    assert ReadEvent.objects.get().subject_count == 3


def _pk(employee):
    return employee.pk


def test_the_grid_logs_the_rows_it_shows(login, head_a, window, employee_a, unit_a, opd_a):
    other = EmployeeFactory(unit=unit_a)
    url = f"/periode/{window.slug}/rencana/{opd_a.code}/"
    assert login(head_a).get(url).status_code == 200
    assert {row[2] for row in logged(event__kind=ReadKind.SCHEDULE)} == {employee_a.pk, other.pk}


def test_a_head_reading_a_report_is_logged_once(login, head_a, employee_a, window):
    report = make_report(employee_a, window.days.first())
    assert login(head_a).get(f"/laporan/{report.pk}/").status_code == 200
    assert logged() == [("kepala-a", ReadKind.REPORTS, employee_a.pk)]


def test_histories_and_preferences_are_logged(login, head_a, employee_a, window, opd_a):
    client = login(head_a)
    assert client.get(f"/pegawai/{employee_a.nip}/riwayat/").status_code == 200
    assert logged() == [("kepala-a", ReadKind.HISTORY, employee_a.pk)]


def test_the_monitor_logs_named_people_once_per_half_hour(login, head_a, today, employee_a):
    make_check_in(employee_a, today)
    client = login(head_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get("/pantauan/opd/dinkes/").status_code == 200
        for _ in range(3):  # the page refreshes itself every 30 seconds
            clock.shift(timedelta(seconds=30))
            assert client.get("/pantauan/opd/dinkes/isi/", headers={"HX-Request": "true"})
        assert logged() == [("kepala-a", ReadKind.CHECK_INS, employee_a.pk)]
        clock.shift(timedelta(minutes=31))
        assert client.get("/pantauan/opd/dinkes/isi/").status_code == 200
    assert len(logged()) == 2


def test_the_admin_logs_its_lists_and_forms(client, employee_a, window):
    admin = UserFactory(username="admin-bkpsdm", role="bkpsdm", is_staff=True, is_superuser=True)
    client.force_login(admin)
    check_in = make_check_in(employee_a, window.days.first())
    assert client.get("/admin/opd/employee/").status_code == 200
    assert client.get(f"/admin/opd/employee/{employee_a.pk}/change/").status_code == 200
    assert client.get(f"/admin/attendance/checkin/{check_in.pk}/change/").status_code == 200
    assert client.get(f"/admin/opd/employee/{employee_a.pk}/history/").status_code == 200
    assert [row[1:] for row in logged()] == [(ReadKind.ADMIN, employee_a.pk)] * 4
    details = list(ReadEvent.objects.order_by("pk").values_list("detail", flat=True))
    assert details == [
        "pegawai: daftar",
        "pegawai: rincian",
        "presensi: rincian",
        "pegawai: riwayat",
    ]


@pytest.mark.parametrize(
    "model",
    [
        "absences/absence",
        "opd/delegation",
        "devicelogs/punch",
        "devicelogs/explanation",
        "devicelogs/deviceuser",
    ],
)
def test_the_admin_of_round_three_records_logs_its_lists_and_forms(
    client, employee_a, employee_user, head_a, model
):
    """Absences (health data), Plh/Plt, punches, explanations and machine user numbers are as
    personal in the admin as on the portal's pages."""
    from django.apps import apps

    from tests.privacy.test_own_data import records_of_round_three

    records_of_round_three(employee_a, employee_user, head_a)
    admin = UserFactory(username="admin-bkpsdm", role="bkpsdm", is_staff=True, is_superuser=True)
    client.force_login(admin)
    shown = apps.get_model(*model.split("/")).objects.get()
    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/{shown.pk}/change/").status_code == 200
    assert [row[1:] for row in logged()] == [(ReadKind.ADMIN, employee_a.pk)] * 2
    details = list(ReadEvent.objects.order_by("pk").values_list("detail", flat=True))
    assert [d.split(": ")[1] for d in details] == ["daftar", "rincian"]


def test_the_log_cannot_be_changed_or_deleted_through_the_application(login, head_a, employee_a):
    login(head_a).get(f"/pegawai/{employee_a.nip}/")
    event = ReadEvent.objects.get()
    with pytest.raises(NotSupportedError):
        ReadEvent.objects.update(detail="diubah")
    with pytest.raises(NotSupportedError):
        ReadEvent.objects.all().delete()
    with pytest.raises(NotSupportedError):
        event.save()
    with pytest.raises(NotSupportedError):
        event.delete()
    with pytest.raises(NotSupportedError):
        ReadSubject.objects.all().delete()
    assert ReadEvent.objects.count() == 1


@pytest.mark.postgres
def test_postgresql_itself_refuses_changes_to_the_log(login, head_a, employee_a):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    from django.db import InternalError, ProgrammingError, transaction

    login(head_a).get(f"/pegawai/{employee_a.nip}/")
    for sql in [
        "UPDATE readlog_readevent SET detail = 'x'",
        "DELETE FROM readlog_readsubject",
        "DELETE FROM readlog_readevent",
    ]:
        with (
            pytest.raises((InternalError, ProgrammingError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert ReadSubject.objects.count() == 1


def test_deleting_an_employee_leaves_the_log_as_it_was(login, head_a, unit_a):
    leaver = EmployeeFactory(unit=unit_a)
    login(head_a).get(f"/pegawai/{leaver.nip}/")
    pk = leaver.pk
    leaver.delete()
    assert logged() == [("kepala-a", ReadKind.PROFILE, pk)]
    assert (
        "pegawai terhapus" in login(UserFactory(role="bkpsdm")).get("/log-akses/").content.decode()
    )


# --- BKPSDM's search and export ---------------------------------------------------------------


@pytest.fixture
def some_reads(login, head_a, mayor, employee_a, unit_a, window):
    other = EmployeeFactory(unit=unit_a, name="Rudi Hartono")
    with time_machine.travel(timezone.now() - timedelta(days=20), tick=False):
        login(head_a).get(f"/pegawai/{other.nip}/")
    login(mayor).get(f"/pegawai/{employee_a.nip}/")
    return other


def test_bkpsdm_searches_the_log_by_nip_viewer_kind_and_dates(
    login, bkpsdm, some_reads, employee_a
):
    client = login(bkpsdm)
    page = client.get("/log-akses/").content.decode()
    assert "Siti Aminah" in page and "Rudi Hartono" in page and "2 catatan" in page
    page = client.get("/log-akses/", {"pegawai": employee_a.nip}).content.decode()
    assert "Siti Aminah" in page and "Rudi Hartono" not in page
    page = client.get("/log-akses/", {"pengakses": "kepala"}).content.decode()
    assert "Rudi Hartono" in page and "Siti Aminah" not in page
    page = client.get("/log-akses/", {"jenis": "reports"}).content.decode()
    assert "0 catatan" in page
    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    page = client.get("/log-akses/", {"dari": since}).content.decode()
    assert "Siti Aminah" in page and "Rudi Hartono" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"pegawai": "19800101200501100"}, "NIP terdiri dari 18 angka; yang diisi 17 angka"),
        ({"dari": "2025-04-10", "sampai": "2025-04-01"}, "tidak boleh lebih awal"),
        ({"dari": "kemarin"}, "Masukkan tanggal yang valid"),
        ({"jenis": "semua"}, "Masukkan pilihan yang valid"),
    ],
)
def test_bad_search_input_is_refused_with_a_clear_message(login, bkpsdm, query, message):
    client = login(bkpsdm)
    for response in (
        client.get("/log-akses/", query),
        client.post("/log-akses/unduh/", {**query, "format": "xlsx"}),
    ):
        assert response.status_code == 400
        page = response.content.decode()
        assert message in page and "perbaiki isian yang ditandai" in page


@pytest.mark.parametrize("count", [1, 50])
def test_the_log_page_runs_a_fixed_number_of_queries(
    login, bkpsdm, head_a, unit_a, count, django_assert_num_queries
):
    staff = [EmployeeFactory(unit=unit_a) for _ in range(count)]
    client = login(head_a)
    for employee in staff:
        client.get(f"/pegawai/{employee.nip}/")
    client = login(bkpsdm)
    # session, user, count, the inbox's unread count (navigation bar), page of rows with events
    # and viewers, then their employees, units and OPDs
    with django_assert_num_queries(8):
        assert client.get("/log-akses/").status_code == 200


def test_the_log_needs_a_get_and_its_export_a_post(login, bkpsdm):
    client = login(bkpsdm)
    assert client.post("/log-akses/").status_code == 405
    assert client.get("/log-akses/unduh/").status_code == 405


def test_check_in_rows_never_reach_the_log_with_coordinates(login, head_a, today, employee_a):
    make_check_in(employee_a, today, latitude="-3.000100", longitude="104.744300", accuracy_m=9)
    login(head_a).get("/pantauan/opd/dinkes/")
    assert CheckIn.objects.filter(latitude__isnull=False).count() == 1
    assert "-3.0001" not in str(list(ReadEvent.objects.values()))
    assert Mode.WFO  # the check-in itself is unchanged


def test_bkpsdm_reaches_the_log_from_the_opd_list(login, bkpsdm, mayor):
    assert "/log-akses/" in login(bkpsdm).get("/opd/").content.decode()
    assert "/log-akses/" not in login(mayor).get("/opd/").content.decode()
