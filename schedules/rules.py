"""Permissions of the schedules app declared here (the older ones live in opd/access.py)."""

import rules

from opd.access import has_own_employee_record, is_bkpsdm, is_head, is_head_of

# The personal calendar feed: any account with a staff record creates, renews or revokes its own.
rules.add_perm("schedules.manage_own_calendar", has_own_employee_record)

# Flexible-work policies are city-wide rules: BKPSDM alone. An exception to the weekly cap of
# WFH/WFA days: the head of the employee's OPD for their own staff, BKPSDM for anyone (the object
# is the employee's Opd); which employees a head reaches is decided by the scopes in opd/access.py.
rules.add_perm("schedules.manage_policies", is_bkpsdm)
rules.add_perm("schedules.view_cap_exceptions", is_bkpsdm | is_head)
rules.add_perm("schedules.grant_cap_exception", is_bkpsdm | is_head_of)
