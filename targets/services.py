"""Writes of work targets: the employee's entry and submission, the head's decision, the import.

One write path per thing: the pages and the import call these functions, never the models.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from opd.access import employees_visible_to
from opd.models import Employee
from targets.importing import Row, TargetPlan, plan_rows
from targets.models import ActionPlan, TargetStatus, WorkTarget

MAX_PLANS = 100  # a year's SKP holds a handful of RHK with a few action plans each
MAX_COMMENT = 1000


class Refused(ValidationError):
    """A write refused with the reason to show; nothing was changed."""


def _own_employee(user) -> Employee:
    employee = Employee.objects.filter(pk=user.employee_id, is_active=True).first()
    if employee is None:
        raise Refused(
            "Akun Anda belum terhubung dengan data pegawai aktif, sehingga tidak dapat mengisi "
            "target kerja. Hubungi BKPSDM."
        )
    return employee


BATCH = 2000  # rows per statement of the import's bulk writes


def _targets_create(wanted: set[tuple[int, int]], *, by) -> None:
    """The targets (employee id, year) an import touches that are not there yet, made in bulk
    with their history rows; one made meanwhile by another request falls back to one by one."""
    if not wanted:
        return
    have = set(
        WorkTarget.objects.filter(
            employee_id__in={e for e, _ in wanted}, year__in={y for _, y in wanted}
        ).values_list("employee_id", "year")
    )
    missing = sorted(wanted - have)
    try:
        with transaction.atomic():
            bulk_create_with_history(
                [WorkTarget(employee_id=e, year=y) for e, y in missing],
                WorkTarget,
                batch_size=BATCH,
                default_user=by,
                default_change_reason="Impor berkas",
            )
    except IntegrityError:
        for employee_id, year in missing:
            WorkTarget.objects.get_or_create(employee_id=employee_id, year=year)


def _save(obj, *, by, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


def _own_target(user, year: int, *, lock: bool = True) -> WorkTarget:
    employee = _own_employee(user)
    target, _ = WorkTarget.objects.get_or_create(employee=employee, year=year)
    if lock:
        target = WorkTarget.objects.select_for_update().get(pk=target.pk)
    return target


def _editable(target: WorkTarget) -> None:
    if not target.editable:
        raise Refused(
            f"Target {target.year} berstatus '{target.get_status_display()}' dan tidak dapat "
            "diubah. Minta atasan mengembalikannya bila perlu diperbaiki."
        )


@transaction.atomic
def plan_add(
    *, user, year: int, rhk: str, text: str, quantity: Decimal, unit_of_measure: str
) -> ActionPlan:
    """Add an action plan to the signed-in employee's own target of `year` (draft or returned)."""
    target = _own_target(user, year)
    _editable(target)
    if target.plans.count() >= MAX_PLANS:
        raise Refused(f"Satu target memuat paling banyak {MAX_PLANS} rencana aksi.")
    if target.plans.filter(rhk=rhk, text=text).exists():
        raise Refused("Rencana aksi ini sudah ada pada RHK yang sama.")
    plan = ActionPlan(
        target=target, rhk=rhk, text=text, quantity=quantity, unit_of_measure=unit_of_measure
    )
    _save(plan, by=user, reason="Ditambahkan pegawai")
    return plan


@transaction.atomic
def plan_remove(*, user, plan: ActionPlan) -> None:
    target = _own_target(user, plan.target.year)
    if plan.target_id != target.pk:
        raise Refused("Rencana aksi ini bukan milik Anda.")
    _editable(target)
    if plan.outputs.exists():
        raise Refused(
            "Rencana aksi ini sudah dipakai dalam laporan harian dan tidak dapat dihapus."
        )
    plan._history_user = user
    plan.delete()


@transaction.atomic
def target_submit(*, user, year: int) -> WorkTarget:
    target = _own_target(user, year)
    _editable(target)
    if not target.plans.exists():
        raise Refused("Isi sedikitnya satu rencana aksi sebelum mengajukan target.")
    target.status = TargetStatus.SUBMITTED
    target.submitted_at = timezone.now()
    _save(target, by=user, reason="Diajukan")
    return target


def _decidable(target: WorkTarget, by) -> WorkTarget:
    locked = (
        WorkTarget.objects.visible_to(by).select_for_update(of=("self",)).filter(pk=target.pk)
    ).first()
    if locked is None:
        raise Refused("Target ini tidak ditemukan di OPD Anda.")
    if by.employee_id is not None and locked.employee_id == by.employee_id:
        raise Refused("Anda tidak dapat menyetujui target Anda sendiri.")
    if locked.status != TargetStatus.SUBMITTED:
        raise Refused(
            f"Target ini berstatus '{locked.get_status_display()}': hanya target yang menunggu "
            "persetujuan yang dapat disetujui atau dikembalikan."
        )
    return locked


@transaction.atomic
def target_approve(*, target: WorkTarget, by) -> WorkTarget:
    target = _decidable(target, by)
    target.status = TargetStatus.APPROVED
    target.decided_by, target.decided_at = by, timezone.now()
    target.review_comment = ""
    _save(target, by=by, reason="Disetujui")
    return target


@transaction.atomic
def target_return(*, target: WorkTarget, by, comment: str) -> WorkTarget:
    comment = (comment or "").strip()
    if not comment:
        raise Refused({"comment": "Tulis catatan untuk pegawai: apa yang perlu diperbaiki."})
    if len(comment) > MAX_COMMENT:
        raise Refused({"comment": f"Catatan paling panjang {MAX_COMMENT} karakter."})
    target = _decidable(target, by)
    target.status = TargetStatus.RETURNED
    target.decided_by, target.decided_at = by, timezone.now()
    target.review_comment = comment
    _save(target, by=by, reason="Dikembalikan")
    return target


@transaction.atomic
def targets_import(*, rows: list[Row], by) -> TargetPlan:
    """Apply checked rows all or nothing: every row is checked again against the database as it
    is now (under locks of the targets it touches); one refused row refuses the whole file.

    The importer (a head for their OPD, BKPSDM for the city) vouches for the file, so the targets
    it touches are approved by them. A row already there unchanged writes nothing: the same file
    twice imports once.
    """
    raw = [
        (
            r.number,
            {
                "nip": r.nip,
                "year": r.year,
                "rhk": r.rhk,
                "text": r.text,
                "quantity": r.quantity,
                "unit_of_measure": r.unit_of_measure,
            },
        )
        for r in rows
    ]
    staff = dict(
        employees_visible_to(by)
        .filter(nip__in={r.nip for r in rows}, is_active=True)
        .values_list("nip", "pk")
    )
    _targets_create({(staff[r.nip], r.year) for r in rows if r.nip in staff}, by=by)
    list(
        WorkTarget.objects.select_for_update()
        .filter(employee_id__in=staff.values(), year__in={r.year for r in rows})
        .order_by("pk")
    )
    plan = plan_rows(raw, user=by)
    if plan.refused:
        transaction.set_rollback(True)
        return plan
    targets = {
        (t.employee_id, t.year): t
        for t in WorkTarget.objects.filter(
            employee_id__in=staff.values(), year__in={r.year for r in rows}
        )
    }
    now = timezone.now()
    approved = [targets[(staff[nip], year)] for nip, year in sorted(plan.approve)]
    for target in approved:
        target.status = TargetStatus.APPROVED
        target.decided_by, target.decided_at = by, now
    # In bulk, each with its history row (who, why): a file of 10,000 rows is a few statements.
    bulk_update_with_history(
        approved,
        WorkTarget,
        ["status", "decided_by", "decided_at"],
        batch_size=BATCH,
        default_user=by,
        default_change_reason="Disetujui lewat impor berkas",
    )
    bulk_create_with_history(
        [
            ActionPlan(
                target=targets[(staff[row.nip], row.year)],
                rhk=row.rhk,
                text=row.text,
                quantity=Decimal(row.quantity),
                unit_of_measure=row.unit_of_measure,
            )
            for row in plan.add
        ],
        ActionPlan,
        batch_size=BATCH,
        default_user=by,
        default_change_reason="Impor berkas",
    )
    if plan.change:
        changed = {
            (targets[(staff[row.nip], row.year)].pk, row.rhk, row.text): row for row in plan.change
        }
        existing = list(
            ActionPlan.objects.filter(target_id__in={key[0] for key in changed}).filter(
                text__in={key[2] for key in changed}
            )
        )
        updated = []
        for action in existing:
            row = changed.get((action.target_id, action.rhk, action.text))
            if row is not None:
                action.quantity = Decimal(row.quantity)
                action.unit_of_measure = row.unit_of_measure
                updated.append(action)
        bulk_update_with_history(
            updated,
            ActionPlan,
            ["quantity", "unit_of_measure"],
            batch_size=BATCH,
            default_user=by,
            default_change_reason="Diubah lewat impor berkas",
        )
    return plan
