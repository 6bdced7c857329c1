"""Writes of the schedules app: plain keyword-only functions, each one transaction.

Views and management commands call these; they never repeat them. Every change of a plan cell
goes through schedules/services/cells.py.
"""

from schedules.services.assignments import assignments_copy_day, assignments_set
from schedules.services.cells import StaleEdit, Value, WriteResult, cells_pin, cells_write
from schedules.services.guard import SentBack, plans_recheck
from schedules.services.plans import (
    plan_approve,
    plan_for,
    plan_reopen,
    plan_return,
    plan_submit,
)
from schedules.services.preferences import preference_clear, preference_set
from schedules.services.rules import rule_save, rule_save_preview
from schedules.services.windows import window_day_add, window_day_change

__all__ = [
    "SentBack",
    "StaleEdit",
    "Value",
    "WriteResult",
    "assignments_apply_proposal",
    "assignments_copy_day",
    "assignments_set",
    "cells_pin",
    "cells_write",
    "plan_approve",
    "plan_for",
    "plan_reopen",
    "plan_return",
    "plan_submit",
    "plans_recheck",
    "preference_clear",
    "preference_set",
    "proposal_apply",
    "proposal_create",
    "proposal_undo",
    "rule_save",
    "rule_save_preview",
    "window_day_add",
    "window_day_change",
]

# The planner's services load its solver (OR-Tools and pandas, about 60 MB) when first used, not
# with the app: every process imports this package at start-up (schedules' AppConfig.ready), and
# the task worker and the exports never plan.
_PLANNER = {"assignments_apply_proposal", "proposal_apply", "proposal_create", "proposal_undo"}


def __getattr__(name):
    if name in _PLANNER:
        from schedules.services import planner

        return getattr(planner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
