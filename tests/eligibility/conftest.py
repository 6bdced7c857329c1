from datetime import date

import pytest

from schedules import services
from schedules.models import FlexPolicy, Mode
from tests.absences.conftest import approved  # noqa: F401 (fixture)
from tests.factories import UserFactory
from tests.schedules.conftest import days, puskesmas_staff  # noqa: F401 (fixtures)

SK = "SK Wali Kota 800/12/BKPSDM/2025"


@pytest.fixture
def nurse(puskesmas_staff):  # noqa: F811
    return puskesmas_staff["perawat"][0]


@pytest.fixture
def nurse_user(nurse):
    from opd.models import Role

    return UserFactory(role=Role.EMPLOYEE, employee=nurse)


@pytest.fixture
def policy(window):
    """The window follows a policy that keeps new staff on site for 6 months."""
    policy, _ = FlexPolicy.objects.get_or_create(
        name="Kebijakan uji", defaults={"legal_basis": "PermenPANRB No. 4 Tahun 2025"}
    )
    policy.new_staff_months = 6
    policy.save()
    window.policy = policy
    window.save()
    return policy


@pytest.fixture
def remote_nurse_approved(window, days, opd_a, bkpsdm, head_a, nurse):  # noqa: F811
    """The Dinkes plan approved with the nurse at home on the window's second day."""
    services.assignments_set(
        opd=opd_a, window=window, employee_ids=[nurse.pk], day_ids=[days[1].pk], mode=Mode.WFH,
        by=bkpsdm,
    )  # fmt: skip
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    return services.plan_approve(plan=plan, by=head_a)


def iso(day: date) -> str:
    return day.isoformat()
