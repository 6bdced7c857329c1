"""The plan workflow: draft -> submitted -> approved (locked) or returned; reopened by BKPSDM.

Submitting and approving re-check coverage inside the transaction while holding the plan's row
lock, which every assignment write also takes first: an approved plan can never be left short.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opd.access import allowed
from opd.models import Opd
from schedules import coverage
from schedules.models import FlexWindow, Plan, PlanStatus

MAX_LISTED = 50


def plan_for(*, opd: Opd, window: FlexWindow) -> Plan:
    """The plan of an OPD for a window, created as a draft on first use."""
    try:
        with transaction.atomic():
            plan, _ = Plan.objects.get_or_create(opd=opd, window=window)
    except IntegrityError:  # created by a concurrent request in between
        plan = Plan.objects.get(opd=opd, window=window)
    return plan


def locked_plan(*, opd: Opd, window: FlexWindow) -> Plan:
    """The plan row, locked until the surrounding transaction ends (SELECT ... FOR UPDATE)."""
    plan = plan_for(opd=opd, window=window)
    return Plan.objects.select_for_update().select_related("opd", "window").get(pk=plan.pk)


def _violations_error(plan: Plan, action: str) -> ValidationError | None:
    result = coverage.compute(plan.window, opd=plan.opd)
    violations = result.violations
    if not violations:
        return None
    lines = [v.describe() for v in violations[:MAX_LISTED]]
    if len(violations) > MAX_LISTED:
        lines.append(f"... dan {len(violations) - MAX_LISTED} kekurangan lainnya.")
    headline = (
        f"Rencana tidak dapat {action}: {len(violations)} kekurangan pada aturan layanan esensial."
    )
    return ValidationError([headline, *lines])


def _transition(plan: Plan, *, perm: str, by, refusal: str) -> Plan:
    locked = Plan.objects.select_for_update().select_related("opd", "window").get(pk=plan.pk)
    if not allowed(by, perm, locked):
        raise PermissionDenied(f"{refusal} Status rencana saat ini: {locked.get_status_display()}.")
    return locked


def _record(plan: Plan, *, status: str, by, note: str | None = None) -> Plan:
    plan.status = status
    plan.acted_by = by
    plan.acted_at = timezone.now()
    if note is not None:
        plan.note = note
    plan._history_user = by
    plan.save()
    return plan


@transaction.atomic
def plan_submit(*, plan: Plan, by) -> Plan:
    """BKPSDM hands a draft (or returned) plan to the OPD head; refused while coverage is short."""
    plan = _transition(
        plan,
        perm="schedules.submit_plan",
        by=by,
        refusal="Hanya BKPSDM yang dapat mengajukan draf atau rencana yang dikembalikan.",
    )
    error = _violations_error(plan, "diajukan")
    if error:
        raise error
    return _record(plan, status=PlanStatus.SUBMITTED, by=by, note="")


@transaction.atomic
def plan_approve(*, plan: Plan, by) -> Plan:
    """The OPD head approves; coverage is re-checked under the lock, then the plan is locked."""
    plan = _transition(
        plan,
        perm="schedules.decide_plan",
        by=by,
        refusal="Hanya Kepala OPD ini yang dapat menyetujui rencana yang sedang diajukan.",
    )
    error = _violations_error(plan, "disetujui")
    if error:
        raise error
    return _record(plan, status=PlanStatus.APPROVED, by=by)


@transaction.atomic
def plan_return(*, plan: Plan, by, note: str) -> Plan:
    """The OPD head sends the plan back to BKPSDM with what to fix."""
    note = (note or "").strip()
    if not note:
        raise ValidationError("Tulis catatan untuk BKPSDM: apa yang perlu diperbaiki.")
    plan = _transition(
        plan,
        perm="schedules.decide_plan",
        by=by,
        refusal="Hanya Kepala OPD ini yang dapat mengembalikan rencana yang sedang diajukan.",
    )
    return _record(plan, status=PlanStatus.RETURNED, by=by, note=note)


@transaction.atomic
def plan_reopen(*, plan: Plan, by, reason: str) -> Plan:
    """BKPSDM unlocks an approved plan; the reason is kept in its history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Tulis alasan membuka kembali rencana yang sudah disetujui.")
    plan = _transition(
        plan,
        perm="schedules.reopen_plan",
        by=by,
        refusal="Hanya BKPSDM yang dapat membuka kembali rencana yang sudah disetujui.",
    )
    return _record(plan, status=PlanStatus.DRAFT, by=by, note=reason)
