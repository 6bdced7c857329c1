"""Permissions of the attendance app: check-ins, daily reports, the monitor, public feedback.

Checking in and filing a report need an own staff record only (see attendance.services); which
OPD's records a head reaches is decided by the scopes in opd/access.py, so these are role-level.
"""

import rules

from opd.access import is_bkpsdm, is_city_wide, is_head

# Review daily reports (accept / return): BKPSDM, and heads for their own OPD.
rules.add_perm("attendance.review_reports", is_bkpsdm | is_head)
# The live monitor and the weekly summary: read only, so the mayor's office too.
rules.add_perm("attendance.view_monitor", is_city_wide | is_head)
# Citizens' feedback on services: city-wide roles all, heads their own units.
rules.add_perm("attendance.view_feedback", is_city_wide | is_head)
# A citizen's contact is promised to the service's own staff: BKPSDM and the head of the
# service's OPD (heads reach only their own units through the scopes), not the mayor's office.
rules.add_perm("attendance.view_feedback_contact", is_bkpsdm | is_head)

# Print the QR cards posted at service points: BKPSDM for the city, a head for their own OPD
# (the scope of the list decides which units a head gets).
rules.add_perm("attendance.print_qr_cards", is_bkpsdm | is_head)
