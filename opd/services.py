"""Writes of the opd app: plain keyword-only functions, each one transaction.

Views and management commands call these; they never repeat them. A write of staff that plans
depend on runs inside opd.guards.staff_change, which locks and re-checks those plans.
"""

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.dates import tanggal
from opd import guards
from opd.models import CalendarFeed, Employee, Unit


def _opd_of_unit(unit_id: int) -> int:
    return Unit.objects.values_list("opd_id", flat=True).get(pk=unit_id)


def _dated(employee: Employee, before: Employee | None, effective_on: date) -> None:
    """Date a resignation, a return or a move: the days before it count the employee as they
    were (see Employee.left_on)."""
    if before is None:
        return
    if before.is_active and not employee.is_active:
        employee.left_on = effective_on
    elif employee.is_active:
        employee.left_on = None
    if before.unit_id != employee.unit_id:
        employee.previous_unit_id, employee.moved_on = before.unit_id, effective_on


@transaction.atomic
def employee_save(*, employee: Employee, by, effective_on: date | None = None) -> list:
    """Save one employee (new or changed: active, unit, position, eligibility) under the guard of
    the plans of their old and new OPD. Returns the plans sent back for review.

    A resignation or a move takes effect from `effective_on` (default today): the plans of
    windows that ended before it are neither locked nor re-checked, and every day before it
    still counts the employee where they were."""
    effective_on = effective_on or timezone.localdate()
    # The row first (its current unit cannot change under us), then the plans.
    before = Employee.objects.select_for_update().filter(pk=employee.pk).first()
    opd_ids = {_opd_of_unit(employee.unit_id)}
    if before is not None:
        opd_ids.add(_opd_of_unit(before.unit_id))
    _dated(employee, before, effective_on)
    verb = "diubah" if before is not None else "ditambahkan"
    cause = f"Data pegawai {employee.name} ({employee.nip}) {verb}"
    if before is not None and (before.is_active, before.unit_id) != (
        employee.is_active,
        employee.unit_id,
    ):
        cause += f", berlaku {tanggal(effective_on)}"
    with guards.staff_change(opd_ids=opd_ids, by=by, cause=cause, since=effective_on) as sent:
        employee.save()
    return sent


@transaction.atomic
def employee_delete(*, employee: Employee, by) -> list:
    """Delete one employee (their assignments go with them) under the guard of their OPD's plans."""
    cause = f"Data pegawai {employee.name} ({employee.nip}) dihapus"
    with guards.staff_change(opd_ids={_opd_of_unit(employee.unit_id)}, by=by, cause=cause) as sent:
        employee.delete()
    return sent


@transaction.atomic
def unit_save(*, unit: Unit, by) -> list:
    """Save one unit: its kind and service category decide which rules apply to it."""
    opd_ids = {unit.opd_id}
    if unit.pk:
        opd_ids |= set(
            Unit.objects.select_for_update().filter(pk=unit.pk).values_list("opd_id", flat=True)
        )
    with guards.staff_change(opd_ids=opd_ids, by=by, cause=f"Unit {unit.name} diubah") as sent:
        unit.save()
    return sent


@transaction.atomic
def calendar_feed_renew(*, user) -> tuple[CalendarFeed, str]:
    """Give the user a new secret calendar address; the previous one stops working at once.

    Returns the feed and its token: the token is not stored (only its hash), so this is the one
    moment it can be shown."""
    if not user.employee_id:
        raise ValidationError("Akun Anda belum terhubung dengan data pegawai. Hubungi BKPSDM.")
    CalendarFeed.objects.filter(user=user).delete()
    token = secrets.token_urlsafe(32)
    return CalendarFeed.objects.create(user=user, token_hash=CalendarFeed.digest(token)), token


def calendar_feed_revoke(*, user) -> bool:
    """Remove the user's calendar address (it answers 404 from now on); False if there was none."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
