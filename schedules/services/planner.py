"""Proposals of the auto-planner: computing and storing one, and applying it in one transaction.

Applying goes through the single write path (schedules/services/assignments.py): the plan row is
locked first, approved plans are refused, pinned cells are skipped, history is recorded. Plan
statuses do not change: the plan then goes through the normal approval.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opd.models import Opd
from schedules import planner
from schedules.models import FlexWindow, Mode, Proposal
from schedules.services.assignments import (
    _check_mode,
    _check_plan_editable,
    _existing,
    _scoped_rows,
    _write,
)
from schedules.services.plans import locked_plan

Cells = dict[tuple[int, int], tuple[str, str]]


@transaction.atomic
def assignments_apply_proposal(*, opd: Opd, window: FlexWindow, cells: Cells, by) -> int:
    """Write the proposed (employee, day) -> (mode, place) cells of one OPD; returns the count.

    Refused for an approved plan; a cell pinned by hand meanwhile is left as it is.
    """
    plan = locked_plan(opd=opd, window=window)
    if plan.is_locked:
        raise PermissionDenied(
            f"Rencana {opd.name} sudah disetujui dan terkunci; usulan tidak diterapkan di sana."
        )
    _check_plan_editable(plan, by)
    if not cells:
        return 0
    employees, days = _scoped_rows(opd, window, {e for e, _ in cells}, {d for _, d in cells})
    existing = _existing(employees, days)
    cells_by_value = defaultdict(list)
    for (employee_id, day_id), (mode, place) in cells.items():
        row = existing.get((employee_id, day_id))
        if row is not None and row.pinned:
            continue
        cells_by_value[(mode, place.strip() if mode == Mode.WFA else "")].append(
            (employee_id, day_id)
        )
    for (mode, _), group in cells_by_value.items():
        _check_mode(window, mode, {e: employees[e] for e, _ in group})
    return _write(cells_by_value=cells_by_value, existing=existing, by=by)


def proposal_create(
    *, window: FlexWindow, opd: Opd | None, by, time_limit: float = planner.UNIT_TIME_LIMIT
) -> Proposal:
    """Run the planner for one OPD or the whole city and keep its proposal (nothing else changes).

    The solving happens outside any transaction: it reads, holds no lock, and may take seconds.
    """
    result = planner.propose(window, opd, time_limit=time_limit)
    with transaction.atomic():
        return Proposal.objects.create(
            window=window,
            opd=opd,
            created_by=by,
            fingerprint=result.fingerprint,
            seconds=result.seconds,
            cells=result.cells(),
            summary=result.summary(),
        )


@transaction.atomic
def proposal_apply(*, proposal: Proposal, by) -> dict:
    """Apply every OPD's changed cells in one transaction; approved plans are left as they are.

    Returns {"changed": n, "opds": k, "skipped": [names of OPDs whose plan is approved]}.
    """
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("window", "opd")
        .get(pk=proposal.pk)
    )
    if proposal.applied_at:
        raise ValidationError("Usulan ini sudah diterapkan. Buat usulan baru bila perlu.")
    window = proposal.window
    opds = {o.pk: o for o in Opd.objects.filter(pk__in=[int(k) for k in proposal.cells])}
    plans = {pk: locked_plan(opd=opd, window=window) for pk, opd in sorted(opds.items())}
    if planner.fingerprint(window, proposal.opd) != proposal.fingerprint:
        raise ValidationError(
            "Usulan ini sudah basi: jadwal, pegawai, aturan atau preferensi berubah sejak usulan "
            "dibuat. Tidak ada yang diterapkan; buat usulan baru."
        )
    changed, skipped = 0, []
    for pk, plan in plans.items():
        if plan.is_locked:
            skipped.append(opds[pk].name)
            continue
        cells = {(e, d): (mode, place) for e, d, mode, place in proposal.cells[str(pk)]}
        changed += assignments_apply_proposal(opd=opds[pk], window=window, cells=cells, by=by)
    report = {"changed": changed, "opds": len(plans) - len(skipped), "skipped": skipped}
    proposal.applied_at = timezone.now()
    proposal.applied_by = by
    proposal.applied_report = report
    proposal.save(update_fields=["applied_at", "applied_by", "applied_report"])
    return report
