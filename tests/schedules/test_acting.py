"""Acting officials (#25): a Plh or Plt named for an OPD's head may, during the range, do what the
head may do for that OPD and nothing more; every decision records the capacity ("Plh. Kepala
Dinas Kesehatan") and shows it on the plan, its history and the PDF stamp; the range ends by
itself, and an expired delegation is refused at once.

The tests' today is Wednesday 25 November 2026.
"""

import shutil
import subprocess
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from absences.acting import delegation_name
from opd.access import allowed, capacity, employees_visible_to, opds_visible_to
from opd.models import ActingKind, Delegation, Role
from schedules import services
from schedules.models import PlanStatus
from tests.factories import EmployeeFactory, UserFactory

TODAY = date(2026, 11, 25)


@pytest.fixture
def secretary(unit_a):
    """The Sekretaris Dinas Kesehatan: an employee's account, no head of anything."""
    employee = EmployeeFactory(unit=unit_a, name="Drs. Hendra Gunawan", position_name="Sekretaris")
    return UserFactory(
        username="sekdin", role=Role.EMPLOYEE, employee=employee, first_name="Hendra Gunawan"
    )


def name_plh(opd, account, by, starts_on=TODAY, ends_on=date(2026, 11, 30)):
    return delegation_name(
        opd=opd, account=account, kind=ActingKind.PLH, starts_on=starts_on, ends_on=ends_on,
        basis="Sprint Wali Kota No. 800/123/2026", by=by,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _staffed(puskesmas_staff):
    """Puskesmas Makrayu fully on site: Dinkes's plan meets every rule."""


def submitted(window, opd, bkpsdm):
    return services.plan_submit(plan=services.plan_for(opd=opd, window=window), by=bkpsdm)


def test_the_plh_approves_and_the_capacity_is_on_the_plan_and_its_history(
    login, window, opd_a, opd_b, bkpsdm, head_a, secretary
):
    delegation = name_plh(opd_a, secretary, bkpsdm)
    assert delegation.capacity == "Plh. Kepala Dinas Kesehatan"
    plan = submitted(window, opd_a, bkpsdm)
    client = login(secretary)
    grid = f"/periode/{window.slug}/rencana/{opd_a.code}/"
    assert client.get(grid).status_code == 200
    assert client.post(grid + "setujui/").status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.acted_by, plan.acted_as) == (
        PlanStatus.APPROVED, secretary, "Plh. Kepala Dinas Kesehatan",
    )  # fmt: skip
    page = client.get(grid).content.decode()
    assert "Terakhir oleh Hendra Gunawan selaku Plh. Kepala Dinas Kesehatan" in page
    history = client.get(grid + "riwayat/").content.decode()
    assert "oleh Hendra Gunawan selaku Plh. Kepala Dinas Kesehatan" in history
    # Nothing more than the head of Dinkes: another OPD stays out of reach.
    assert client.get(f"/periode/{window.slug}/rencana/{opd_b.code}/").status_code == 404
    assert set(opds_visible_to(secretary)) == {opd_a}


def test_the_head_decides_as_head_without_a_capacity(window, opd_a, bkpsdm, head_a, secretary):
    name_plh(opd_a, secretary, bkpsdm)
    plan = services.plan_approve(plan=submitted(window, opd_a, bkpsdm), by=head_a)
    assert plan.acted_as == "" and capacity(head_a, opd_a) == ""


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [(date(2026, 11, 20), date(2026, 11, 24)), (date(2026, 11, 26), date(2026, 11, 30))],
    ids=["ended yesterday", "starts tomorrow"],
)
def test_outside_the_range_the_account_is_refused_at_once(
    login, time_machine, window, opd_a, bkpsdm, secretary, starts_on, ends_on
):
    time_machine.move_to("2026-11-20 08:00+07:00")  # named while the range had not ended
    name_plh(opd_a, secretary, bkpsdm, starts_on=starts_on, ends_on=ends_on)
    time_machine.move_to("2026-11-25 10:00+07:00")
    plan = submitted(window, opd_a, bkpsdm)
    client = login(secretary)
    grid = f"/periode/{window.slug}/rencana/{opd_a.code}/"
    assert client.post(grid + "setujui/").status_code in (403, 404)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=secretary)


def test_the_range_ends_by_itself(time_machine, window, opd_a, bkpsdm, secretary):
    name_plh(opd_a, secretary, bkpsdm, ends_on=TODAY)
    assert allowed(secretary, "schedules.decide_plans")
    time_machine.move_to("2026-11-26 08:00+07:00")
    secretary.refresh_from_db()
    assert not allowed(secretary, "schedules.decide_plans")
    assert list(employees_visible_to(secretary)) == [secretary.employee]


def test_who_may_name_a_plh(opd_a, opd_b, bkpsdm, head_a, head_b, secretary):
    # The head for their own OPD (while away), BKPSDM for any; not another head, not the Plh.
    name_plh(opd_a, secretary, head_a)
    with pytest.raises(PermissionDenied):
        name_plh(opd_a, secretary, head_b)
    with pytest.raises(PermissionDenied):
        name_plh(opd_a, head_b, secretary)
    with pytest.raises(ValidationError, match="sebelum tanggal mulai"):
        name_plh(opd_a, secretary, bkpsdm, starts_on=TODAY, ends_on=date(2026, 11, 1))
    assert Delegation.objects.count() == 1


def test_a_plh_never_decides_their_own_request(opd_a, bkpsdm, secretary, employee_a):
    """The hook for leave: the Plh decides for their staff, never for themselves."""
    name_plh(opd_a, secretary, bkpsdm)
    assert allowed(secretary, "opd.decide_for", employee_a)
    assert not allowed(secretary, "opd.decide_for", secretary.employee)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) needed")
def test_the_pdf_stamp_says_plh(tmp_path, login, window, opd_a, bkpsdm, secretary, employee_a):
    name_plh(opd_a, secretary, bkpsdm)
    services.plan_approve(plan=submitted(window, opd_a, bkpsdm), by=secretary)
    response = login(bkpsdm).get(f"/rekap/{window.slug}/{opd_a.code}.pdf")
    assert response.status_code == 200
    path = tmp_path / "rencana.pdf"
    path.write_bytes(b"".join(response) if response.streaming else response.content)
    text = " ".join(subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split())  # fmt: skip
    assert "DISETUJUI oleh Hendra Gunawan selaku Plh. Kepala Dinas Kesehatan" in text


def test_the_plh_decides_leave_for_the_opd_but_never_their_own(opd_a, unit_a, bkpsdm, secretary):
    """A Plh may approve a nurse's leave as the head would; their own request goes to someone
    else (the access layer's decides_for, the absences service's own check)."""
    from absences.models import Absence, AbsenceKind, AbsenceStatus
    from absences.services import absence_decide

    name_plh(opd_a, secretary, bkpsdm)
    nurse = EmployeeFactory(unit=unit_a, name="Ns. Rina Marlina")
    leave = Absence.objects.create(
        employee=nurse,
        kind=AbsenceKind.ANNUAL,
        start_date=date(2026, 12, 21),
        end_date=date(2026, 12, 22),
        status=AbsenceStatus.REQUESTED,
    )
    assert allowed(secretary, "opd.decide_for", nurse)
    decided, _ = absence_decide(absence=leave, approve=True, by=secretary)
    assert decided.status == AbsenceStatus.APPROVED and decided.decided_by == secretary

    own = Absence.objects.create(
        employee=secretary.employee,
        kind=AbsenceKind.ANNUAL,
        start_date=date(2026, 12, 28),
        end_date=date(2026, 12, 28),
        status=AbsenceStatus.REQUESTED,
    )
    assert not allowed(secretary, "opd.decide_for", secretary.employee)
    with pytest.raises(PermissionDenied):
        absence_decide(absence=own, approve=True, by=secretary)
    own.refresh_from_db()
    assert own.status == AbsenceStatus.REQUESTED
