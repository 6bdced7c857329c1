"""A small Dinas Kesehatan for planning tests: one puskesmas with a doctor, nurses and a midwife."""

import pytest

from eligibility.models import RestrictionKind
from opd.models import ServiceCategory, UnitKind
from schedules.models import FlexPolicy
from tests.factories import EmployeeFactory, UnitFactory


@pytest.fixture
def days(window):
    return list(window.days.all())


@pytest.fixture
def puskesmas_staff(unit_a):
    """Puskesmas Makrayu: 1 dokter, 3 perawat, 1 bidan, 5 others (10 staff)."""
    staff = {
        "dokter": EmployeeFactory(
            unit=unit_a, name="dr. Rina Sari", position_name="Dokter Ahli Pertama"
        ),
        "perawat": [
            EmployeeFactory(unit=unit_a, name=f"Perawat {i}", position_name="Perawat Terampil")
            for i in range(3)
        ],
        "bidan": EmployeeFactory(unit=unit_a, name="Bidan Ani", position_name="Bidan Terampil"),
        "admin": [
            EmployeeFactory(
                unit=unit_a, name=f"Staf {i}", position_name="Pengadministrasi Perkantoran"
            )
            for i in range(5)
        ],
    }
    return staff


@pytest.fixture
def ineligible(unit_a):
    return EmployeeFactory(
        unit=unit_a,
        name="Budi Santoso",
        position_name="Pengadministrasi Perkantoran",
        ineligibility=RestrictionKind.SANCTION,
    )


@pytest.fixture
def admin_unit(opd_a):
    return UnitFactory(
        opd=opd_a,
        code="dinkes-sekretariat",
        name="Sekretariat Dinas Kesehatan",
        kind=UnitKind.SEKRETARIAT,
        service_category=ServiceCategory.NONE,
    )


@pytest.fixture
def timed(window):
    """Lebaran 2025 under a policy with time flexibility on: working hours may be set."""
    window.policy = FlexPolicy.objects.create(
        name="Uji waktu", legal_basis="PermenPANRB No. 4 Tahun 2025", time_flex=True
    )
    window.save()
    return window
