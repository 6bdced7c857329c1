"""Target kerja: the employee fills and submits it on a phone, the head approves or returns it."""

from decimal import Decimal

import pytest
from django.utils import timezone

from targets import services
from targets.models import ActionPlan, TargetStatus, WorkTarget
from tests.conftest import BELL, READ_LOG
from tests.factories import EmployeeFactory, UserFactory

MINE = "/target/"
PLAN = {
    "rhk": "Terlaksananya pelayanan imunisasi",
    "text": "Melayani imunisasi anak",
    "quantity": "500",
    "unit_of_measure": "anak",
}


@pytest.fixture
def nurse(login, employee_user):
    return login(employee_user)


def test_an_employee_adds_plans_and_submits_the_year(nurse, employee_a, client):
    year = timezone.localdate().year
    response = nurse.post("/target/rencana-aksi/tambah/", PLAN | {"tahun": year}, follow=True)
    assert "Rencana aksi ditambahkan" in response.content.decode()
    nurse.post(
        "/target/rencana-aksi/tambah/", PLAN | {"text": "Kunjungan posyandu", "quantity": "2,5"}
    )
    target = WorkTarget.objects.get(employee=employee_a, year=year)
    assert [(p.text, p.quantity) for p in target.plans.order_by("pk")] == [
        ("Melayani imunisasi anak", Decimal("500")),
        ("Kunjungan posyandu", Decimal("2.5")),
    ]
    response = nurse.post("/target/ajukan/", {"tahun": year}, follow=True)
    assert "diajukan kepada atasan" in response.content.decode()
    target.refresh_from_db()
    assert target.status == TargetStatus.SUBMITTED
    # With the head now: no more changes.
    response = nurse.post("/target/rencana-aksi/tambah/", PLAN | {"text": "Lain"})
    assert response.status_code == 400 and "tidak dapat diubah" in response.content.decode()
    assert target.plans.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PLAN | {"quantity": "banyak"}, "Target harus angka"),
        (PLAN | {"quantity": "-1"}, "tidak boleh kurang dari 0"),
        (PLAN | {"rhk": ""}, "tidak boleh kosong"),
        (PLAN | {"text": "Imunisasi\u202e"}, "tak terlihat"),
    ],
)
def test_bad_plans_are_refused_with_a_message(nurse, employee_a, data, message):
    response = nurse.post("/target/rencana-aksi/tambah/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_a_duplicate_plan_is_refused(nurse, employee_a):
    nurse.post("/target/rencana-aksi/tambah/", PLAN)
    response = nurse.post("/target/rencana-aksi/tambah/", PLAN)
    assert "sudah ada" in response.content.decode()
    assert ActionPlan.objects.count() == 1


def test_the_head_approves_and_the_other_head_cannot(client, login, employee_user, head_a, head_b):
    target = _submitted(employee_user)
    assert login(head_b).post(f"/target/{target.pk}/setujui/").status_code == 404
    page = login(head_a).get("/target/pemeriksaan/").content.decode()
    assert "Siti Aminah" in page
    assert "Setujui target" in login(head_a).get(f"/target/{target.pk}/").content.decode()
    response = login(head_a).post(f"/target/{target.pk}/setujui/", follow=True)
    assert "disetujui" in response.content.decode()
    target.refresh_from_db()
    assert (target.status, target.decided_by) == (TargetStatus.APPROVED, head_a)
    # Approved: the plans are the agreement and stay.
    plan = target.plans.first()
    response = login(employee_user).post(f"/target/rencana-aksi/{plan.pk}/hapus/", follow=True)
    assert "tidak dapat diubah" in response.content.decode()
    assert ActionPlan.objects.filter(pk=plan.pk).exists()


def test_a_returned_target_says_why_and_may_be_edited(login, employee_user, head_a):
    target = _submitted(employee_user)
    response = login(head_a).post(f"/target/{target.pk}/kembalikan/", {"comment": ""})
    assert response.status_code == 400 and "Tulis catatan" in response.content.decode()
    login(head_a).post(f"/target/{target.pk}/kembalikan/", {"comment": "Target terlalu kecil."})
    page = login(employee_user).get(MINE).content.decode()
    assert "Target terlalu kecil." in page and "Dikembalikan" in page
    plan = target.plans.first()
    login(employee_user).post(f"/target/rencana-aksi/{plan.pk}/hapus/")
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()


def test_a_head_who_is_staff_cannot_approve_their_own(head_a, unit_a):
    head_a.employee = EmployeeFactory(unit=unit_a)
    head_a.save()
    target = _submitted(head_a)
    with pytest.raises(services.Refused, match="sendiri"):
        services.target_approve(target=target, by=head_a)


def test_someone_without_a_staff_record_cannot_fill_a_target(login, bkpsdm):
    response = login(bkpsdm).post("/target/rencana-aksi/tambah/", PLAN)
    assert response.status_code == 400
    assert not WorkTarget.objects.exists()


def test_the_review_list_has_a_fixed_number_of_queries(
    login, head_a, unit_a, django_assert_num_queries
):
    client = login(head_a)
    for n in (1, 30):
        for _ in range(n - WorkTarget.objects.count()):
            _submitted(UserFactory(employee=EmployeeFactory(unit=unit_a)))
        # session, user, the head's OPD (navigation bar), the targets; the bell; the read log
        with django_assert_num_queries(4 + BELL + READ_LOG):
            page = client.get("/target/pemeriksaan/").content.decode()
        assert page.count("/target/") >= n


def _submitted(user) -> WorkTarget:
    year = timezone.localdate().year
    services.plan_add(
        user=user,
        year=year,
        rhk=PLAN["rhk"],
        text=PLAN["text"],
        quantity=Decimal(500),
        unit_of_measure="anak",
    )
    return services.target_submit(user=user, year=year)
