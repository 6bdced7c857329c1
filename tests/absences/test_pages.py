"""The absence pages through the test client: a nurse asks from the phone page, the head sees
what approving does to coverage and decides, BKPSDM records, anyone entitled cancels. An
approved or submitted plan the absence leaves short goes to "Perlu ditinjau" with the cause."""

import pytest

from absences.models import Absence, AbsenceStatus
from opd.models import Role
from schedules.models import PlanStatus
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

MINE = "/ketidakhadiran/saya/"


@pytest.fixture
def nurse(puskesmas_staff):
    return puskesmas_staff["perawat"][2]


@pytest.fixture
def nurse_user(nurse):
    return UserFactory(username="perawat", role=Role.EMPLOYEE, employee=nurse, first_name="Perawat")


def ask(client, day, end=None, kind="CT", **extra):
    data = {"kind": kind, "start_date": day.isoformat(), "end_date": (end or day).isoformat()}
    return client.post(MINE, data | extra)


def test_a_nurse_asks_for_leave_from_the_phone_page(login, nurse_user, days):
    client = login(nurse_user)
    assert client.get(MINE).status_code == 200
    response = ask(client, days[0].date, evidence="800/123/Dinkes/2025")
    assert response.status_code == 302 and response["Location"] == MINE
    absence = Absence.objects.get()
    assert (absence.status, absence.requested_by, absence.evidence) == (
        AbsenceStatus.REQUESTED,
        nurse_user,
        "800/123/Dinkes/2025",
    )
    page = client.get(MINE).content.decode()
    assert "Cuti tahunan" in page and "24 Maret 2025" in page and "Diajukan" in page


def test_an_overlapping_request_is_refused_with_the_record_named(login, nurse_user, days):
    client = login(nurse_user)
    ask(client, days[0].date, days[2].date)
    response = ask(client, days[1].date, kind="DL")
    assert response.status_code == 400
    assert "bertabrakan dengan cuti tahunan" in response.content.decode()
    assert "24 Maret 2025 s.d. 26 Maret 2025" in response.content.decode()
    assert Absence.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "XX"}, "Pilih jenis ketidakhadiran dari daftar"),
        ({"start_date": "31-31-2025"}, "Tanggal mulai tidak dikenali"),
        ({"end_date": "2025-03-01"}, "tidak boleh sebelum tanggal mulai"),
        ({"kind": "LN"}, "wajib diberi keterangan"),
        ({"reason": "ab\u200bc", "kind": "LN"}, "karakter tak terlihat"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(login, nurse_user, days, data, message):
    base = {"kind": "CT", "start_date": "2025-03-24", "end_date": "2025-03-24"}
    response = login(nurse_user).post(MINE, base | data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Absence.objects.exists()


def test_the_head_sees_the_coverage_effect_before_approving(
    login, nurse_user, head_a, approved, days
):
    ask(login(nurse_user), days[0].date)
    absence = Absence.objects.get()
    page = login(head_a).get(f"/ketidakhadiran/{absence.pk}/").content.decode()
    assert "Menyetujui cuti tahunan ini membuat:" in page
    assert "Puskesmas Makrayu kurang 1 perawat atau bidan pada 24 Maret 2025" in page
    assert (
        "Rencana Kerja fleksibel Lebaran 2025 yang sudah disetujui akan dikembalikan untuk ditinjau"
        in page
    )


def test_a_leave_that_keeps_coverage_says_so(login, nurse_user, head_a, approved, days):
    ask(login(nurse_user), days[1].date)
    absence = Absence.objects.get()
    page = login(head_a).get(f"/ketidakhadiran/{absence.pk}/").content.decode()
    assert "tetap memenuhi aturan cakupan" in page


def test_approving_a_leave_that_leaves_the_plan_short_sends_it_to_review(
    login, nurse_user, head_a, approved, days
):
    ask(login(nurse_user), days[0].date)
    absence = Absence.objects.get()
    response = login(head_a).post(
        f"/ketidakhadiran/{absence.pk}/putuskan/", {"decision": "setujui"}, follow=True
    )
    assert (
        "dikembalikan untuk ditinjau: Dinkes (Kerja fleksibel Lebaran 2025)"
        in response.content.decode()
    )
    absence.refresh_from_db()
    assert (absence.status, absence.decided_by) == (AbsenceStatus.APPROVED, head_a)
    approved.refresh_from_db()
    assert approved.status == PlanStatus.REVIEW
    note = approved.note
    assert "Cuti tahunan" in note and "disetujui" in note and "kurang" in note


def test_rejecting_needs_a_note_and_changes_no_plan(login, nurse_user, head_a, approved, days):
    ask(login(nurse_user), days[0].date)
    absence = Absence.objects.get()
    url = f"/ketidakhadiran/{absence.pk}/putuskan/"
    client = login(head_a)
    refused = client.post(url, {"decision": "tolak"})
    assert refused.status_code == 400 and "alasan penolakan" in refused.content.decode()
    assert client.post(url, {"decision": "tolak", "note": "Pelayanan Lebaran"}).status_code == 302
    absence.refresh_from_db()
    approved.refresh_from_db()
    assert (absence.status, absence.decision_note) == (AbsenceStatus.REJECTED, "Pelayanan Lebaran")
    assert approved.status == PlanStatus.APPROVED


def test_a_forged_decision_is_refused(login, nurse_user, head_a, days):
    ask(login(nurse_user), days[0].date)
    absence = Absence.objects.get()
    client = login(head_a)
    url = f"/ketidakhadiran/{absence.pk}/putuskan/"
    assert client.post(url, {"decision": "hapus"}).status_code == 400
    assert client.post(url, {"decision": "setujui"}).status_code == 302
    again = client.post(url, {"decision": "tolak", "note": "x"})
    assert again.status_code == 400 and "sudah disetujui" in again.content.decode()
    assert (
        client.post("/ketidakhadiran/999999/putuskan/", {"decision": "setujui"}).status_code == 404
    )


def test_a_head_may_not_decide_their_own_leave(login, opd_a, unit_a, days):
    own = EmployeeFactory(unit=unit_a, name="Kepala Dinas")
    head = UserFactory(username="kepala-sendiri", role=Role.HEAD, opd=opd_a, employee=own)
    client = login(head)
    assert ask(client, days[0].date).status_code == 302
    absence = Absence.objects.get()
    assert "Setujui" not in client.get(f"/ketidakhadiran/{absence.pk}/").content.decode()
    assert (
        client.post(f"/ketidakhadiran/{absence.pk}/putuskan/", {"decision": "setujui"}).status_code
        == 403
    )
    absence.refresh_from_db()
    assert absence.status == AbsenceStatus.REQUESTED


def test_bkpsdm_records_travel_and_the_plan_goes_to_review(login, bkpsdm, nurse, approved, days):
    data = {
        "employee": nurse.pk,
        "kind": "DL",
        "start_date": days[0].date.isoformat(),
        "end_date": days[0].date.isoformat(),
        "evidence": "SPT 094/55/2025",
    }
    response = login(bkpsdm).post("/ketidakhadiran/catat/", data, follow=True)
    assert "dikembalikan untuk ditinjau" in response.content.decode()
    absence = Absence.objects.get()
    assert (absence.status, absence.decided_by) == (AbsenceStatus.APPROVED, bkpsdm)
    approved.refresh_from_db()
    assert approved.status == PlanStatus.REVIEW
    assert "Dinas luar" in approved.note


def test_another_opds_employee_cannot_be_recorded_by_a_forged_id(login, bkpsdm, days):
    data = {"employee": 999999, "kind": "DL", "start_date": "2025-03-24", "end_date": "2025-03-24"}
    response = login(bkpsdm).post("/ketidakhadiran/catat/", data)
    assert response.status_code == 400 and "Pegawai tidak ditemukan" in response.content.decode()


def test_cancelling_an_approved_leave_counts_the_person_again(
    login, nurse_user, head_a, days, unit_a
):
    from schedules.selectors import planned_counts

    ask(login(nurse_user), days[0].date)
    absence = Absence.objects.get()
    login(head_a).post(f"/ketidakhadiran/{absence.pk}/putuskan/", {"decision": "setujui"})
    assert planned_counts(days[:1]).unit_day(unit_a.pk, days[0].pk).away == 1
    assert login(nurse_user).post(f"/ketidakhadiran/{absence.pk}/batal/").status_code == 302
    absence.refresh_from_db()
    assert absence.status == AbsenceStatus.CANCELLED
    assert planned_counts(days[:1]).unit_day(unit_a.pk, days[0].pk).away == 0


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_runs_a_fixed_number_of_queries(
    login, head_a, unit_a, days, rows, django_assert_num_queries
):
    from tests.conftest import BELL, READ_LOG

    for _ in range(rows):
        Absence.objects.create(
            employee=EmployeeFactory(unit=unit_a),
            kind="CS",
            start_date=days[0].date,
            end_date=days[0].date,
        )
    client = login(head_a)
    # session, user; the page count, the page, the waiting count; the head's OPD in the menu;
    # the read log of the page's people
    with django_assert_num_queries(5 + 1 + BELL + READ_LOG):
        assert client.get("/ketidakhadiran/").status_code == 200


def logged():
    from tests.conftest import read_log_rows

    return read_log_rows()


def test_the_list_and_the_detail_write_the_read_log(login, head_a, bkpsdm, unit_a, days):
    """Leave, sick leave (health data) of other people: logged as the API logs them."""
    from opd.disclosure import ReadKind

    sick, away = (EmployeeFactory(unit=unit_a) for _ in range(2))
    day = days[0].date
    first = Absence.objects.create(employee=sick, kind="CS", start_date=day, end_date=day)
    Absence.objects.create(employee=away, kind="DL", start_date=day, end_date=day)
    assert login(head_a).get("/ketidakhadiran/?status=requested").status_code == 200
    assert login(bkpsdm).get(f"/ketidakhadiran/{first.pk}/").status_code == 200
    listed = ("kepala-a", ReadKind.ABSENCES, "Daftar ketidakhadiran")
    assert logged() == [
        (*listed, min(sick.pk, away.pk)),
        (*listed, max(sick.pk, away.pk)),
        ("bkpsdm", ReadKind.ABSENCES, "Cuti sakit 24 Maret 2025", sick.pk),
    ]


def test_ones_own_absence_and_a_refused_page_write_no_read_log(
    login, nurse_user, nurse, head_b, days
):
    absence = Absence.objects.create(
        employee=nurse, kind="CS", start_date=days[0].date, end_date=days[0].date
    )
    assert login(nurse_user).get(f"/ketidakhadiran/{absence.pk}/").status_code == 200
    assert login(head_b).get(f"/ketidakhadiran/{absence.pk}/").status_code == 404
    assert logged() == []


@pytest.mark.parametrize("changes", [1, 20])
def test_the_detail_runs_a_fixed_number_of_queries(
    login, bkpsdm, nurse, days, changes, django_assert_num_queries
):
    from tests.conftest import BELL, READ_LOG, with_history

    absence = Absence.objects.create(
        employee=nurse, kind="CS", start_date=days[0].date, end_date=days[0].date
    )
    with_history(absence, changes, "decision_note")
    client = login(bkpsdm)
    # session, user; the absence with its people; its history with who changed it; the read log
    with django_assert_num_queries(2 + 1 + 1 + BELL + READ_LOG):
        assert client.get(f"/ketidakhadiran/{absence.pk}/").status_code == 200
