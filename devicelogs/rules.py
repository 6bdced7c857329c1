"""Permissions of device logs. Which OPD's reconciliation a head reaches is the scope of
opd/access.py (`opds_visible_to`); an explanation is checked against the employee's OPD."""

import rules

from opd.access import is_bkpsdm, is_city_wide, is_head, is_head_of

# Upload a machine's log file, register machines, post punches through the API: BKPSDM.
rules.add_perm("devicelogs.import_logs", is_bkpsdm)
# The daily reconciliation: BKPSDM and the mayor's office for the city, a head for their OPD.
rules.add_perm("devicelogs.view_reconciliation", is_city_wide | is_head)
# Mark a line explained (object: the employee's Opd): the head, or the acting head.
rules.add_perm("devicelogs.explain", is_head_of)
rules.add_perm("devicelogs.explain_any", is_head)
