"""Permissions of the absences app. Which absences a user reaches is the scope
`Absence.objects.visible_to` (built on opd.access.employees_visible_to); the OPD is checked per
object for decisions (the object is the Opd)."""

import rules

from opd.access import (
    has_own_employee_record,
    is_bkpsdm,
    is_city_wide,
    is_head,
    is_head_account,
    is_head_of,
)

# Any account with a staff record asks for its own leave, travel or training.
rules.add_perm("absences.request_own", has_own_employee_record)
# Lists of absences: BKPSDM and the mayor's office for the city, a head for their OPD.
rules.add_perm("absences.view_list", is_city_wide | is_head)
# Approve or reject (object: the Opd of the employee). Acting officials extend this predicate.
rules.add_perm("absences.decide", is_head_of)
rules.add_perm("absences.decide_any", is_head)
# Record absences decided elsewhere, one by one or from a file.
rules.add_perm("absences.record", is_bkpsdm)
# The acting officials' page (absences/acting_pages.py): BKPSDM names a Plh/Plt for any OPD or
# unit; the head's own account a Plh of their own OPD (never a Plh, for another Plh).
rules.add_perm("absences.manage_acting", is_bkpsdm | is_head_account)
