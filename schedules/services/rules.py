"""Saving a coverage rule: plans that depend on it are locked, and re-checked after the change."""

import copy

from django.db import transaction

from schedules.models import CoverageRule
from schedules.services import guard
from schedules.services.guard import SentBack


def _scope(rule: CoverageRule) -> tuple[set[int], set[int] | None]:
    """The OPDs and windows whose plans the rule (as stored and as it will be) can affect."""
    versions = [rule]
    if rule.pk:
        before = CoverageRule.objects.filter(pk=rule.pk).first()
        if before is not None:
            versions.append(before)
    opd_ids: set[int] = set()
    window_ids: set[int] | None = set()
    for version in versions:
        opd_ids |= set(version.target_units().values_list("opd_id", flat=True))
        if version.window_id is None:
            window_ids = None
        elif window_ids is not None:
            window_ids.add(version.window_id)
    return opd_ids, window_ids


def _cause(rule: CoverageRule) -> str:
    if not rule.pk:
        return f"Aturan layanan esensial '{rule.name}' ditambahkan"
    return f"Aturan layanan esensial '{rule.name}' diubah"


@transaction.atomic
def rule_save(*, rule: CoverageRule, by) -> list[SentBack]:
    """Save the rule; promised plans it leaves short go to review. Returns those plans."""
    opd_ids, window_ids = _scope(rule)
    plans = guard.plans_lock(opd_ids=opd_ids, window_ids=window_ids)
    cause = _cause(rule)
    rule.full_clean()
    rule.save()
    return guard.plans_recheck(plans=plans, by=by, cause=cause)


def rule_save_preview(*, rule: CoverageRule) -> list[SentBack]:
    """Which promised plans saving the rule would send back for review (nothing is saved)."""
    opd_ids, window_ids = _scope(rule)
    trial = copy.copy(rule)  # the savepoint gives a new rule an id that must not stick
    return guard.preview(opd_ids=opd_ids, window_ids=window_ids, apply=trial.save)
