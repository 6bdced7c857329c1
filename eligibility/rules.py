"""Permissions of the eligibility app. Which restrictions a user reaches is the scope
`Restriction.objects.visible_to` (opd.access.employees_visible_to): another OPD's is a 404."""

import rules

from opd.access import is_bkpsdm, is_city_wide, is_head

# The list: BKPSDM and the mayor's office for the city, a head (or Plh/Plt) for their OPD.
rules.add_perm("eligibility.view_list", is_city_wide | is_head)
# Record a restriction or end one (a sanction's SK, an appointment, a transfer, a promotion).
rules.add_perm("eligibility.record", is_bkpsdm)
