"""The acting officials' page (#25 item 5): BKPSDM names a Plh or Plt for an OPD or a unit, the
head of an OPD a Plh of their own OPD for their own absence; the list shows current, upcoming
and ended delegations; one may be ended early. Bad input is refused with a message and changes
nothing; the named account is told in its inbox and sees what waits for it during the range.

The tests' today is Wednesday 25 November 2026.
"""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from absences.acting import delegation_name
from absences.models import Absence, AbsenceKind, AbsenceStatus
from inbox.models import Kind, Notification
from inbox.selectors import todos_for
from inbox.services import head_accounts
from opd.access import allowed
from opd.models import ActingKind, Delegation, Role
from tests.factories import EmployeeFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/plh/"
NAME = "/plh/tunjuk/"


@pytest.fixture
def secretary(unit_a):
    employee = EmployeeFactory(unit=unit_a, name="Hendra Gunawan", position_name="Sekretaris")
    return UserFactory(username="sekdin", role=Role.EMPLOYEE, employee=employee,
                       first_name="Hendra", last_name="Gunawan")  # fmt: skip


def form(employee, **extra) -> dict:
    data = {
        "employee": employee.pk, "kind": "plh", "starts_on": "2026-11-25",
        "ends_on": "2026-11-30", "basis": "Sprint Wali Kota No. 800/123/2026",
    }  # fmt: skip
    return data | extra


def requested(employee, kind) -> Absence:
    day = date(2026, 12, 21)
    return Absence.objects.create(employee=employee, kind=kind, start_date=day, end_date=day)


def errors(response) -> str:
    return response.content.decode()


def test_bkpsdm_names_a_plh_and_the_account_is_told_with_the_range(login, bkpsdm, opd_a, secretary):
    response = login(bkpsdm).post(f"{NAME}?opd=dinkes", form(secretary.employee))
    assert response.status_code == 302 and response["Location"] == LIST
    delegation = Delegation.objects.get()
    assert (delegation.account, delegation.opd, delegation.unit) == (secretary, opd_a, None)
    assert delegation.capacity == "Plh. Kepala Dinas Kesehatan"
    note = Notification.objects.get(recipient=secretary)
    assert note.kind == Kind.ACTING
    assert "Plh. Kepala Dinas Kesehatan 25 November 2026 s.d. 30 November 2026" in note.text
    secretary.refresh_from_db()
    assert allowed(secretary, "schedules.decide_plans")


def test_bkpsdm_names_a_plt_for_a_unit(login, bkpsdm, opd_a, unit_a, secretary):
    data = form(secretary.employee, kind="plt", unit=unit_a.pk)
    assert login(bkpsdm).post(f"{NAME}?opd=dinkes", data).status_code == 302
    delegation = Delegation.objects.get()
    assert delegation.capacity == "Plt. Kepala Puskesmas Makrayu"
    secretary.refresh_from_db()
    # A unit's acting head is not the OPD's: no plan decisions.
    assert not allowed(secretary, "schedules.decide_plans")


def test_the_head_names_a_plh_of_their_own_opd_only(login, head_a, opd_a, unit_a, secretary):
    client = login(head_a)
    page = client.get(NAME)
    assert page.status_code == 200 and "Dinas Kesehatan" in page.content.decode()
    # A forged Plt, or a unit: a Plh of the OPD only.
    response = client.post(NAME, form(secretary.employee, kind="plt"))
    assert response.status_code == 400
    assert "Kepala OPD hanya dapat menunjuk Plh" in errors(response)
    assert client.get(f"{NAME}?opd=dishub").status_code == 404
    assert client.post(NAME, form(secretary.employee, unit=unit_a.pk)).status_code == 302
    assert Delegation.objects.get().unit is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"ends_on": "2026-11-20"}, "Tanggal akhir tidak boleh sebelum tanggal mulai."),
        ({"starts_on": "2026-11-01", "ends_on": "2026-11-20"}, "Tanggal akhir sudah lewat"),
        ({"basis": "   "}, "Tuliskan dasar penunjukan"),
        ({"starts_on": "tanggal"}, "Tanggal mulai tidak dikenali."),
    ],
    ids=["end before start", "already over", "no basis", "unreadable date"],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(
    login, bkpsdm, opd_a, secretary, extra, message
):
    response = login(bkpsdm).post(f"{NAME}?opd=dinkes", form(secretary.employee, **extra))
    assert response.status_code == 400
    assert message in errors(response)
    assert not Delegation.objects.exists() and not Notification.objects.exists()


def test_an_overlapping_delegation_for_the_same_scope_is_refused_and_named(
    login, bkpsdm, head_a, opd_a, unit_a, secretary
):
    other = UserFactory(role=Role.EMPLOYEE, first_name="Rina",
                        employee=EmployeeFactory(unit=unit_a, name="Rina"))  # fmt: skip
    client = login(bkpsdm)
    assert client.post(f"{NAME}?opd=dinkes", form(secretary.employee)).status_code == 302
    response = client.post(f"{NAME}?opd=dinkes", form(other.employee, starts_on="2026-11-28",
                                                       ends_on="2026-12-02"))  # fmt: skip
    assert response.status_code == 400
    assert "Sudah ada Plh. Kepala Dinas Kesehatan: Hendra Gunawan" in errors(response)
    # Another scope (the unit's head) is not an overlap.
    data = form(other.employee, unit=unit_a.pk)
    assert client.post(f"{NAME}?opd=dinkes", data).status_code == 302
    assert Delegation.objects.count() == 2


def test_a_person_of_another_opd_is_refused(login, bkpsdm, head_a, opd_a, employee_b):
    outsider = UserFactory(role=Role.EMPLOYEE, first_name="Ahmad", employee=employee_b)
    response = login(bkpsdm).post(f"{NAME}?opd=dinkes", form(outsider.employee))
    assert response.status_code == 400
    assert "Ahmad bukan pegawai aktif Dinas Kesehatan." in errors(response)
    # The head cannot even reach them: a forged id is not among their staff.
    response = login(head_a).post(NAME, form(outsider.employee))
    assert response.status_code == 400
    assert "Pegawai tidak ditemukan di OPD ini." in errors(response)
    assert not Delegation.objects.exists()


def test_a_person_without_an_account_is_refused(login, bkpsdm, opd_a, employee_a):
    response = login(bkpsdm).post(f"{NAME}?opd=dinkes", form(employee_a))
    assert response.status_code == 400
    assert "belum memiliki akun portal" in errors(response)


def test_forged_ids_are_404(login, bkpsdm, head_a, head_b, opd_a, opd_b, secretary):
    delegation = delegation_name(
        opd=opd_a, account=secretary, kind=ActingKind.PLH, starts_on=date(2026, 11, 25),
        ends_on=date(2026, 11, 30), basis="Sprint", by=bkpsdm,
    )  # fmt: skip
    assert login(bkpsdm).get(f"{NAME}?opd=tidak-ada").status_code == 404
    client = login(head_b)
    assert client.post(f"/plh/{delegation.pk}/akhiri/").status_code == 404
    assert client.post("/plh/999999/akhiri/").status_code == 404
    delegation.refresh_from_db()
    assert delegation.ended_at is None


def test_ending_early_takes_the_scope_away_at_once(login, bkpsdm, head_a, opd_a, secretary):
    delegation = delegation_name(
        opd=opd_a, account=secretary, kind=ActingKind.PLH, starts_on=date(2026, 11, 25),
        ends_on=date(2026, 11, 30), basis="Sprint", by=head_a,
    )  # fmt: skip
    client = login(head_a)
    assert client.post(f"/plh/{delegation.pk}/akhiri/").status_code == 302
    delegation.refresh_from_db()
    assert delegation.ended_at is not None and delegation.ended_by == head_a
    secretary.refresh_from_db()
    assert secretary.acting_until is None
    assert not allowed(secretary, "schedules.decide_plans")
    assert "diakhiri" in Notification.objects.filter(recipient=secretary).first().text
    response = client.post(f"/plh/{delegation.pk}/akhiri/", follow=True)
    assert "Penunjukan ini sudah berakhir." in response.content.decode()
    # Ended, the range is free again.
    again = delegation_name(
        opd=opd_a, account=secretary, kind=ActingKind.PLH, starts_on=date(2026, 11, 26),
        ends_on=date(2026, 11, 27), basis="Sprint", by=head_a,
    )  # fmt: skip
    page = client.get(LIST).content.decode()
    assert "Akan datang" in page and again.capacity in page


def test_a_head_does_not_end_a_unit_delegation(login, bkpsdm, head_a, opd_a, unit_a, secretary):
    delegation = delegation_name(
        opd=opd_a, unit=unit_a, account=secretary, kind=ActingKind.PLT,
        starts_on=date(2026, 11, 25), ends_on=date(2026, 11, 30), basis="Sprint", by=bkpsdm,
    )  # fmt: skip
    client = login(head_a)
    assert "Akhiri sekarang" not in client.get(LIST).content.decode()
    assert client.post(f"/plh/{delegation.pk}/akhiri/").status_code == 403
    assert "Akhiri sekarang" in login(bkpsdm).get(LIST).content.decode()


@pytest.mark.parametrize("persona", ["employee_user", "mayor"])
def test_others_may_not_open_the_page(request, login, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 403
    assert client.get(NAME).status_code == 403


def test_a_plh_may_not_name_another(login, bkpsdm, opd_a, secretary, employee_a):
    delegation_name(
        opd=opd_a, account=secretary, kind=ActingKind.PLH, starts_on=date(2026, 11, 25),
        ends_on=date(2026, 11, 30), basis="Sprint", by=bkpsdm,
    )  # fmt: skip
    assert login(secretary).get(LIST).status_code == 403


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_runs_a_fixed_number_of_queries(
    login, bkpsdm, opd_a, rows, django_assert_num_queries
):
    from tests.conftest import BELL

    for n in range(rows):
        unit = UnitFactory(opd=opd_a)
        account = UserFactory(role=Role.EMPLOYEE, employee=EmployeeFactory(unit=unit))
        delegation_name(
            opd=opd_a, unit=unit, account=account, kind=ActingKind.PLT,
            starts_on=date(2026, 11, 20 + n % 10), ends_on=date(2026, 12, 1), basis="Sprint",
            by=bkpsdm,
        )  # fmt: skip
    client = login(bkpsdm)
    # session, user; the open delegations, the ended ones, the OPDs to name for
    with django_assert_num_queries(5 + BELL):
        assert client.get(LIST).status_code == 200


# --- what waits for the acting official -------------------------------------------------


def test_the_plh_sees_what_waits_for_the_head_during_the_range(
    time_machine, bkpsdm, opd_a, unit_a, head_a, secretary, employee_a
):
    delegation_name(
        opd=opd_a, account=secretary, kind=ActingKind.PLH, starts_on=date(2026, 11, 25),
        ends_on=date(2026, 11, 26), basis="Sprint", by=bkpsdm,
    )  # fmt: skip
    requested(employee_a, AbsenceKind.ANNUAL)
    secretary.refresh_from_db()
    assert set(head_accounts([opd_a.pk])) == {head_a, secretary}
    texts = [t.text for t in todos_for(secretary)]
    assert "1 pengajuan cuti, dinas luar atau diklat menunggu keputusan Anda" in texts
    time_machine.move_to("2026-11-27 08:00+07:00")
    secretary.refresh_from_db()
    assert todos_for(secretary) == []
    assert set(head_accounts([opd_a.pk])) == {head_a}


def test_the_plh_never_sees_their_own_request_as_waiting(bkpsdm, opd_a, secretary):
    delegation_name(
        opd=opd_a, account=secretary, kind=ActingKind.PLH, starts_on=date(2026, 11, 25),
        ends_on=date(2026, 11, 26), basis="Sprint", by=bkpsdm,
    )  # fmt: skip
    requested(secretary.employee, AbsenceKind.ANNUAL)
    secretary.refresh_from_db()
    assert todos_for(secretary) == []


def test_a_plh_decision_on_leave_records_the_capacity_on_its_pages(
    login, bkpsdm, opd_a, unit_a, secretary, employee_a
):
    delegation_name(
        opd=opd_a, account=secretary, kind=ActingKind.PLH, starts_on=date(2026, 11, 25),
        ends_on=date(2026, 11, 26), basis="Sprint", by=bkpsdm,
    )  # fmt: skip
    leave = requested(employee_a, AbsenceKind.ANNUAL)
    client = login(secretary)
    response = client.post(f"/ketidakhadiran/{leave.pk}/putuskan/", {"decision": "setujui"})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == AbsenceStatus.APPROVED
    assert leave.decided_as == "Plh. Kepala Dinas Kesehatan"
    page = client.get(f"/ketidakhadiran/{leave.pk}/").content.decode()
    assert "oleh Hendra Gunawan selaku Plh. Kepala Dinas Kesehatan" in page
    assert "(Hendra Gunawan selaku Plh. Kepala Dinas Kesehatan)" in page  # the history
    assert "Plh. Kepala Dinas Kesehatan" in client.get("/ketidakhadiran/").content.decode()


def test_the_head_decides_leave_without_a_capacity(login, head_a, employee_a):
    leave = requested(employee_a, AbsenceKind.SICK)
    login(head_a).post(f"/ketidakhadiran/{leave.pk}/putuskan/", {"decision": "setujui"})
    leave.refresh_from_db()
    assert leave.status == AbsenceStatus.APPROVED and leave.decided_as == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint")
def test_the_database_refuses_an_overlap_of_one_scope_the_code_did_not_see(
    bkpsdm, opd_a, unit_a, secretary
):
    def straight(**extra):  # past every check in code
        return Delegation.objects.create(
            opd=opd_a, account=secretary, kind="plh", starts_on=date(2026, 11, 25),
            ends_on=date(2026, 11, 30), basis="Sprint", **extra,
        )  # fmt: skip

    first = straight()
    straight(unit=unit_a)  # another scope
    with pytest.raises(IntegrityError), transaction.atomic():
        straight()
    Delegation.objects.filter(pk=first.pk).update(ended_at=timezone.now())
    straight()  # ended early: its days are free


def test_the_plhs_pages_open_on_the_opd_they_act_for(login, window, bkpsdm, opd_a, secretary):
    """A Plh has no OPD of their own account: the home page, the window page, the monitor and
    the dashboard take them to the OPD they act for, and say in which capacity."""
    delegation_name(
        opd=opd_a, account=secretary, kind=ActingKind.PLH, starts_on=date(2026, 11, 25),
        ends_on=date(2026, 11, 30), basis="Sprint", by=bkpsdm,
    )  # fmt: skip
    client = login(secretary)
    home = client.get("/").content.decode()
    assert "Anda sedang bertindak sebagai" in home
    assert "Plh. Kepala Dinas Kesehatan</strong> sampai 30 November 2026" in home
    grid = f"/periode/{window.slug}/rencana/{opd_a.code}/"
    assert grid in home and grid in client.get(f"/periode/{window.slug}/").content.decode()
    assert client.get("/pantauan/")["Location"] == f"/pantauan/opd/{opd_a.code}/"
    assert client.get("/dasbor/")["Location"].startswith(f"/dasbor/{opd_a.code}/")
