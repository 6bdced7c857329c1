"""Writes of the opd app: plain keyword-only functions, each one transaction.

Views and management commands call these; they never repeat them. A write of staff that plans
depend on runs inside opd.guards.staff_change, which locks and re-checks those plans.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from opd import guards
from opd.models import CalendarFeed, Employee, Unit


def _opd_of_unit(unit_id: int) -> int:
    return Unit.objects.values_list("opd_id", flat=True).get(pk=unit_id)


@transaction.atomic
def employee_save(*, employee: Employee, by) -> list:
    """Save one employee (new or changed: active, unit, position, eligibility) under the guard of
    the plans of their old and new OPD. Returns the plans sent back for review."""
    # The row first (its current unit cannot change under us), then the plans.
    before = Employee.objects.select_for_update().filter(pk=employee.pk).first()
    opd_ids = {_opd_of_unit(employee.unit_id)}
    if before is not None:
        opd_ids.add(_opd_of_unit(before.unit_id))
    verb = "diubah" if before is not None else "ditambahkan"
    cause = f"Data pegawai {employee.name} ({employee.nip}) {verb}"
    with guards.staff_change(opd_ids=opd_ids, by=by, cause=cause) as sent:
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
