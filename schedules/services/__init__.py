"""Writes of the schedules app: plain keyword-only functions, each one transaction.

Views and management commands call these; they never repeat them.
"""

from schedules.services.assignments import (
    StaleEdit,
    assignments_copy_day,
    assignments_set,
)
from schedules.services.pins import assignments_pin
from schedules.services.planner import (
    assignments_apply_proposal,
    proposal_apply,
    proposal_create,
)
from schedules.services.plans import (
    plan_approve,
    plan_for,
    plan_reopen,
    plan_return,
    plan_submit,
)
from schedules.services.preferences import preference_clear, preference_set
from schedules.services.windows import window_day_add

__all__ = [
    "StaleEdit",
    "assignments_apply_proposal",
    "assignments_copy_day",
    "assignments_pin",
    "assignments_set",
    "plan_approve",
    "plan_for",
    "plan_reopen",
    "plan_return",
    "plan_submit",
    "preference_clear",
    "preference_set",
    "proposal_apply",
    "proposal_create",
    "window_day_add",
]
