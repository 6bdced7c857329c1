"""Bulk actions that say what they will do, and undo of the last one.

A bulk action runs inside a savepoint and the one coverage engine compares the units it touches
before and after: when it would leave a rule short (newly, or shorter than it was), it is rolled
back and returned as a preview naming those rules, with a token; sent again with that token, the
same action is saved and reports the same list. An action that leaves no rule short is saved at
once. Either way the preview and the save are the same code on the same data, so they cannot
disagree. The saved action is kept per plan (BulkChange) so that it can be undone while nothing
later touched its cells.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opd.models import Opd
from schedules import coverage
from schedules.models import BulkChange, CoverageRule, FlexWindow, WindowDay
from schedules.services.cells import Value, WriteResult, cells_changed_since, cells_write
from schedules.services.plans import locked_plan

LATER_LISTED = 5
SHORT_LISTED = 50


@dataclass
class BulkOutcome:
    """A bulk action's result: saved, or only previewed because it would leave rules short."""

    saved: bool
    result: WriteResult
    short: list[str] = field(default_factory=list)  # the rules it leaves (would leave) short
    token: str = ""  # sent back to confirm exactly this preview

    def message(self) -> str:
        if not self.saved:
            return f"Pratinjau, belum disimpan: {self.result.message(future=True)}"
        return self.result.message()


def _checks(window: FlexWindow, rules, unit_ids, days: list[WindowDay], opd: Opd) -> dict:
    """Every rule on every unit in scope and day, by (unit, day, rule): the one engine."""
    scope = {"opd": opd} if unit_ids is None else {"unit_ids": unit_ids}
    tallies = coverage.tally(rules, days, **scope)
    result = coverage.compute(window, opd=opd, unit_ids=unit_ids, days=days, tallies=tallies)
    return {(c.unit.pk, c.day.pk, c.rule.pk): c for c in result.checks}


def _left_short(before: dict, after: dict) -> list[str]:
    """The checks short after the action that were met, or less short, before it."""
    short = [
        check
        for key, check in after.items()
        if check.shortfall > (before[key].shortfall if key in before else 0)
    ]
    short.sort(key=lambda c: (c.unit.name, c.day.date, c.rule.name))
    return [c.describe() for c in short]


def _token(signature: str, short: list[str]) -> str:
    """Ties a confirmation to the action and the shortfalls it was shown: if either changed
    since, the action is previewed again instead of saved."""
    text = signature + "\n" + "\n".join(short)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@transaction.atomic
def bulk_run(
    *,
    opd: Opd,
    window: FlexWindow,
    by,
    summary: str,
    signature: str,
    confirm: str,
    unit_ids: Iterable[int] | None,
    day_ids: Iterable[int],
    write: Callable[[], WriteResult],
) -> BulkOutcome:
    """Run `write` (a bulk action through the one write path) and keep it, unless it leaves a
    rule short and `confirm` is not the token of that preview: then nothing is kept.

    `unit_ids` are the units whose staff the action may change (None: the whole OPD), `day_ids`
    its days: coverage is compared there. `summary` says what the action did, for its undo.
    """
    plan = locked_plan(opd=opd, window=window)  # held across both coverage counts and the write
    days = list(WindowDay.objects.filter(window=window, pk__in=list(day_ids)).order_by("date"))
    unit_ids = None if unit_ids is None else sorted(set(unit_ids))
    rules = list(CoverageRule.objects.active_for(window).order_by("pk"))
    before = _checks(window, rules, unit_ids, days, opd)
    savepoint = transaction.savepoint()
    result = write()
    after = _checks(window, rules, unit_ids, days, opd) if result.changed else before
    short = _left_short(before, after)
    token = _token(signature, short)
    if short and confirm != token:
        transaction.savepoint_rollback(savepoint)
        return BulkOutcome(saved=False, result=result, short=short, token=token)
    transaction.savepoint_commit(savepoint)
    if result.changed:
        BulkChange.objects.update_or_create(
            plan=plan,
            defaults={
                "summary": summary[:300],
                "changed": result.changed,
                "made_by": by,
                "made_at": timezone.now(),
                "cells": result.undo,
                "undone_at": None,
                "undone_by": None,
            },
        )
    return BulkOutcome(saved=True, result=result, short=short, token=token)


@transaction.atomic
def bulk_undo(*, opd: Opd, window: FlexWindow, by) -> WriteResult:
    """Put back every cell the plan's last bulk action changed, or nothing at all: refused with
    the reason when a later edit touched one of its cells or the plan has been approved since."""
    plan = locked_plan(opd=opd, window=window)
    change = BulkChange.objects.select_for_update().filter(plan=plan).first()
    if change is None or not change.can_undo:
        raise ValidationError("Tidak ada tindakan massal yang dapat dibatalkan pada rencana ini.")
    if plan.is_locked:
        raise PermissionDenied(
            f"Tindakan massal terakhir ({change.summary}) tidak dapat dibatalkan: rencananya "
            "sudah disetujui sejak itu. BKPSDM dapat membukanya kembali lebih dulu."
        )
    later = cells_changed_since(change.cells)
    if later:
        listed = "; ".join(later[:LATER_LISTED])
        more = f" dan {len(later) - LATER_LISTED} sel lainnya" if len(later) > LATER_LISTED else ""
        raise ValidationError(
            f"Tindakan massal terakhir ({change.summary}) tidak dapat dibatalkan: {len(later)} "
            f"selnya sudah diubah lagi sesudahnya ({listed}{more}). Tidak ada yang diubah; ubah "
            "sel itu di grid bila perlu."
        )
    result = cells_write(
        opd=opd,
        window=window,
        values={(e, d): Value(mode, place) for e, d, mode, place, _ in change.cells},
        by=by,
        expected_versions={(e, d): version for e, d, _, _, version in change.cells},
    )
    change.undone_at, change.undone_by = timezone.now(), by
    change.save(update_fields=["undone_at", "undone_by"])
    return result
