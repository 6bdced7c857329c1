"""A daily report's outputs name the action plan they serve: the employee's own, approved."""

import pytest

from attendance import services as attendance_services
from attendance.models import DailyReport, OutputItem
from targets.models import ActionPlan, TargetStatus, WorkTarget
from tests.factories import EmployeeFactory

LABEL = "Melayani imunisasi anak — Terlaksananya pelayanan imunisasi"


def form(*rows, total=3):
    data = {"keluaran-TOTAL_FORMS": str(total), "keluaran-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data |= {f"keluaran-{i}-{k}": v for k, v in row.items()}
    return data


ROW = {"description": "Imunisasi campak", "quantity": "14", "unit_of_measure": "anak"}


@pytest.fixture
def nurse(login, employee_user):
    return login(employee_user)


def test_the_form_offers_the_employees_own_approved_plans(nurse, today, approved_target, unit_a):
    other = WorkTarget.objects.create(
        employee=EmployeeFactory(unit=unit_a), year=approved_target.year, status="approved"
    )
    ActionPlan.objects.create(
        target=other, rhk="RHK lain", text="Rencana orang lain", quantity=1, unit_of_measure="x"
    )
    page = nurse.get(f"/laporan/hari/{today.pk}/").content.decode()
    assert 'list="rencana-aksi-list"' in page and f'<option value="{LABEL}">' in page
    assert "Rencana orang lain" not in page


def test_an_output_picks_a_plan_and_keeps_its_times(nurse, today, approved_target, employee_a):
    data = form(
        ROW | {"rencana_aksi": LABEL, "started_at": "08:00", "ended_at": "10:30"},
        {"description": "Rapat koordinasi", "quantity": "1", "unit_of_measure": "kali"},
    )
    response = nurse.post(f"/laporan/hari/{today.pk}/", data)
    assert response.status_code == 302
    first, second = OutputItem.objects.order_by("pk")
    assert first.action_plan.text == "Melayani imunisasi anak"
    assert (str(first.started_at), str(first.ended_at)) == ("08:00:00", "10:30:00")
    assert second.action_plan is None  # free text, outside the SKP, still allowed


def test_a_returned_report_shows_the_picked_plan_again(nurse, today, approved_target, employee_a):
    nurse.post(f"/laporan/hari/{today.pk}/", form(ROW | {"rencana_aksi": LABEL}))
    DailyReport.objects.update(status="returned")
    page = nurse.get(f"/laporan/hari/{today.pk}/").content.decode()
    assert f'value="{LABEL}"' in page


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ROW | {"rencana_aksi": "Rencana karangan"}, "tidak ada dalam target Anda"),
        (ROW | {"started_at": "10:00", "ended_at": "09:00"}, "Jam selesai harus sesudah"),
        (ROW | {"started_at": "jam sepuluh"}, "Tulis jam"),
    ],
)
def test_a_bad_plan_or_time_is_refused(nurse, today, approved_target, row, message):
    response = nurse.post(f"/laporan/hari/{today.pk}/", form(row))
    assert response.status_code == 400 and message in response.content.decode()
    assert not DailyReport.objects.exists()


def test_a_plan_awaiting_approval_is_not_offered(nurse, today, approved_target):
    WorkTarget.objects.update(status=TargetStatus.SUBMITTED)
    page = nurse.get(f"/laporan/hari/{today.pk}/").content.decode()
    assert "rencana-aksi-list" not in page and "Isi target kerja" in page
    response = nurse.post(f"/laporan/hari/{today.pk}/", form(ROW | {"rencana_aksi": LABEL}))
    assert not DailyReport.objects.exists() and response.status_code == 400


def test_the_service_refuses_another_employees_plan(employee_user, today, unit_a):
    """A forged post (or any other caller) naming someone else's plan changes nothing."""
    other = WorkTarget.objects.create(
        employee=EmployeeFactory(unit=unit_a), year=today.date.year, status="approved"
    )
    plan = ActionPlan.objects.create(
        target=other, rhk="R", text="T", quantity=1, unit_of_measure="x"
    )
    with pytest.raises(attendance_services.Refused, match="bukan bagian dari target Anda"):
        attendance_services.report_file(
            user=employee_user,
            day=today,
            items=[
                {"description": "x", "quantity": 1, "unit_of_measure": "x", "action_plan": plan}
            ],
        )
    assert not DailyReport.objects.exists()


def test_a_plan_used_in_a_report_cannot_be_deleted(login, employee_user, today, approved_target):
    nurse = login(employee_user)
    nurse.post(f"/laporan/hari/{today.pk}/", form(ROW | {"rencana_aksi": LABEL}))
    WorkTarget.objects.update(status=TargetStatus.RETURNED)
    plan = ActionPlan.objects.get(text="Melayani imunisasi anak")
    response = nurse.post(f"/target/rencana-aksi/{plan.pk}/hapus/", follow=True)
    assert "sudah dipakai" in response.content.decode()
    assert ActionPlan.objects.filter(pk=plan.pk).exists()
