"""Unit head accounts (optional per unit, #25 item 5): the evaluation pack's unit stage is done by
the unit's head when the unit has one (or by their Plh/Plt during the range), else by the OPD
head as before. A unit head reaches their unit for that stage and nothing more: another unit is
a 404, the OPD's stage and the staff lists are not theirs."""

from datetime import date

import pytest
from django.urls import reverse

from absences.acting import delegation_name
from evaluations.models import Evaluation, Status
from opd.access import units_visible_to
from opd.models import ActingKind, Role
from tests.factories import EmployeeFactory, UnitFactory, UserFactory

FILLED = {"network_ready": "on", "narrative": "Layanan tetap berjalan."}


def url(name, window, unit):
    return reverse(f"evaluations:{name}", args=[window.slug, unit.code])


@pytest.fixture
def unit_head(unit_a):
    employee = EmployeeFactory(unit=unit_a, name="dr. Maya Sari", position_name="Kepala Puskesmas")
    return UserFactory(username="kapus", role=Role.EMPLOYEE, employee=employee,
                       head_of_unit=unit_a, first_name="Maya")  # fmt: skip


@pytest.fixture
def other_unit(opd_a):
    return UnitFactory(opd=opd_a, code="pkm-sukarami", name="Puskesmas Sukarami")


def test_the_unit_head_fills_and_submits_and_the_opd_head_signs_off(
    login, august, unit_a, unit_head, head_a
):
    client = login(unit_head)
    assert client.get(reverse("evaluations:list", args=[august.slug])).status_code == 200
    assert client.post(url("form", august, unit_a), FILLED).status_code == 302
    assert client.post(url("submit", august, unit_a)).status_code == 302
    evaluation = Evaluation.objects.get(window=august, unit=unit_a)
    assert (evaluation.status, evaluation.submitted_by) == (Status.SUBMITTED, unit_head)
    assert evaluation.submitted_as == ""  # the unit's own head
    assert client.post(url("sign_off", august, unit_a)).status_code == 403  # the OPD's stage
    assert login(head_a).post(url("sign_off", august, unit_a)).status_code == 302


def test_with_a_unit_head_the_opd_head_no_longer_fills_the_unit_stage(
    login, august, unit_a, unit_head, head_a
):
    client = login(head_a)
    page = client.get(url("form", august, unit_a)).content.decode()
    assert "Tahap unit diisi dan dikirim oleh kepala unit (Maya)" in page
    assert client.post(url("form", august, unit_a), FILLED).status_code == 403
    assert client.post(url("submit", august, unit_a)).status_code == 403
    assert not Evaluation.objects.exists()


def test_without_a_unit_head_the_opd_head_fills_as_before(login, august, unit_a, head_a):
    assert login(head_a).post(url("form", august, unit_a), FILLED).status_code == 302
    assert Evaluation.objects.get().updated_by == head_a


def test_the_unit_head_reaches_their_unit_and_nothing_more(
    login, august, unit_a, other_unit, unit_head, opd_a
):
    client = login(unit_head)
    assert set(units_visible_to(unit_head)) == {unit_a}
    assert client.get(url("form", august, other_unit)).status_code == 404
    assert client.post(url("form", august, other_unit), FILLED).status_code == 404
    assert client.get(f"/opd/{opd_a.code}/pegawai/").status_code == 403
    assert client.get(reverse("evaluations:export", args=[august.slug])).status_code == 403
    rows = client.get(reverse("evaluations:list", args=[august.slug])).context["rows"]
    assert [unit for unit, _ in rows] == [unit_a]


def test_the_unit_heads_plh_fills_during_the_range_only(
    login, time_machine, august, unit_a, unit_head, bkpsdm, opd_a
):
    time_machine.move_to("2025-08-13 08:00+07:00")
    deputy = UserFactory(role=Role.EMPLOYEE, first_name="Dodi",
                         employee=EmployeeFactory(unit=unit_a, name="Dodi"))  # fmt: skip
    delegation_name(
        opd=opd_a, unit=unit_a, account=deputy, kind=ActingKind.PLH, starts_on=date(2025, 8, 13),
        ends_on=date(2025, 8, 14), basis="Kepala Puskesmas cuti", by=bkpsdm,
    )  # fmt: skip
    deputy.refresh_from_db()
    client = login(deputy)
    assert client.post(url("form", august, unit_a), FILLED).status_code == 302
    assert client.post(url("submit", august, unit_a)).status_code == 302
    evaluation = Evaluation.objects.get(window=august, unit=unit_a)
    assert evaluation.submitted_as == "Plh. Kepala Puskesmas Makrayu"
    page = client.get(url("form", august, unit_a)).content.decode()
    assert "dikirim Dodi selaku Plh. Kepala Puskesmas Makrayu" in page
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Status.DRAFT)
    time_machine.move_to("2025-08-15 08:00+07:00")
    deputy.refresh_from_db()
    assert login(deputy).post(url("form", august, unit_a), FILLED).status_code == 403


def test_a_unit_plt_without_a_head_account_takes_the_stage_from_the_opd_head(
    login, august, unit_a, bkpsdm, head_a, opd_a
):
    deputy = UserFactory(role=Role.EMPLOYEE, first_name="Dodi",
                         employee=EmployeeFactory(unit=unit_a, name="Dodi"))  # fmt: skip
    delegation_name(
        opd=opd_a, unit=unit_a, account=deputy, kind=ActingKind.PLT, starts_on=date(2026, 11, 25),
        ends_on=date(2026, 11, 30), basis="Jabatan kosong", by=bkpsdm,
    )  # fmt: skip
    deputy.refresh_from_db()
    assert login(head_a).post(url("form", august, unit_a), FILLED).status_code == 403
    assert login(deputy).post(url("form", august, unit_a), FILLED).status_code == 302


def test_the_opds_plh_signs_off_as_plh(login, august, unit_a, head_a, bkpsdm, opd_a):
    deputy = UserFactory(role=Role.EMPLOYEE, first_name="Hendra",
                         employee=EmployeeFactory(unit=unit_a, name="Hendra"))  # fmt: skip
    delegation_name(
        opd=opd_a, account=deputy, kind=ActingKind.PLH, starts_on=date(2026, 11, 25),
        ends_on=date(2026, 11, 30), basis="Kepala Dinas cuti", by=bkpsdm,
    )  # fmt: skip
    client = login(head_a)
    client.post(url("form", august, unit_a), FILLED)
    client.post(url("submit", august, unit_a))
    deputy.refresh_from_db()
    assert login(deputy).post(url("sign_off", august, unit_a)).status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.status, evaluation.submitted_as) == (Status.SIGNED_OFF, "")
    assert evaluation.signed_off_as == "Plh. Kepala Dinas Kesehatan"
