"""Writes of absences: request, record, decide, cancel. Each one transaction.

An approved absence takes its person off site, so every write that makes an absence count (or
stop counting) runs inside opd.guards.staff_change, like a staff change: the plans of the
person's OPD are locked first (the order every guard takes), the absence written, and a
submitted or approved plan left short goes to "Perlu ditinjau" with the cause. A requested
absence counts nowhere, so a request needs no guard.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from absences.importing import AbsencePlan, Row, checked
from absences.models import Absence, AbsenceStatus, clash_message
from opd import guards
from opd.access import allowed, capacity


def _name(user) -> str:
    return getattr(user, "display_name", None) or "sistem (baris perintah)"


def _saved(absence: Absence) -> Absence:
    """Validate and save; an overlap is refused naming the absence it overlaps, on SQLite by
    `clean` and on PostgreSQL also by the exclusion constraint (two requests racing)."""
    absence.full_clean()
    try:
        with transaction.atomic():
            absence.save()
    except IntegrityError:
        other = absence.clash()
        if other is None:
            raise
        raise ValidationError(clash_message(other), code="overlap") from None
    return absence


def _guarded(absence: Absence, *, by, cause: str, write) -> list:
    opd_id = absence.employee.unit.opd_id
    with guards.staff_change(opd_ids=[opd_id], by=by, cause=cause) as sent:
        write()
    return sent


@transaction.atomic
def absence_request(*, employee, by, **fields) -> Absence:
    """An employee asks for leave (or reports travel or training) for themselves; it waits for
    the head's decision and counts nowhere until then. `fields`: kind, start_date, end_date,
    evidence, reason."""
    if by is not None and by.employee_id != employee.pk:
        raise PermissionDenied("Pengajuan hanya untuk diri sendiri.")
    return _saved(Absence(employee=employee, requested_by=by, **fields))


@transaction.atomic
def absence_record(*, employee, by, **fields) -> tuple[Absence, list]:
    """BKPSDM records an absence already decided elsewhere (the pemda's leave system, an SPT):
    approved at once, under the guard of the person's plans. Returns it and the plans sent
    back for review. `fields` as for `absence_request`."""
    if by is not None and not allowed(by, "absences.record"):
        raise PermissionDenied("Hanya BKPSDM yang dapat mencatat ketidakhadiran pegawai.")
    now = timezone.now()
    absence = Absence(
        employee=employee,
        **fields,
        status=AbsenceStatus.APPROVED,
        requested_by=by,
        decided_by=by,
        decided_at=now,
        decision_note="Dicatat BKPSDM.",
    )
    absence.full_clean()
    cause = f"{absence.label} {employee.name} {absence.dates_text} dicatat"
    sent = _guarded(absence, by=by, cause=cause, write=lambda: _saved(absence))
    return absence, sent


def _locked(absence: Absence) -> Absence:
    return (
        Absence.objects.select_for_update(of=("self",))
        .select_related("employee__unit")
        .get(pk=absence.pk)
    )


@transaction.atomic
def absence_decide(*, absence: Absence, approve: bool, note: str = "", by) -> tuple[Absence, list]:
    """The head approves or rejects a requested absence, with a note. Approving counts it at
    once: a promised plan it leaves short goes to "Perlu ditinjau". Returns the absence and the
    plans sent back."""
    absence = _locked(absence)
    opd = absence.employee.unit.opd
    if by is not None and not allowed(by, "absences.decide", opd):
        raise PermissionDenied("Hanya kepala OPD pegawai ini yang dapat memutuskan.")
    if by is not None and by.employee_id == absence.employee_id:
        raise PermissionDenied("Anda tidak dapat memutuskan ketidakhadiran Anda sendiri.")
    if absence.status != AbsenceStatus.REQUESTED:
        raise ValidationError(
            f"Pengajuan ini sudah {absence.get_status_display().lower()}; tidak dapat diputuskan "
            "lagi."
        )
    if not approve and not note.strip():
        raise ValidationError("Tuliskan alasan penolakan agar pegawai tahu.")
    absence.status = AbsenceStatus.APPROVED if approve else AbsenceStatus.REJECTED
    absence.decided_by, absence.decided_at = by, timezone.now()
    absence.decided_as = capacity(by, opd) if by is not None else ""  # a Plh signs as such
    absence.decision_note = note.strip()
    if not approve:
        return _saved(absence), []
    cause = f"{absence.label} {absence.employee.name} {absence.dates_text} disetujui"
    sent = _guarded(absence, by=by, cause=cause, write=lambda: _saved(absence))
    return absence, sent


@transaction.atomic
def absence_cancel(*, absence: Absence, by, note: str = "") -> tuple[Absence, list]:
    """Withdraw a requested or approved absence: the employee their own, the head for their OPD,
    BKPSDM for anyone. It stops counting; the change runs under the same guard as approving."""
    absence = _locked(absence)
    opd = absence.employee.unit.opd
    own = by is not None and by.employee_id == absence.employee_id
    if by is not None and not (
        own or allowed(by, "absences.decide", opd) or allowed(by, "absences.record")
    ):
        raise PermissionDenied("Anda tidak dapat membatalkan ketidakhadiran ini.")
    if not absence.holds_days:
        raise ValidationError(f"Ketidakhadiran ini sudah {absence.get_status_display().lower()}.")
    was_approved = absence.status == AbsenceStatus.APPROVED
    absence.status = AbsenceStatus.CANCELLED
    absence.decision_note = note.strip() or f"Dibatalkan oleh {_name(by)}."
    if not was_approved:
        return _saved(absence), []
    cause = f"{absence.label} {absence.employee.name} {absence.dates_text} dibatalkan"
    sent = _guarded(absence, by=by, cause=cause, write=lambda: _saved(absence))
    return absence, sent


@transaction.atomic
def absences_import(*, rows: list[Row], by) -> tuple[AbsencePlan, list]:
    """Record the absences of a checked file (its clean rows), all or nothing: checked again
    under the locks of the plans of every OPD touched; a row refused now refuses the whole file.
    Idempotent: an absence already there (employee + kind + dates) is left as it is. Returns
    the plan (`refused` non-empty: nothing written) and the plans sent back for review."""
    if by is not None and not allowed(by, "absences.record"):
        raise PermissionDenied("Hanya BKPSDM yang dapat mengimpor ketidakhadiran pegawai.")
    first = checked(rows, user=by)
    opd_ids = {first.staff[r.nip].unit.opd_id for r in first.add}
    if first.refused or not opd_ids:
        return first, []
    cause = f"Impor ketidakhadiran oleh {_name(by)}: {len(first.add)} dicatat"
    now = timezone.now()
    try:
        with transaction.atomic(), guards.staff_change(opd_ids=opd_ids, by=by, cause=cause) as sent:
            plan = checked(rows, user=by)  # again, under the locks
            if plan.refused:
                raise _Refused(plan)
            bulk_create_with_history(
                [
                    Absence(
                        employee=plan.staff[r.nip],
                        kind=r.kind,
                        start_date=date.fromisoformat(r.start),
                        end_date=date.fromisoformat(r.end),
                        evidence=r.evidence,
                        reason=r.reason,
                        status=AbsenceStatus.APPROVED,
                        requested_by=by,
                        decided_by=by,
                        decided_at=now,
                        decision_note="Diimpor BKPSDM.",
                    )
                    for r in plan.add
                ],
                Absence,
                batch_size=1000,
                default_user=by,
            )
    except _Refused as refused:
        return refused.plan, []
    except IntegrityError:
        raise ValidationError(
            "Data ketidakhadiran berubah selama impor berjalan (ada yang baru dicatat untuk "
            "pegawai yang sama). Tidak ada data yang diubah; unggah berkasnya lagi.",
            code="conflict",
        ) from None
    return plan, sent


class _Refused(Exception):
    def __init__(self, plan):
        self.plan = plan
