"""The absence record: its dates, its kinds, and no two holding absences of one person on a day."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from absences.models import Absence, AbsenceKind, AbsenceStatus
from absences.services import absence_request

pytestmark = pytest.mark.django_db


def ask(employee, by, start, end=None, kind=AbsenceKind.ANNUAL):
    return absence_request(
        employee=employee, kind=kind, start_date=start, end_date=end or start, by=by
    )


def test_an_overlapping_request_is_refused_naming_the_absence_it_overlaps(
    employee_a, employee_user, make_absence
):
    make_absence(employee_a, date(2025, 3, 28), date(2025, 4, 2), evidence="800/12/2025")
    with pytest.raises(ValidationError) as refused:
        ask(employee_a, employee_user, date(2025, 4, 1), date(2025, 4, 3), AbsenceKind.TRAVEL)
    message = " ".join(refused.value.messages)
    assert "cuti tahunan Siti Aminah, S.Kep." in message
    assert "28 Maret 2025 s.d. 2 April 2025" in message
    assert Absence.objects.count() == 1


@pytest.mark.parametrize("status", [AbsenceStatus.REJECTED, AbsenceStatus.CANCELLED])
def test_a_rejected_or_cancelled_absence_frees_its_days(
    employee_a, employee_user, make_absence, status
):
    make_absence(employee_a, date(2025, 3, 28), status=status)
    ask(employee_a, employee_user, date(2025, 3, 28), date(2025, 3, 28), AbsenceKind.SICK)
    assert Absence.objects.holding().count() == 1


def test_another_persons_absence_on_the_same_days_is_no_clash(employee_a, employee_b, make_absence):
    make_absence(employee_a, date(2025, 3, 28))
    other = make_absence(employee_b, date(2025, 3, 28))
    assert other.clash() is None


def test_an_absence_outside_every_window_is_allowed(employee_a, employee_user):
    absence = ask(
        employee_a, employee_user, date(2026, 8, 10), date(2026, 8, 12), AbsenceKind.ANNUAL
    )
    assert absence.days == 3


def test_the_end_may_not_come_before_the_start(employee_a, employee_user):
    with pytest.raises(ValidationError, match="sebelum tanggal mulai"):
        ask(employee_a, employee_user, date(2025, 4, 2), date(2025, 4, 1), AbsenceKind.ANNUAL)


def test_other_needs_a_reason(employee_a, employee_user):
    with pytest.raises(ValidationError, match="wajib diberi keterangan"):
        ask(employee_a, employee_user, date(2025, 4, 1), date(2025, 4, 1), AbsenceKind.OTHER)


def test_an_employee_requests_only_for_themselves(employee_b, employee_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ask(employee_b, employee_user, date(2025, 4, 1), date(2025, 4, 1), AbsenceKind.ANNUAL)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint")
def test_the_database_refuses_an_overlap_the_code_did_not_see(employee_a, make_absence):
    make_absence(employee_a, date(2025, 3, 28), date(2025, 4, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Absence.objects.create(  # straight to the database, past every check in code
            employee=employee_a,
            kind=AbsenceKind.SICK,
            start_date=date(2025, 4, 2),
            end_date=date(2025, 4, 2),
            status=AbsenceStatus.REQUESTED,
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="CHECK constraints")
def test_the_database_keeps_dates_in_order(employee_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Absence.objects.create(
            employee=employee_a,
            kind=AbsenceKind.SICK,
            start_date=date(2025, 4, 2),
            end_date=date(2025, 4, 1),
        )


def test_each_change_is_kept_in_the_history(employee_a, make_absence):
    absence = make_absence(employee_a, date(2025, 3, 28), status=AbsenceStatus.REQUESTED)
    absence.status = AbsenceStatus.APPROVED
    absence.save()
    assert [h.status for h in absence.history.order_by("history_date")] == [
        "requested",
        "approved",
    ]
