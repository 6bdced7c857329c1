from datetime import date

import pytest

from absences.models import Absence, AbsenceKind, AbsenceStatus
from schedules import services
from schedules.models import Mode
from tests.attendance.conftest import today, today_window  # noqa: F401 (fixtures)
from tests.schedules.conftest import days, puskesmas_staff  # noqa: F401 (fixtures)
from tests.schedules.test_policy_cap import capped  # noqa: F401 (fixture)


@pytest.fixture
def make_absence():
    """`make_absence(employee, start, end=None, kind=..., status=approved)`: a row as the
    services would leave it (tests of what counts; the services have their own tests)."""

    def make(employee, start: date, end: date | None = None, **fields):
        fields.setdefault("kind", AbsenceKind.ANNUAL)
        fields.setdefault("status", AbsenceStatus.APPROVED)
        return Absence.objects.create(
            employee=employee, start_date=start, end_date=end or start, **fields
        )

    return make


@pytest.fixture
def approved(window, days, opd_a, bkpsdm, head_a, puskesmas_staff):  # noqa: F811
    """The Dinkes plan approved with two nurses at home on Monday: exactly 2 of 4 on site."""
    services.assignments_set(
        opd=opd_a,
        window=window,
        employee_ids=[n.pk for n in puskesmas_staff["perawat"][:2]],
        day_ids=[days[0].pk],
        mode=Mode.WFH,
        by=bkpsdm,
    )
    plan = services.plan_submit(plan=services.plan_for(opd=opd_a, window=window), by=bkpsdm)
    return services.plan_approve(plan=plan, by=head_a)
