"""Writes of the evaluation pack: save the draft, submit, sign off, consolidate.

Each step locks the record, checks its status and refuses with a message in Indonesian
(`EvaluationRefused`), changing nothing. Who may act on which unit is the view's job (rules.py).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from evaluations.models import Evaluation, Status
from opd.access import capacity, unit_capacity

FILLED_FIELDS = (
    "network_ready",
    "devices_ready",
    "applications_ready",
    "readiness_notes",
    "narrative",
)


class EvaluationRefused(ValidationError):
    pass


def _locked(*, window, unit) -> Evaluation:
    evaluation, _ = Evaluation.objects.select_for_update().get_or_create(window=window, unit=unit)
    return evaluation


def _require(evaluation: Evaluation, status: str, message: str) -> None:
    if evaluation.status != status:
        raise EvaluationRefused(f"{message} Status sekarang: {evaluation.get_status_display()}.")


@transaction.atomic
def evaluation_save(*, window, unit, user, data: dict) -> Evaluation:
    """Save the unit's checklist and narrative (a draft only)."""
    evaluation = _locked(window=window, unit=unit)
    _require(evaluation, Status.DRAFT, "Evaluasi yang sudah dikirim tidak dapat diubah.")
    for field in FILLED_FIELDS:
        setattr(evaluation, field, data[field])
    evaluation.updated_by = user
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_submit(*, window, unit, user) -> Evaluation:
    """The unit sends its evaluation to the OPD head; the narrative is required."""
    evaluation = _locked(window=window, unit=unit)
    _require(evaluation, Status.DRAFT, "Hanya evaluasi berstatus draf yang dapat dikirim.")
    if not evaluation.narrative.strip():
        raise EvaluationRefused("Uraian evaluasi wajib diisi dan disimpan sebelum dikirim.")
    evaluation.status = Status.SUBMITTED
    evaluation.submitted_by, evaluation.submitted_at = user, timezone.now()
    evaluation.submitted_as = unit_capacity(user, unit)  # a Plh/Plt signs as such
    evaluation.updated_by = user
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_sign_off(*, window, unit, user) -> Evaluation:
    evaluation = _locked(window=window, unit=unit)
    _require(evaluation, Status.SUBMITTED, "Hanya evaluasi yang sudah dikirim dapat disetujui.")
    evaluation.status = Status.SIGNED_OFF
    evaluation.signed_off_by, evaluation.signed_off_at = user, timezone.now()
    evaluation.signed_off_as = capacity(user, unit.opd_id)
    evaluation.updated_by = user
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_consolidate(*, window, unit, user) -> Evaluation:
    evaluation = _locked(window=window, unit=unit)
    _require(
        evaluation,
        Status.SIGNED_OFF,
        "Hanya evaluasi yang sudah disetujui Kepala OPD dapat dikonsolidasi.",
    )
    evaluation.status = Status.CONSOLIDATED
    evaluation.consolidated_by, evaluation.consolidated_at = user, timezone.now()
    evaluation.updated_by = user
    evaluation.save()
    return evaluation
