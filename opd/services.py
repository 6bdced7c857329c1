"""Writes of the opd app: plain keyword-only functions, each one transaction.

Views and management commands call these; they never repeat them. A write of staff that plans
depend on runs inside opd.guards.staff_change, which locks and re-checks those plans.
"""

import secrets
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from common.dates import tanggal
from opd import guards
from opd.models import CalendarFeed, Delegation, Employee, Opd, Unit, User


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
def delegation_name(
    *, opd: Opd, account: User, kind: str, starts_on: date, ends_on: date, basis: str, by
) -> Delegation:
    """Name a Plh/Plt of an OPD's head: BKPSDM for any OPD, the head for their own (while away).

    The account may then do what that head may do, for that OPD, from `starts_on` to `ends_on`
    inclusive; the range ends by itself (opd.access.acting_opd_ids)."""
    from opd.access import allowed  # the access layer reads this module's models

    if not (allowed(by, "opd.name_acting", opd)):
        raise PermissionDenied(
            "Plh/Plt hanya dapat ditunjuk oleh BKPSDM atau Kepala OPD itu sendiri."
        )
    basis = " ".join((basis or "").split())
    errors = {}
    if not basis:
        errors["basis"] = "Tuliskan dasar penunjukan (nomor surat perintah atau alasannya)."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "Tanggal akhir tidak boleh sebelum tanggal mulai."
    if account.pk == by.pk:
        errors["account"] = "Tidak dapat menunjuk diri sendiri sebagai Plh/Plt."
    if not account.is_active:
        errors["account"] = "Akun ini tidak aktif."
    if errors:
        raise ValidationError(errors)
    delegation = Delegation.objects.create(
        opd=opd, account=account, kind=kind, starts_on=starts_on, ends_on=ends_on, basis=basis,
        named_by=by,
    )  # fmt: skip
    last = max(account.delegations.values_list("ends_on", flat=True))
    User.objects.filter(pk=account.pk).update(acting_until=last)
    account.acting_until = last
    return delegation


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
