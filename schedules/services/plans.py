"""The plan workflow: draft -> submitted -> approved (locked) or returned; reopened by BKPSDM.

Submitting and approving re-check coverage inside the transaction while holding the plan's row
lock, which every assignment write also takes first, and so does every change of what coverage
depends on (schedules/services/guard.py): an approved plan can never be left short unnoticed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opd.access import allowed, capacity
from opd.models import Employee, Opd
from schedules import coverage, notices
from schedules.cap import cap_violations
from schedules.eligible import ONLY_WFO, restriction_violations
from schedules.models import FlexWindow, Plan, PlanStatus, WindowDay

CHUNK = 2000
MAX_LISTED = 50
MAX_CAP_LISTED = 10
MAX_NOTE_LINES = 10
# How a review note marks a line about the weekly cap rather than a coverage shortfall.
OVER_CAP = "Melebihi batas mingguan: "


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


def editable_plan(*, opd: Opd, window: FlexWindow, by) -> Plan:
    """The plan row, locked; refused when approved (for anyone) or not editable by `by`."""
    plan = locked_plan(opd=opd, window=window)
    if plan.is_locked:
        raise PermissionDenied(
            f"Rencana {opd.short_name or opd.name} sudah disetujui dan terkunci. BKPSDM dapat "
            "membukanya kembali dengan alasan bila perlu diubah."
        )
    if by is not None and not allowed(by, "schedules.edit_plan", plan):
        raise PermissionDenied(
            f"Anda tidak dapat mengubah rencana ini saat berstatus "
            f"'{plan.get_status_display()}'. Kepala OPD hanya dapat menyesuaikan rencana yang "
            "sedang diajukan kepadanya."
        )
    return plan


def plan_cells(*, opd: Opd, window: FlexWindow, employee_ids, day_ids):
    """The active employees of the OPD and the days of the window that a change of the plan's
    cells names, by id, or a refusal naming which (the cells and the working hours ask it)."""
    employee_ids, day_ids = set(employee_ids), set(day_ids)
    employees = {}
    ordered = sorted(employee_ids)
    for start in range(0, len(ordered), CHUNK):
        employees.update(
            (e.pk, e)
            for e in Employee.objects.active().filter(
                pk__in=ordered[start : start + CHUNK], unit__opd=opd
            )
        )
    if len(employees) != len(employee_ids):
        raise ValidationError(
            "Sebagian pegawai yang dipilih tidak ditemukan di OPD ini atau tidak aktif. "
            "Muat ulang halaman lalu ulangi."
        )
    days = {d.pk: d for d in WindowDay.objects.filter(window=window, pk__in=day_ids)}
    if len(days) != len(day_ids) or not days:
        raise ValidationError("Pilih sedikitnya satu hari dari periode ini.")
    return employees, days


def plan_staff(*, window: FlexWindow, cells_by_opd: dict[int, set[int]], day_ids):
    """For a write of several OPDs' cells (OPD id -> the employee ids named): each employee's
    id (-> "": eligibility is per day, the write path asks eligibility.models) and the window's
    days named, by id, or the refusal `plan_cells` gives when an employee is not active in the
    OPD named or a day is not of the window. One query for the staff: by id for a few, by OPD
    for many (a whole city)."""
    named = {e: opd_id for opd_id, ids in cells_by_opd.items() for e in ids}
    staff = Employee.objects.active()
    if len(named) <= CHUNK:
        staff = staff.filter(pk__in=sorted(named))
    else:
        staff = staff.filter(unit__opd_id__in=sorted(cells_by_opd))
    codes = {}  # who may work remotely on which day is the write path's (eligibility.models)
    for pk, opd_id in staff.values_list("pk", "unit__opd_id"):
        if named.get(pk) == opd_id:
            codes[pk] = ""
    if len(codes) != len(named):
        raise ValidationError(
            "Sebagian pegawai yang dipilih tidak ditemukan di OPD ini atau tidak aktif. "
            "Muat ulang halaman lalu ulangi."
        )
    day_ids = set(day_ids)
    days = {d.pk: d for d in WindowDay.objects.filter(window=window, pk__in=day_ids)}
    if len(days) != len(day_ids) or not days:
        raise ValidationError("Pilih sedikitnya satu hari dari periode ini.")
    return codes, days


def _violations_error(plan: Plan, action: str) -> ValidationError | None:
    result = coverage.compute(plan.window, opd=plan.opd)
    violations = result.violations
    over_cap = cap_violations(plan.window, opd=plan.opd)
    wfo_only = restriction_violations(plan.window, opd=plan.opd)
    if not violations and not over_cap and not wfo_only:
        return None
    lines = []
    if violations:
        lines.append(
            f"Rencana tidak dapat {action}: {len(violations)} kekurangan pada aturan layanan "
            "esensial."
        )
        lines += [v.describe() for v in violations[:MAX_LISTED]]
        if len(violations) > MAX_LISTED:
            lines.append(f"... dan {len(violations) - MAX_LISTED} kekurangan lainnya.")
    if over_cap:
        # One message (who, which week): the page shows the first message of a refusal in full.
        listed = " ".join(v.describe() for v in over_cap[:MAX_CAP_LISTED])
        if len(over_cap) > MAX_CAP_LISTED:
            listed += f" ... dan {len(over_cap) - MAX_CAP_LISTED} pelanggaran lainnya."
        lines.append(
            f"Rencana tidak dapat {action}: {len(over_cap)} pelanggaran batas hari WFH/WFA per "
            f"minggu. {listed} Kurangi hari WFH/WFA atau minta pengecualian batas mingguan."
        )
    if wfo_only:
        listed = " ".join(v.describe() for v in wfo_only[:MAX_CAP_LISTED])
        if len(wfo_only) > MAX_CAP_LISTED:
            listed += f" ... dan {len(wfo_only) - MAX_CAP_LISTED} pegawai lainnya."
        lines.append(
            f"Rencana tidak dapat {action}: {len(wfo_only)} pegawai yang hanya boleh WFO "
            f"(PermenPANRB No. 4/2025) dijadwalkan WFH/WFA. {listed} Ubah hari itu menjadi WFO."
        )
    return ValidationError(lines)


def _transition(plan: Plan, *, perm: str, by, refusal: str) -> Plan:
    locked = Plan.objects.select_for_update().select_related("opd", "window").get(pk=plan.pk)
    if not allowed(by, perm, locked):
        raise PermissionDenied(f"{refusal} Status rencana saat ini: {locked.get_status_display()}.")
    return locked


def _record(plan: Plan, *, status: str, by, note: str | None = None, reason: str = "") -> Plan:
    plan.status = status
    plan.acted_by = by
    plan.acted_as = capacity(by, plan.opd_id) if by is not None else ""
    plan.acted_at = timezone.now()
    if status == PlanStatus.SUBMITTED:
        plan.submitted_at = plan.acted_at
    if note is not None:
        plan.note = note
    plan._history_user = by
    plan._change_reason = reason[:100] if reason else None
    plan.save()
    return plan


def who(user) -> str:
    """A user's name as the history and messages show it."""
    if user is None:
        return "sistem (baris perintah)"
    return user.display_name


def plan_changed_after_submission(*, plan: Plan, by, cells: int) -> bool:
    """A submitted plan changed by anyone but its head goes back to draft; True if it did.

    The head may adjust the plan while deciding on it (they are the reviewer); any other change
    means the head would approve content they were not shown. The caller holds the plan lock.
    """
    if by is not None and allowed(by, "schedules.decide_plan", plan):
        return False
    note = (
        f"{cells} sel diubah oleh {who(by)} setelah rencana diajukan; rencana kembali menjadi "
        "draf dan perlu diajukan ulang ke Kepala OPD."
    )
    _record(plan, status=PlanStatus.DRAFT, by=by, note=note, reason="Diubah setelah diajukan")
    return True


def plan_send_to_review(*, plan: Plan, by, cause: str, shortfalls: list[str]) -> Plan:
    """A promised plan left short (or over the weekly cap) by a change of staff, rules, days or
    policy must be reviewed again.

    HR facts cannot be refused (a nurse did resign), so the change stands and the plan moves to
    "Perlu ditinjau" with the cause, who made it and the shortfalls. The caller holds the lock.
    """
    listed = shortfalls[:MAX_NOTE_LINES]
    if len(shortfalls) > MAX_NOTE_LINES:
        listed.append(f"... dan {len(shortfalls) - MAX_NOTE_LINES} kekurangan lainnya.")
    only_cap = all(s.startswith(OVER_CAP) for s in shortfalls)
    heading = "Sekarang kurang:"
    if only_cap:
        heading = "Sekarang melanggar batas hari WFH/WFA per minggu:"
    elif all(s.startswith(ONLY_WFO) for s in shortfalls):
        heading = "Sekarang ada pegawai yang hanya boleh WFO dijadwalkan WFH/WFA:"
    note = f"{cause} (oleh {who(by)}). {heading}\n" + "\n".join(f"- {s}" for s in listed)
    plan = _record(plan, status=PlanStatus.REVIEW, by=by, note=note, reason="Perlu ditinjau")
    notices.plan_sent_to_review(plan, by, cause)
    return plan


@transaction.atomic
def plan_submit(*, plan: Plan, by) -> Plan:
    """BKPSDM hands a draft, returned or reviewed plan to the head; refused while it is short."""
    plan = _transition(
        plan,
        perm="schedules.submit_plan",
        by=by,
        refusal=(
            "Hanya BKPSDM yang dapat mengajukan draf, rencana yang dikembalikan, atau rencana "
            "yang perlu ditinjau."
        ),
    )
    error = _violations_error(plan, "diajukan")
    if error:
        raise error
    plan = _record(plan, status=PlanStatus.SUBMITTED, by=by, note="")
    notices.plan_submitted(plan, by)
    return plan


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
    plan = _record(plan, status=PlanStatus.APPROVED, by=by)
    notices.plan_approved(plan, by)
    return plan


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
    plan = _record(plan, status=PlanStatus.RETURNED, by=by, note=note)
    notices.plan_returned(plan, by, note)
    return plan


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
    plan = _record(plan, status=PlanStatus.DRAFT, by=by, note=reason)
    notices.plan_reopened(plan, by, reason)
    return plan
