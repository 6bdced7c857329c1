"""Permissions of the schedules app: the grid, plans and their workflow, the planner,
preferences, policies and their exceptions, the personal calendar.

Which OPD a head reaches is decided by the scopes in opd/access.py; the plan's state is checked
per object (the object is the Plan).
"""

import rules

from opd.access import has_own_employee_record, is_bkpsdm, is_city_wide, is_head, is_head_of
from schedules.models import PlanStatus


def _plan_status_is(*statuses):
    @rules.predicate(name=f"plan_status_in_{'_'.join(statuses)}")
    def predicate(user, plan):
        return plan is not None and plan.status in statuses

    return predicate


plan_open = _plan_status_is(
    PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.SUBMITTED, PlanStatus.REVIEW
)
plan_submitted = _plan_status_is(PlanStatus.SUBMITTED)
plan_approved = _plan_status_is(PlanStatus.APPROVED)

rules.add_perm("schedules.view_grid", is_city_wide | is_head)
# Roles that ever change assignments or decide plans; the state of the plan is checked per object.
rules.add_perm("schedules.change_assignments", is_bkpsdm | is_head)
rules.add_perm("schedules.decide_plans", is_head)
rules.add_perm("schedules.view_plan", is_city_wide | is_head_of)
# BKPSDM edits until approval; the head adjusts their own plan only while it awaits their decision.
rules.add_perm("schedules.edit_plan", (is_bkpsdm & plan_open) | (is_head_of & plan_submitted))
rules.add_perm(
    "schedules.submit_plan",
    is_bkpsdm & _plan_status_is(PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.REVIEW),
)
rules.add_perm("schedules.decide_plan", is_head_of & plan_submitted)
rules.add_perm("schedules.reopen_plan", is_bkpsdm & plan_approved)
# Seeing the history of a plan or of one employee's assignments.
rules.add_perm("schedules.view_history", is_bkpsdm | is_head)
# Where a WFA employee works ("rumah orang tua, Lubuklinggau"): BKPSDM and the employee's own
# head, who answer for them; the mayor's office reads modes and counts only (UU 27/2022).
rules.add_perm("schedules.view_wfa_places", is_bkpsdm | is_head)

# The auto-planner (schedules/planner): BKPSDM asks for proposals, applies and undoes them.
rules.add_perm("schedules.propose_plan", is_bkpsdm)
# Employees' preferences: an employee sets their own (needs a staff record); BKPSDM and the
# heads read them, a head for their own OPD only (object: an Opd). Not the mayor's office:
# a preference may carry a personal reason.
rules.add_perm("schedules.set_own_preference", has_own_employee_record)
rules.add_perm("schedules.view_preferences", is_bkpsdm | is_head)
rules.add_perm("schedules.view_opd_preferences", is_bkpsdm | is_head_of)

# The personal calendar feed: any account with a staff record creates, renews or revokes its own.
rules.add_perm("schedules.manage_own_calendar", has_own_employee_record)

# Flexible-work policies are city-wide rules: BKPSDM alone. An exception to the weekly cap of
# WFH/WFA days: the head of the employee's OPD for their own staff, BKPSDM for anyone (the object
# is the employee's Opd); which employees a head reaches is decided by the scopes in opd/access.py.
rules.add_perm("schedules.manage_policies", is_bkpsdm)
rules.add_perm("schedules.view_cap_exceptions", is_bkpsdm | is_head)
rules.add_perm("schedules.grant_cap_exception", is_bkpsdm | is_head_of)
