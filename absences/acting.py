"""Writes of acting officials (Plh/Plt): naming one for an OPD's head or a unit's head, and
ending one early. Each one transaction; the named account is told in its inbox.

The `Delegation` record lives in opd, where the access layer reads it; naming and ending live
here, right of the inbox, so that the notice is written in the same transaction as the record.
During its range the account may do what that head may do for that scope, nothing more (the
predicates and scopes of opd/access.py); the range ends by itself (`Delegation.objects.on`).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from common.dates import tanggal
from inbox import services as inbox
from inbox.models import Kind
from opd.access import allowed
from opd.models import ActingKind, Delegation, Opd, Unit, User


def span_text(starts_on: date, ends_on: date) -> str:
    if starts_on == ends_on:
        return tanggal(starts_on)
    return f"{tanggal(starts_on)} s.d. {tanggal(ends_on)}"


def _refresh_until(account: User) -> None:
    """`acting_until` is the last day of the account's delegations not ended early: the access
    layer asks no query of an account whose last range has passed."""
    last = Delegation.objects.filter(account=account, ended_at__isnull=True).aggregate(
        last=Max("ends_on")
    )["last"]
    User.objects.filter(pk=account.pk).update(acting_until=last)
    account.acting_until = last
    account.__dict__.pop("_acting", None)


def _checked(*, opd, unit, account, kind, starts_on, ends_on, basis, by) -> str:
    """The refusals of a naming, all at once (field -> message); returns the cleaned basis."""
    by_bkpsdm = allowed(by, "opd.manage_city")
    errors = {}
    if not by_bkpsdm and unit is not None:
        errors["unit"] = (
            "Kepala OPD menunjuk Plh untuk dirinya sendiri; Plh/Plt unit ditunjuk BKPSDM."
        )
    if not by_bkpsdm and kind != ActingKind.PLH:
        errors["kind"] = (
            "Kepala OPD hanya dapat menunjuk Plh; Plt (jabatan kosong) ditunjuk BKPSDM."
        )
    if unit is not None and unit.opd_id != opd.pk:
        errors["unit"] = f"Unit {unit.name} bukan bagian dari {opd.name}."
    basis = " ".join((basis or "").split())
    if not basis:
        errors["basis"] = "Tuliskan dasar penunjukan (nomor surat perintah atau alasannya)."
    if ends_on < starts_on:
        errors["ends_on"] = "Tanggal akhir tidak boleh sebelum tanggal mulai."
    elif ends_on < timezone.localdate():
        errors["ends_on"] = (
            "Tanggal akhir sudah lewat: penunjukan yang sudah berakhir tidak berlaku."
        )
    employee = account.employee
    if account.pk == by.pk:
        errors["account"] = "Tidak dapat menunjuk diri sendiri sebagai Plh/Plt."
    elif not account.is_active:
        errors["account"] = "Akun ini tidak aktif."
    elif employee is None or not employee.is_active or employee.unit.opd_id != opd.pk:
        errors["account"] = f"{account.display_name} bukan pegawai aktif {opd.name}."
    if errors:
        raise ValidationError(errors)
    return basis


@transaction.atomic
def delegation_name(
    *, opd: Opd, account: User, kind: str, starts_on: date, ends_on: date, basis: str, by,
    unit: Unit | None = None,
) -> Delegation:  # fmt: skip
    """Name a Plh/Plt of an OPD's head (`unit` None) or of a unit's head: BKPSDM for any OPD or
    unit, Plh or Plt; the head of an OPD only a Plh of their own OPD, for their own absence.

    The person is an active employee of that OPD with an account; the range is whole days, both
    ends included, not yet over, and shares no day with another delegation of the same scope
    (the OPD's row is locked first, so two namings cannot both pass). Refusals change nothing."""
    if not allowed(by, "opd.name_acting", opd):
        raise PermissionDenied(
            "Plh/Plt hanya dapat ditunjuk oleh BKPSDM atau Kepala OPD itu sendiri."
        )
    Opd.objects.select_for_update().filter(pk=opd.pk).first()  # one naming per OPD at a time
    basis = _checked(opd=opd, unit=unit, account=account, kind=kind, starts_on=starts_on,
                     ends_on=ends_on, basis=basis, by=by)  # fmt: skip
    other = (
        Delegation.objects.same_scope(opd=opd, unit=unit)
        .overlapping(starts_on, ends_on)
        .select_related("account", "opd", "unit")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {"starts_on": f"Sudah ada {other.capacity}: {other.account.display_name}, "
             f"{span_text(other.starts_on, other.ends_on)}. Akhiri dulu atau pilih tanggal lain."}
        )  # fmt: skip
    try:
        with transaction.atomic():
            delegation = Delegation.objects.create(
                opd=opd, unit=unit, account=account, kind=kind, starts_on=starts_on,
                ends_on=ends_on, basis=basis, named_by=by,
            )  # fmt: skip
    except IntegrityError:  # the exclusion constraint (PostgreSQL), should the lock be bypassed
        raise ValidationError(
            {"starts_on": "Rentang ini bertabrakan dengan penunjukan lain untuk lingkup yang sama."}
        ) from None
    _refresh_until(account)
    inbox.notify(
        recipients=[account],
        kind=Kind.ACTING,
        text=f"Anda ditunjuk sebagai {delegation.capacity} {span_text(starts_on, ends_on)} "
        f"oleh {by.display_name} ({basis}). Selama itu keputusan Anda tercatat selaku "
        f"{delegation.capacity}.",
        url=reverse("home"),
        about=delegation,
    )
    return delegation


@transaction.atomic
def delegation_end(*, delegation: Delegation, by) -> Delegation:
    """End a delegation now, before its last day: the account loses the scope at once. BKPSDM
    for any; the head of an OPD for the Plh of their own OPD. Kept, with who ended it."""
    delegation = (
        Delegation.objects.select_for_update(of=("self",))
        .select_related("opd", "unit", "account")
        .get(pk=delegation.pk)
    )
    if not may_end(by, delegation):
        raise PermissionDenied("Anda tidak dapat mengakhiri penunjukan ini.")
    if delegation.phase(timezone.localdate()) == "ended":
        raise ValidationError("Penunjukan ini sudah berakhir.")
    delegation.ended_at, delegation.ended_by = timezone.now(), by
    delegation.save(update_fields=["ended_at", "ended_by"])
    _refresh_until(delegation.account)
    inbox.notify(
        recipients=[delegation.account],
        kind=Kind.ACTING,
        text=f"Penunjukan Anda sebagai {delegation.capacity} diakhiri oleh {by.display_name} "
        f"pada {tanggal(timezone.localdate())}.",
        url=reverse("home"),
        about=delegation,
    )
    return delegation


def may_end(user, delegation: Delegation) -> bool:
    """What the user could name, they may end: BKPSDM any; an OPD head their OPD's own Plh."""
    if allowed(user, "opd.manage_city"):
        return True
    return delegation.unit_id is None and allowed(user, "opd.name_acting", delegation.opd)
