from datetime import date

import pytest

from absences.models import Absence, AbsenceKind, AbsenceStatus
from tests.schedules.conftest import days, puskesmas_staff  # noqa: F401 (fixtures)


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
