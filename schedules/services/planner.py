"""Proposals of the auto-planner: computing and storing one, applying it in one transaction, and
undoing an applied one.

Applying and undoing go through the one write path (schedules/services/cells.py): the plan row is
locked first, approved plans are refused, pinned cells are skipped, history is recorded, and a
submitted plan that changes goes back to draft.
"""

import gc

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opd.models import Opd
from schedules import notices, planner
from schedules.models import FlexWindow, Proposal
from schedules.services.cells import (
    Cell,
    Value,
    WriteResult,
    cells_changed_since,
    cells_write,
    cells_write_opds,
)
from schedules.services.plans import locked_plan

STALE_LISTED = 5


@transaction.atomic
def assignments_apply_proposal(
    *, opd: Opd, window: FlexWindow, cells: dict[Cell, tuple[str, str]], by
) -> WriteResult:
    """Write the proposed (employee, day) -> (mode, place) cells of one OPD.

    Refused for an approved plan; a cell pinned by hand meanwhile is left as it is.
    """
    if not cells:
        return WriteResult()
    values = {cell: Value(mode, place) for cell, (mode, place) in cells.items()}
    # The proposal's fingerprint stands in for the versions: a stale proposal is refused before.
    return cells_write(
        opd=opd, window=window, values=values, by=by, expected_versions=None, skip_pinned=True
    )


def proposal_create(
    *,
    window: FlexWindow,
    opd: Opd | None,
    by,
    time_limit: float = planner.UNIT_TIME_LIMIT,
    progress=None,
) -> Proposal:
    """Run the planner for one OPD or the whole city and keep its proposal (nothing else changes).

    The solving happens outside any transaction: it reads, holds no lock, and may take seconds
    (the whole city runs as a background job, schedules/jobs.py, which passes `progress`).
    """
    result = planner.propose(window, opd, time_limit=time_limit, progress=progress)
    # A city's 238,000 changed cells are as many new lists, no cycle among them: the cycle
    # collector would walk the whole heap (the snapshot) several times, 0.35 of 0.41 s measured.
    collecting = gc.isenabled()
    gc.disable()
    try:
        cells, summary = result.cells(), result.summary()
    finally:
        if collecting:
            gc.enable()
    with transaction.atomic():
        return Proposal.objects.create(
            window=window,
            opd=opd,
            created_by=by,
            fingerprint=result.fingerprint,
            seconds=result.seconds,
            cells=cells,
            summary=summary,
        )


def _locked_proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("window", "opd")
        .get(pk=proposal.pk)
    )


@transaction.atomic
def proposal_apply(*, proposal: Proposal, by, progress=None) -> dict:
    """Apply every OPD's changed cells in one transaction; approved plans are left as they are.

    `progress(done, total, message)`, when given, hears when the cells are being written.

    Returns {"changed": n, "opds": k, "skipped": [names of OPDs whose plan is approved],
    "returned": [names of OPDs whose submitted plan went back to draft]}.
    """
    proposal = _locked_proposal(proposal)
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
    skipped = [opds[pk].name for pk, plan in plans.items() if plan.is_locked]
    values = {
        opds[pk]: {(e, d): Value(mode, place) for e, d, mode, place in proposal.cells[str(pk)]}
        for pk, plan in plans.items()
        if not plan.is_locked and proposal.cells[str(pk)]
    }
    if progress is not None:
        progress(0, 1, f"Menerapkan usulan ke {len(values)} OPD")
    # Every OPD's cells through the one write path at once: read, checked and written in a fixed
    # number of queries (one OPD at a time, a city of 100,000 took over a minute: issue #31).
    results = {}
    if values:
        results = cells_write_opds(
            window=window, values=values, by=by, expected_versions=None, skip_pinned=True
        )
    changed, returned, undo = 0, [], {}
    for pk, result in results.items():
        changed += result.changed
        undo[str(pk)] = result.undo
        if result.returned_to_draft:
            returned.append(opds[pk].name)
        if result.changed:
            notices.proposal_applied(plans[pk], by, result.changed)
    report = {
        "changed": changed,
        "opds": len(plans) - len(skipped),
        "skipped": skipped,
        "returned": returned,
    }
    proposal.applied_at = timezone.now()
    proposal.applied_by = by
    proposal.applied_report = report
    proposal.undo = undo
    proposal.save(update_fields=["applied_at", "applied_by", "applied_report", "undo"])
    return report


@transaction.atomic
def proposal_undo(*, proposal: Proposal, by) -> dict:
    """Put back every cell an applied proposal changed, in one transaction, or nothing at all.

    Refused with the reason when a later edit touched one of its cells or a plan it changed has
    been approved since. Returns {"changed": n, "returned": [OPDs whose plan went to draft]}.
    """
    proposal = _locked_proposal(proposal)
    if not proposal.applied_at:
        raise ValidationError("Usulan ini belum diterapkan; tidak ada yang dibatalkan.")
    if proposal.undone_at:
        raise ValidationError("Usulan ini sudah dibatalkan.")
    window = proposal.window
    opds = {o.pk: o for o in Opd.objects.filter(pk__in=[int(k) for k in proposal.undo])}
    plans = {pk: locked_plan(opd=opd, window=window) for pk, opd in sorted(opds.items())}
    approved = [opds[pk].name for pk, plan in plans.items() if plan.is_locked]
    if approved:
        raise PermissionDenied(
            "Usulan tidak dapat dibatalkan: rencana berikut sudah disetujui sejak usulan "
            f"diterapkan: {', '.join(approved)}. BKPSDM dapat membukanya kembali lebih dulu."
        )
    entries = [entry for pk in plans for entry in proposal.undo[str(pk)]]
    later = cells_changed_since(entries)
    if later:
        listed = "; ".join(later[:STALE_LISTED])
        more = f" dan {len(later) - STALE_LISTED} sel lainnya" if len(later) > STALE_LISTED else ""
        raise ValidationError(
            f"Usulan tidak dapat dibatalkan: {len(later)} sel sudah diubah lagi setelah usulan "
            f"diterapkan ({listed}{more}). Tidak ada yang diubah; ubah sel itu di grid bila perlu."
        )
    values = {
        opds[pk]: {(e, d): Value(mode, place) for e, d, mode, place, _ in proposal.undo[str(pk)]}
        for pk in plans
        if proposal.undo[str(pk)]
    }
    results = {}
    if values:
        results = cells_write_opds(
            window=window,
            values=values,
            by=by,
            expected_versions={(e, d): version for e, d, _, _, version in entries},
        )
    changed = sum(result.changed for result in results.values())
    returned = [opds[pk].name for pk, result in results.items() if result.returned_to_draft]
    proposal.undone_at = timezone.now()
    proposal.undone_by = by
    proposal.save(update_fields=["undone_at", "undone_by"])
    return {"changed": changed, "returned": returned}
