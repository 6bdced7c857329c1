"""Work-target fixtures shared by the targets, attendance and reports tests."""

import pytest
from django.utils import timezone

from targets.models import ActionPlan, TargetStatus, WorkTarget


@pytest.fixture
def approved_target(employee_a):
    target = WorkTarget.objects.create(
        employee=employee_a, year=timezone.localdate().year, status=TargetStatus.APPROVED
    )
    ActionPlan.objects.create(
        target=target,
        rhk="Terlaksananya pelayanan imunisasi",
        text="Melayani imunisasi anak",
        quantity=500,
        unit_of_measure="anak",
    )
    ActionPlan.objects.create(
        target=target,
        rhk="Tersusunnya laporan stok vaksin",
        text="Menyusun laporan stok vaksin",
        quantity=12,
        unit_of_measure="dokumen",
    )
    return target
